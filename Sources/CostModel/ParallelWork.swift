import Foundation

/// Runs `body` for every index of `0..<count` on all cores and returns the results in index
/// order, so the outcome never depends on the core count or the finishing order.
func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
  let results = IndexedResults<T>(count: count)
  DispatchQueue.concurrentPerform(iterations: count) { index in results.set(index, body(index)) }
  return results.values.map { $0! }
}

/// Results written from parallel workers, each index once.
private final class IndexedResults<T>: @unchecked Sendable {
  private let lock = NSLock()
  private var storage: [T?]

  init(count: Int) { storage = [T?](repeating: nil, count: count) }

  func set(_ index: Int, _ value: T) {
    lock.lock()
    storage[index] = value
    lock.unlock()
  }

  var values: [T?] {
    lock.lock()
    defer { lock.unlock() }
    return storage
  }
}

/// Values computed once per key and shared between threads. The lock is not held while a value
/// is computed, so two threads may compute the same key at once; both get the same value, since
/// every computation here depends only on its key.
final class SharedMemo<Key: Hashable, Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [Key: Value] = [:]

  init() {}

  func value(_ key: Key, compute: () -> Value) -> Value {
    lock.lock()
    if let known = stored[key] {
      lock.unlock()
      return known
    }
    lock.unlock()
    let value = compute()
    lock.lock()
    stored[key] = value
    lock.unlock()
    return value
  }
}
