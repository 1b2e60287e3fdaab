import Records
import Testing


@Suite("LatencyStats (profiler)")
struct LatencyStatsTests {
  /// Samples → (min, median, mean, p90, p99, max, stddev), computed by hand:
  /// nearest rank = sorted[ceil(q·n/100) − 1]; stddev with n − 1.
  static let cases: [([Double], [Double])] = [
    // n = 1: every statistic is the sample, stddev 0.
    ([7], [7, 7, 7, 7, 7, 7, 0]),
    // [1,2,3,4]: median (2+3)/2; p90 rank ceil(3.6) = 4; stddev √((2.25+0.25+0.25+2.25)/3) = √(5/3).
    ([4, 1, 3, 2], [1, 2.5, 2.5, 4, 4, 4, (5.0 / 3).squareRoot()]),
    // 1…10: p90 rank 9 → 9; p99 rank ceil(9.9) = 10; stddev √(82.5/9).
    ([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], [1, 5.5, 5.5, 9, 10, 10, (82.5 / 9).squareRoot()]),
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x−5)² = 32, stddev √(32/7); p90 rank ceil(7.2) = 8.
    ([2, 4, 4, 4, 5, 5, 7, 9], [2, 4.5, 5, 9, 9, 9, (32.0 / 7).squareRoot()]),
  ]

  @Test("statistics match hand-computed values", arguments: cases)
  func handComputed(samples: [Double], expected: [Double]) throws {
    let stats = try #require(LatencyStats(samplesMs: samples))
    let got = [stats.minMs, stats.medianMs, stats.meanMs, stats.p90Ms, stats.p99Ms, stats.maxMs, stats.stddevMs]
    for (value, want) in zip(got, expected) { #expect(abs(value - want) <= 1e-12 * max(1, abs(want))) }
    #expect(abs(stats.cv - (stats.meanMs > 0 ? stats.stddevMs / stats.meanMs : 0)) <= 1e-15)
  }

  @Test("no samples, no statistics")
  func empty() {
    #expect(LatencyStats(samplesMs: []) == nil)
  }
}

@Suite("QualityWarning (profiler)")
struct QualityWarningTests {
  /// Samples in run order → warning summaries. Hand computation for the first case:
  /// [10, 1×9]: median 1, mean 1.9, stddev √(72.9/9) = 2.846, CV 149.8%, p99 = 10 = 10× median.
  static let cases: [([Double], BuildConfiguration, [String])] = [
    ([10, 1, 1, 1, 1, 1, 1, 1, 1, 1], .release,
     ["CV 149.8% over 10 runs", "p99 10.0× median over 10 runs", "first run 10.0× median"]),
    ([1, 1, 1, 1, 1, 1, 1, 1, 1, 10], .release, ["CV 149.8% over 10 runs", "p99 10.0× median over 10 runs"]),
    ([1, 1.05, 0.95, 1, 1, 1, 1, 1, 1, 1], .release, []),
    ([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], .debug, ["debug build: not representative; use -c release"]),
    ([1, 1, 1], .release, ["only 3 of 10 runs within --max-time"]),
  ]

  @Test("warnings found from samples", arguments: cases)
  func warnings(samples: [Double], build: BuildConfiguration, expected: [String]) throws {
    let stats = try #require(LatencyStats(samplesMs: samples))
    let found = QualityWarning.check(samplesMs: samples, stats: stats, wantedRuns: 10, maxSeconds: 10, build: build)
    #expect(found.map(\.summary) == expected)
  }
}
