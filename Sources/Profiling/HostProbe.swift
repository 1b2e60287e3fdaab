import CKernels
import Kernels

/// This machine's measured compute and memory speed: the figures the planner uses to project
/// a measurement to another CPU (per-core FP32 peak × physical cores) and for rooflines.
public struct HostProbe: Equatable, Sendable {
  public var cpu: CPUInfo
  /// Instruction set the peak was measured with ("avx512", "avx2", "scalar").
  public var instructionSet: String
  /// Single-thread FP32 peak in GFLOP/s (an FMA loop; see `ip_probe_fma_gflops`).
  public var perCoreGFLOPS: Double
  /// STREAM-style copy bandwidth in GB/s (10^9 B/s, read + write), using `bandwidthThreads`.
  public var bandwidthGBps: Double
  public var bandwidthThreads: Int

  public init(cpu: CPUInfo, instructionSet: String, perCoreGFLOPS: Double, bandwidthGBps: Double, bandwidthThreads: Int) {
    self.cpu = cpu
    self.instructionSet = instructionSet
    self.perCoreGFLOPS = perCoreGFLOPS
    self.bandwidthGBps = bandwidthGBps
    self.bandwidthThreads = bandwidthThreads
  }

  /// Physical cores (the unit projection scales by).
  public var physicalCores: Int { cpu.physicalCores }

  /// Whole-CPU FP32 peak: per-core peak × physical cores (SMT siblings share one FPU).
  public var peakGFLOPS: Double { perCoreGFLOPS * Double(cpu.physicalCores) }

  /// Bytes per array of the copy probe: 64 MiB, larger than the last-level cache of most
  /// CPUs a slice of which one core sees, so the copy streams from DRAM.
  public static let copyBytesPerArray = 64 << 20

  /// Measures the per-core peak with `instructionSet` and the copy
  /// bandwidth with one thread per physical core, each for about `seconds` (0.1–0.3 s is
  /// enough: the best ~10 ms window / best pass counts).
  /// - Returns: nil if this CPU cannot run `instructionSet` or the copy buffers can't be allocated.
  public static func measure(cpu: CPUInfo, instructionSet: InstructionSet, seconds: Double = 0.2) -> HostProbe? {
    let gflops = ip_probe_fma_gflops(instructionSet.cValue, seconds)
    let threads = max(1, cpu.physicalCores)
    let bandwidth = ip_probe_copy_gbps(copyBytesPerArray, Int32(threads), seconds)
    guard gflops > 0, bandwidth > 0 else { return nil }
    return HostProbe(
      cpu: cpu, instructionSet: instructionSet.rawValue, perCoreGFLOPS: gflops,
      bandwidthGBps: bandwidth, bandwidthThreads: threads)
  }
}
