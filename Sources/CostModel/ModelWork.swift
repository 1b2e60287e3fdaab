import ModelGraph

/// What the planner needs to know about a model: its size and the work of a forward pass at
/// any batch size. The command fills it from the shared graph analysis
/// (`init(graph:sequenceLength:)`); tests build it from fixed layer sizes.
public struct ModelWork: Sendable {
  /// e.g. "small".
  public var name: String
  /// e.g. "MLP" or "bert".
  public var architecture: String
  public var parameterCount: Int
  /// Weight bytes at fp32.
  public var weightBytes: Int
  /// Tokens per sequence for encoders; 0 for MLPs.
  public var sequenceLength: Int
  private let opsAtBatch: @Sendable (Int) -> [OpCost]
  private let activationBytesAtBatch: @Sendable (Int) -> Int

  /// - Parameters:
  ///   - ops: the per-op work of a forward pass at a batch size (fp32).
  ///   - activationBytes: bytes of activations and workspace at a batch size (fp32).
  public init(
    name: String, architecture: String, parameterCount: Int, weightBytes: Int,
    sequenceLength: Int, ops: @escaping @Sendable (Int) -> [OpCost],
    activationBytes: @escaping @Sendable (Int) -> Int
  ) {
    self.name = name
    self.architecture = architecture
    self.parameterCount = parameterCount
    self.weightBytes = weightBytes
    self.sequenceLength = sequenceLength
    self.opsAtBatch = ops
    self.activationBytesAtBatch = activationBytes
  }

  /// Per-op work of a forward pass of `batchSize` rows, at fp32.
  public func ops(batchSize: Int) -> [OpCost] { opsAtBatch(batchSize) }

  /// Bytes one replica holds at `batchSize` and `bytesPerValue` (4 = fp32, 2 = fp16/bf16):
  /// weights + activations, both scaled from fp32 by `bytesPerValue / 4`.
  public func memoryBytes(batchSize: Int, bytesPerValue: Int = 4) -> Int {
    let fp32 = Double(weightBytes) + Double(activationBytesAtBatch(batchSize))
    return Int((fp32 * Double(bytesPerValue) / 4).rounded(.up))
  }
}
