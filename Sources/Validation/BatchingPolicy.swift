/// The dynamic batching rule, as a pure decision (the live batcher and the tests share it; the
/// serving simulation applies the same rule in `ServingSimulation.serveQueue`).
///
/// A free replica takes `maxBatchSize` waiting requests at once; if fewer wait, it waits until
/// `maxBatchSize` wait or the oldest has waited `maxDelaySeconds`, then takes all waiting (at
/// most `maxBatchSize`). A delay of 0 takes what is there; an infinite delay waits for a full
/// batch, except that once the arrivals have ended the rest are flushed.
public struct BatchingPolicy: Sendable, Equatable {
  /// What the batcher does next.
  public enum Decision: Sendable, Equatable {
    /// Run a batch of this many of the oldest waiting requests now.
    case take(Int)
    /// Wait for more requests, but no later than this time (seconds, the batcher's clock).
    case waitUntil(Double)
    /// Wait for the next arrival, however long.
    case waitForArrival
  }

  /// Largest batch (B), at least 1.
  public var maxBatchSize: Int
  /// Longest the oldest request waits for a batch to fill (D), seconds; `.infinity` for none.
  public var maxDelaySeconds: Double

  /// Creates the rule for batches of at most `maxBatchSize` and a delay of `maxDelaySeconds`
  /// (0 or more, or `.infinity`).
  public init(maxBatchSize: Int, maxDelaySeconds: Double) {
    self.maxBatchSize = maxBatchSize
    self.maxDelaySeconds = maxDelaySeconds
  }

  /// The decision for a free replica at `now` with `waiting` requests queued, the oldest
  /// enqueued at `oldestEnqueuedAt`.
  public func decide(waiting: Int, oldestEnqueuedAt: Double, now: Double, arrivalsEnded: Bool) -> Decision {
    guard waiting > 0 else { return .waitForArrival }
    if waiting >= maxBatchSize { return .take(maxBatchSize) }
    if maxDelaySeconds.isInfinite {
      return arrivalsEnded ? .take(waiting) : .waitForArrival
    }
    let deadline = oldestEnqueuedAt + maxDelaySeconds
    return now >= deadline ? .take(waiting) : .waitUntil(deadline)
  }
}
