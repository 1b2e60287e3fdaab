import CostModel
import Records

/// Signed relative error: (predicted − observed) / observed.
public func relativeError(predicted: Double, observed: Double) -> Double {
  observed == 0 ? 0 : (predicted - observed) / observed
}

/// The whole validation: settings, the offline prediction, each repeat, and the summary.
public struct ValidationResult: Sendable, Equatable {
  public var settings: ValidationSettings
  /// From the quick paced profile or given measurements, before any live run.
  /// nil when the offline service times put full-batch load at 1 or more (`offlineUnstableUtilization`);
  /// the live runs still happen, since the machine may do better than the profile said.
  public var predictedOffline: PredictedFigures?
  /// The offline full-batch load when it was unstable, else nil.
  public var offlineUnstableUtilization: Double?
  public var repeats: [RepeatResult]
  /// Warnings for stderr (repeats disagree, late client, …).
  public var warnings: [String]
  /// Mean pass of a batch of 1 in the offline service-time model (before idle slowdown and
  /// request-path delay), to set beside the observed pass times.
  public var offlineMeanPassSeconds: Double = 0

  /// Median over repeats of each observed figure.
  public var medianObserved: (p50: Double, p90: Double, p99: Double, throughput: Double) {
    func median(_ values: [Double]) -> Double { Quantiles.median(values) ?? 0 }
    return (
      median(repeats.map(\.observed.p50)), median(repeats.map(\.observed.p90)),
      median(repeats.map(\.observed.p99)), median(repeats.map(\.observed.throughput))
    )
  }

  /// Median over repeats of the calibrated prediction (nil with a single repeat).
  public var medianCalibrated: (p50: Double, p99: Double)? {
    let predictions = repeats.compactMap(\.predictedCalibrated)
    guard !predictions.isEmpty else { return nil }
    return (Quantiles.median(ofSorted: predictions.map(\.p50).sorted()), Quantiles.median(ofSorted: predictions.map(\.p99).sorted()))
  }

  /// Repeats whose observed p99 lies in the offline prediction's p99 band.
  public var p99BandHits: Int {
    guard let predictedOffline else { return 0 }
    return repeats.filter { predictedOffline.p99BandHolds($0.observed.p99) }.count
  }
}
