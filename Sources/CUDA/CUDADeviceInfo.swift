/// What the driver reports about one GPU, plus the peaks computed from it.
public struct CUDADeviceInfo: Sendable, Equatable {
  /// Index among the visible devices (after `CUDA_VISIBLE_DEVICES`).
  public var ordinal: Int
  public var name: String
  public var memoryBytes: Int
  public var multiprocessorCount: Int
  /// Boost clock of the SMs in kHz (`CU_DEVICE_ATTRIBUTE_CLOCK_RATE`).
  public var clockRateKilohertz: Int
  /// Memory clock in kHz (`CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE`).
  public var memoryClockRateKilohertz: Int
  public var memoryBusWidthBits: Int
  public var l2CacheBytes: Int
  public var computeCapabilityMajor: Int
  public var computeCapabilityMinor: Int

  public init(
    ordinal: Int, name: String, memoryBytes: Int, multiprocessorCount: Int,
    clockRateKilohertz: Int, memoryClockRateKilohertz: Int, memoryBusWidthBits: Int,
    l2CacheBytes: Int, computeCapabilityMajor: Int, computeCapabilityMinor: Int
  ) {
    self.ordinal = ordinal
    self.name = name
    self.memoryBytes = memoryBytes
    self.multiprocessorCount = multiprocessorCount
    self.clockRateKilohertz = clockRateKilohertz
    self.memoryClockRateKilohertz = memoryClockRateKilohertz
    self.memoryBusWidthBits = memoryBusWidthBits
    self.l2CacheBytes = l2CacheBytes
    self.computeCapabilityMajor = computeCapabilityMajor
    self.computeCapabilityMinor = computeCapabilityMinor
  }

  /// "9.0".
  public var computeCapability: String { "\(computeCapabilityMajor).\(computeCapabilityMinor)" }
  /// "sm_90": the instruction set the PTX is JIT-compiled for.
  public var instructionSet: String { "sm_\(computeCapabilityMajor)\(computeCapabilityMinor)" }

  /// FP32 lanes per SM: 64 on compute capability 6.0, 7.x and 8.0 (V100, T4, A100), 128 on the
  /// others (6.1, 8.6, 8.9, 9.0 and newer): CUDA C++ Programming Guide, "Arithmetic
  /// Instructions" throughput table (https://docs.nvidia.com/cuda/cuda-c-programming-guide/).
  /// It reproduces NVIDIA's published FP32 peaks, e.g. H100 SXM 132 × 128 × 2 × 1.98 GHz = 66.9
  /// TFLOP/s, which `infer-plan devices` printed from an H200's attributes
  /// (Benchmarks/measurements/h200-devices.txt).
  public var fp32LanesPerMultiprocessor: Int {
    switch (computeCapabilityMajor, computeCapabilityMinor) {
    case (6, 0), (7, _), (8, 0): 64
    default: 128
    }
  }

  /// Peak FP32 FLOP/s = SMs × lanes × 2 (an FMA is two FLOPs) × clock.
  public var peakFP32FlopsPerSecond: Double {
    Double(multiprocessorCount) * Double(fp32LanesPerMultiprocessor) * 2
      * Double(clockRateKilohertz) * 1000
  }

  /// Peak DRAM bandwidth in bytes/s = 2 (double data rate) × memory clock × bus width / 8
  /// (A100-40GB: 2 × 1215 MHz × 5120 bit / 8 = 1.555 TB/s, its datasheet figure).
  public var peakBandwidthBytesPerSecond: Double {
    2 * Double(memoryClockRateKilohertz) * 1000 * Double(memoryBusWidthBits) / 8
  }
}

extension CUDADeviceInfo {
  /// Dense tensor-core FP16 FLOPs per clock per SM, by compute capability: 1024 on 7.x, 8.6
  /// and 8.9, 2048 on 8.0, 4096 on 9.0 — derived from NVIDIA's published dense FP16 peaks, SM
  /// counts and clocks (https://www.nvidia.com/en-us/data-center/a100/: 312 TF / (108 SMs ×
  /// 1.41 GHz) = 2048; https://www.nvidia.com/en-us/data-center/tesla-t4/: 65 TF / (40 SMs ×
  /// 1.59 GHz) = 1024; H100 SXM's 989 TF over 132 SMs is 4096 at 1.83 GHz, so with its 1.98 GHz
  /// boost attribute this gives ~8% more). 0 for unknown (newer) GPUs, which then fall back to
  /// the FP32 peak.
  var tensorFlopsPerClockPerMultiprocessor: Int {
    switch (computeCapabilityMajor, computeCapabilityMinor) {
    case (7, _), (8, 6), (8, 7), (8, 9): 1024
    case (8, 0): 2048
    case (9, 0): 4096
    default: 0
    }
  }

  /// The peak the roofline uses for `precision`: the FP32 peak for fp32 (and for TF32/BF16
  /// where the GPU lacks them, i.e. before 8.0); the tensor peak for fp16 (and bf16 from 8.0);
  /// half of it for tf32.
  public func peakFlopsPerSecond(for precision: CUDAPrecision) -> Double {
    let tensor = Double(multiprocessorCount * tensorFlopsPerClockPerMultiprocessor)
      * Double(clockRateKilohertz) * 1000
    let ampereOrNewer = computeCapabilityMajor >= 8
    switch precision {
    case .fp32: return peakFP32FlopsPerSecond
    case .tf32: return ampereOrNewer && tensor > 0 ? tensor / 2 : peakFP32FlopsPerSecond
    case .fp16: return tensor > 0 ? tensor : peakFP32FlopsPerSecond
    case .bf16: return ampereOrNewer && tensor > 0 ? tensor : peakFP32FlopsPerSecond
    }
  }
}
