import Records

/// Judges rows read from a saved measurements table the way fresh ones are judged: the same
/// quality warnings (`QualityWarning`) from their statistics and samples, and a warning when
/// back-to-back rows are used at a rate whose request gap is far longer than a pass (an idle core
/// runs slower: cold caches, a lower clock; docs/latency.md measured paced passes several times
/// slower than back-to-back ones on small models).
public enum SavedTableReview {
  /// Gap ÷ service time above which back-to-back rows are called unrepresentative.
  public static let idleGapRatio = 10.0

  /// One message per row of `path` that a fresh measurement would have flagged (debug-build rows
  /// too), e.g. "m.csv: cpu batch 1, 2 threads (back-to-back): CV 260.0% over 100 runs (above
  /// 10%); …".
  public static func qualityWarnings(_ rows: [Measurement], path: String) -> [String] {
    rows.flatMap { row in
      QualityWarning.check(savedRow: row).map { warning in
        let device = row.deviceKind == .cpu ? "cpu batch \(row.batchSize), \(row.threads) thread\(row.threads == 1 ? "" : "s")"
          : "\(row.deviceName) \(row.precision.rawValue) batch \(row.batchSize)"
        return "\(path): \(device) (\(row.mode.rawValue)): \(warning.savedRowMessage)"
      }
    }
  }

  /// One message per hardware × device of `rows` that has only back-to-back rows while the
  /// average request gap `1 / requestsPerSecond` exceeds `idleGapRatio` × its fastest median,
  /// naming `--paced` with that gap.
  /// - Parameter profileCommand: the re-profile command without `--paced`, e.g. "infer-plan
  ///   profile --model small.bin --out m.csv".
  public static func idleGapWarnings(
    _ rows: [Measurement], path: String, requestsPerSecond: Double, profileCommand: String
  ) -> [String] {
    guard requestsPerSecond > 0, requestsPerSecond.isFinite else { return [] }
    let gap = 1 / requestsPerSecond
    var order: [String] = []
    var groups: [String: [Measurement]] = [:]
    for row in rows {
      let key = "\(row.hardware)|\(row.deviceKind.rawValue)|\(row.deviceName)"
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(row)
    }
    return order.compactMap { key in
      guard let group = groups[key], group.allSatisfy({ $0.mode == .backToBack }),
        let fastest = group.map(\.stats.medianMs).filter({ $0 > 0 }).min(), gap > idleGapRatio * fastest / 1000
      else { return nil }
      let row = group[0]
      let device = row.deviceKind == .cpu ? "cpu" : row.deviceName
      let gapText = ReadableNumber.shortDuration(gap)
      return "\(path): the \(row.hardware) \(device) rows ran back to back, but at \(ReadableNumber.rate(requestsPerSecond)) "
        + "a request arrives every \(ReadableNumber.duration(gap)), over \(Int(idleGapRatio))× the "
        + "\(ReadableNumber.duration(fastest / 1000)) pass; a core idle between requests runs slower (cold caches, "
        + "lower clock). Measure paced runs: `\(profileCommand) --paced \(gapText)`."
    }
  }

  /// One message per kernel level of `rows`' CPU rows that ran below the best level their host
  /// supports (`INFER_PLAN_ISA` forced it): a projection carries those kernels' speed to other
  /// CPUs, and the per-core peak does not capture it.
  public static func forcedLevelWarnings(_ rows: [Measurement], path: String) -> [String] {
    func rank(_ level: String) -> Int? {
      switch level.lowercased() {
      case "scalar", "sse2": 0
      case "avx2": 1
      case "avx512": 2
      default: nil
      }
    }
    var seen: [String] = []
    for row in rows where row.deviceKind == .cpu {
      guard let host = row.host, let ran = rank(row.instructionSet), let best = rank(host.instructionSet), ran < best
      else { continue }
      let pair = "\(row.instructionSet) on a CPU with \(host.instructionSet)"
      if !seen.contains(pair) { seen.append(pair) }
    }
    return seen.map { pair in
      "\(path): the CPU rows ran at \(pair) (INFER_PLAN_ISA forced it); projections carry those kernels' speed "
        + "to other CPUs, and the per-core peak does not capture it: on a 2-vCPU AMD EPYC (Zen 1) scalar rows "
        + "projected onto the same CPU at avx2 came out 1.6–5.8× slow (docs/planning.md, \"CPU projection\"). "
        + "Profile at the CPU's own level (without INFER_PLAN_ISA) to project."
    }
  }
}

extension QualityWarning {
  /// The warnings a row read from a table earns from what it carries: its CV and p99 ÷ median,
  /// its first sample ÷ median when samples came with it, and a debug build. (Too few runs cannot
  /// be judged: the runs wanted are not stored.)
  public static func check(savedRow row: Measurement) -> [QualityWarning] {
    var warnings = check(
      samplesMs: row.samplesMs, stats: row.stats, wantedRuns: 0, maxSeconds: .infinity,
      build: row.buildConfiguration == BuildConfiguration.debug.rawValue ? .debug : .release)
    // `check` counts runs from the samples; without a sidecar the row's `runs` column says it.
    if row.samplesMs.isEmpty {
      warnings = warnings.map { warning in
        switch warning {
        case .highVariation(let cv, _): .highVariation(cv: cv, runs: row.runs)
        case .heavyTail(let ratio, _): .heavyTail(p99OverMedian: ratio, runs: row.runs)
        default: warning
        }
      }
    }
    return warnings
  }

  /// The sentence for a row read from a table, with a hint to re-measure (the knobs of a fresh
  /// run are gone).
  public var savedRowMessage: String {
    switch self {
    case .highVariation: "\(summary) (above 10%); re-profile on a quiet machine, or with a longer --min-time."
    case .heavyTail: "\(summary) (above 2×); re-profile on a quiet machine to see whether the tail persists."
    case .firstRunOutlier: "\(summary) (above 3×): the warm-up was too short; re-profile with a longer --min-time."
    case .fewRuns: "\(summary); re-profile with a longer --max-time."
    case .debugBuild: "\(summary) (re-profile with a release build: `swift build -c release`)."
    }
  }
}
