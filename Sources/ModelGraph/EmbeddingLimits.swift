/// What a graph's embedding tables allow its token inputs, so a backend can check a batch
/// before a pass instead of reading outside a table.
public struct EmbeddingLimits: Equatable, Sendable {
  /// Token ids must lie in `0..<vocabularySize`.
  public var vocabularySize: Int
  /// Positions usable by a sequence: position-table rows − position offset (nil: no position table).
  public var maximumSequenceLength: Int?
  /// Token types must lie in `0..<tokenTypeCount` (nil: no token-type table, so types are ignored).
  public var tokenTypeCount: Int?

  /// Creates limits.
  public init(vocabularySize: Int, maximumSequenceLength: Int? = nil, tokenTypeCount: Int? = nil) {
    self.vocabularySize = vocabularySize
    self.maximumSequenceLength = maximumSequenceLength
    self.tokenTypeCount = tokenTypeCount
  }

  /// The tighter of `self` and `other` in every field (a graph with two embedding nodes must
  /// satisfy both).
  public func tightened(by other: EmbeddingLimits) -> EmbeddingLimits {
    func least(_ x: Int?, _ y: Int?) -> Int? {
      switch (x, y) {
      case let (x?, y?): min(x, y)
      default: x ?? y
      }
    }
    return EmbeddingLimits(
      vocabularySize: min(vocabularySize, other.vocabularySize),
      maximumSequenceLength: least(maximumSequenceLength, other.maximumSequenceLength),
      tokenTypeCount: least(tokenTypeCount, other.tokenTypeCount))
  }
}
