/// The shape of a value flowing through a graph, with batch and sequence sizes left symbolic.
public enum ValueShape: Equatable, Sendable, CustomStringConvertible {
  /// `[batch, width]`: MLP activations and pooled encoder outputs.
  case rows(width: Int)
  /// `[batch, sequence, width]`: encoder hidden states.
  case sequence(width: Int)
  /// `[batch, sequence]` int32 token ids or token type ids.
  case tokenIDs
  /// `[batch, sequence]` int32 attention mask (1 = attend, 0 = padding).
  case mask

  /// Width of the last axis of a float value (nil for ids and masks).
  public var width: Int? {
    switch self {
    case let .rows(width), let .sequence(width): width
    case .tokenIDs, .mask: nil
    }
  }

  /// Elements of the value for a batch: `batch·width`, `batch·sequence·width` or `batch·sequence`.
  public func elementCount(batchSize: Int, sequenceLength: Int) -> Int {
    switch self {
    case let .rows(width): batchSize * width
    case let .sequence(width): batchSize * sequenceLength * width
    case .tokenIDs, .mask: batchSize * sequenceLength
    }
  }

  public var description: String {
    switch self {
    case let .rows(width): "[batch, \(width)]"
    case let .sequence(width): "[batch, sequence, \(width)]"
    case .tokenIDs: "token ids [batch, sequence]"
    case .mask: "an attention mask [batch, sequence]"
    }
  }
}
