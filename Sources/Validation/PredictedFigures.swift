import CostModel

/// A predicted set of figures with its band.
public struct PredictedFigures: Sendable, Equatable {
  public var p50: Double
  public var p90: Double
  public var p99: Double
  public var throughput: Double
  public var utilization: Double
  public var meanBatchSize: Double
  /// The band a live run should land in (see `SimulationResult.band`).
  public var p50Low: Double
  public var p50High: Double
  public var p99Low: Double
  public var p99High: Double
  /// What the prediction rests on.
  public var basis: String

  /// The figures of a stable simulation result; nil when it was unstable.
  public init?(_ result: SimulationResult) {
    guard result.stable, let p50 = result.p50, let p90 = result.p90, let p99 = result.p99,
      let p50Band = result.band(p50), let p99Band = result.band(p99)
    else { return nil }
    self.p50 = p50.value
    self.p90 = p90.value
    self.p99 = p99.value
    throughput = result.throughput
    utilization = result.utilization
    meanBatchSize = result.meanBatchSize
    p50Low = p50Band.low
    p50High = p50Band.high
    p99Low = p99Band.low
    p99High = p99Band.high
    basis = p99Band.basis
  }

  /// Whether `observed` lies in the p99 band.
  public func p99BandHolds(_ observed: Double) -> Bool { observed >= p99Low && observed <= p99High }
}
