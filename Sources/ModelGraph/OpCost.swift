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
  /// Bytes the GPU backend moves beyond `bytes`: a convolution's im2col patch matrix, written by
  /// one kernel and read back by the GEMM (the CPU packs its patches into cache-sized panels).
  public var gpuScratchBytes: Double

  /// `bytes` + `gpuScratchBytes`: the memory traffic the GPU roofline and its calibration count.
  public var gpuBytes: Double { bytes + gpuScratchBytes }

  /// Creates a cost record.
  public init(name: String, flops: Double, bytes: Double, launches: Int, gpuScratchBytes: Double = 0) {
    self.name = name
    self.flops = flops
    self.bytes = bytes
    self.launches = launches
    self.gpuScratchBytes = gpuScratchBytes
  }

  /// This cost with its bytes counted at `bytesPerValue` bytes per value instead of 4 (2 for
  /// fp16 and bf16): weights and activations shrink alike. Token ids and masks stay int32 on
  /// every backend, but they are a negligible share of any op's bytes, so they scale too.
  public func scaled(toBytesPerValue bytesPerValue: Int) -> OpCost {
    let scale = Double(bytesPerValue) / 4
    return OpCost(
      name: name, flops: flops, bytes: bytes * scale, launches: launches, gpuScratchBytes: gpuScratchBytes * scale)
  }
}
