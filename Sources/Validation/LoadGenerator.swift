import CostModel
import Foundation

/// The open-loop client of a live load test: a seeded Poisson schedule, sent on its own thread
/// at the scheduled times whatever the server is doing (a closed loop would slow down with the
/// server and hide its queueing).
public struct LoadGenerator: Sendable {
  /// Arrival times in seconds from the run's start, ascending.
  public let scheduleSeconds: [Double]

  /// A Poisson schedule at `ratePerSecond` over `durationSeconds`, fixed by `seed`.
  public init(ratePerSecond: Double, durationSeconds: Double, seed: UInt64) {
    var random = SimulationRandom(seed: seed)
    var times: [Double] = []
    times.reserveCapacity(Int(ratePerSecond * durationSeconds * 1.1) + 16)
    var time = random.nextExponential(mean: 1 / ratePerSecond)
    while time < durationSeconds {
      times.append(time)
      time += random.nextExponential(mean: 1 / ratePerSecond)
    }
    scheduleSeconds = times
  }

  /// A given schedule (tests).
  public init(scheduleSeconds: [Double]) { self.scheduleSeconds = scheduleSeconds }

  /// Sends the schedule into `inbox`: sleeps until each arrival (absolute monotonic deadline,
  /// so lateness doesn't accumulate), stamps the actual send time, stops early when `stop` is
  /// raised, and finally closes the inbox.
  /// - Returns: how late each sent request was, in seconds (the schedule's prefix that was sent).
  func send(into inbox: LiveInbox, clock: LiveClock, stop: StopFlag) -> [Double] {
    var lateness: [Double] = []
    lateness.reserveCapacity(scheduleSeconds.count)
    for (index, scheduled) in scheduleSeconds.enumerated() {
      if stop.isRaised { break }
      clock.sleep(untilSeconds: scheduled)
      let now = clock.nowSeconds
      inbox.push(QueuedRequest(index: index, scheduledSeconds: scheduled, enqueuedSeconds: now))
      lateness.append(now - scheduled)
    }
    inbox.finish()
    return lateness
  }
}
