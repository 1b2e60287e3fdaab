import CKernels
import Kernels
import Records

/// This machine's measured compute and memory speed: the figures a measurement row carries
/// (`MeasuringHost`), from which the planner projects it to other CPUs.
public struct HostProbe: Equatable, Sendable {
  public var cpu: CPUInfo
  /// Instruction set the peak was measured with ("avx512", "avx2", "scalar").
  public var instructionSet: String
  /// Single-thread FP32 peak in GFLOP/s (an FMA loop; see `ip_probe_fma_gflops`).
  public var perCoreGFLOPS: Double
  /// STREAM-style copy bandwidth in GB/s (10^9 B/s, read + write), using `bandwidthThreads`.
  public var bandwidthGBps: Double
  public var bandwidthThreads: Int
  /// STREAM-style triad bandwidth in GB/s over `bandwidthThreads` threads (`ip_probe_triad_gbps`):
  /// the figure the CPU projection uses.
  public var triadGBps: Double

  public init(
    cpu: CPUInfo, instructionSet: String, perCoreGFLOPS: Double, bandwidthGBps: Double, bandwidthThreads: Int,
    triadGBps: Double
  ) {
    self.cpu = cpu
    self.instructionSet = instructionSet
    self.perCoreGFLOPS = perCoreGFLOPS
    self.bandwidthGBps = bandwidthGBps
    self.bandwidthThreads = bandwidthThreads
    self.triadGBps = triadGBps
  }

  /// Physical cores (the unit projection scales by).
  public var physicalCores: Int { cpu.physicalCores }

  /// Whole-CPU FP32 peak: per-core peak × physical cores (SMT siblings share one FPU).
  public var peakGFLOPS: Double { perCoreGFLOPS * Double(cpu.physicalCores) }

  /// Bytes per array of the copy probe: 64 MiB, larger than the last-level cache of most
  /// CPUs a slice of which one core sees, so the copy streams from DRAM.
  public static let copyBytesPerArray = 64 << 20

  /// Bytes per array of the triad: 4 × the last-level cache (STREAM's rule: each array at least
  /// four times the caches), at least 64 MiB and at most 1 GiB.
  public static var triadBytesPerArray: Int {
    min(max(4 * Int(ip_probe_last_level_cache_bytes()), 64 << 20), 1 << 30)
  }

  /// Measures the per-core peak with `instructionSet`, the copy bandwidth and the triad with one
  /// thread per physical core, each for about `seconds` (0.1–0.3 s is enough: the best ~10 ms
  /// window / best pass counts).
  /// - Returns: nil if this CPU cannot run `instructionSet` or the buffers can't be allocated.
  public static func measure(cpu: CPUInfo, instructionSet: InstructionSet, seconds: Double = 0.2) -> HostProbe? {
    let gflops = ip_probe_fma_gflops(instructionSet.cValue, seconds)
    let threads = max(1, cpu.physicalCores)
    let bandwidth = ip_probe_copy_gbps(copyBytesPerArray, Int32(threads), seconds)
    guard gflops > 0, bandwidth > 0, let triad = triad(threads: threads, seconds: seconds) else { return nil }
    return HostProbe(
      cpu: cpu, instructionSet: instructionSet.rawValue, perCoreGFLOPS: gflops,
      bandwidthGBps: bandwidth, bandwidthThreads: threads, triadGBps: triad)
  }

  /// The triad over `threads` threads, halving the arrays (down to 64 MiB) while they cannot be
  /// allocated. nil when even that fails.
  static func triad(threads: Int, seconds: Double) -> Double? {
    var bytes = triadBytesPerArray
    while bytes >= 64 << 20 {
      let rate = ip_probe_triad_gbps(bytes, Int32(threads), seconds)
      if rate > 0 { return rate }
      bytes /= 2
    }
    return nil
  }

  /// The figures written on every row this machine measures with kernels at `instructionSet`:
  /// the per-core peak at that level as the median of `probes` FMA probes of `seconds` each (one
  /// 0.1 s probe varies by ±10% on a shared machine; the median of five steadies it), the triad
  /// over all physical cores, the best level the CPU supports (`hostInstructionSet`).
  /// - Returns: nil if a probe fails (see `measure`).
  public static func measuringHost(
    cpu: CPUInfo, instructionSet: InstructionSet, probes: Int = 5, seconds: Double = 0.1
  ) -> MeasuringHost? {
    let peaks = (0..<max(1, probes)).map { _ in ip_probe_fma_gflops(instructionSet.cValue, seconds) }
    guard peaks.allSatisfy({ $0 > 0 }), let peak = Quantiles.median(peaks),
      let triad = triad(threads: max(1, cpu.physicalCores), seconds: max(seconds, 0.2))
    else { return nil }
    return MeasuringHost(
      cpuModel: cpu.modelName, instructionSet: hostInstructionSet, physicalCores: max(1, cpu.physicalCores),
      perCoreGFLOPS: peak, memoryBandwidthGBps: triad)
  }

  /// The best level this CPU supports, in the words of the hardware profiles' `instruction_set`:
  /// "avx512" or "avx2" (what the kernels detect), else "sse2" on x86-64 (every x86-64 CPU has
  /// it); "neon" on arm64 (every arm64 CPU has it). It also says the architecture family
  /// (`MeasuringHost.architecture`).
  public static var hostInstructionSet: String {
    #if arch(x86_64)
      let best = InstructionSet.detect()
      return best == .scalar ? "sse2" : best.rawValue
    #elseif arch(arm64)
      return "neon"
    #else
      return "unknown"
    #endif
  }
}
