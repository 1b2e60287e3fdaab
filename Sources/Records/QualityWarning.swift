/// A reason to distrust one measurement point, found from its samples.
///
/// Thresholds and why:
/// - CV above 10%: run-to-run noise that large hides differences between batch sizes.
/// - p99 above 2× the median: a heavy tail (another process, frequency changes, page faults).
/// - First timed run above 3× the median: the warm-up did not reach steady state.
/// - Debug build: Swift is unoptimised and the C kernels run at -O0.
public enum QualityWarning: Equatable, Sendable {
  case highVariation(cv: Double, runs: Int)
  case heavyTail(p99OverMedian: Double, runs: Int)
  case firstRunOutlier(firstOverMedian: Double)
  case fewRuns(runs: Int, wanted: Int, maxSeconds: Double)
  case debugBuild

  /// Coefficient of variation above which a point is flagged (10%).
  public static let maximumCV = 0.10
  /// p99 / median ratio above which a point is flagged.
  public static let maximumTailRatio = 2.0
  /// First timed run / median ratio above which the first run counts as an outlier.
  public static let maximumFirstRunRatio = 3.0

  /// The warnings that apply to samples `samplesMs` (in run order) with statistics `stats`.
  public static func check(
    samplesMs: [Double], stats: LatencyStats, wantedRuns: Int, maxSeconds: Double,
    build: BuildConfiguration
  ) -> [QualityWarning] {
    var warnings: [QualityWarning] = []
    if stats.cv > maximumCV { warnings.append(.highVariation(cv: stats.cv, runs: samplesMs.count)) }
    if stats.medianMs > 0, stats.p99Ms > maximumTailRatio * stats.medianMs {
      warnings.append(.heavyTail(p99OverMedian: stats.p99Ms / stats.medianMs, runs: samplesMs.count))
    }
    if let first = samplesMs.first, samplesMs.count > 1, stats.medianMs > 0,
      first > maximumFirstRunRatio * stats.medianMs
    {
      warnings.append(.firstRunOutlier(firstOverMedian: first / stats.medianMs))
    }
    if samplesMs.count < wantedRuns {
      warnings.append(.fewRuns(runs: samplesMs.count, wanted: wantedRuns, maxSeconds: maxSeconds))
    }
    if build == .debug { warnings.append(.debugBuild) }
    return warnings
  }

  /// Short form for the table's `warnings` column (joined with "; ").
  public var summary: String {
    switch self {
    case let .highVariation(cv, runs): "CV \(percent(cv)) over \(runs) runs"
    case let .heavyTail(ratio, runs): "p99 \(times(ratio)) median over \(runs) runs"
    case let .firstRunOutlier(ratio): "first run \(times(ratio)) median"
    case let .fewRuns(runs, wanted, _): "only \(runs) of \(wanted) runs within --max-time"
    case .debugBuild: "debug build: not representative; use -c release"
    }
  }

  /// Full sentence for stderr, with a hint that fits.
  public var messageWithHint: String {
    switch self {
    case .highVariation:
      "\(summary) (above 10%); close other programs or raise --min-time (on a CPU, also try fewer --threads than cores)."
    case .heavyTail:
      "\(summary) (above 2×); close other programs or raise --min-time to see whether the tail persists."
    case .firstRunOutlier:
      "\(summary) (above 3×): warm-up was too short; raise --min-time or check for page faults."
    case let .fewRuns(_, _, maxSeconds):
      "\(summary) (\(maxSeconds) s); raise --max-time, or lower --max-latency to skip slow batch sizes."
    case .debugBuild:
      "\(summary) (`swift build -c release`, then run .build/release/infer-plan)."
    }
  }

  private func percent(_ x: Double) -> String {
    let tenths = (x * 1000).rounded() / 10
    return "\(tenths)%"
  }

  private func times(_ x: Double) -> String {
    let tenths = (x * 10).rounded() / 10
    return "\(tenths)×"
  }
}
