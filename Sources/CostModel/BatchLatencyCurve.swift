/// Service time of one forward pass at one batch size (seconds), before any queueing.
public struct BatchLatencyPoint: Sendable, Equatable {
  public var batchSize: Int
  public var medianSeconds: Double
  public var meanSeconds: Double
  public var p99Seconds: Double
  /// Coefficient of variation (stddev ÷ mean) of the service time.
  public var cv: Double
  /// Timed runs behind the point (0 for an estimate).
  public var runs: Int
  /// Every timed run in seconds, in order (empty for estimates). The serving simulation
  /// resamples these in blocks; the closed form uses only the statistics above.
  public var samplesSeconds: [Double]

  public init(
    batchSize: Int, medianSeconds: Double, meanSeconds: Double, p99Seconds: Double, cv: Double,
    runs: Int = 0, samplesSeconds: [Double] = []
  ) {
    self.batchSize = batchSize
    self.medianSeconds = medianSeconds
    self.meanSeconds = meanSeconds
    self.p99Seconds = p99Seconds
    self.cv = cv
    self.runs = runs
    self.samplesSeconds = samplesSeconds
  }

  /// The point with every time multiplied by `factor` (a CPU projection); cv is unchanged.
  public func scaled(by factor: Double) -> BatchLatencyPoint {
    BatchLatencyPoint(
      batchSize: batchSize, medianSeconds: medianSeconds * factor, meanSeconds: meanSeconds * factor,
      p99Seconds: p99Seconds * factor, cv: cv, runs: runs, samplesSeconds: samplesSeconds.map { $0 * factor })
  }
}

/// Service time as a function of batch size, from points sorted by batch size.
///
/// Between points the figures are interpolated linearly in the batch size (a forward pass costs
/// a fixed part plus a part per row, which is linear); below the smallest point the smallest
/// point's time is used (never less: a smaller batch is not assumed faster than measured), and
/// above the largest point the last segment's slope is extended.
public struct BatchLatencyCurve: Sendable, Equatable {
  public private(set) var points: [BatchLatencyPoint]

  /// - Precondition: at least one point (an invariant of the planner, which never builds an
  ///   empty curve).
  public init(points: [BatchLatencyPoint]) {
    precondition(!points.isEmpty, "BatchLatencyCurve needs at least one point")
    self.points = points.sorted { $0.batchSize < $1.batchSize }
  }

  /// Largest batch size with a point.
  public var largestBatchSize: Int { points[points.count - 1].batchSize }

  /// The point measured or estimated at exactly `batchSize`, if any.
  public func point(at batchSize: Int) -> BatchLatencyPoint? {
    points.first { $0.batchSize == batchSize }
  }

  /// Median service time at a (possibly fractional) batch size.
  public func medianSeconds(at batchSize: Double) -> Double { interpolate(batchSize, \.medianSeconds) }
  /// Mean service time at a (possibly fractional) batch size.
  public func meanSeconds(at batchSize: Double) -> Double { interpolate(batchSize, \.meanSeconds) }
  /// p99 service time at a (possibly fractional) batch size.
  public func p99Seconds(at batchSize: Double) -> Double { interpolate(batchSize, \.p99Seconds) }
  /// Coefficient of variation at a (possibly fractional) batch size.
  public func cv(at batchSize: Double) -> Double { interpolate(batchSize, \.cv) }

  private func interpolate(_ batchSize: Double, _ field: KeyPath<BatchLatencyPoint, Double>) -> Double {
    let first = points[0]
    if points.count == 1 || batchSize <= Double(first.batchSize) { return first[keyPath: field] }
    var lower = first
    for upper in points.dropFirst() {
      if batchSize <= Double(upper.batchSize) || upper.batchSize == largestBatchSize {
        let span = Double(upper.batchSize - lower.batchSize)
        let fraction = span > 0 ? (batchSize - Double(lower.batchSize)) / span : 0
        let value = lower[keyPath: field] + fraction * (upper[keyPath: field] - lower[keyPath: field])
        return max(value, min(lower[keyPath: field], upper[keyPath: field]))
      }
      lower = upper
    }
    return lower[keyPath: field]
  }
}
