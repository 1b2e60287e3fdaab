import ModelGraph
import Records

/// Runs a graph's forward pass on one NVIDIA GPU: the same graphs as the CPU backend (MLPs and
/// BERT-style encoders), GEMMs through cuBLASLt/cuBLAS, everything else as PTX kernels, all on
/// one non-blocking stream timed with events.
///
/// Weights are converted to the precision's element type on the host and uploaded once, here;
/// `prepare` allocates activations (reusing dead buffers) and uploads seeded inputs.
public final class CUDABackend {
  public let device: DeviceDescription
  /// One stream per pass.
  public let threads = 1
  public var precision: Precision { cudaPrecision }
  public let cudaPrecision: CUDAPrecision
  /// What the driver reports about the GPU (peaks included).
  public let info: CUDADeviceInfo
  /// Bytes of weights on the device.
  public let weightBytes: Int
  /// The model this backend runs.
  public let graph: Graph
  /// The shared analysis of `graph`: value types and each node's work.
  let analysis: GraphAnalysis
  let session: CUDASession
  private var weights: [String: UInt64] = [:]
  /// Costs and launches of each prepared shape, keyed by "batch×sequence" (for calibration).
  var preparedWork: [String: (costs: [OpCost], launches: Int)] = [:]

  /// Opens (or reuses) the CUDA runtime for `libraries`, creates a session on GPU
  /// `deviceOrdinal` and uploads `graph`'s weights in `precision`.
  /// - Throws: `CUDAError` (no driver, no GPU, cuBLAS missing, PTX rejected, out of memory).
  public convenience init(
    graph: Graph, deviceOrdinal: Int = 0, precision: CUDAPrecision = .fp32,
    libraries: CUDALibraryPaths = .standard(environment: [:])
  ) throws {
    try self.init(
      graph: graph, runtime: try CUDARuntime.shared(paths: libraries),
      deviceOrdinal: deviceOrdinal, precision: precision)
  }

  /// As above, with the precision spelled as on the command line ("fp32", "tf32", "fp16", "bf16").
  public convenience init(
    graph: Graph, deviceOrdinal: Int = 0, precision: String,
    libraries: CUDALibraryPaths = .standard(environment: [:])
  ) throws {
    guard let parsed = Precision(rawValue: precision) else {
      throw CUDAError(
        .unsupported, "precision '\(precision)' is not one of fp32, tf32, fp16, bf16")
    }
    try self.init(graph: graph, deviceOrdinal: deviceOrdinal, precision: parsed, libraries: libraries)
  }

  /// Creates a backend on an already opened runtime.
  /// - Throws: `GraphError` for a graph that does not check out (`GraphAnalysis`), before any
  ///   GPU work; `CUDAError` as above.
  public init(graph: Graph, runtime: CUDARuntime, deviceOrdinal: Int, precision: CUDAPrecision)
    throws
  {
    let analysis = try GraphAnalysis(graph)
    guard deviceOrdinal >= 0, deviceOrdinal < runtime.driver.deviceCount else {
      throw CUDAError(
        .invalidArgument,
        "GPU \(deviceOrdinal) does not exist; the driver sees \(runtime.driver.deviceCount)")
    }
    let info = try runtime.driver.device(deviceOrdinal)
    self.info = info
    self.graph = graph
    self.analysis = analysis
    self.cudaPrecision = precision
    self.device = DeviceDescription(
      kind: .cuda, name: info.name, instructionSet: info.instructionSet,
      memoryBytes: info.memoryBytes)
    self.session = try CUDASession(runtime: runtime, ordinal: deviceOrdinal)
    var total = 0
    for name in graph.weights.keys.sorted() {
      guard let tensor = graph.weights[name] else { continue }
      guard tensor.count < 1 << 32 else {
        throw CUDAError(.unsupported, "weight '\(name)' has \(tensor.count) elements; the limit is 2³²")
      }
      let bytes = precision.encode(tensor.scalars)
      let pointer = try session.allocate(bytes: bytes.count)
      weights[name] = pointer
      total += bytes.count
      try session.upload(bytes, to: pointer)
    }
    weightBytes = total
  }

  deinit { weights.values.forEach(session.free) }

  /// Allocates buffers for `batchSize` × `sequenceLength` and uploads seeded inputs
  /// (`CUDABackend.seededInput`).
  public func prepareSeeded(batchSize: Int, sequenceLength: Int) throws -> CUDAForwardPass {
    try prepare(input: Self.seededInput(for: graph, batchSize: batchSize, sequenceLength: sequenceLength))
  }

  /// Allocates buffers for the shape of `input` and uploads it (the correctness check uses this
  /// to feed the GPU and the CPU reference the same data).
  public func prepare(input: ModelInput) throws -> CUDAForwardPass {
    let plan: CUDAForwardPlan
    var data: [String: [UInt8]] = [:]
    switch input {
    case .features(let tensor):
      plan = try CUDAForwardPlan(
        analysis: analysis, batchSize: tensor.shape.first ?? 0, sequenceLength: 0,
        precision: cudaPrecision)
      guard case .mlp(let features) = graph.kind, tensor.shape.count == 2,
        tensor.shape[1] == features
      else {
        throw CUDAError(.unsupported, "features of shape \(tensor.shape) do not fit \(graph.name)")
      }
      data["features"] = cudaPrecision.encode(tensor.scalars)
    case .tokens(let batch):
      plan = try CUDAForwardPlan(
        analysis: analysis, batchSize: batch.batchSize, sequenceLength: batch.sequenceLength,
        precision: cudaPrecision)
      if case .encoder(let vocabulary, _, _) = graph.kind,
        let bad = batch.ids.first(where: { $0 < 0 || Int($0) >= vocabulary })
      {
        throw CUDAError(.unsupported, "token id \(bad) is outside the vocabulary 0..<\(vocabulary)")
      }
      data["input_ids"] = batch.ids.withUnsafeBytes { Array($0) }
      data["token_type_ids"] = batch.tokenTypes.withUnsafeBytes { Array($0) }
      data["attention_mask"] = batch.mask.withUnsafeBytes { Array($0) }
    }
    let pass = try CUDAForwardPass(
      plan: plan, session: session, weights: weights, weightBytes: weightBytes, inputs: data)
    preparedWork[Self.shapeKey(batchSize: plan.batchSize, sequenceLength: plan.sequenceLength)] = (pass.costs, pass.launches)
    return pass
  }

  /// Weights + workspace + activation buffers at this shape; `Int.max` when the shape cannot be
  /// planned (e.g. a tensor over 2³² elements), so a sweep stops there.
  public func memoryNeeded(batchSize: Int, sequenceLength: Int) -> Int {
    guard
      let plan = try? CUDAForwardPlan(
        analysis: analysis, batchSize: batchSize, sequenceLength: sequenceLength,
        precision: cudaPrecision)
    else { return Int.max }
    return weightBytes + CUDASession.workspaceBytes + plan.activationBytes
  }

  /// Seeded inputs (SplitMix64, seed 42): features uniform in [−1, 1); token ids uniform over
  /// the vocabulary, token types 0, mask all ones (a full-length batch, as a sweep measures).
  public static func seededInput(
    for graph: Graph, batchSize: Int, sequenceLength: Int, seed: UInt64 = 42
  ) -> ModelInput {
    var random = SplitMix64(seed: seed)
    switch graph.kind {
    case .mlp(let features):
      let values = (0..<(batchSize * features)).map { _ in Float(random.nextUnitDouble() * 2 - 1) }
      return .features(Tensor(shape: [batchSize, features], scalars: values))
    case .encoder(let vocabulary, _, _):
      let count = batchSize * sequenceLength
      let ids = (0..<count).map { _ in Int32(random.next() % UInt64(max(vocabulary, 1))) }
      return .tokens(TokenBatch(batchSize: batchSize, sequenceLength: sequenceLength, ids: ids))
    }
  }

  static func shapeKey(batchSize: Int, sequenceLength: Int) -> String { "\(batchSize)×\(sequenceLength)" }
}
