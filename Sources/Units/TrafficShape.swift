import Foundation

/// A named daily traffic shape, scaled so that its mean is the workload's volume and its peak is
/// `peak_to_mean` times that.
///
/// - `flat`: the same rate all day (peak_to_mean must be 1).
/// - `diurnal`: one smooth daily wave peaking at 14:00 UTC, `w(m) = exp(k·(cos(2π(m − 840)/1440) − 1))`
///   per minute m, with k found by bisection so that max ÷ mean is `peak_to_mean` (k = 0 is flat;
///   the ratio grows without bound with k, so any ratio up to `highestPeakToMean` is reachable).
/// - `business-hours`: one rate from 09:00 to 17:00 UTC, a lower one the other 16 hours; the
///   peak is the business-hours rate, so `peak_to_mean` ≤ 3 (the night rate is then 0).
///
/// Why these: a daily wave and an office-hours plateau are the two patterns most public traces
/// of interactive services show; anything else can be given as 24 hourly rates or a request log.
public enum TrafficShape: String, Sendable, CaseIterable {
  case flat
  case diurnal
  case businessHours = "business-hours"

  /// Highest peak ÷ mean accepted for `diurnal` (a one-hour spike is about 24).
  public static let highestPeakToMean = 100.0

  /// The shape's name as written in a workload file; nil for an unknown name.
  public init(named name: String) throws {
    guard let shape = TrafficShape(rawValue: name) else {
      throw TrafficError.unknownShape(name, known: Self.allCases.map(\.rawValue))
    }
    self = shape
  }

  /// Largest `peak_to_mean` this shape can take.
  public var highestPeakToMean: Double {
    switch self {
    case .flat: 1
    case .diurnal: Self.highestPeakToMean
    case .businessHours: 3
    }
  }

  /// The day with mean `meanRequestsPerSecond` and max ÷ mean = `peakToMean`.
  /// - Throws: `TrafficError.badPeakToMean` outside 1…`highestPeakToMean`, or a rate error.
  public func day(meanRequestsPerSecond mean: Double, peakToMean: Double) throws -> DailyTraffic {
    guard peakToMean.isFinite, peakToMean >= 1, peakToMean <= highestPeakToMean * (1 + 1e-12) else {
      throw TrafficError.badPeakToMean(shape: rawValue, value: peakToMean, highest: highestPeakToMean)
    }
    let weights: [Double]
    switch self {
    case .flat:
      weights = [Double](repeating: 1, count: DailyTraffic.minutes)
    case .diurnal:
      weights = Self.diurnalWeights(peakToMean: peakToMean)
    case .businessHours:
      let night = (24 - 8 * peakToMean) / 16
      weights = (0..<DailyTraffic.minutes).map { (540..<1020).contains($0) ? peakToMean : max(0, night) }
    }
    let scale = mean / (weights.reduce(0, +) / Double(weights.count))
    let described = self == .flat ? "shape flat" : "shape \(rawValue), peak \(String(format: "%g", peakToMean))× the mean"
    return try DailyTraffic(minuteRates: weights.map { $0 * scale }, origin: described)
  }

  /// Per-minute weights of the daily wave whose max ÷ mean is `peakToMean` (peak weight 1).
  static func diurnalWeights(peakToMean: Double) -> [Double] {
    func weights(_ k: Double) -> [Double] {
      (0..<DailyTraffic.minutes).map { exp(k * (cos(2 * Double.pi * Double($0 - 840) / 1440) - 1)) }
    }
    func ratio(_ k: Double) -> Double {
      let w = weights(k)
      return 1 / (w.reduce(0, +) / Double(w.count))
    }
    guard peakToMean > 1 + 1e-12 else { return weights(0) }
    var low = 0.0, high = 1.0
    while ratio(high) < peakToMean, high < 1e6 { high *= 2 }
    for _ in 0..<60 {
      let middle = (low + high) / 2
      if ratio(middle) < peakToMean { low = middle } else { high = middle }
    }
    return weights((low + high) / 2)
  }
}
