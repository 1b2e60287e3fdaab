import Foundation
import Kernels
import ModelGraph
import Profiling
import Records

/// The real model a load test serves: one `CPUModel` with a workspace per batch size from 1 to
/// the max batch, each loaded with seeded inputs before the test, so serving a batch only runs
/// the forward pass (nothing is allocated or copied on the request path).
///
/// It is also a profiling `Backend`, so the offline prediction's quick paced profile measures
/// exactly the passes the load test runs.
public final class LoadTestModel: BatchExecutor, Backend, @unchecked Sendable {
  /// The compiled model.
  public let model: CPUModel
  /// This CPU, for measurement rows.
  public let device: DeviceDescription
  /// Kernel threads of a pass (the calling thread counts as one).
  public var threads: Int { model.threads }
  /// Always fp32 on the CPU.
  public var precision: Precision { .fp32 }
  /// Tokens per sequence for encoders (0 for MLPs).
  public let sequenceLength: Int
  private var workspaces: [CPUWorkspace] = []

  /// Compiles `graph` and prepares workspaces for batches of 1…`maxBatchSize`.
  /// - Throws: `ForwardPassError` from the kernels (a bad graph, too little memory).
  public init(
    graph: Graph, instructionSet: InstructionSet, threads: Int, maxBatchSize: Int, sequenceLength: Int? = nil,
    cpuName: String
  ) throws {
    model = try CPUModel(graph: graph, instructionSet: instructionSet, threads: threads)
    if case let .encoder(_, _, maxPositions) = graph.kind {
      self.sequenceLength = PlanningDefaults.sequenceLength(requested: sequenceLength, maxPositions: maxPositions)
    } else {
      self.sequenceLength = 0
    }
    device = DeviceDescription(
      kind: .cpu, name: cpuName, instructionSet: instructionSet.rawValue,
      memoryBytes: Int(clamping: ProcessInfo.processInfo.physicalMemory))
    for batchSize in 1...max(1, maxBatchSize) {
      workspaces.append(try makeLoadedWorkspace(batchSize: batchSize))
    }
  }

  /// Runs one pass over a batch of `batchSize` (1…max batch).
  public func run(batchSize: Int) throws {
    try model.run(workspaces[min(max(batchSize, 1), workspaces.count) - 1])
  }

  /// The prepared pass of `batchSize` (the load test's own workspace when it has one).
  public func prepare(batchSize: Int, sequenceLength: Int) throws -> any PreparedPass {
    if batchSize >= 1, batchSize <= workspaces.count {
      return LoadTestPass(model: model, workspace: workspaces[batchSize - 1])
    }
    return LoadTestPass(model: model, workspace: try makeLoadedWorkspace(batchSize: batchSize))
  }

  /// Weights plus an estimate of a workspace for `batchSize` (scaled from the largest held).
  public func memoryNeeded(batchSize: Int, sequenceLength: Int) -> Int {
    model.weightBytes + (workspaces.last?.bytes ?? 0) * max(1, batchSize) / max(1, workspaces.count)
  }

  /// A workspace for `batchSize` holding seeded inputs (features in [−1, 1), or random token ids).
  private func makeLoadedWorkspace(batchSize: Int) throws -> CPUWorkspace {
    let workspace = try model.makeWorkspace(batchSize: batchSize, sequenceLength: max(sequenceLength, 1))
    var generator = SplitMix64(seed: 0x5EED &+ UInt64(batchSize))
    switch model.graph.kind {
    case let .mlp(inputFeatures):
      let scalars = (0..<(batchSize * inputFeatures)).map { _ in Float(generator.nextUnitDouble() * 2 - 1) }
      try model.load(.features(Tensor(shape: [batchSize, inputFeatures], scalars: scalars)), into: workspace)
    case let .encoder(vocabularySize, _, _):
      let ids = (0..<(batchSize * sequenceLength)).map { _ in Int32(generator.next() % UInt64(max(vocabularySize, 1))) }
      try model.load(.tokens(TokenBatch(batchSize: batchSize, sequenceLength: sequenceLength, ids: ids)), into: workspace)
    }
    return workspace
  }
}

/// One prepared shape of a `LoadTestModel`, for the profiler.
final class LoadTestPass: PreparedPass {
  let model: CPUModel
  let workspace: CPUWorkspace

  init(model: CPUModel, workspace: CPUWorkspace) {
    self.model = model
    self.workspace = workspace
  }

  func run() throws { try model.run(workspace) }
  var lastDeviceSeconds: Double? { nil }
  var peakMemoryBytes: Int { model.weightBytes + workspace.bytes }
}
