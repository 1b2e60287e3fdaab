/// One batch the batcher ran.
public struct BatchRecord: Sendable, Equatable {
  public var startSeconds: Double
  public var endSeconds: Double
  public var size: Int
  /// Schedule index of its first request (the batch holds `size` consecutive requests).
  public var firstIndex: Int

  /// The pass's duration: the service time under load.
  public var serviceSeconds: Double { endSeconds - startSeconds }
}
