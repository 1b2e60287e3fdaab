/// One request as the batcher sees it.
public struct QueuedRequest: Sendable, Equatable {
  /// Position in the load generator's schedule (0-based).
  public var index: Int
  /// When the schedule said it arrives (seconds on the run's clock): latency counts from here.
  public var scheduledSeconds: Double
  /// When the client actually handed it over; the batching delay counts from here.
  public var enqueuedSeconds: Double

  public init(index: Int, scheduledSeconds: Double, enqueuedSeconds: Double) {
    self.index = index
    self.scheduledSeconds = scheduledSeconds
    self.enqueuedSeconds = enqueuedSeconds
  }
}
