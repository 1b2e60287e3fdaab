/// One axis of a value's shape. The batch size and the sequence length stay symbolic, so one
/// analysis serves every shape a profile or a plan asks for.
public enum Dimension: Hashable, Sendable, CustomStringConvertible {
  /// The batch size `B`.
  case batch
  /// The sequence length `S` (tokens per sequence).
  case sequence
  /// A size the model fixes (a width, a number of classes).
  case fixed(Int)

  /// This axis as a count: `B`, `S` or the fixed size.
  public var count: SymbolicCount {
    switch self {
    case .batch: .batch
    case .sequence: .sequence
    case let .fixed(size): SymbolicCount(Double(size))
    }
  }

  /// The axis's size for `batchSize` rows of `sequenceLength` tokens.
  public func size(batchSize: Int, sequenceLength: Int) -> Int {
    switch self {
    case .batch: batchSize
    case .sequence: sequenceLength
    case let .fixed(size): size
    }
  }

  public var description: String {
    switch self {
    case .batch: "batch"
    case .sequence: "sequence"
    case let .fixed(size): "\(size)"
    }
  }
}

/// The element type of a value.
public enum ElementType: String, Sendable, CaseIterable {
  /// IEEE 754 single precision: weights and activations.
  case float32
  /// Signed 32-bit integers: token ids, token types and attention masks.
  case int32

  /// Bytes per element.
  public var byteCount: Int {
    switch self {
    case .float32, .int32: 4
    }
  }
}

/// What an integer graph input means to the ops that read it. Fused ops (embedding,
/// attention, mean pool) read their token inputs by role, and the backends bind each role to
/// its buffer, so a node may not read token types where it needs token ids.
public enum ValueRole: Hashable, Sendable {
  /// Any value computed by the graph (and float graph inputs).
  case data
  /// Token ids (`input_ids`).
  case tokenIDs
  /// Token type (segment) ids (`token_type_ids`).
  case tokenTypes
  /// The attention mask (`attention_mask`: 1 = token, 0 = padding).
  case attentionMask
}
