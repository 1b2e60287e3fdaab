/// A structural problem in a graph, found by the graph analysis (`GraphAnalysis`,
/// `Graph.validate()`) before any forward pass, profile or plan.
///
/// Each message says what was wrong, where (the node and its op), what was found and how to
/// fix it; `ModelFileError.invalidGraph` adds the file path when the graph came from a file.
public enum GraphError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The model kind has a non-positive size (e.g. `input_features: 0`).
  case invalidKind(detail: String)
  /// The graph has no nodes.
  case empty
  /// The graph has more nodes than `Graph.maximumNodes`.
  case tooManyNodes(count: Int, limit: Int)
  /// A node reads a value that no earlier node (and no graph input) defines.
  case undefinedValue(node: String, op: String, value: String, suggestion: String?)
  /// A node writes a value that already exists (values are defined once).
  case redefinedValue(node: String, op: String, value: String)
  /// A node has the wrong number of inputs for its op.
  case wrongInputCount(node: String, op: String, expected: Int, found: Int)
  /// A node reads a value of the wrong type (e.g. token ids where it needs hidden states).
  case wrongInputKind(node: String, op: String, value: String, expected: String, found: String)
  /// A node names a weight tensor the model does not hold.
  case missingWeight(node: String, op: String, tensor: String)
  /// A weight tensor's shape does not fit the node.
  case weightShape(node: String, op: String, tensor: String, expected: String, found: [Int])
  /// Inputs that must agree in shape do not.
  case shapeMismatch(node: String, op: String, detail: String)
  /// Attention heads must be positive and divide the hidden size.
  case badHeads(node: String, heads: Int, hiddenSize: Int)
  /// Layer norm epsilon must be finite and positive.
  case badEpsilon(node: String, epsilon: Float)
  /// RoBERTa-style position offsets must be 0 or more.
  case badPositionOffset(node: String, offset: Int)
  /// The graph's output value is not written by any node.
  case outputUndefined(output: String, lastNodeOutput: String?)

  public var description: String {
    switch self {
    case let .invalidKind(detail):
      "invalid model kind: \(detail). Sizes must be whole numbers above 0."
    case .empty:
      "the graph has no nodes. A model needs at least one node, and its output must be a node's output."
    case let .tooManyNodes(count, limit):
      "the graph has \(count) nodes, above the limit of \(limit). Real models have hundreds to a few thousand; "
        + "the file is corrupt or was generated wrongly."
    case let .undefinedValue(node, op, value, suggestion):
      "node '\(node)' (\(op)) reads value '\(value)', which is not defined before it. "
        + (suggestion.map { "Did you mean '\($0)'? " } ?? "")
        + "List nodes in execution order, and read only graph inputs or earlier nodes' outputs."
    case let .redefinedValue(node, op, value):
      "node '\(node)' (\(op)) writes value '\(value)', which is already defined. Give each node output a new name."
    case let .wrongInputCount(node, op, expected, found):
      "node '\(node)' (\(op)) has \(found) input\(found == 1 ? "" : "s"); \(op) needs \(expected)."
    case let .wrongInputKind(node, op, value, expected, found):
      "node '\(node)' (\(op)) reads '\(value)' as \(expected), but it holds \(found)."
    case let .missingWeight(node, op, tensor):
      "node '\(node)' (\(op)) needs tensor '\(tensor)', which the model does not contain. "
        + "Add the tensor or fix the name in the node."
    case let .weightShape(node, op, tensor, expected, found):
      "node '\(node)' (\(op)): tensor '\(tensor)' has shape \(found), but the node needs \(expected)."
    case let .shapeMismatch(node, op, detail):
      "node '\(node)' (\(op)) needs \(detail)."
    case let .badHeads(node, heads, hiddenSize):
      "node '\(node)' (attention): \(heads) heads do not divide hidden size \(hiddenSize); "
        + "heads must be above 0 and divide the hidden size."
    case let .badEpsilon(node, epsilon):
      "node '\(node)' (layer_norm): epsilon \(epsilon) must be finite and above 0, or a constant row divides "
        + "by zero; use the model's own value (1e-12 for BERT, 1e-5 for PyTorch's default)."
    case let .badPositionOffset(node, offset):
      "node '\(node)' (embedding): position_offset \(offset) must be 0 or more."
    case let .outputUndefined(output, lastNodeOutput):
      "the graph output '\(output)' is not written by any node."
        + (lastNodeOutput.map { " Set the output to a node's output, e.g. '\($0)' (what the last node writes)." } ?? "")
    }
  }
}
