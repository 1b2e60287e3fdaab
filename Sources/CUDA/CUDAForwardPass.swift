import CUDAShim
import ModelGraph

/// One shape of a GPU forward pass, ready to run: buffers allocated, inputs uploaded, every
/// kernel argument and cuBLASLt algorithm chosen. `run()` only enqueues and waits.
public final class CUDAForwardPass {
  enum Step {
    case kernel(index: Int, gridX: Int, block: Int, arguments: [UInt64])
    case matmul(plan: OpaquePointer, a: UInt64, b: UInt64, d: UInt64, bias: UInt64)
    case gemm(CUDAGemm<UInt64>)
  }

  let session: CUDASession
  let precision: CUDAPrecision
  private(set) var steps: [Step] = []
  private var buffers: [UInt64] = []
  private var matmulPlans: [OpaquePointer] = []
  private let outputPointer: UInt64
  /// Shape of the graph's output value.
  public let outputShape: [Int]
  /// FLOPs and bytes of each node at this shape and precision (the shared graph analysis), for
  /// calibration.
  public let costs: [OpCost]
  public private(set) var lastDeviceSeconds: Double?
  public let peakMemoryBytes: Int
  /// Kernels and GEMMs one pass enqueues (the launches of the roofline's launch-overhead term).
  public var launches: Int { steps.count }
  /// How many dense layers fell back from cuBLASLt to cublasGemmEx + a bias/activation kernel.
  public private(set) var ltFallbacks = 0

  init(
    plan: CUDAForwardPlan, session: CUDASession, weights: [String: UInt64], weightBytes: Int,
    inputs: [String: [UInt8]]
  ) throws {
    self.session = session
    self.precision = plan.precision
    self.costs = plan.costs
    self.outputShape = plan.outputShape
    self.peakMemoryBytes = weightBytes + CUDASession.workspaceBytes + plan.activationBytes
    var allocated: [UInt64] = []
    do {
      for bytes in plan.bufferBytes { allocated.append(try session.allocate(bytes: bytes)) }
    } catch {
      allocated.forEach(session.free)
      throw error
    }
    buffers = allocated
    outputPointer = allocated[plan.outputBuffer]
    for (name, buffer) in plan.inputBuffers {
      guard let bytes = inputs[name] else {
        throw CUDAError(.unsupported, "no data for the graph input '\(name)'")
      }
      try session.upload(bytes, to: allocated[buffer])
    }
    func address(_ operand: CUDAForwardPlan.Operand) throws -> UInt64 {
      switch operand {
      case .none: return 0
      case .buffer(let index): return allocated[index]
      case .weight(let name):
        guard let pointer = weights[name] else {
          throw CUDAError(.unsupported, "weight '\(name)' was not uploaded")
        }
        return pointer
      }
    }
    let type = precision.elementType
    for step in plan.steps {
      switch step {
      case .kernel(let operation, let gridX, let block, let arguments):
        let values = try arguments.map { argument -> UInt64 in
          switch argument {
          case .pointer(let operand): return try address(operand)
          case .value(let value): return value
          }
        }
        steps.append(
          .kernel(index: PTXKernels.index(of: operation, type), gridX: gridX, block: block,
            arguments: values))
      case .gemm(let gemm):
        steps.append(.gemm(try gemm.map(address)))
      case .dense(let x, let weight, let bias, let y, let rows, let inFeatures, let outFeatures,
        let activation):
        try addDense(
          x: try address(x), weight: try address(.weight(weight)),
          bias: try bias.map { try address(.weight($0)) }, y: try address(y), rows: rows,
          inFeatures: inFeatures, outFeatures: outFeatures, activation: activation)
      }
    }
  }

  deinit {
    for plan in matmulPlans { ip_cuda_matmul_destroy(plan) }
    buffers.forEach(session.free)
  }

  /// Row-major `Y[rows×out] = X[rows×in]·Wᵀ` is column-major `Yᵀ = W·Xᵀ` with W stored `[out,
  /// in]`: transa = T, m = out, n = rows, k = in; the bias runs along D's rows (out). cuBLASLt
  /// applies bias and ReLU/GELU-tanh in its epilogue; GELU-erf, tanh and sigmoid (no epilogue)
  /// get a `bias_act` kernel after it. Without a Lt algorithm: cublasGemmEx + `bias_act`.
  private func addDense(
    x: UInt64, weight: UInt64, bias: UInt64?, y: UInt64, rows: Int, inFeatures: Int,
    outFeatures: Int, activation: Activation?
  ) throws {
    let hasBias = bias != nil
    let epilogue: Int32
    switch activation {  // cuBLASLt's GELU epilogue is the tanh form
    case .relu?: epilogue = Int32(hasBias ? IP_LT_EPILOGUE_RELU_BIAS : IP_LT_EPILOGUE_RELU)
    case .geluTanh?: epilogue = Int32(hasBias ? IP_LT_EPILOGUE_GELU_BIAS : IP_LT_EPILOGUE_GELU)
    default: epilogue = Int32(hasBias ? IP_LT_EPILOGUE_BIAS : IP_LT_EPILOGUE_DEFAULT)
    }
    // The activations no epilogue applies (`Activation.hasGEMMEpilogue`) run as a kernel after.
    let kernelActivation = activation.flatMap { $0.hasGEMMEpilogue ? nil : $0 }
    var plan: OpaquePointer?
    var buffer = [CChar](repeating: 0, count: 1024)
    let status = buffer.withUnsafeMutableBufferPointer { message in
      ip_cuda_matmul_create(
        session.handle, 1, 0, Int32(outFeatures), Int32(rows), Int32(inFeatures),
        Int32(inFeatures), Int32(inFeatures), Int32(outFeatures), precision.dataType,
        precision.computeType, epilogue, &plan, message.baseAddress, message.count)
    }
    let total = UInt64(rows * outFeatures)
    let biasKernel = PTXKernels.index(of: .biasActivation, precision.elementType)
    let grid = CUDAForwardPlan.blocks(rows * outFeatures)
    if status == 0, let plan {
      matmulPlans.append(plan)
      steps.append(.matmul(plan: plan, a: weight, b: x, d: y, bias: bias ?? 0))
      if let kernelActivation {
        steps.append(
          .kernel(index: biasKernel, gridX: grid, block: CUDAForwardPlan.elementwiseBlock,
            arguments: [y, 0, y, total, UInt64(outFeatures),
              CUDAForwardPlan.activationCode(kernelActivation)]))
      }
      return
    }
    guard status == CUDAError.Kind.ltUnsupported.rawValue else {
      throw CUDAError(status: status, message: buffer)
    }
    ltFallbacks += 1
    steps.append(
      .gemm(
        CUDAGemm(
          transposeA: true, transposeB: false, m: outFeatures, n: rows, k: inFeatures, alpha: 1,
          a: weight, lda: inFeatures, strideA: 0, b: x, ldb: inFeatures, strideB: 0, c: y,
          ldc: outFeatures, strideC: 0, batch: 1)))
    if hasBias || activation != nil {
      steps.append(
        .kernel(index: biasKernel, gridX: grid, block: CUDAForwardPlan.elementwiseBlock,
          arguments: [y, bias ?? 0, y, total, UInt64(outFeatures),
            CUDAForwardPlan.activationCode(activation)]))
    }
  }

  /// Enqueues the whole pass on the session's stream between two events, waits for the stream,
  /// and keeps the events' elapsed time in `lastDeviceSeconds`.
  public func run() throws {
    try session.recordStart()
    for step in steps { try enqueue(step) }
    lastDeviceSeconds = try session.recordStopAndWait()
  }

  private func enqueue(_ step: Step) throws {
    switch step {
    case .kernel(let index, let gridX, let block, let arguments):
      try session.launch(kernel: index, gridX: gridX, block: block, arguments: arguments)
    case .matmul(let plan, let a, let b, let d, let bias):
      try CUDAError.check {
        ip_cuda_matmul_run(session.handle, plan, 1, a, b, d, bias, $0, $1)
      }
    case .gemm(let g):
      try CUDAError.check {
        ip_cuda_gemm(
          session.handle, g.transposeA ? 1 : 0, g.transposeB ? 1 : 0, Int32(g.m), Int32(g.n),
          Int32(g.k), g.alpha, g.a, Int32(g.lda), Int64(g.strideA), g.b, Int32(g.ldb),
          Int64(g.strideB), 0, g.c, Int32(g.ldc), Int64(g.strideC), Int32(g.batch),
          precision.dataType, precision.computeType, $0, $1)
      }
    }
  }

  /// Downloads the graph's output (after `run()`) as fp32.
  public func outputs() throws -> Tensor {
    let count = outputShape.reduce(1, *)
    let bytes = try session.download(outputPointer, bytes: count * precision.bytesPerElement)
    return Tensor(shape: outputShape, scalars: precision.decode(bytes))
  }
}
