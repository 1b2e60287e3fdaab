import ModelGraph
import Profiles

/// The figures a GPU roofline estimate rests on.
///
/// The defaults are assumptions, replaced by a GPU measurement where one exists (calibrated).
/// For comparison, `infer-plan profile --devices cuda` on an H200 fitted compute efficiency
/// 0.34–1.0, memory efficiency 0.34–1.0 and launch overhead 4.4–11.3 µs over mlp-large and
/// MiniLM at fp32 and fp16 (Benchmarks/measurements/h200-*.csv; table in docs/planning.md).
/// - `computeEfficiencyFP32` 0.5 and `computeEfficiencyFP16` 0.35: tensor-core GEMMs level off
///   well below their peak at serving batch sizes; FP32 (CUDA cores, or TF32 where present)
///   gets closer to its lower peak.
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

  /// Compute efficiency for a precision ("fp16"/"bf16" use the tensor-core figure).
  public func computeEfficiency(precision: String) -> Double {
    precision == "fp32" ? computeEfficiencyFP32 : computeEfficiencyFP16
  }
}

/// Estimates a forward pass on a GPU that is not present, from the graph's per-op work and the
/// GPU's datasheet figures:
///
///     t(b) = Σ_ops max(FLOPs / (peak × e_c), bytes / (BW × e_m)) + launches × t_launch + t_fixed
///
/// `peak` is the FP16 tensor peak for "fp16", BF16 for "bf16" and, for "fp32", the TF32 tensor
/// peak where the GPU has one (fp32 with TF32 allowed, as the GPU backend runs it) or the FP32
/// peak otherwise (T4). At fp16/bf16 every op moves half the bytes.
public enum RooflineEstimator {
  /// Peak FLOP/s of `gpu` at `precision`.
  public static func peakFLOPS(of gpu: GPUSpec, precision: String) -> Double {
    let teraflops: Double
    switch precision {
    case "fp16": teraflops = gpu.fp16TFLOPS
    case "bf16": teraflops = gpu.bf16TFLOPS ?? gpu.fp16TFLOPS
    default: teraflops = gpu.tf32TFLOPS ?? gpu.fp32TFLOPS
    }
    return teraflops * 1e12
  }

  /// Seconds for one forward pass with the given per-op work (fp32 byte counts, scaled here by
  /// `OpCost.scaled(toBytesPerValue:)`, as the GPU calibration does).
  public static func forwardSeconds(
    ops: [OpCost], gpu: GPUSpec, precision: String, efficiencies: RooflineEfficiencies
  ) -> Double {
    let peak = peakFLOPS(of: gpu, precision: precision) * efficiencies.computeEfficiency(precision: precision)
    let bandwidth = gpu.bandwidthGBps * 1e9 * efficiencies.memoryEfficiency
    let bytesPerValue = precision == "fp32" ? 4 : 2
    var seconds = efficiencies.perForwardOverheadSeconds
    for op in ops {
      seconds += max(op.flops / peak, op.scaled(toBytesPerValue: bytesPerValue).bytes / bandwidth)
      seconds += Double(op.launches) * efficiencies.launchOverheadSeconds
    }
    return seconds
  }
}
