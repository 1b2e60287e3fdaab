import CostModel
import Foundation

extension Validator {
  /// Runs the live client and batcher around a pass that does nothing for `seconds` at the
  /// test's rate, and returns the request-path delay of every batch (see `requestPathDelays`):
  /// what the request path costs on this machine right now, before any model runs.
  /// - Throws: `ValidationError.interrupted` when `stop` was raised.
  public func probeRequestPath(seconds: Double = 2, stop: StopFlag) throws -> [Double] {
    progress?("probing the request path (client and batcher threads, no model) for \(formatSeconds(seconds))")
    let generator = LoadGenerator(
      ratePerSecond: settings.ratePerSecond, durationSeconds: seconds,
      seed: SimulationRandom.replicationSeed(base: settings.seed ^ 0x9E0B, index: 0))
    let batcher = DynamicBatcher(
      policy: BatchingPolicy(maxBatchSize: settings.maxBatchSize, maxDelaySeconds: settings.maxDelaySeconds))
    let run = try LiveRun.perform(generator: generator, batcher: batcher, executor: NoOpExecutor(), stop: stop)
    if run.interrupted || stop.isRaised { throw ValidationError.interrupted }
    return Self.requestPathDelays(run.log, schedule: run.scheduleSeconds, policy: batcher.policy)
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

/// A model whose pass does nothing (the request-path probe).
final class NoOpExecutor: BatchExecutor, Sendable {
  func run(batchSize: Int) throws {}
}
