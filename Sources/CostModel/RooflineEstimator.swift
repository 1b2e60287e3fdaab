import ModelGraph
import Profiles
import Records

/// The figures a GPU roofline estimate rests on.
///
/// The defaults are assumptions, replaced by a GPU measurement where one exists (calibrated).
/// For comparison, `infer-plan profile --devices cuda` on an H200 fitted compute efficiency
/// 0.34–1.0, memory efficiency 0.34–1.0 and launch overhead 4.4–11.3 µs over mlp-large and
/// MiniLM at fp32 and fp16 (Benchmarks/measurements/h200-*.csv; table in docs/planning.md).
/// - `computeEfficiencyFP32` 0.5 and `computeEfficiencyFP16` 0.35: tensor-core GEMMs level off
///   well below their peak at serving batch sizes; FP32 GEMMs on the CUDA cores get closer to
///   their lower peak (the H200 fit: 0.55–0.62 of the FP32 peak).
/// - `memoryEfficiency` 0.7: streaming kernels reach most but not all of DRAM peak.
/// - `launchOverheadSeconds` 5 µs: host cost of one launch plus the gap between small kernels.
/// - `perForwardOverheadSeconds` 100 µs: a fixed cost per forward pass (input copy in, output
///   copy out, synchronize) that a pure roofline misses; our engine issues few launches.
public struct RooflineEfficiencies: Sendable, Equatable {
  public var computeEfficiencyFP32: Double
  public var computeEfficiencyFP16: Double
  public var memoryEfficiency: Double
  public var launchOverheadSeconds: Double
  public var perForwardOverheadSeconds: Double

  public init(
    computeEfficiencyFP32: Double = 0.5, computeEfficiencyFP16: Double = 0.35,
    memoryEfficiency: Double = 0.7, launchOverheadSeconds: Double = 5e-6,
    perForwardOverheadSeconds: Double = 100e-6
  ) {
    self.computeEfficiencyFP32 = computeEfficiencyFP32
    self.computeEfficiencyFP16 = computeEfficiencyFP16
    self.memoryEfficiency = memoryEfficiency
    self.launchOverheadSeconds = launchOverheadSeconds
    self.perForwardOverheadSeconds = perForwardOverheadSeconds
  }

  /// The documented defaults (an *estimated* figure).
  public static let defaults = RooflineEfficiencies()

  /// Compute efficiency for a precision: the 16-bit tensor-core figure for fp16 and bf16, the
  /// FP32 one for fp32 and tf32 (both fp32 data; each relative to its own peak).
  public func computeEfficiency(precision: Precision) -> Double {
    precision.isHalfWidth ? computeEfficiencyFP16 : computeEfficiencyFP32
  }

  /// Sets the compute efficiency `computeEfficiency(precision:)` reads for `precision`.
  public mutating func setComputeEfficiency(_ value: Double, for precision: Precision) {
    if precision.isHalfWidth { computeEfficiencyFP16 = value } else { computeEfficiencyFP32 = value }
  }
}

/// Estimates a forward pass on a GPU that is not present, from the graph's per-op work and the
/// GPU's datasheet figures:
///
///     t(b) = Σ_ops max(FLOPs / (peak × e_c), bytes / (BW × e_m)) + launches × t_launch + t_fixed
///
/// `peak` is the precision's own: the FP32 (CUDA-core, non-tensor) peak for fp32, as the GPU
/// backend runs fp32 (its GEMMs use `CUBLAS_COMPUTE_32F`, no TF32); the TF32 tensor peak for
/// tf32 (the FP32 peak where the GPU has no TF32, e.g. T4); the FP16 tensor peak for fp16 and
/// the BF16 one for bf16 (FP16 where BF16 is missing). Bytes scale with the element size: half
/// at fp16/bf16, full at fp32 and tf32.
public enum RooflineEstimator {
  /// Peak FLOP/s of `gpu` at `precision`.
  public static func peakFLOPS(of gpu: GPUSpec, precision: Precision) -> Double {
    let teraflops: Double
    switch precision {
    case .fp16: teraflops = gpu.fp16TFLOPS
    case .bf16: teraflops = gpu.bf16TFLOPS ?? gpu.fp16TFLOPS
    case .tf32: teraflops = gpu.tf32TFLOPS ?? gpu.fp32TFLOPS
    case .fp32: teraflops = gpu.fp32TFLOPS
    }
    return teraflops * 1e12
  }

  /// Seconds for one forward pass with the given per-op work (fp32 byte counts, scaled here by
  /// `OpCost.scaled(toBytesPerValue:)`, as the GPU calibration does).
  public static func forwardSeconds(
    ops: [OpCost], gpu: GPUSpec, precision: Precision, efficiencies: RooflineEfficiencies
  ) -> Double {
    let peak = peakFLOPS(of: gpu, precision: precision) * efficiencies.computeEfficiency(precision: precision)
    let bandwidth = gpu.bandwidthGBps * 1e9 * efficiencies.memoryEfficiency
    let bytesPerValue = precision.bytesPerElement
    var seconds = efficiencies.perForwardOverheadSeconds
    for op in ops {
      seconds += max(op.flops / peak, op.scaled(toBytesPerValue: bytesPerValue).gpuBytes / bandwidth)
      seconds += Double(op.launches) * efficiencies.launchOverheadSeconds
    }
    return seconds
  }
}
