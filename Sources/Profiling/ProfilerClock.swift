import Foundation

/// The monotonic clock the profiler reads, and the way it waits between paced runs.
///
/// Injected so tests can drive the profiler with a fake clock (no sleeps, no wall-clock
/// assertions); `MonotonicClock` is the real one.
public protocol ProfilerClock: AnyObject {
  /// Nanoseconds since an arbitrary fixed point; never goes backwards.
  func nowNanoseconds() -> UInt64
  /// Waits until `nowNanoseconds() >= deadline` without keeping the core busy (the idle
  /// gap of a paced measurement must leave the core idle, as a lightly loaded server does).
  func sleep(untilNanoseconds deadline: UInt64)
}

/// The system's monotonic clock: `clock_gettime(CLOCK_MONOTONIC)`, nanosecond resolution,
/// unaffected by wall-clock changes (NTP, daylight saving).
public final class MonotonicClock: ProfilerClock {
  public init() {}

  public func nowNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
  }

  /// Sleeps with `clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)`, so an interrupted or
  /// early wake-up resumes toward the same deadline. The kernel may wake the thread a few
  /// tens of µs late; the gap is then slightly longer than asked, never shorter.
  public func sleep(untilNanoseconds deadline: UInt64) {
    var target = timespec(
      tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
    while nowNanoseconds() < deadline {
      if clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, nil) == 0 { break }
    }
  }
}
