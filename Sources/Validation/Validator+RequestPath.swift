import CostModel
import Dispatch
import Foundation

extension Validator {
  /// Runs `work` on the calling thread while the live client and batcher run on their own
  /// threads around a pass that does nothing, at the test's rate, for at least
  /// `minimumSeconds`; returns `work`'s value and the request-path delay of every probe batch
  /// (see `requestPathDelays`). `validate` passes no work (the probe alone): run beside the
  /// quick profile, the probe's threads and the profiled pass competed for the two cores here
  /// and both read slower than in serving.
  /// - Throws: what `work` throws; `ValidationError.interrupted` when `stop` was raised.
  public func probeRequestPath<Value>(
    minimumSeconds: Double = 2, stop: StopFlag, during work: () throws -> Value
  ) throws -> (value: Value, delays: [Double]) {
    progress?("probing the request path (client and batcher threads, no model) for \(formatSeconds(minimumSeconds))")
    let generator = LoadGenerator(
      ratePerSecond: settings.ratePerSecond, durationSeconds: max(minimumSeconds, 120),
      seed: SimulationRandom.replicationSeed(base: settings.seed ^ 0x9E0B, index: 0))
    let batcher = DynamicBatcher(
      policy: BatchingPolicy(maxBatchSize: settings.maxBatchSize, maxDelaySeconds: settings.maxDelaySeconds))
    let probeStop = StopFlag()
    let box = ProbeBox()
    let finished = DispatchSemaphore(value: 0)
    let started = LiveClock.nowNanoseconds()
    let thread = Thread {
      box.set(Result { try LiveRun.perform(generator: generator, batcher: batcher, executor: NoOpExecutor(), stop: probeStop) })
      finished.signal()
    }
    thread.name = "infer-plan probe"
    thread.start()
    let value: Value
    do {
      value = try work()
    } catch {
      probeStop.raise()
      finished.wait()
      throw error
    }
    let minimumEnd = started + UInt64(minimumSeconds * 1e9)
    while LiveClock.nowNanoseconds() < minimumEnd && !stop.isRaised { usleep(10_000) }
    probeStop.raise()
    finished.wait()
    if stop.isRaised { throw ValidationError.interrupted }
    let run = try box.get()
    return (value, Self.requestPathDelays(run.log, schedule: run.scheduleSeconds, policy: batcher.policy))
  }

  /// Per batch, how long after it became due it started, beyond the previous batch's end:
  /// start − max(previous end, due), never below 0. A batch is due at the scheduled arrival of
  /// its last request when full (or with an infinite delay), else at its first request's
  /// scheduled arrival + the max delay. On an idle replica this is the client's lateness plus the
  /// batcher's wake-up; on a busy one, the loop's few microseconds.
  static func requestPathDelays(_ log: BatcherLog, schedule: [Double], policy: BatchingPolicy) -> [Double] {
    var delays: [Double] = []
    delays.reserveCapacity(log.batches.count)
    var previousEnd = -Double.infinity
    for batch in log.batches {
      let first = schedule[batch.firstIndex], last = schedule[batch.firstIndex + batch.size - 1]
      let due = batch.size >= policy.maxBatchSize || policy.maxDelaySeconds.isInfinite
        ? last : max(last, first + policy.maxDelaySeconds)
      delays.append(max(0, batch.startSeconds - max(previousEnd, due)))
      previousEnd = batch.endSeconds
    }
    return delays
  }

  /// Each batch's service time as the request path sees it — the pass plus its request-path
  /// delay — in run order, grouped by batch size. These are the in-load sequences the
  /// calibrated prediction resamples and `--save-measurements` stores.
  static func effectiveServiceSequences(_ log: BatcherLog, schedule: [Double], policy: BatchingPolicy) -> [Int: [Double]] {
    let delays = requestPathDelays(log, schedule: schedule, policy: policy)
    var sequences: [Int: [Double]] = [:]
    for (batch, delay) in zip(log.batches, delays) {
      sequences[batch.size, default: []].append(batch.serviceSeconds + delay)
    }
    return sequences
  }
}

/// The probe's outcome, handed from its thread.
private final class ProbeBox: @unchecked Sendable {
  private let lock = NSLock()
  private var result: Result<LiveRun, any Error>?

  func set(_ value: Result<LiveRun, any Error>) { lock.withLock { result = value } }

  func get() throws -> LiveRun {
    guard let result = lock.withLock({ result }) else { throw ValidationError.nothingServed }
    return try result.get()
  }
}
