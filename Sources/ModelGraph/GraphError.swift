/// A structural problem in a graph, found by `Graph.validate()` before any forward pass.
///
/// Each message names the node and says what it needs; `ModelFileError.invalidGraph` adds
/// the file path when the graph came from a file.
public enum GraphError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The model kind has a non-positive size (e.g. `input_features: 0`).
  case invalidKind(detail: String)
  /// A node reads a value that no earlier node (and no graph input) defines.
  case undefinedValue(node: String, value: String)
  /// A node writes a value that already exists (values are defined once).
  case redefinedValue(node: String, value: String)
  /// A node has the wrong number of inputs for its op.
  case wrongInputCount(node: String, op: String, expected: Int, found: Int)
  /// A node reads a value of the wrong kind (e.g. token ids where it needs hidden states).
  case wrongInputKind(node: String, value: String, expected: String, found: String)
  /// A node names a weight tensor the model does not hold.
  case missingWeight(node: String, tensor: String)
  /// A weight tensor's shape does not fit the node.
  case weightShape(node: String, tensor: String, expected: String, found: [Int])
  /// Two inputs (or an input and the model kind) disagree in width.
  case widthMismatch(node: String, detail: String)
  /// Attention heads must be positive and divide the hidden size.
  case badHeads(node: String, heads: Int, hiddenSize: Int)
  /// Layer norm epsilon must be finite and positive.
  case badEpsilon(node: String, epsilon: Float)
  /// RoBERTa-style position offsets must be 0 or more.
  case badPositionOffset(node: String, offset: Int)
  /// The graph's output value is never defined.
  case outputUndefined(output: String)
  /// The graph has no nodes.
  case empty

  public var description: String {
    switch self {
    case let .invalidKind(detail):
      "invalid model kind: \(detail). Sizes must be whole numbers above 0."
    case let .undefinedValue(node, value):
      "node '\(node)' reads value '\(value)', which is not defined before it. "
        + "List nodes in execution order, and read only graph inputs or earlier nodes' outputs."
    case let .redefinedValue(node, value):
      "node '\(node)' writes value '\(value)', which is already defined. Give each node output a new name."
    case let .wrongInputCount(node, op, expected, found):
      "node '\(node)' (\(op)) has \(found) input\(found == 1 ? "" : "s"); \(op) needs \(expected)."
    case let .wrongInputKind(node, value, expected, found):
      "node '\(node)' reads '\(value)' as \(expected), but it holds \(found)."
    case let .missingWeight(node, tensor):
      "node '\(node)' needs tensor '\(tensor)', which the model does not contain. "
        + "Add the tensor or fix the name in the node."
    case let .weightShape(node, tensor, expected, found):
      "node '\(node)': tensor '\(tensor)' has shape \(found), but the node needs \(expected)."
    case let .widthMismatch(node, detail):
      "node '\(node)': \(detail)."
    case let .badHeads(node, heads, hiddenSize):
      "node '\(node)' (attention): \(heads) heads do not divide hidden size \(hiddenSize); "
        + "heads must be above 0 and divide the hidden size."
    case let .badEpsilon(node, epsilon):
      "node '\(node)' (layer_norm): epsilon \(epsilon) must be finite and above 0 (e.g. 1e-12)."
    case let .badPositionOffset(node, offset):
      "node '\(node)' (embedding): position_offset \(offset) must be 0 or more."
    case let .outputUndefined(output):
      "the graph output '\(output)' is not written by any node."
    case .empty:
      "the graph has no nodes."
    }
  }
}
