/// Where an option's latency figure comes from (one enum in the report, CSV and JSON).
///
/// - `measured`: a measurement row for exactly this hardware (or `local`, this machine).
/// - `projected`: another CPU of the same architecture family, moved from a measurement with the
///   compute + memory + overhead model fitted on the measuring host (see `CPUProjection`).
/// - `estimated`: from specifications only: the GPU roofline with default efficiencies, or a CPU of
///   another architecture family (e.g. Arm from an x86 measurement), never called projected.
/// - `calibrated`: the GPU roofline with efficiencies and launch overhead fitted to GPU
///   measurement rows (`RooflineCalibration`, or the rows' own calibration columns).
public enum LatencyLabel: String, Sendable, Equatable, CaseIterable {
  case measured
  case projected
  case estimated
  case calibrated

  /// Relative spread assumed for a service time with this label before any queueing, used for
  /// the low–high bands. Measured figures use their own coefficient of variation instead (at
  /// least 0.1; 0.3 for back-to-back runs, which ran 6–59% faster than under load on these
  /// machines — docs/latency.md, "What a benchmark table misses"). A projection gets ±50%: the
  /// goal was ±25%, but 2-thread rows projected onto 1 thread of the same CPU (the rule for a
  /// thread count not measured) erred by up to −44% (mlp-large, batch 1, on a 2-vCPU AMD EPYC
  /// Zen 1) and +49% (MiniLM, batch 2, on a Zen 3: `python3 Benchmarks/projection-check.py`,
  /// docs/planning.md "CPU projection"), and
  /// across machines (Zen 1 tables onto a Zen 4) most points land within ±40% but small batches
  /// whose weights fit one CPU's L3 and not the other's miss by up to 5× (no cache term yet;
  /// docs/planning.md "CPU projection"). A calibrated roofline gets ±30% (its worst error
  /// on the H200 it came from is 20%); an uncalibrated estimate ±50% (default efficiencies).
  public var baseRelativeSpread: Double {
    switch self {
    case .measured: 0.1
    case .projected: 0.5
    case .calibrated: 0.3
    case .estimated: 0.5
    }
  }
}
