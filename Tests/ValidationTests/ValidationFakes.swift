@testable import Validation

/// A clock that moves only when told: the fake model's passes and the trace inbox's waits
/// advance it, so batcher tests need no sleeps and no real time.
final class FakeClock: BatcherClock {
  var nowSeconds: Double = 0
  func sleep(untilSeconds deadline: Double) { nowSeconds = max(nowSeconds, deadline) }
}

/// A model whose pass of b requests takes `seconds(b)` of fake time.
final class FakeExecutor: BatchExecutor, @unchecked Sendable {
  let clock: FakeClock
  let seconds: (Int) -> Double
  var batchSizes: [Int] = []

  init(clock: FakeClock, seconds: @escaping (Int) -> Double) {
    self.clock = clock
    self.seconds = seconds
  }

  func run(batchSize: Int) throws {
    batchSizes.append(batchSize)
    clock.nowSeconds += seconds(batchSize)
  }
}

/// Delivers a fixed trace on the fake clock: requests arrive (and are enqueued) at their trace
/// times; waiting for the next arrival moves the clock to it, or to the deadline if earlier.
final class TraceInbox: RequestInbox {
  let clock: FakeClock
  let trace: [Double]
  var next = 0

  init(clock: FakeClock, trace: [Double]) {
    self.clock = clock
    self.trace = trace
  }

  func collect(into buffer: inout [QueuedRequest], waitingUntil deadline: Double?) -> Bool {
    if next < trace.count, trace[next] > clock.nowSeconds, let deadline {
      if deadline < trace[next] {
        clock.nowSeconds = max(clock.nowSeconds, deadline)
        return true
      }
    }
    if next < trace.count, trace[next] > clock.nowSeconds { clock.nowSeconds = trace[next] }
    while next < trace.count, trace[next] <= clock.nowSeconds {
      buffer.append(QueuedRequest(index: next, scheduledSeconds: trace[next], enqueuedSeconds: trace[next]))
      next += 1
    }
    return next < trace.count
  }
}
