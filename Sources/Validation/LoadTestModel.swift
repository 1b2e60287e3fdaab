import Kernels
import ModelGraph
import Profiling
import Records

/// The real model a load test serves: the profiler's `CPUBackend`, with a prepared pass (a
/// workspace loaded with seeded inputs) per batch size from 1 to the max batch, made before the
/// test, so serving a batch only runs the forward pass (nothing is allocated or copied on the
/// request path).
///
/// It is also a profiling `Backend`, so the offline prediction's quick paced profile measures
/// exactly the passes the load test runs.
public final class LoadTestModel: BatchExecutor, Backend, @unchecked Sendable {
  /// The CPU backend the passes run on.
  public let backend: CPUBackend
  /// Tokens per sequence for encoders (0 for MLPs).
  public let sequenceLength: Int
  private var passes: [any PreparedPass] = []

  /// This CPU, for measurement rows.
  public var device: DeviceDescription { backend.device }
  /// Kernel threads of a pass (the calling thread counts as one).
  public var threads: Int { backend.threads }
  /// Always fp32 on the CPU.
  public var precision: Precision { backend.precision }

  /// Compiles `graph` and prepares passes for batches of 1…`maxBatchSize`.
  /// - Parameter sequenceLength: Tokens per sequence for encoders; nil takes
  ///   `PlanningDefaults.sequenceLength` (capped by the model's maximum).
  /// - Throws: `ForwardPassError` from the kernels (a bad graph, too little memory).
  public init(
    graph: Graph, instructionSet: InstructionSet, threads: Int, maxBatchSize: Int, sequenceLength: Int? = nil,
    cpu: CPUInfo
  ) throws {
    backend = try CPUBackend(graph: graph, instructionSet: instructionSet, threads: threads, cpu: cpu)
    if case let .encoder(_, _, maxPositions) = graph.kind {
      self.sequenceLength = PlanningDefaults.sequenceLength(requested: sequenceLength, maxPositions: maxPositions)
    } else {
      self.sequenceLength = 0
    }
    for batchSize in 1...max(1, maxBatchSize) {
      passes.append(try backend.prepare(batchSize: batchSize, sequenceLength: self.sequenceLength))
    }
  }

  /// Runs one pass over a batch of `batchSize` (1…max batch).
  public func run(batchSize: Int) throws {
    try passes[min(max(batchSize, 1), passes.count) - 1].run()
  }

  /// The prepared pass of `batchSize` (the load test's own when it has one).
  public func prepare(batchSize: Int, sequenceLength: Int) throws -> any PreparedPass {
    if batchSize >= 1, batchSize <= passes.count, sequenceLength == self.sequenceLength {
      return passes[batchSize - 1]
    }
    return try backend.prepare(batchSize: batchSize, sequenceLength: sequenceLength)
  }

  /// Weights plus the activations of a pass at this shape (`CPUBackend.memoryNeeded`).
  public func memoryNeeded(batchSize: Int, sequenceLength: Int) -> Int {
    backend.memoryNeeded(batchSize: batchSize, sequenceLength: sequenceLength)
  }
}
