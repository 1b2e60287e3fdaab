/// A problem lowering a well-formed ONNX model into a `Graph`: an op infer-plan does not run,
/// an arrangement of supported ops it cannot map onto its kernels, or inputs it cannot plan.
public enum ONNXLoweringError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A node uses an op outside `ONNXLowering.supportedOps` (checked before anything else).
  case unsupportedOp(path: String, node: String, op: String, supported: [String])
  /// A node of a supported op reads values in a way the lowering cannot map onto its kernels.
  case unsupportedPattern(path: String, node: String, op: String, detail: String)
  /// A graph input the lowering cannot plan (its type, rank or a dim it cannot size).
  case unsupportedInput(path: String, input: String, detail: String)
  /// `--input-shape` gives dims that differ from the ones the file fixes (batch excluded).
  case inputShapeMismatch(path: String, input: String, given: [Int], fixed: [Int?])
  /// `--input-shape` names an input the model does not have.
  case unknownInput(path: String, input: String, known: [String])
  /// The graph as a whole does not fit one of the model kinds infer-plan plans.
  case unsupportedGraph(path: String, detail: String)

  public var description: String {
    switch self {
    case let .unsupportedOp(path, node, op, supported):
      "\(path): node '\(node)' uses op \(op), which infer-plan cannot run. Supported ops: "
        + supported.joined(separator: ", ") + ". See docs/onnx.md."
    case let .unsupportedPattern(path, node, op, detail):
      "\(path): node '\(node)' (\(op)): \(detail). infer-plan maps ONNX graphs onto its fused kernels "
        + "(dense, layer norm, attention, embedding, mean pool) and refuses what it cannot map; see docs/onnx.md."
    case let .unsupportedInput(path, input, detail):
      "\(path): input '\(input)': \(detail)."
    case let .inputShapeMismatch(path, input, given, fixed):
      "'--input-shape \(input)=\(given.map(String.init).joined(separator: "x"))': \(path) fixes \(input)'s per-sample dims at "
        + fixed.map { $0.map(String.init) ?? "?" }.joined(separator: "x") + " (batch excluded); give a shape only for the '?' dims."
    case let .unknownInput(path, input, known):
      "\(path): the model has no input '\(input)'; its inputs: \(known.joined(separator: ", "))."
    case let .unsupportedGraph(path, detail):
      "\(path): \(detail). See docs/onnx.md for the model families infer-plan runs."
    }
  }
}
