/// Where an option's latency figure comes from (one enum in the report, CSV and JSON).
///
/// - `measured`: a measurement row for exactly this hardware (or `local`, this machine).
/// - `projected`: another CPU of the same architecture family, scaled from a measurement by
///   per-core peak and cores used (see `CPUProjection`).
/// - `estimated`: from specifications only: the GPU roofline with default efficiencies, or a CPU of
///   another architecture family (e.g. Arm from an x86 measurement), never called projected.
/// - `calibrated`: the GPU roofline with efficiencies and launch overhead taken from a GPU
///   measurement row (`computeEfficiency`, `memoryEfficiency`, `launchOverheadSeconds`).
public enum LatencyLabel: String, Sendable, Equatable, CaseIterable {
  case measured
  case projected
  case estimated
  case calibrated

  /// Relative spread assumed for a service time with this label before any queueing, used for
  /// the low–high bands. Measured figures use their own coefficient of variation instead (at
  /// least 0.1; 0.3 for back-to-back runs, which ran 6–59% faster than under load on these
  /// machines — docs/latency.md, "What a benchmark table misses"). Projection across CPUs of one
  /// family is assumed good to about ±25%; a calibrated roofline to about ±30%; an uncalibrated
  /// estimate only to about ±50% (its efficiencies are defaults; the H200 calibration in
  /// Benchmarks/measurements/h200-*.csv fitted fp16 compute efficiencies from 0.34 to 1.0).
  public var baseRelativeSpread: Double {
    switch self {
    case .measured: 0.1
    case .projected: 0.25
    case .calibrated: 0.3
    case .estimated: 0.5
    }
  }
}
