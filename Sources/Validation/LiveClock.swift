import Foundation

/// The monotonic clock as seconds since the run's origin.
final class LiveClock: BatcherClock, @unchecked Sendable {
  let originNanoseconds: UInt64

  init(originNanoseconds: UInt64) { self.originNanoseconds = originNanoseconds }

  static func nowNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
  }

  var nowSeconds: Double { Double(Int64(bitPattern: Self.nowNanoseconds() &- originNanoseconds)) / 1e9 }

  /// `clock_nanosleep` to an absolute monotonic time; resumes after a signal.
  func sleep(untilSeconds deadline: Double) {
    let absolute = Double(originNanoseconds) + max(deadline, 0) * 1e9
    var target = timespec(tv_sec: Int(absolute / 1e9), tv_nsec: Int(absolute.truncatingRemainder(dividingBy: 1e9)))
    while nowSeconds < deadline {
      if clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, nil) == 0 { break }
    }
  }
}
