/// A problem with a graph or an input found before a forward pass runs.
///
/// Messages follow *what was wrong → what was found → how to fix it*, and name the node,
/// value or weight involved.
public enum ForwardPassError: Error, Equatable, CustomStringConvertible {
  /// A node reads a value no earlier node writes and that is no graph input.
  case unknownValue(node: String, value: String, known: [String])
  /// A node writes a value that already exists.
  case valueWrittenTwice(node: String, value: String)
  /// A node has the wrong number of inputs for its op.
  case wrongInputCount(node: String, op: String, expected: String, found: Int)
  /// A node needs a weight tensor the model does not contain.
  case missingWeight(node: String, weight: String)
  /// A weight tensor's shape does not fit the node.
  case weightShape(node: String, weight: String, expected: [Int], found: [Int])
  /// A node's input has the wrong width or kind.
  case valueShape(node: String, value: String, detail: String)
  /// A graph value used where another kind of input is required.
  case wrongInputValue(node: String, position: Int, expected: String, found: String)
  /// Attention heads don't divide the hidden size.
  case headsDoNotDivide(node: String, heads: Int, hidden: Int)
  /// The graph's output value is never written.
  case unknownOutput(output: String)
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
    case let .unknownValue(node, value, known):
      return "node '\(node)' reads '\(value)', which no earlier node writes and is not a graph input "
        + "(known values: \(known.joined(separator: ", "))). Fix the node's inputs or the node order."
    case let .valueWrittenTwice(node, value):
      return "node '\(node)' writes '\(value)', which an earlier node or graph input already defines; "
        + "give each node its own output name."
    case let .wrongInputCount(node, op, expected, found):
      return "node '\(node)' (\(op)) has \(found) inputs; \(op) takes \(expected)."
    case let .missingWeight(node, weight):
      return "node '\(node)' needs weight '\(weight)', which the model does not contain."
    case let .weightShape(node, weight, expected, found):
      return "node '\(node)': weight '\(weight)' has shape \(found); expected \(expected)."
    case let .valueShape(node, value, detail):
      return "node '\(node)': input '\(value)' \(detail)."
    case let .wrongInputValue(node, position, expected, found):
      return "node '\(node)': input \(position + 1) must be '\(expected)'; found '\(found)'."
    case let .headsDoNotDivide(node, heads, hidden):
      return "node '\(node)': \(heads) attention heads don't divide the hidden size \(hidden); "
        + "use a head count that divides it."
    case let .unknownOutput(output):
      return "the graph's output '\(output)' is never written by any node."
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
