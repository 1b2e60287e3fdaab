import Foundation

/// One live repeat: what was sent, when, and what the batcher did.
public struct LiveRun: Sendable {
  public var scheduleSeconds: [Double]
  /// Send lateness of each request sent (seconds).
  public var latenessSeconds: [Double]
  public var log: BatcherLog
  /// True when Ctrl-C stopped the client before the end of the schedule.
  public var interrupted: Bool

  /// Runs `generator`'s schedule against `executor` with a client thread and a batcher thread.
  ///
  /// Both threads start, then the schedule's clock starts 20 ms later so neither is still being
  /// created when the first request is due.
  /// - Throws: `ValidationError.passFailed` when the model fails on a batch.
  static func perform(
    generator: LoadGenerator, batcher: DynamicBatcher, executor: some BatchExecutor & Sendable, stop: StopFlag
  ) throws -> LiveRun {
    let origin = LiveClock.nowNanoseconds() + 20_000_000
    let inbox = LiveInbox(originNanoseconds: origin)
    let clock = LiveClock(originNanoseconds: origin)
    let outcome = LiveRunOutcome()
    let group = DispatchGroup()
    let count = generator.scheduleSeconds.count

    group.enter()
    let client = Thread {
      outcome.setLateness(generator.send(into: inbox, clock: clock, stop: stop))
      group.leave()
    }
    client.name = "infer-plan client"
    group.enter()
    let server = Thread {
      do {
        outcome.setLog(try batcher.serve(inbox: inbox, executor: executor, clock: clock, requestCount: count))
      } catch {
        outcome.setFailure("\(error)")
        stop.raise()
        // Keep draining so the client can finish; nothing is served any more.
        var sink: [QueuedRequest] = []
        while inbox.collect(into: &sink, waitingUntil: nil) { sink.removeAll(keepingCapacity: true) }
      }
      group.leave()
    }
    server.name = "infer-plan batcher"
    client.start()
    server.start()
    group.wait()
    if let failure = outcome.failure { throw ValidationError.passFailed(reason: failure) }
    let lateness = outcome.lateness
    return LiveRun(
      scheduleSeconds: generator.scheduleSeconds, latenessSeconds: lateness,
      log: outcome.log ?? BatcherLog(requestCount: count), interrupted: lateness.count < count)
  }
}

/// Results handed back from the two threads.
private final class LiveRunOutcome: @unchecked Sendable {
  private let lock = NSLock()
  private var storedLateness: [Double] = []
  private var storedLog: BatcherLog?
  private var storedFailure: String?

  func setLateness(_ value: [Double]) { lock.withLock { storedLateness = value } }
  func setLog(_ value: BatcherLog) { lock.withLock { storedLog = value } }
  func setFailure(_ value: String) { lock.withLock { storedFailure = value } }
  var lateness: [Double] { lock.withLock { storedLateness } }
  var log: BatcherLog? { lock.withLock { storedLog } }
  var failure: String? { lock.withLock { storedFailure } }
}
