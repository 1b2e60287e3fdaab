import Kernels
import ModelGraph
import Records

/// Runs a model's forward passes on this CPU through `Kernels.CPUModel`.
///
/// The weights are packed once, when the backend is created; `prepare` then builds one
/// workspace per shape and loads seeded random inputs into it (neither is timed).
public final class CPUBackend: Backend {
  public let model: CPUModel
  public let device: DeviceDescription
  public var threads: Int { model.threads }
  public var precision: Precision { .fp32 }
  /// Seed of the inputs `prepare` generates (equal seeds give equal inputs).
  public let inputSeed: UInt64

  /// Compiles `graph` for `instructionSet` with a pool of `threads` threads.
  ///
  /// - Parameters:
  ///   - cpu: names the device and bounds the sweep: `memoryAvailableBytes` (MemAvailable;
  ///     MemTotal when unknown) is the memory a batch size may need.
  /// - Throws: `ForwardPassError` when the graph can't be compiled.
  public init(graph: Graph, instructionSet: InstructionSet, threads: Int, cpu: CPUInfo, inputSeed: UInt64 = 42) throws {
    model = try CPUModel(graph: graph, instructionSet: instructionSet, threads: threads)
    let memory = cpu.memoryAvailableBytes > 0 ? cpu.memoryAvailableBytes : cpu.memoryTotalBytes
    device = DeviceDescription(
      kind: .cpu, name: cpu.modelName, instructionSet: instructionSet.rawValue,
      memoryBytes: memory > 0 ? memory : Int.max)
    self.inputSeed = inputSeed
  }

  /// Allocates the workspace for this shape and loads seeded inputs: uniform features in
  /// [−1, 1) for an MLP; for an encoder, token ids uniform over the vocabulary, all positions
  /// attended (mask 1), token type 0.
  public func prepare(batchSize: Int, sequenceLength: Int) throws -> any PreparedPass {
    let workspace = try model.makeWorkspace(batchSize: batchSize, sequenceLength: max(1, sequenceLength))
    try model.load(makeInput(batchSize: batchSize, sequenceLength: workspace.sequenceLength), into: workspace)
    return CPUPreparedPass(model: model, workspace: workspace, peakMemoryBytes: model.weightBytes + workspace.bytes)
  }

  /// Weights (as held, packed) + the graph's peak live activations + one attention score row
  /// per thread: what `prepare` would allocate, computed without allocating.
  public func memoryNeeded(batchSize: Int, sequenceLength: Int) -> Int {
    let length = max(1, sequenceLength)
    let activations = model.graph.activationBytes(batchSize: batchSize, sequenceLength: length)
    let scores = threads.multipliedReportingOverflow(by: length * MemoryLayout<Float>.stride)
    let (total, overflow) = model.weightBytes.addingReportingOverflow(activations)
    guard !overflow, !scores.overflow else { return Int.max }
    return total.addingReportingOverflow(scores.partialValue).overflow ? Int.max : total + scores.partialValue
  }

  func makeInput(batchSize: Int, sequenceLength: Int) -> ModelInput {
    var generator = SplitMix64(seed: inputSeed)
    switch model.graph.kind {
    case .mlp(let features):
      let scalars = (0..<(batchSize * features)).map { _ in generator.nextSignedUnitFloat() }
      return .features(Tensor(shape: [batchSize, features], scalars: scalars))
    case .encoder(let vocabularySize, _, _):
      let vocabulary = UInt64(max(1, vocabularySize))
      let ids = (0..<(batchSize * sequenceLength)).map { _ in Int32(truncatingIfNeeded: generator.next() % vocabulary) }
      return .tokens(TokenBatch(batchSize: batchSize, sequenceLength: sequenceLength, ids: ids))
    }
  }
}

/// One shape of a `CPUBackend`, ready to run.
final class CPUPreparedPass: PreparedPass {
  let model: CPUModel
  let workspace: CPUWorkspace
  let peakMemoryBytes: Int

  init(model: CPUModel, workspace: CPUWorkspace, peakMemoryBytes: Int) {
    self.model = model
    self.workspace = workspace
    self.peakMemoryBytes = peakMemoryBytes
  }

  /// One forward pass; the CPU is done when `run` returns.
  func run() throws { try model.run(workspace) }

  var lastDeviceSeconds: Double? { nil }
}
