/// Where the batcher takes requests from: the live client's queue, or a trace in tests.
public protocol RequestInbox: AnyObject {
  /// Moves every queued request to the end of `buffer`. If none is queued, first waits until
  /// one is, `deadline` passes (seconds on the batcher's clock; nil waits without limit; a past
  /// deadline returns at once), or the arrivals end.
  /// - Returns: false once the arrivals have ended and every request has been handed over.
  func collect(into buffer: inout [QueuedRequest], waitingUntil deadline: Double?) -> Bool
}
