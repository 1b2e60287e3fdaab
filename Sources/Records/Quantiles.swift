/// The one nearest-rank percentile and the one median, used by the profiler, the simulation,
/// validate and gpu-check alike.
///
/// - Nearest rank: `q`-quantile of n sorted samples = the sample at 1-based rank `⌈q·n⌉`,
///   clamped to 1…n (p50 of [1, 2, 3, 4] is 2, p100 the max, p0 the min). It always returns a
///   measured value, never an interpolation. `q·n` is snapped to the nearest whole number when
///   within 10⁻⁹ of it, so a decimal quantile whose binary value is a hair above (0.07 × 100 =
///   7.000000000000001) still gives rank 7, as the exact `⌈percent·n / 100⌉` does.
/// - Median: the middle sample, or the mean of the two middle samples when n is even.
public enum Quantiles {
  /// The nearest-rank `quantile` (0…1) of `sorted` (ascending, not empty).
  public static func nearestRank(_ quantile: Double, ofSorted sorted: [Double]) -> Double {
    precondition(!sorted.isEmpty, "Quantiles.nearestRank needs at least one sample (callers check)")
    let exact = quantile * Double(sorted.count)
    let whole = exact.rounded()
    let rank = abs(exact - whole) <= 1e-9 * max(1, whole) ? whole : exact.rounded(.up)
    return sorted[Int(min(max(rank, 1), Double(sorted.count))) - 1]
  }

  /// The median of `sorted` (ascending, not empty).
  public static func median(ofSorted sorted: [Double]) -> Double {
    precondition(!sorted.isEmpty, "Quantiles.median needs at least one sample (callers check)")
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }

  /// The median of `values` in any order; nil when there are none.
  public static func median(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : median(ofSorted: values.sorted())
  }
}
