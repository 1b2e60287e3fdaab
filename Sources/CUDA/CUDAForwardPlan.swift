import ModelGraph

/// The GPU forward pass of a graph at one shape, before any device memory exists: the steps to
/// enqueue and the activation buffers (reused once a value is dead).
///
/// Built from the shared `GraphAnalysis` (module ModelGraph), which has checked the graph and
/// knows every value's type and every node's work; this plan only checks what the GPU adds (a
/// sequence within the model's positions, tensors under 2³² elements). Built twice per shape:
/// once by `memoryNeeded` (sizes only) and once by `prepare` (then the buffers are allocated and
/// the operands resolved to device addresses by `CUDAForwardPass`).
struct CUDAForwardPlan {
  /// Where a step reads or writes.
  enum Operand: Equatable {
    case buffer(Int)
    case weight(String)
    case none
  }

  /// One kernel argument: a device address or a 32/64-bit value.
  enum Argument {
    case pointer(Operand)
    case value(UInt64)
  }

  enum Step {
    /// A PTX kernel over `gridX` blocks of `block` threads.
    case kernel(PTXKernels.Operation, gridX: Int, block: Int, arguments: [Argument])
    /// `y[rows×out] = activation(x[rows×in] · Wᵀ + bias)`, W `[out, in]`.
    case dense(
      x: Operand, weight: String, bias: String?, y: Operand, rows: Int, inFeatures: Int,
      outFeatures: Int, activation: Activation?)
    /// Column-major strided batched GEMM (cuBLAS conventions).
    case gemm(CUDAGemm<Operand>)
  }

  let analysis: GraphAnalysis
  let precision: CUDAPrecision
  let batchSize: Int
  /// Tokens per sequence (0 for MLPs).
  let sequenceLength: Int
  private(set) var steps: [Step] = []
  /// Capacity in bytes of each activation buffer.
  private(set) var bufferBytes: [Int] = []
  /// Graph inputs: value name → buffer.
  private(set) var inputBuffers: [String: Int] = [:]
  private(set) var outputBuffer = 0
  private(set) var outputShape: [Int] = []

  private var buffers: [String: Int] = [:]
  private var freeBuffers: [Int] = []
  private let elementBytes: Int

  /// Plans the graph of `analysis` at `batchSize` × `sequenceLength` (the latter ignored for MLPs).
  /// - Throws: `CUDAError(.unsupported)` for a batch below 1, a sequence outside the model's
  ///   positions, or a tensor with 2³² or more elements (the kernels index with 32 bits).
  init(analysis: GraphAnalysis, batchSize: Int, sequenceLength: Int, precision: CUDAPrecision) throws {
    let graph = analysis.graph
    self.analysis = analysis
    self.precision = precision
    self.batchSize = batchSize
    if case .encoder = graph.kind { self.sequenceLength = sequenceLength } else { self.sequenceLength = 0 }
    self.elementBytes = precision.bytesPerElement
    guard batchSize > 0 else { throw CUDAError(.unsupported, "batch size must be at least 1") }
    if case .encoder(_, _, let maxPositions) = graph.kind {
      guard sequenceLength > 0, sequenceLength <= maxPositions else {
        throw CUDAError(
          .unsupported,
          "sequence length \(sequenceLength) is outside 1…\(maxPositions) for \(graph.name)")
      }
    }
    for input in graph.kind.inputs {
      let bytes = input.type.isFloat ? elementBytes : input.type.elementType.byteCount
      try addInput(input.name, shape: shape(of: input.type), bytesPerElement: bytes)
    }
    let lastUse = graph.lastReaders
    // "Dense, then its activation" runs as one GEMM (epilogue) or a GEMM and one bias/activation
    // kernel, by the rule the analysis counts launches with.
    let fusions = graph.denseActivationFusions
    for (index, node) in graph.nodes.enumerated() where fusions[index - 1] == nil {
      let fused = fusions[index]
      let outputName = fused == nil ? node.output : graph.nodes[index + 1].output
      try plan(node, analysis.nodes[index], output: outputName, fusedActivation: fused)
      for input in Set(node.inputs) where lastUse[input] == index {
        release(input, graph: graph)
      }
    }
    guard let output = buffers[graph.output] else {
      throw CUDAError(.unsupported, "\(graph.name): no node produces the output '\(graph.output)'")
    }
    outputBuffer = output
    outputShape = shape(of: analysis.output)
  }

  /// Each node's work at this plan's shape, bytes at the precision's element size: the figures
  /// the roofline uses, so a calibration fitted to them carries over to other GPUs.
  var costs: [OpCost] {
    analysis.costs(batchSize: batchSize, sequenceLength: sequenceLength)
      .map { $0.scaled(toBytesPerValue: precision.bytesPerElement) }
  }

  /// `type`'s concrete shape at this plan's batch size and sequence length.
  func shape(of type: ValueType) -> [Int] {
    type.shape(batchSize: batchSize, sequenceLength: sequenceLength)
  }

  /// Kernels and GEMMs a pass enqueues: each step, plus the bias/activation kernel after a dense
  /// step whose activation has no cuBLASLt epilogue (`Activation.hasGEMMEpilogue`). A pass that
  /// falls back from cuBLASLt (`CUDAForwardPass.ltFallbacks`) adds one kernel per such layer.
  var launches: Int {
    steps.reduce(0) { count, step in
      if case .dense(_, _, _, _, _, _, _, let activation?) = step, !activation.hasGEMMEpilogue { return count + 2 }
      return count + 1
    }
  }

  /// Total activation bytes (every buffer's capacity).
  var activationBytes: Int { bufferBytes.reduce(0, +) }

  private mutating func addInput(_ name: String, shape: [Int], bytesPerElement: Int) throws {
    let buffer = try newBuffer(elements: shape.reduce(1, *), bytesPerElement: bytesPerElement)
    inputBuffers[name] = buffer
    buffers[name] = buffer
  }

  private mutating func newBuffer(elements: Int, bytesPerElement: Int) throws -> Int {
    guard elements < 1 << 32 else {
      throw CUDAError(
        .unsupported, "a tensor of \(elements) elements is too large (the kernels index with 32 bits)")
    }
    let bytes = max(elements * bytesPerElement, 4)
    // Best fit among dead buffers, else a new one.
    if let slot = freeBuffers.indices.filter({ bufferBytes[freeBuffers[$0]] >= bytes })
      .min(by: { bufferBytes[freeBuffers[$0]] < bufferBytes[freeBuffers[$1]] })
    {
      return freeBuffers.remove(at: slot)
    }
    bufferBytes.append(bytes)
    return bufferBytes.count - 1
  }

  /// Allocates the buffer of value `name` with `shape` in the pass's element type.
  mutating func define(_ name: String, shape: [Int]) throws -> Operand {
    let buffer = try newBuffer(elements: shape.reduce(1, *), bytesPerElement: elementBytes)
    buffers[name] = buffer
    return .buffer(buffer)
  }

  /// A scratch buffer (freed with `releaseScratch`).
  mutating func scratch(elements: Int) throws -> Int {
    try newBuffer(elements: elements, bytesPerElement: elementBytes)
  }

  mutating func releaseScratch(_ buffer: Int) { freeBuffers.append(buffer) }

  private mutating func release(_ name: String, graph: Graph) {
    guard name != graph.output, inputBuffers[name] == nil, let buffer = buffers[name] else {
      return
    }
    if !freeBuffers.contains(buffer) { freeBuffers.append(buffer) }
  }

  /// The operand and shape of a value a node reads.
  func value(_ name: String, of node: Node) throws -> (Operand, [Int]) {
    guard let buffer = buffers[name], let type = analysis.type(of: name) else {
      throw CUDAError(.unsupported, "node '\(node.name)' reads '\(name)', which nothing defines")
    }
    return (.buffer(buffer), shape(of: type))
  }

  mutating func append(_ step: Step) {
    steps.append(step)
  }
}

/// Arguments of one column-major (strided batched) GEMM, with operands of type `Operand`.
struct CUDAGemm<Operand> {
  var transposeA: Bool
  var transposeB: Bool
  var m: Int
  var n: Int
  var k: Int
  var alpha: Float
  var a: Operand
  var lda: Int
  var strideA: Int
  var b: Operand
  var ldb: Int
  var strideB: Int
  var c: Operand
  var ldc: Int
  var strideC: Int
  var batch: Int

  func map<Other>(_ transform: (Operand) throws -> Other) rethrows -> CUDAGemm<Other> {
    CUDAGemm<Other>(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
      a: try transform(a), lda: lda, strideA: strideA, b: try transform(b), ldb: ldb,
      strideB: strideB, c: try transform(c), ldc: ldc, strideC: strideC, batch: batch)
  }
}
