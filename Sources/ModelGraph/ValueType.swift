/// What a value flowing through a graph holds: its element type, its shape (batch and sequence
/// sizes left symbolic) and, for the graph's token inputs, its role.
public struct ValueType: Hashable, Sendable, CustomStringConvertible {
  /// What each element is.
  public var elementType: ElementType
  /// The axes, outermost first (row-major: the last varies fastest).
  public var dimensions: [Dimension]
  /// What a token input means to the fused ops; `.data` for everything else.
  public var role: ValueRole

  /// Creates a value type.
  public init(_ elementType: ElementType, _ dimensions: [Dimension], role: ValueRole = .data) {
    self.elementType = elementType
    self.dimensions = dimensions
    self.role = role
  }

  /// float32 `[batch, width]`: MLP activations and pooled encoder outputs.
  public static func rows(width: Int) -> ValueType { ValueType(.float32, [.batch, .fixed(width)]) }
  /// float32 `[batch, sequence, width]`: encoder hidden states.
  public static func sequence(width: Int) -> ValueType { ValueType(.float32, [.batch, .sequence, .fixed(width)]) }
  /// int32 `[batch, sequence]` token ids.
  public static let tokenIDs = ValueType(.int32, [.batch, .sequence], role: .tokenIDs)
  /// int32 `[batch, sequence]` token type ids.
  public static let tokenTypes = ValueType(.int32, [.batch, .sequence], role: .tokenTypes)
  /// int32 `[batch, sequence]` attention mask (1 = attend, 0 = padding).
  public static let attentionMask = ValueType(.int32, [.batch, .sequence], role: .attentionMask)

  /// Whether the value holds computed floats (not a token input).
  public var isFloat: Bool { elementType == .float32 && role == .data }

  /// Whether the value has one row per token (a sequence axis) rather than one per sample.
  public var isPerToken: Bool { dimensions.contains(.sequence) }

  /// Size of the last axis when the model fixes it (nil for token inputs, whose last axis is
  /// the sequence).
  public var width: Int? {
    guard case let .fixed(size)? = dimensions.last else { return nil }
    return size
  }

  /// Elements: the product of the axes.
  public var elementCount: SymbolicCount { dimensions.reduce(1) { $0 * $1.count } }

  /// Rows over the last axis: the product of every axis but the last.
  public var rowCount: SymbolicCount { dimensions.dropLast().reduce(1) { $0 * $1.count } }

  /// Bytes of the whole value.
  public var byteCount: SymbolicCount { Double(elementType.byteCount) * elementCount }

  /// The concrete shape for `batchSize` rows of `sequenceLength` tokens.
  public func shape(batchSize: Int, sequenceLength: Int) -> [Int] {
    dimensions.map { $0.size(batchSize: batchSize, sequenceLength: sequenceLength) }
  }

  /// E.g. "[batch, sequence, 384]", "token ids [batch, sequence]".
  public var description: String {
    let shape = "[" + dimensions.map(\.description).joined(separator: ", ") + "]"
    switch role {
    case .tokenIDs: return "token ids \(shape)"
    case .tokenTypes: return "token type ids \(shape)"
    case .attentionMask: return "an attention mask \(shape)"
    case .data: return elementType == .float32 ? shape : "\(elementType.rawValue) \(shape)"
    }
  }
}
