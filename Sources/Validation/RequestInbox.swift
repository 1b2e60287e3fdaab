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

/// Where the batcher takes requests from: the live client's queue, or a trace in tests.
public protocol RequestInbox: AnyObject {
  /// Moves every queued request to the end of `buffer`. If none is queued, first waits until
  /// one is, `deadline` passes (seconds on the batcher's clock; nil waits without limit; a past
  /// deadline returns at once), or the arrivals end.
  /// - Returns: false once the arrivals have ended and every request has been handed over.
  func collect(into buffer: inout [QueuedRequest], waitingUntil deadline: Double?) -> Bool
}

/// The batcher's clock: seconds since the run began.
public protocol BatcherClock: AnyObject {
  var nowSeconds: Double { get }
  /// Waits until `nowSeconds >= deadline`.
  func sleep(untilSeconds deadline: Double)
}

/// Runs one batch of the model.
public protocol BatchExecutor: AnyObject {
  /// Runs a forward pass over `batchSize` requests and returns when it is done.
  func run(batchSize: Int) throws
}
