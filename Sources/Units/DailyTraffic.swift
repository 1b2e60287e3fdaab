import Foundation

/// A day of traffic as 1,440 per-minute request rates (requests per second, minute 0 = 00:00
/// UTC), where it came from, and how bursty it is within a minute.
///
/// Made from 24 hourly rates (`init(hourlyRates:)`, each hour's rate held for its 60 minutes),
/// a named shape scaled to a mean (`TrafficShape.day(meanRequestsPerSecond:peakToMean:)`) or a
/// request log (`RequestLog.parse`). The planner simulates a fleet minute by minute over it and
/// bills the day × (730 ÷ 24).
public struct DailyTraffic: Sendable, Equatable {
  /// Minutes in a day: the length of `minuteRates`.
  public static let minutes = 1440
  /// Highest rate accepted, 10^7 requests/s (about 50× the largest public inference services'
  /// peaks): anything above is a unit mistake (milliseconds read as seconds, /min as /s).
  public static let absurdRequestsPerSecond = 1e7

  /// Requests per second in each minute of the day, 1,440 values.
  public var minuteRates: [Double]
  /// Words for the report: "24 hourly rates", "shape diurnal, peak 3× the mean",
  /// "request log access.log (2 days, 1.2M requests)".
  public var origin: String
  /// Index of dispersion of the per-second counts within each minute (variance ÷ mean; 1 for a
  /// Poisson stream, above 1 when requests come in bursts): only known for a request log.
  public var burstiness: Double?

  /// A day from `minuteRates` (1,440 values, each finite, 0 or more, at most
  /// `absurdRequestsPerSecond`, not all 0).
  /// - Throws: `TrafficError` naming the first bad value.
  public init(minuteRates: [Double], origin: String, burstiness: Double? = nil) throws {
    guard minuteRates.count == Self.minutes else {
      throw TrafficError.wrongCount(what: "per-minute rates", found: minuteRates.count, expected: Self.minutes)
    }
    for (index, rate) in minuteRates.enumerated() {
      try Self.check(rate, at: "minute \(index) (\(Self.clock(minute: index)) UTC)")
    }
    guard minuteRates.contains(where: { $0 > 0 }) else { throw TrafficError.allZero(origin) }
    self.minuteRates = minuteRates
    self.origin = origin
    self.burstiness = burstiness
  }

  /// A day from 24 hourly rates in requests per second, hour 0 = 00:00–01:00 UTC; each hour's
  /// rate holds for its 60 minutes, so a jump between hours is a step the fleet must follow.
  /// - Throws: `TrafficError` when there are not 24, or one is negative, NaN or absurd.
  public init(hourlyRates: [Double]) throws {
    guard hourlyRates.count == 24 else {
      throw TrafficError.wrongCount(what: "hourly rates", found: hourlyRates.count, expected: 24)
    }
    for (hour, rate) in hourlyRates.enumerated() { try Self.check(rate, at: "hour \(hour) (\(Self.clock(minute: hour * 60)) UTC)") }
    try self.init(minuteRates: hourlyRates.flatMap { [Double](repeating: $0, count: 60) }, origin: "24 hourly rates")
  }

  /// Mean rate over the day (requests per second): what `--volume` means.
  public var meanRequestsPerSecond: Double { minuteRates.reduce(0, +) / Double(Self.minutes) }
  /// Highest per-minute rate (requests per second).
  public var peakRequestsPerSecond: Double { minuteRates.max() ?? 0 }
  /// Peak ÷ mean (≥ 1).
  public var peakToMean: Double { peakRequestsPerSecond / max(meanRequestsPerSecond, .leastNonzeroMagnitude) }
  /// Requests in the whole day.
  public var requestsPerDay: Double { meanRequestsPerSecond * 86_400 }

  /// "hh:mm" of a minute of the day.
  public static func clock(minute: Int) -> String {
    String(format: "%02d:%02d", minute / 60, minute % 60)
  }

  static func check(_ rate: Double, at place: String) throws {
    guard rate.isFinite, rate >= 0 else { throw TrafficError.badRate(place: place, value: rate) }
    guard rate <= absurdRequestsPerSecond else { throw TrafficError.absurdRate(place: place, value: rate) }
  }
}
