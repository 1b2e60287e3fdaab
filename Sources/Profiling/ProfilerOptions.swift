/// How the timed runs of one measurement are spaced.
import Records

public enum Pacing: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// Each run starts as soon as the previous one ends (the classic benchmark).
  case backToBack
  /// Each timed run follows an idle gap of `idleGapSeconds` (the core sleeps), as requests
  /// arriving at rate λ on an idle server see (gap ≈ 1/λ − service time). Only the run is
  /// timed, never the gap.
  case paced(idleGapSeconds: Double)

  /// The table's `mode` column for this pacing.
  public var mode: MeasurementMode {
    switch self {
    case .backToBack: .backToBack
    case .paced: .paced
    }
  }

  /// The table's `idle_gap_s` column: 0 for back-to-back.
  public var idleGapSeconds: Double {
    switch self {
    case .backToBack: 0
    case .paced(let gap): gap
    }
  }

  public var description: String {
    switch self {
    case .backToBack: "back-to-back"
    case .paced(let gap): "paced (\(gap * 1000) ms gap)"
    }
  }
}

/// What the profiler measures and how long it spends on each point.
///
/// Defaults (docs/profiling.md): at least 3 warm-ups and 0.2 s of them (enough for caches, the
/// branch predictor and CPU frequency to settle), then timed runs until at least 10 runs
/// **and** 1 s, so a p90 rests on several samples and short passes average over scheduler
/// noise; capped at 10 s per point so a slow batch size cannot stall the sweep.
public struct ProfilerOptions: Equatable, Sendable {
  /// 1, 2, 4, …, 256: powers of two cover the batch sizes a server uses with few points.
  public static let defaultBatchSizes = [1, 2, 4, 8, 16, 32, 64, 128, 256]
  /// `--quick` batch sizes: every fourth power, still spanning 1…256.
  public static let quickBatchSizes = [1, 4, 16, 64, 256]

  /// Batch sizes in the order measured (ascending, so the stopping rules make sense).
  public var batchSizes: [Int] = ProfilerOptions.defaultBatchSizes
  /// Tokens per sequence for encoders (0 for MLPs, which have none).
  public var sequenceLength: Int = 0
  public var warmupRuns: Int = 3
  public var warmupSeconds: Double = 0.2
  /// Timed runs continue until both `minRuns` and `minSeconds` are reached…
  public var minRuns: Int = 10
  public var minSeconds: Double = 1
  /// …or until `maxSeconds` (per point and mode) or `maxRuns` is hit, whichever comes first.
  public var maxSeconds: Double = 10
  /// Bounds the samples kept per point (and the sidecar's size) for very fast passes.
  public var maxRuns: Int = 100_000
  /// The sweep stops after the first batch size whose median exceeds this.
  public var maxLatencySeconds: Double = 2
  /// Spacings measured at each batch size; each gives its own row.
  public var pacings: [Pacing] = [.backToBack]

  public init() {}

  /// Options for `--quick`: a small model's sweep in about 5 s (fewer batch sizes, 0.1 s
  /// per point, 0.05 s of warm-up). Statistics rest on fewer samples; use for smoke tests.
  public static var quick: ProfilerOptions {
    var options = ProfilerOptions()
    options.batchSizes = quickBatchSizes
    options.warmupSeconds = 0.05
    options.minSeconds = 0.1
    options.maxSeconds = 1
    return options
  }

  /// Checks every field; the command calls this before any slow work.
  /// - Throws: `ProfilerError.invalidOption` naming the field, what it was and what is allowed.
  public func validate() throws {
    func fail(_ field: String, _ found: String, _ allowed: String) -> ProfilerError {
      .invalidOption(field: field, found: found, allowed: allowed)
    }
    if batchSizes.isEmpty { throw fail("batch sizes", "none", "at least one batch size, e.g. 1,8,32") }
    if let bad = batchSizes.first(where: { $0 < 1 }) {
      throw fail("batch size", "\(bad)", "whole numbers of 1 or more")
    }
    if sequenceLength < 0 { throw fail("sequence length", "\(sequenceLength)", "0 or more") }
    if warmupRuns < 0 { throw fail("warm-up runs", "\(warmupRuns)", "0 or more") }
    if minRuns < 1 { throw fail("minimum runs", "\(minRuns)", "1 or more") }
    if maxRuns < minRuns { throw fail("maximum runs", "\(maxRuns)", "at least the minimum runs (\(minRuns))") }
    for (field, value) in [
      ("warm-up time", warmupSeconds), ("--min-time", minSeconds), ("--max-time", maxSeconds),
    ] where !(value.isFinite && value >= 0) {
      throw fail(field, "\(value) s", "a finite duration of 0 or more")
    }
    if maxSeconds < minSeconds {
      throw fail("--max-time", "\(maxSeconds) s", "at least --min-time (\(minSeconds) s)")
    }
    if !(maxLatencySeconds > 0) {
      throw fail("--max-latency", "\(maxLatencySeconds) s", "a duration above 0")
    }
    if pacings.isEmpty { throw fail("modes", "none", "back-to-back and/or paced gaps") }
    for case .paced(let gap) in pacings where !(gap.isFinite && gap >= 0 && gap <= 60) {
      throw fail("--paced", "\(gap) s", "gaps between 0 and 60 s")
    }
  }
}

extension Pacing {
  /// The pacing that matches Poisson arrivals at `requestsPerSecond` on one replica: an idle
  /// gap of 1/λ. With Poisson arrivals an idle period is exponential with mean 1/λ whatever the
  /// service time (arrivals are memoryless), so 1/λ is the mean idle time a request that finds
  /// the replica idle has just seen. Returns nil for a rate that is not positive and finite.
  public static func matching(requestsPerSecond: Double) -> Pacing? {
    guard requestsPerSecond.isFinite, requestsPerSecond > 0 else { return nil }
    return .paced(idleGapSeconds: (1e9 / requestsPerSecond).rounded() / 1e9)
  }
}
