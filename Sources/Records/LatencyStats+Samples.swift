/// Statistics from raw samples, with the definitions documented on `LatencyStats`.
extension LatencyStats {
  /// Computes the statistics of `samplesMs` (latencies in milliseconds, any order).
  ///
  /// - Percentiles: nearest rank on the sorted samples, `pq = sorted[ceil(q·n/100) − 1]`
  ///   (computed in integers, so p90 of 10 samples is exactly the 9th, not the 10th because
  ///   of rounding). Nearest rank always returns a measured value, never an interpolation.
  /// - Median: the middle sample, or the mean of the two middle samples when n is even.
  /// - Standard deviation: the sample form, `sqrt(Σ(x − mean)² / (n − 1))`; 0 when n = 1.
  /// - CV (coefficient of variation): stddev / mean; 0 when the mean is 0.
  ///
  /// Returns nil for an empty sample list (a point with no timed run has no statistics).
  public init?(samplesMs: [Double]) {
    guard !samplesMs.isEmpty else { return nil }
    let sorted = samplesMs.sorted()
    let n = sorted.count
    let mean = sorted.reduce(0, +) / Double(n)
    let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    var squares = 0.0
    for x in sorted { squares += (x - mean) * (x - mean) }
    let stddev = n > 1 ? (squares / Double(n - 1)).squareRoot() : 0
    self.init(
      minMs: sorted[0], medianMs: median, meanMs: mean,
      p90Ms: LatencyStats.nearestRank(90, ofSorted: sorted),
      p99Ms: LatencyStats.nearestRank(99, ofSorted: sorted),
      maxMs: sorted[n - 1], stddevMs: stddev, cv: mean > 0 ? stddev / mean : 0)
  }

  /// The nearest-rank `percent`-th percentile of `sorted` (ascending, non-empty):
  /// the sample at 1-based rank `ceil(percent · n / 100)`, clamped to 1…n.
  public static func nearestRank(_ percent: Int, ofSorted sorted: [Double]) -> Double {
    precondition(!sorted.isEmpty, "nearestRank needs at least one sample (caller checks)")
    let n = sorted.count
    let rank = (percent * n + 99) / 100
    return sorted[min(max(rank, 1), n) - 1]
  }
}
