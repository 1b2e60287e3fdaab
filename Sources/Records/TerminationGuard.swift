import Foundation

/// Keeps output files whole when the process is stopped by SIGINT or SIGTERM.
///
/// `install()` (called once by the executable) replaces the default action of both signals,
/// which ends the process wherever it is, with a handler that first waits for any `AtomicFile`
/// write in progress to finish, then exits with status 128 + the signal number, as a shell
/// reports a process ended by it. A file is then either written whole and renamed into place,
/// or not started: never half-written, and no temporary is left beside it.
///
/// A command that stops gracefully on Ctrl-C (`validate` unwinds its load test and writes
/// nothing) sets `interruptHandler`; SIGTERM always ends the process.
public enum TerminationGuard {
  /// Held while files are written and renamed; recursive, so a table and its samples sidecar can
  /// be written as one unit.
  static let writing = NSRecursiveLock()
  private static let state = State()

  private final class State: @unchecked Sendable {
    let lock = NSLock()
    var sources: [any DispatchSourceSignal] = []
    var interruptHandler: (@Sendable () -> Void)?
  }

  /// Installs the handlers for SIGINT and SIGTERM (once; later calls do nothing).
  public static func install() {
    state.lock.lock()
    defer { state.lock.unlock() }
    guard state.sources.isEmpty else { return }
    for signalNumber in [SIGINT, SIGTERM] {
      // Ignored at the process level so only the dispatch source (on an ordinary thread, where
      // locks and file calls are safe) sees the signal.
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler { handle(signalNumber) }
      source.resume()
      state.sources.append(source)
    }
  }

  /// While set, SIGINT calls this instead of ending the process; nil restores the default.
  public static func setInterruptHandler(_ handler: (@Sendable () -> Void)?) {
    state.lock.lock()
    state.interruptHandler = handler
    state.lock.unlock()
  }

  /// Runs `body` with termination held off until it returns: files it writes are all written, or
  /// (if a signal came first) none of them is started.
  public static func whileWriting<T, Failure: Error>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
    writing.lock()
    defer { writing.unlock() }
    return try body()
  }

  static func handle(_ signalNumber: Int32) {
    state.lock.lock()
    let handler = signalNumber == SIGINT ? state.interruptHandler : nil
    state.lock.unlock()
    if let handler { return handler() }
    // Never unlocked: once a write in progress is done, no other may start.
    writing.lock()
    let name = signalNumber == SIGINT ? "SIGINT" : "SIGTERM"
    FileHandle.standardError.write(Data("infer-plan: stopped by \(name); no output file was left half-written.\n".utf8))
    _exit(128 + signalNumber)
  }
}
