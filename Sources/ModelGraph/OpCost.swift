/// The work one node does for one forward pass, for roofline estimates.
public struct OpCost: Equatable, Sendable {
  /// The node's name.
  public var name: String
  /// Floating-point operations (a multiply-add counts 2).
  public var flops: Double
  /// Bytes moved at fp32: weights read + activations read + activations written.
  public var bytesMoved: Double
  /// GPU kernel launches the op needs (dense 1, attention 3: scores GEMM, softmax, weighted sum).
  public var launches: Int

  /// Creates a cost record.
  public init(name: String, flops: Double, bytesMoved: Double, launches: Int) {
    self.name = name
    self.flops = flops
    self.bytesMoved = bytesMoved
    self.launches = launches
  }
}
