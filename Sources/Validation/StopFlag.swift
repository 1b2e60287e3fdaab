import Foundation

/// A flag that Ctrl-C (or a test) sets and the load generator polls between sends.
public final class StopFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var raised = false

  public init() {}

  /// Asks the run to stop: the client sends nothing more, the batcher drains what was sent.
  public func raise() {
    lock.lock()
    raised = true
    lock.unlock()
  }

  public var isRaised: Bool {
    lock.lock()
    defer { lock.unlock() }
    return raised
  }
}
