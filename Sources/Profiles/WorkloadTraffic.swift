import Units

/// The daily traffic a workload file gives.
public enum WorkloadTraffic: Sendable, Equatable {
  /// 24 hourly rates: absolute, they replace the volume.
  case hourly(DailyTraffic)
  /// A named shape: it scales the volume (the file's or `--volume`) as its mean.
  case shape(TrafficShape, peakToMean: Double)

  /// The day for a mean of `requestsPerSecond` (ignored for hourly rates).
  public func day(meanRequestsPerSecond: Double) throws -> DailyTraffic {
    switch self {
    case .hourly(let day): day
    case let .shape(shape, ratio): try shape.day(meanRequestsPerSecond: meanRequestsPerSecond, peakToMean: ratio)
    }
  }
}
