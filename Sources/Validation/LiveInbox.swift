import Foundation

/// The queue between the live client thread and the batcher thread: a mutex and a condition
/// variable on the monotonic clock, so a timed wait for the batching deadline is exact to the
/// scheduler's wake-up latency and unaffected by wall-clock changes.
final class LiveInbox: RequestInbox, @unchecked Sendable {
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
  private var queue: [QueuedRequest] = []
  private var ended = false
  /// The run's time origin on CLOCK_MONOTONIC, in nanoseconds.
  let originNanoseconds: UInt64

  init(originNanoseconds: UInt64) {
    self.originNanoseconds = originNanoseconds
    pthread_mutex_init(mutex, nil)
    var attributes = pthread_condattr_t()
    pthread_condattr_init(&attributes)
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
    pthread_cond_init(condition, &attributes)
    pthread_condattr_destroy(&attributes)
    queue.reserveCapacity(1024)
  }

  deinit {
    pthread_cond_destroy(condition)
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
    condition.deallocate()
  }

  /// Called by the client: queues one request and wakes the batcher.
  func push(_ request: QueuedRequest) {
    pthread_mutex_lock(mutex)
    queue.append(request)
    pthread_cond_signal(condition)
    pthread_mutex_unlock(mutex)
  }

  /// Called by the client when it has sent its last request.
  func finish() {
    pthread_mutex_lock(mutex)
    ended = true
    pthread_cond_signal(condition)
    pthread_mutex_unlock(mutex)
  }

  func collect(into buffer: inout [QueuedRequest], waitingUntil deadline: Double?) -> Bool {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    if queue.isEmpty && !ended {
      if let deadline {
        if deadline > -Double.infinity {
          let absolute = Double(originNanoseconds) + max(deadline, 0) * 1e9
          var target = timespec(tv_sec: Int(absolute / 1e9), tv_nsec: Int(absolute.truncatingRemainder(dividingBy: 1e9)))
          while queue.isEmpty && !ended {
            if pthread_cond_timedwait(condition, mutex, &target) == ETIMEDOUT { break }
          }
        }
      } else {
        while queue.isEmpty && !ended { pthread_cond_wait(condition, mutex) }
      }
    }
    buffer.append(contentsOf: queue)
    queue.removeAll(keepingCapacity: true)
    return !ended
  }
}
