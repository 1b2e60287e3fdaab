/// What the batcher did: its batches in order, and when each request's batch ended.
public struct BatcherLog: Sendable, Equatable {
  public var batches: [BatchRecord] = []
  /// End of the batch of request i, by schedule index (nil: never served, e.g. after Ctrl-C).
  public var endSeconds: [Double?]

  init(requestCount: Int) {
    endSeconds = [Double?](repeating: nil, count: requestCount)
  }
}
