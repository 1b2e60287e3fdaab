/// The live dynamic batcher: one replica serving one FIFO queue by `BatchingPolicy`.
///
/// It runs on its own thread in `validate`; in tests it runs on a trace with a fake clock and a
/// fake model, so the rule is checked without sleeps or timing.
public struct DynamicBatcher: Sendable {
  /// The batching rule it follows.
  public var policy: BatchingPolicy

  /// A batcher following `policy`.
  public init(policy: BatchingPolicy) { self.policy = policy }

  /// Serves requests from `inbox` with `executor` until the arrivals end and the queue is empty.
  ///
  /// - Parameter requestCount: length of the schedule (request indices are below it).
  /// - Throws: whatever `executor.run` throws (the pass failed), after which serving stops.
  public func serve(
    inbox: some RequestInbox, executor: some BatchExecutor, clock: some BatcherClock, requestCount: Int
  ) throws -> BatcherLog {
    var log = BatcherLog(requestCount: requestCount)
    var pending: [QueuedRequest] = []
    pending.reserveCapacity(1024)
    var head = 0
    var open = true
    while true {
      if open { open = inbox.collect(into: &pending, waitingUntil: -.infinity) }
      if head == pending.count {
        if !open { break }
        open = inbox.collect(into: &pending, waitingUntil: nil)
        continue
      }
      let decision = policy.decide(
        waiting: pending.count - head, oldestEnqueuedAt: pending[head].enqueuedSeconds, now: clock.nowSeconds,
        arrivalsEnded: !open)
      switch decision {
      case let .take(size):
        let start = clock.nowSeconds
        try executor.run(batchSize: size)
        let end = clock.nowSeconds
        log.batches.append(BatchRecord(startSeconds: start, endSeconds: end, size: size, firstIndex: pending[head].index))
        for request in pending[head..<(head + size)] where request.index >= 0 && request.index < requestCount {
          log.endSeconds[request.index] = end
        }
        head += size
        if head > 4096, head * 2 > pending.count {
          pending.removeFirst(head)
          head = 0
        }
      case let .waitUntil(deadline):
        if open {
          open = inbox.collect(into: &pending, waitingUntil: deadline)
        } else {
          clock.sleep(untilSeconds: deadline)
        }
      case .waitForArrival:
        open = inbox.collect(into: &pending, waitingUntil: nil)
      }
    }
    return log
  }
}
