import Records

/// One simulated figure over several replications.
public struct SimulationEstimate: Sendable, Equatable {
  /// Mean over replications (seconds for latencies).
  public var value: Double
  /// 95% confidence interval of `value`: value ∓ t(0.975, K−1) · sd / √K over the K
  /// replications (equal to `value` when K = 1). It says how precisely the simulation pinned the
  /// figure, not how much a live run will vary: see `spreadLow`/`spreadHigh` for that.
  public var low: Double
  public var high: Double
  /// Smallest and largest value of a single replication (the 2.5th/97.5th percentile over
  /// replications when there are 40 or more): how much one run of this length varies.
  public var spreadLow: Double
  public var spreadHigh: Double

  /// Builds the estimate from per-replication values.
  public init(replicationValues values: [Double]) {
    let count = values.count
    let mean = values.reduce(0, +) / Double(max(count, 1))
    value = mean
    if count > 1 {
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)
      let halfWidth = Self.studentT975(degreesOfFreedom: count - 1) * (variance / Double(count)).squareRoot()
      low = mean - halfWidth
      high = mean + halfWidth
    } else {
      low = mean
      high = mean
    }
    let sorted = values.sorted()
    if count >= 40 {
      spreadLow = Quantiles.nearestRank(0.025, ofSorted: sorted)
      spreadHigh = Quantiles.nearestRank(0.975, ofSorted: sorted)
    } else {
      spreadLow = sorted.first ?? mean
      spreadHigh = sorted.last ?? mean
    }
  }

  /// Student's t quantile t(0.975, df): exact table to 30 degrees of freedom, then the normal
  /// 1.96 plus the first-order correction 2.4/df (within 0.3% beyond 30).
  public static func studentT975(degreesOfFreedom df: Int) -> Double {
    let table: [Double] = [
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
      2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ]
    if df >= 1 && df <= table.count { return table[df - 1] }
    return 1.96 + 2.4 / Double(max(df, 1))
  }
}
