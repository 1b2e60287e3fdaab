import Foundation

/// The service time of a batch as the serving simulation draws it: from measured sequences
/// (block bootstrap) or from a parametric table, interpolated between batch sizes, optionally
/// slowed by an idle-gap curve.
///
/// Interpolation: the mean service time of a batch of `b` is linear in `b` between the two
/// nearest given batch sizes (a forward pass costs a fixed part plus a part per row). A measured
/// sequence is resampled from the nearest given batch size and scaled by mean(b) ÷ mean(that
/// size), so its shape and correlation carry over. Batches larger than the largest given size are
/// not extrapolated: `checkCovers(maxBatchSize:)` reports them as missing.
public struct ServiceTimeModel: Sendable {
  /// How a parametric table's times vary around their mean.
  public enum Distribution: Sendable, Equatable {
    /// Every batch of a size takes exactly its mean (M/D/… queues).
    case deterministic
    /// Exponential with the given mean (coefficient of variation 1; M/M/… queues).
    case exponential
    /// Lognormal with the given mean and coefficient of variation:
    /// σ² = ln(1 + cv²), μ = ln(mean) − σ²/2.
    case lognormal(cv: Double)
  }

  /// One given batch size: its mean service time and, when measured, the sequences to resample.
  public struct Point: Sendable {
    /// The batch size given or measured.
    public var batchSize: Int
    /// Its mean service time (seconds).
    public var meanSeconds: Double
    /// Its measured sequences; nil for a parametric point.
    public var bootstrap: BlockBootstrap?
  }

  /// Given batch sizes, ascending.
  public let points: [Point]
  /// Variation of parametric points (ignored for measured ones).
  public let distribution: Distribution
  /// Slowdown after idle gaps; nil applies none (e.g. for under-load sequences, which already
  /// contain it).
  public let idleSlowdown: IdleSlowdownCurve?
  /// What the model rests on, in words, for reports ("back-to-back measurements, batch sizes
  /// 1, 8; 1,203 samples; block 250").
  public var basis: String
  /// Delay between a request becoming due and its batch starting on an idle replica (client
  /// lateness plus the batcher's wake-up), drawn i.i.d. per batch that starts after an idle gap;
  /// nil adds none. See `addingRequestPathDelay`.
  public var requestPathDelay: BlockBootstrap?
  /// Where the model came from, named in errors ("the service table", "measurements.csv").
  public let source: String

  /// The batch sizes given, ascending.
  public var batchSizes: [Int] { points.map(\.batchSize) }

  /// Creates a parametric model: a mean service time per batch size, varied by `distribution`.
  ///
  /// - Throws: `SimulationError.emptyTable`, `.duplicateBatchSize`, `.badTableEntry` (batch < 1
  ///   or time not finite and > 0), `.badCV`.
  public init(
    meanSecondsByBatchSize table: [(batchSize: Int, seconds: Double)], distribution: Distribution,
    idleSlowdown: IdleSlowdownCurve? = nil, source: String = "the service table"
  ) throws {
    guard !table.isEmpty else { throw SimulationError.emptyTable }
    if case let .lognormal(cv) = distribution, !(cv.isFinite && cv >= 0) { throw SimulationError.badCV(cv) }
    var points: [Point] = []
    for entry in table.sorted(by: { $0.batchSize < $1.batchSize }) {
      guard entry.batchSize >= 1 else {
        throw SimulationError.badTableEntry("\(entry.batchSize)", reason: "the batch size must be at least 1")
      }
      guard entry.seconds.isFinite, entry.seconds > 0 else {
        throw SimulationError.badTableEntry(
          "\(entry.batchSize):\(entry.seconds)s", reason: "the time must be finite and above 0")
      }
      if points.last?.batchSize == entry.batchSize { throw SimulationError.duplicateBatchSize(entry.batchSize) }
      points.append(Point(batchSize: entry.batchSize, meanSeconds: entry.seconds, bootstrap: nil))
    }
    self.points = points
    self.distribution = distribution
    self.idleSlowdown = idleSlowdown
    self.source = source
    let spread: String
    switch distribution {
    case .deterministic: spread = "fixed"
    case .exponential: spread = "exponential"
    case let .lognormal(cv): spread = cv == 0 ? "fixed" : "lognormal, CV \(cv)"
    }
    self.basis = "\(source): mean per batch size (\(spread))"
  }

  /// Creates a model that resamples measured sequences (seconds, in measured order) per batch
  /// size with a block bootstrap.
  ///
  /// - Parameters:
  ///   - sequencesByBatchSize: one or more sequences per batch size.
  ///   - blockLength: values per bootstrap block; nil picks `BlockBootstrap.defaultBlockLength`.
  ///   - basis: words for reports on what the sequences are (mode, count).
  /// - Throws: `SimulationError.emptyTable` without any batch size, `.emptySequence`, `.badSample`.
  public init(
    sequencesByBatchSize: [Int: [[Double]]], blockLength: Int? = nil,
    idleSlowdown: IdleSlowdownCurve? = nil, basis: String, source: String
  ) throws {
    guard !sequencesByBatchSize.isEmpty else { throw SimulationError.emptyTable }
    var points: [Point] = []
    for (batchSize, sequences) in sequencesByBatchSize.sorted(by: { $0.key < $1.key }) {
      guard batchSize >= 1 else {
        throw SimulationError.badTableEntry("\(batchSize)", reason: "the batch size must be at least 1")
      }
      let bootstrap = try BlockBootstrap(sequences: sequences, blockLength: blockLength)
      guard bootstrap.mean > 0 else { throw SimulationError.badSample(value: 0) }
      points.append(Point(batchSize: batchSize, meanSeconds: bootstrap.mean, bootstrap: bootstrap))
    }
    self.points = points
    self.distribution = .deterministic
    self.idleSlowdown = idleSlowdown
    self.basis = basis
    self.source = source
  }

  /// Mean service time of a batch of `batchSize` (before any idle slowdown), interpolated
  /// linearly between given batch sizes; clamped to the nearest end outside them.
  public func meanSeconds(batchSize: Int) -> Double {
    guard let first = points.first, let last = points.last else { return 0 }
    if batchSize <= first.batchSize { return first.meanSeconds }
    if batchSize >= last.batchSize { return last.meanSeconds }
    var upper = 1
    while points[upper].batchSize < batchSize { upper += 1 }
    let lo = points[upper - 1], hi = points[upper]
    let t = Double(batchSize - lo.batchSize) / Double(hi.batchSize - lo.batchSize)
    return lo.meanSeconds + (hi.meanSeconds - lo.meanSeconds) * t
  }

  /// Checks that every batch size from 1 to `maxBatchSize` can be served: batch size 1 (or a
  /// smaller given size) and one at least `maxBatchSize` must be given.
  /// - Throws: `SimulationError.missingBatchSize` naming the size to measure.
  public func checkCovers(maxBatchSize: Int) throws {
    let sizes = batchSizes
    guard let smallest = sizes.first, let largest = sizes.last else { throw SimulationError.emptyTable }
    if smallest > 1 {
      throw SimulationError.missingBatchSize(needed: 1, measured: sizes, source: source)
    }
    if largest < maxBatchSize {
      throw SimulationError.missingBatchSize(needed: maxBatchSize, measured: sizes, source: source)
    }
  }

  /// A fresh per-replica sampler for batches of 1 to `maxBatchSize`.
  public func makeSampler(maxBatchSize: Int) -> ServiceTimeSampler {
    ServiceTimeSampler(model: self, maxBatchSize: maxBatchSize)
  }
}
