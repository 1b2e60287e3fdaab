/// Sizes of the embedding tables, used to check token inputs before a pass.
struct EmbeddingLimits: Equatable, Sendable {
  var vocabularySize: Int
  /// Positions usable by a sequence: table rows − position offset (nil: no position table).
  var maximumSequenceLength: Int?
  /// Token types (nil: no token-type table, so types are ignored).
  var tokenTypeCount: Int?
}
