/// The machine that measured a row, as the CPU projection needs it: the figures a measured time is
/// transferred from. Written on every row of a schema-2 table (columns `host_cpu_model`,
/// `host_instruction_set`, `host_physical_cores`, `host_per_core_gflops`,
/// `host_memory_bandwidth_gbs`), whatever `--as` says the rows stand for.
///
/// The per-core peak is measured at the row's own `instruction_set` (the level the kernels ran
/// at), so a table measured under `INFER_PLAN_ISA=scalar` carries the scalar-level peak; the
/// bandwidth is a STREAM-style triad over all physical cores (docs/profiling.md).
public struct MeasuringHost: Equatable, Hashable, Sendable {
  /// The CPU brand string, e.g. "AMD EPYC 7551 32-Core Processor".
  public var cpuModel: String
  /// The best level the CPU supports ("avx512", "avx2", "sse2" on x86; "neon" on Arm), which
  /// also names its architecture family (`architecture`).
  public var instructionSet: String
  /// Physical cores (hardware threads of one core share its FMA units).
  public var physicalCores: Int
  /// FP32 GFLOP/s of one core at the row's `instruction_set` (median of several FMA probes).
  public var perCoreGFLOPS: Double
  /// GB/s (10^9 B/s) of a STREAM-style triad running on every physical core.
  public var memoryBandwidthGBps: Double

  public init(
    cpuModel: String, instructionSet: String, physicalCores: Int, perCoreGFLOPS: Double, memoryBandwidthGBps: Double
  ) {
    self.cpuModel = cpuModel
    self.instructionSet = instructionSet
    self.physicalCores = physicalCores
    self.perCoreGFLOPS = perCoreGFLOPS
    self.memoryBandwidthGBps = memoryBandwidthGBps
  }

  /// Whether `other` is the same machine: same CPU, best level and cores. Its measured figures
  /// may differ (each `profile` run probes again), which is why they are left out.
  public func isSameMachine(as other: MeasuringHost) -> Bool {
    cpuModel == other.cpuModel && instructionSet == other.instructionSet && physicalCores == other.physicalCores
  }

  /// One host for rows of one machine (see `isSameMachine`) measured in several runs: the median
  /// of their per-core peaks and of their bandwidths. nil for no hosts.
  public static func combined(_ hosts: [MeasuringHost]) -> MeasuringHost? {
    guard var host = hosts.first, let peak = Quantiles.median(hosts.map(\.perCoreGFLOPS)),
      let bandwidth = Quantiles.median(hosts.map(\.memoryBandwidthGBps))
    else { return nil }
    host.perCoreGFLOPS = peak
    host.memoryBandwidthGBps = bandwidth
    return host
  }

  /// "x86_64" for the x86 levels (`avx512`, `avx2`, `avx`, `sse2`), "arm64" for `neon` and `sve`,
  /// else "unknown" (which matches no family, so a projection from it is only an estimate).
  public var architecture: String {
    switch instructionSet.lowercased() {
    case "avx512", "avx2", "avx", "sse2", "sse4.2": "x86_64"
    case "neon", "sve", "sve2": "arm64"
    default: "unknown"
    }
  }

  /// The brand string without trademarks, core counts and clock: "AMD EPYC 7551 32-Core
  /// Processor" → "AMD EPYC 7551", "Intel(R) Xeon(R) Platinum 8488C CPU @ 2.40GHz" → "Intel Xeon
  /// Platinum 8488C".
  public var shortCPUName: String { Self.shortName(cpuModel) }

  /// `shortCPUName` of any brand string (also used for a CPU row's `device_name`).
  public static func shortName(_ brand: String) -> String {
    var words: [Substring] = []
    for word in brand.replacingOccurrences(of: "(R)", with: "").replacingOccurrences(of: "(TM)", with: "")
      .split(separator: " ")
    {
      if word == "@" { break }
      if word == "CPU" || word == "Processor" || word.hasSuffix("-Core") { continue }
      words.append(word)
    }
    let name = words.joined(separator: " ")
    return name.isEmpty ? brand : name
  }
}
