import CKernels
import Foundation
import ModelGraph

/// A graph compiled for fast fp32 forward passes on this CPU.
///
/// `init` checks the graph, packs every dense weight once for the chosen instruction set
/// (`ip_sgemm_pack_w`), fuses each dense with an activation that only it feeds (the GEMM
/// epilogue applies it), plans shared activation buffers, and starts one persistent thread
/// pool used by GEMM and every other op. Then, per shape:
///
/// ```swift
/// let model = try CPUModel(graph: graph, instructionSet: .detect(), threads: 2)
/// let workspace = try model.makeWorkspace(batchSize: 8, sequenceLength: 128)
/// try model.load(input, into: workspace)   // copy and check inputs (not timed)
/// try model.run(workspace)                 // the forward pass: allocates nothing
/// let output = model.output(of: workspace)
/// ```
///
/// Results are deterministic for a given thread count. `run` calls on one model are
/// serialised (the pool runs one job at a time); use one model per concurrent replica.
public final class CPUModel: @unchecked Sendable {
  /// The graph this model runs.
  public let graph: Graph
  /// The level the GEMM kernels run at.
  public let instructionSet: InstructionSet
  /// Threads of the pool (the caller counts as one).
  public let threads: Int
  /// Bytes of weights held: packed dense weights plus biases, layer-norm and embedding tables.
  public let weightBytes: Int

  let analysis: GraphAnalysis
  let plan: ExecutionPlan
  let pool: WorkerPool
  /// Copies of the plain weights, indexed like `plan.weights`.
  let plainWeights: [UnsafeMutablePointer<Float>]
  /// Packed dense weights, indexed like `plan.packedWeights`.
  let packedWeights: [UnsafeMutablePointer<Float>]
  /// Per step of `plan.steps`: the fraction of its dense weight a one-row pass reads through
  /// the caches (`WeightStreaming`); 1 for every step when the weights fit.
  let oneRowKeep: [Float]
  /// Convolution weights packed once for `ip_conv2d` (`ExecutionPlan.convolutions`).
  let convolutionWeights: [UnsafeMutablePointer<Float>]
  private let runLock = NSLock()

  /// Compiles `graph` for `instructionSet` with a pool of `threads` threads.
  /// - Parameter spinMicroseconds: How long an idle pool worker spins before it sleeps
  ///   (`PoolSpin`); nil for the process default (`INFER_PLAN_SPIN_US`, else `PoolSpin.defaultMicroseconds`).
  /// - Parameter kept: Values made by the graph's nodes to keep readable after a pass beside
  ///   its output (`output(named:of:)`), so one pass gives several of a model's outputs.
  /// - Throws: `GraphError` for a graph that does not check out (the shared `GraphAnalysis`);
  ///   `ForwardPassError` for a size the C kernels can't index (over 2^31 − 1) or a thread
  ///   count outside 1…1024;
  ///   `InstructionSetError.unsupported` for a level this CPU can't run.
  public init(
    graph: Graph, instructionSet: InstructionSet, threads: Int, spinMicroseconds: Int? = nil, keeping kept: [String] = []
  ) throws {
    let analysis = try GraphAnalysis(graph)
    for value in kept where !graph.nodes.contains(where: { $0.output == value }) || analysis.bufferShape(of: value) == nil {
      throw ForwardPassError.unsupported(detail: "'\(value)' is not a value the graph's nodes compute; it cannot be kept.")
    }
    let plan = ExecutionPlan(graph: graph, analysis: analysis, keeping: Set(kept))
    for entry in plan.packedWeights where entry.n > Int(Int32.max) || entry.k > Int(Int32.max) {
      throw ForwardPassError.unsupported(
        detail: "dense weight '\(entry.name)' is \(entry.n)×\(entry.k); the kernels take at most 2^31 − 1 per axis.")
    }
    if let (node, reason) = plan.unsupportedImage {
      throw ForwardPassError.unsupported(detail: "image op '\(node)': \(reason).")
    }
    guard InstructionSet.supported.contains(instructionSet) else {
      throw InstructionSetError.unsupported(requested: instructionSet, best: .detect())
    }
    self.pool = try WorkerPool(threads: threads, spinMicroseconds: spinMicroseconds)
    self.graph = graph
    self.instructionSet = instructionSet
    self.threads = threads
    self.analysis = analysis
    self.plan = plan
    var bytes = 0
    plainWeights = plan.weights.map { name in
      let scalars = plan.derivedWeights[name]?.scalars ?? graph.weights[name]?.scalars ?? []
      let copy = CPUWorkspace.allocate(Float.self, scalars.count)
      scalars.withUnsafeBufferPointer { if let base = $0.baseAddress { copy.update(from: base, count: $0.count) } }
      bytes += scalars.count * MemoryLayout<Float>.stride
      return copy
    }
    packedWeights = plan.packedWeights.map { entry in
      let floats = Int(ip_sgemm_packed_floats(instructionSet.cValue, Int32(entry.n), Int32(entry.k)))
      let packed = CPUWorkspace.allocate(Float.self, floats)
      graph.weights[entry.name]?.scalars.withUnsafeBufferPointer { w in
        ip_sgemm_pack_w(instructionSet.cValue, Int32(entry.n), Int32(entry.k), w.baseAddress, Int32(entry.k), packed)
      }
      bytes += floats * MemoryLayout<Float>.stride
      return packed
    }
    convolutionWeights = plan.convolutions.map { entry in
      var shape = entry.shape
      let floats = ip_conv2d_packed_floats(instructionSet.cValue, &shape)
      let packed = CPUWorkspace.allocate(Float.self, floats)
      let scalars = plan.derivedWeights[entry.weight]?.scalars ?? graph.weights[entry.weight]?.scalars ?? []
      scalars.withUnsafeBufferPointer { ip_conv2d_pack_weights(instructionSet.cValue, &shape, $0.baseAddress, packed) }
      bytes += floats * MemoryLayout<Float>.stride
      return packed
    }
    weightBytes = bytes
    var caches = ip_cache_info()
    ip_cpu_caches(&caches)
    let packedBytes = plan.packedWeights.map {
      Int(ip_sgemm_packed_floats(instructionSet.cValue, Int32($0.n), Int32($0.k))) * MemoryLayout<Float>.stride
    }
    oneRowKeep = WeightStreaming.keepFractions(
      steps: plan.steps, weightBytes: { packedBytes[$0] },
      budget: WeightStreaming.budgetBytes(threads: threads, caches: caches))
  }

  deinit {
    for pointer in plainWeights { pointer.deallocate() }
    for pointer in packedWeights { pointer.deallocate() }
    for pointer in convolutionWeights { pointer.deallocate() }
  }

  /// Allocates every buffer a pass at this shape needs. For an MLP the sequence length is
  /// ignored (recorded as 1).
  /// - Throws: `ForwardPassError` for a size below 1, a sequence longer than the model allows,
  ///   or buffers larger than this machine's memory.
  public func makeWorkspace(batchSize: Int, sequenceLength: Int) throws -> CPUWorkspace {
    let (length, capacities) = try layout(batchSize: batchSize, sequenceLength: sequenceLength)
    return CPUWorkspace(owner: self, batchSize: batchSize, sequenceLength: length, slotCapacities: capacities)
  }

  /// Bytes `makeWorkspace(batchSize:sequenceLength:)` would allocate (its `bytes`), without
  /// allocating: activation buffers plus token inputs. The pool's per-thread scratch comes on
  /// top (GEMM panels and one S×S attention score block per thread).
  /// - Throws: the same errors as `makeWorkspace`.
  public func workspaceBytes(batchSize: Int, sequenceLength: Int) throws -> Int {
    let (length, capacities) = try layout(batchSize: batchSize, sequenceLength: sequenceLength)
    return CPUWorkspace.bytes(slotCapacities: capacities, tokens: batchSize * length)
  }

  /// The effective sequence length (1 for an MLP) and each activation buffer's size in floats.
  private func layout(batchSize: Int, sequenceLength: Int) throws -> (length: Int, capacities: [Int]) {
    var length = 1
    if case .encoder(_, _, let maxPositions) = graph.kind {
      var maximum = maxPositions > 0 ? maxPositions : Int.max
      if let usable = analysis.embeddingLimits?.maximumSequenceLength { maximum = min(maximum, usable) }
      guard sequenceLength >= 1 else {
        throw ForwardPassError.inputShape(detail: "sequence length \(sequenceLength) must be at least 1")
      }
      guard sequenceLength <= maximum else {
        throw ForwardPassError.sequenceTooLong(length: sequenceLength, maximum: maximum)
      }
      length = sequenceLength
    }
    guard batchSize >= 1 else { throw ForwardPassError.inputShape(detail: "batch size \(batchSize) must be at least 1") }
    let memory = Int(clamping: ProcessInfo.processInfo.physicalMemory)
    let limit = min(memory, Int(Int32.max) * MemoryLayout<Float>.stride)
    var capacities: [Int] = []
    var total = 0
    for shapes in plan.slotShapes {
      var capacity = 0
      for shape in shapes {
        let rows = shape.scope == .token ? batchSize.multipliedReportingOverflow(by: length) : (batchSize, false)
        let elements = rows.0.multipliedReportingOverflow(by: shape.width)
        guard !rows.1, !elements.overflow, elements.partialValue <= Int(Int32.max) else {
          throw ForwardPassError.unsupported(
            detail: "batch \(batchSize) × sequence \(length) needs a buffer over 2^31 − 1 floats; use a smaller batch.")
        }
        capacity = max(capacity, elements.partialValue)
      }
      total += capacity
      guard total <= limit / MemoryLayout<Float>.stride else {
        throw ForwardPassError.unsupported(
          detail: "batch \(batchSize) × sequence \(length) needs more than \(limit / 1_048_576) MiB of activations; use a smaller batch.")
      }
      capacities.append(capacity)
    }
    return (length, capacities)
  }

  /// Checks `input` and copies it into `workspace` (not part of the timed pass).
  /// - Throws: `ForwardPassError` for an input that does not fit the graph or the workspace.
  public func load(_ input: ModelInput, into workspace: CPUWorkspace) throws {
    try checkOwner(workspace)
    let (batchSize, sequenceLength) = try InputCheck.validate(input, graph: graph, analysis: analysis)
    guard batchSize == workspace.batchSize, sequenceLength == workspace.sequenceLength else {
      throw ForwardPassError.workspaceMismatch(
        expected: "batch \(workspace.batchSize) × sequence \(workspace.sequenceLength)",
        found: "batch \(batchSize) × sequence \(sequenceLength)")
    }
    switch input {
    case .features(let tensor):
      if let slot = plan.featuresSlot {
        tensor.scalars.withUnsafeBufferPointer { source in
          if let base = source.baseAddress { workspace.slots[slot].update(from: base, count: source.count) }
        }
      }
    case .tokens(let batch):
      for (source, target) in [(batch.ids, workspace.ids), (batch.tokenTypes, workspace.tokenTypes), (batch.mask, workspace.mask)] {
        source.withUnsafeBufferPointer { if let base = $0.baseAddress { target.update(from: base, count: $0.count) } }
      }
    }
    workspace.isLoaded = true
  }

  /// The graph output of the last `run`: `[batch, sequence, width]` for per-token values,
  /// `[batch, width]` for per-sample ones.
  public func output(of workspace: CPUWorkspace) -> Tensor {
    tensor(in: workspace, slot: plan.outputSlot, shape: plan.outputShape)
  }

  /// A value kept beside the output (`init(…, keeping:)`) after the last `run`, shaped like
  /// `output(of:)`; the graph output by its name too; nil for any other name.
  public func output(named name: String, of workspace: CPUWorkspace) -> Tensor? {
    if name == graph.output { return output(of: workspace) }
    guard let (slot, shape) = plan.keptSlots[name] else { return nil }
    return tensor(in: workspace, slot: slot, shape: shape)
  }

  /// A copy of the value of `shape` in `slot`.
  private func tensor(in workspace: CPUWorkspace, slot: Int, shape: BufferShape) -> Tensor {
    let dims = shape.scope == .token
      ? [workspace.batchSize, workspace.sequenceLength, shape.width] : [workspace.batchSize, shape.width]
    let count = dims.reduce(1, *)
    return Tensor(shape: dims, scalars: Array(UnsafeBufferPointer(start: workspace.slots[slot], count: count)))
  }

  /// Makes a workspace for `input`, loads it, runs one pass and returns the output.
  public func forward(_ input: ModelInput) throws -> Tensor { output(of: try pass(input)) }

  /// Makes a workspace for `input`, loads it and runs one pass; the outputs stay in it
  /// (`output(of:)`, `output(named:of:)`).
  public func pass(_ input: ModelInput) throws -> CPUWorkspace {
    var sequenceLength = 1
    if case .tokens(let batch) = input { sequenceLength = batch.sequenceLength }
    let workspace = try makeWorkspace(batchSize: max(input.batchSize, 1), sequenceLength: sequenceLength)
    try load(input, into: workspace)
    try run(workspace)
    return workspace
  }

  func checkOwner(_ workspace: CPUWorkspace) throws {
    guard workspace.owner === self else {
      throw ForwardPassError.unsupported(detail: "this workspace was made by another model; use the model's own makeWorkspace.")
    }
  }

  /// Serialises passes on this model (the pool runs one job at a time).
  func lockRun() { runLock.lock() }
  func unlockRun() { runLock.unlock() }
}
