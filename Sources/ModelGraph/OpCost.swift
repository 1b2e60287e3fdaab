/// The work one node does in one forward pass at one shape: what the roofline estimate, the
/// planner and the GPU calibration all read.
public struct OpCost: Equatable, Sendable {
  /// The node's name.
  public var name: String
  /// Floating-point operations (a multiply-add counts 2).
  public var flops: Double
  /// Bytes moved to and from memory: weights read + inputs read + output written, plus any
  /// intermediate an op writes and reads back (attention's scores). Counted at fp32 (ids and
  /// masks int32) unless `scaled(toBytesPerValue:)` says otherwise.
  public var bytes: Double
  /// GPU kernel launches the op needs, as the CUDA backend issues them (dense 1, attention 7,
  /// an activation fused into its GEMM's epilogue 0; `GraphAnalysis`).
  public var launches: Int

  /// Creates a cost record.
  public init(name: String, flops: Double, bytes: Double, launches: Int) {
    self.name = name
    self.flops = flops
    self.bytes = bytes
    self.launches = launches
  }

  /// This cost with its bytes counted at `bytesPerValue` bytes per value instead of 4 (2 for
  /// fp16 and bf16): weights and activations shrink alike. Token ids and masks stay int32 on
  /// every backend, but they are a negligible share of any op's bytes, so they scale too.
  public func scaled(toBytesPerValue bytesPerValue: Int) -> OpCost {
    OpCost(name: name, flops: flops, bytes: bytes * Double(bytesPerValue) / 4, launches: launches)
  }
}
