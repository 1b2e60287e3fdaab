/// A problem with an input, a size or a workspace found before a forward pass runs. (Problems
/// with the graph itself are `GraphError`s from the shared `GraphAnalysis`.)
///
/// Messages follow *what was wrong → what was found → how to fix it*, and name the position,
/// value or size involved.
public enum ForwardPassError: Error, Equatable, CustomStringConvertible {
  /// The input kind does not match the graph (features for an encoder, tokens for an MLP).
  case wrongInputKind(graph: String, expected: String)
  /// The input's shape does not match the graph.
  case inputShape(detail: String)
  /// A token id outside the vocabulary.
  case tokenOutOfRange(batch: Int, position: Int, id: Int32, vocabularySize: Int)
  /// A token type id outside the token-type table.
  case tokenTypeOutOfRange(batch: Int, position: Int, type: Int32, typeCount: Int)
  /// An attention-mask entry other than 0 or 1.
  case maskValue(batch: Int, position: Int, value: Int32)
  /// A sequence longer than the position table allows.
  case sequenceTooLong(length: Int, maximum: Int)
  /// A workspace made for another batch size or sequence length.
  case workspaceMismatch(expected: String, found: String)
  /// A parameter outside what the kernels support (e.g. a size over 2^31 − 1 elements).
  case unsupported(detail: String)

  public var description: String {
    switch self {
    case let .wrongInputKind(graph, expected):
      return "model '\(graph)' takes \(expected) as input."
    case let .inputShape(detail):
      return "input \(detail)."
    case let .tokenOutOfRange(batch, position, id, vocabularySize):
      return "token id \(id) at [\(batch), \(position)] is outside the vocabulary (0..<\(vocabularySize)); "
        + "tokenize with this model's vocabulary."
    case let .tokenTypeOutOfRange(batch, position, type, typeCount):
      return "token type \(type) at [\(batch), \(position)] is outside 0..<\(typeCount); "
        + "this model has \(typeCount) token type\(typeCount == 1 ? "" : "s")."
    case let .maskValue(batch, position, value):
      return "attention mask value \(value) at [\(batch), \(position)] must be 0 (padding) or 1 (token)."
    case let .sequenceTooLong(length, maximum):
      return "sequence length \(length) exceeds this model's maximum of \(maximum) positions; "
        + "truncate the input to \(maximum) tokens."
    case let .workspaceMismatch(expected, found):
      return "input is \(found) but the workspace was made for \(expected); "
        + "make a workspace for this shape with makeWorkspace(batchSize:sequenceLength:)."
    case let .unsupported(detail):
      return detail
    }
  }
}
