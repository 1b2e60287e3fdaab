/// Statistics from raw samples, with the definitions documented on `LatencyStats`.
extension LatencyStats {
  /// Computes the statistics of `samplesMs` (latencies in milliseconds, any order).
  ///
  /// - Percentiles: nearest rank on the sorted samples, `pq = sorted[ceil(q·n/100) − 1]`, and
  ///   the median: both as `Quantiles` defines them.
  /// - Standard deviation: the sample form, `sqrt(Σ(x − mean)² / (n − 1))`; 0 when n = 1.
  /// - CV (coefficient of variation): stddev / mean; 0 when the mean is 0.
  ///
  /// Returns nil for an empty sample list (a point with no timed run has no statistics).
  public init?(samplesMs: [Double]) {
    guard !samplesMs.isEmpty else { return nil }
    let sorted = samplesMs.sorted()
    let n = sorted.count
    let mean = sorted.reduce(0, +) / Double(n)
    var squares = 0.0
    for x in sorted { squares += (x - mean) * (x - mean) }
    let stddev = n > 1 ? (squares / Double(n - 1)).squareRoot() : 0
    self.init(
      minMs: sorted[0], medianMs: Quantiles.median(ofSorted: sorted), meanMs: mean,
      p90Ms: Quantiles.nearestRank(0.90, ofSorted: sorted), p99Ms: Quantiles.nearestRank(0.99, ofSorted: sorted),
      maxMs: sorted[n - 1], stddevMs: stddev, cv: mean > 0 ? stddev / mean : 0)
  }

}
