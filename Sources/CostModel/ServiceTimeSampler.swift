import Foundation

/// Draws service times for one replica: a `ServiceTimeModel` plus this replica's place in each
/// measured sequence (so a replica stays in a slow phase for a while, as a real one does).
///
/// Everything that depends only on the batch size is worked out once here, so a draw costs a
/// table lookup and one or two random numbers (no allocation).
public struct ServiceTimeSampler: Sendable {
  private enum Kind: Sendable {
    case measured
    case deterministic
    case exponential
    case lognormal(sigma: Double)
  }

  private let kind: Kind
  /// Per batch size b (index b, 0 unused): the mean for parametric draws, or for measured ones
  /// the scale mean(b) ÷ mean(nearest measured size).
  private let meanOrScale: [Double]
  /// Per batch size: log-mean μ of the lognormal.
  private let logMean: [Double]
  /// Per batch size: index of the nearest given point (measured sequences).
  private let pointIndex: [Int]
  private let bootstraps: [BlockBootstrap]
  private var cursors: [BlockBootstrap.Cursor]
  /// Per batch size: the idle-slowdown points that apply (empty: none).
  private let slowdown: [[IdleSlowdownCurve.Point]]
  private let requestPathDelay: BlockBootstrap?
  private var requestPathCursor = BlockBootstrap.Cursor()

  init(model: ServiceTimeModel, maxBatchSize: Int) {
    let sizes = max(1, maxBatchSize)
    let isMeasured = model.points.contains { $0.bootstrap != nil }
    var meanOrScale = [Double](repeating: 0, count: sizes + 1)
    var logMean = [Double](repeating: 0, count: sizes + 1)
    var pointIndex = [Int](repeating: 0, count: sizes + 1)
    var slowdown = [[IdleSlowdownCurve.Point]](repeating: [], count: sizes + 1)
    var sigma = 0.0
    if case let .lognormal(cv) = model.distribution { sigma = log(1 + cv * cv).squareRoot() }
    for b in 1...sizes {
      let mean = model.meanSeconds(batchSize: b)
      var nearest = 0
      for (index, point) in model.points.enumerated()
      where abs(point.batchSize - b) < abs(model.points[nearest].batchSize - b) {
        nearest = index
      }
      pointIndex[b] = nearest
      meanOrScale[b] = isMeasured ? mean / model.points[nearest].meanSeconds : mean
      logMean[b] = log(mean) - sigma * sigma / 2
      if let curve = model.idleSlowdown, let key = curve.curveBatchSize(for: b) {
        slowdown[b] = curve.pointsByBatchSize[key] ?? []
      }
    }
    if isMeasured {
      kind = .measured
    } else {
      switch model.distribution {
      case .deterministic: kind = .deterministic
      case .exponential: kind = .exponential
      case .lognormal(let cv): kind = cv == 0 ? .deterministic : .lognormal(sigma: sigma)
      }
    }
    self.meanOrScale = meanOrScale
    self.logMean = logMean
    self.pointIndex = pointIndex
    self.bootstraps = model.points.compactMap(\.bootstrap)
    self.cursors = [BlockBootstrap.Cursor](repeating: BlockBootstrap.Cursor(), count: model.points.count)
    self.slowdown = slowdown
    self.requestPathDelay = model.requestPathDelay
  }

  /// Service time in seconds of a batch of `batchSize` (1…max) that starts after the replica
  /// idled `idleGapSeconds` (0 when it was busy until now): a draw, scaled by the idle-gap
  /// slowdown and plus a request-path delay when the model has them and the replica idled.
  @inline(__always)
  public mutating func next(batchSize: Int, idleGapSeconds: Double, random: inout SimulationRandom) -> Double {
    let b = min(max(batchSize, 1), meanOrScale.count - 1)
    var seconds: Double
    switch kind {
    case .deterministic:
      seconds = meanOrScale[b]
    case .exponential:
      seconds = random.nextExponential(mean: meanOrScale[b])
    case let .lognormal(sigma):
      seconds = exp(logMean[b] + sigma * random.nextStandardNormal())
    case .measured:
      let point = pointIndex[b]
      seconds = bootstraps[point].next(&cursors[point], random: &random) * meanOrScale[b]
    }
    if idleGapSeconds > 0 {
      if !slowdown[b].isEmpty { seconds *= IdleSlowdownCurve.interpolate(slowdown[b], gapSeconds: idleGapSeconds) }
      if let requestPathDelay { seconds += requestPathDelay.next(&requestPathCursor, random: &random) }
    }
    return seconds
  }
}
