import CostModel

/// What one live repeat showed.
public struct ObservedFigures: Sendable, Equatable {
  /// Latency from scheduled arrival to the end of the request's batch, seconds (nearest rank).
  public var p50: Double
  public var p90: Double
  public var p99: Double
  public var mean: Double
  /// Requests served per second over the run.
  public var throughput: Double
  /// Share of the run the replica spent in forward passes.
  public var utilization: Double
  public var meanBatchSize: Double
  /// Requests counted (after the warm-up share) and served in all.
  public var countedRequests: Int
  public var servedRequests: Int
  /// How late the client sent, seconds: median and p99.
  public var latenessP50: Double
  public var latenessP99: Double
  /// Median and mean forward-pass time of the batches (seconds), and the median and p99
  /// request-path delay per batch (`Validator.requestPathDelays`): where the latency went.
  public var passP50: Double = 0
  public var passMean: Double = 0
  public var requestPathDelayP50: Double = 0
  public var requestPathDelayP99: Double = 0
}

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

/// One repeat: observed, and the calibrated prediction from the other repeats' service times.
public struct RepeatResult: Sendable, Equatable {
  /// 1-based.
  public var number: Int
  public var observed: ObservedFigures
  public var predictedCalibrated: PredictedFigures?
  /// Service time of every batch as the request path saw it (pass + request-path delay, see
  /// `Validator.effectiveServiceSequences`), in the order run, by batch size (seconds).
  public var serviceSequences: [Int: [Double]]
}

/// Signed relative error: (predicted − observed) / observed.
public func relativeError(predicted: Double, observed: Double) -> Double {
  observed == 0 ? 0 : (predicted - observed) / observed
}

/// The whole validation: settings, the offline prediction, each repeat, and the summary.
public struct ValidationResult: Sendable, Equatable {
  public var settings: ValidationSettings
  /// From the quick paced profile or given measurements, before any live run.
  public var predictedOffline: PredictedFigures
  public var repeats: [RepeatResult]
  /// Warnings for stderr (repeats disagree, late client, …).
  public var warnings: [String]

  /// Median over repeats of each observed figure.
  public var medianObserved: (p50: Double, p90: Double, p99: Double, throughput: Double) {
    func median(_ values: [Double]) -> Double {
      let sorted = values.sorted()
      guard !sorted.isEmpty else { return 0 }
      return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    return (
      median(repeats.map(\.observed.p50)), median(repeats.map(\.observed.p90)),
      median(repeats.map(\.observed.p99)), median(repeats.map(\.observed.throughput))
    )
  }

  /// Median over repeats of the calibrated prediction (nil with a single repeat).
  public var medianCalibrated: (p50: Double, p99: Double)? {
    let predictions = repeats.compactMap(\.predictedCalibrated)
    guard !predictions.isEmpty else { return nil }
    let p50 = predictions.map(\.p50).sorted(), p99 = predictions.map(\.p99).sorted()
    func median(_ sorted: [Double]) -> Double {
      sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    return (median(p50), median(p99))
  }

  /// Repeats whose observed p99 lies in the offline prediction's p99 band.
  public var p99BandHits: Int { repeats.filter { predictedOffline.p99BandHolds($0.observed.p99) }.count }
}
