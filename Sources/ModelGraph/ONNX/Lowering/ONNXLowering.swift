/// Lowers an `ONNXModel` into our `Graph`, so every command (run, inspect, profile, plan,
/// validate; CPU and CUDA) takes an ONNX file through the one graph analysis.
///
/// ```swift
/// let lowered = try ONNXLowering.lower(ONNXModel(path: "model.onnx"))
/// lowered.graph                       // dense, layer_norm, attention, … nodes
/// lowered.inputs.map(\.name)          // ["input_ids", "attention_mask"] (the file's names)
/// ```
///
/// First every node's op is checked against `supportedOps`, so an unsupported op is reported
/// before any shape or pattern problem. Then nodes are interpreted in file order: shape
/// subgraphs are evaluated at load with the batch and sequence sizes kept symbolic, and exact
/// patterns become fused ops (MatMul + bias Add → dense, decomposed layer norm → layer_norm,
/// Div/Erf/Add/Mul → GELU, Reshape/Transpose/MatMul/Softmax with an additive mask → attention,
/// masked ReduceSum/Div → mean_pool). Anything else is an error naming the node.
public enum ONNXLowering {
  /// The ONNX ops (default domain) the lowering accepts, sorted.
  public static let supportedOps = [
    "Add", "AveragePool", "BatchNormalization", "Cast", "Clip", "Concat", "Constant", "ConstantOfShape", "Conv", "Div",
    "Dropout", "Erf", "Expand", "Flatten", "Gather", "Gelu", "Gemm", "GlobalAveragePool", "Identity",
    "LayerNormalization", "MatMul", "Max", "MaxPool", "Min", "Mul", "Pow", "Range", "ReduceMean",
    "ReduceSum", "Relu", "Reshape", "Shape", "Sigmoid", "Slice", "Softmax", "Split", "Sqrt", "Squeeze", "Sub", "Tanh",
    "Transpose", "Trilu", "Unsqueeze", "Where",
  ]

  /// Checks that every node uses a supported op, before anything else is looked at.
  /// - Throws: `ONNXLoweringError.unsupportedOp` for the first node that does not.
  public static func checkOps(_ model: ONNXModel) throws { try checkOps(model.graph, path: model.path) }

  static func checkOps(_ graph: ONNXGraph, path: String) throws {
    let supported = Set(supportedOps)
    for (index, node) in graph.nodes.enumerated() {
      let standard = node.domain.isEmpty || node.domain == "ai.onnx"
      guard standard, supported.contains(node.opType) else {
        throw ONNXLoweringError.unsupportedOp(
          path: path, node: ONNXLowerer.label(node, index), op: node.qualifiedOpType, supported: supportedOps)
      }
    }
  }

  /// Lowers `model`.
  /// - Parameter inputShapes: Per-sample dims (batch excluded) for inputs whose dims the file
  ///   leaves symbolic beyond batch and sequence (`--input-shape NAME=DIMS`).
  /// - Throws: `ONNXLoweringError`; `GraphError` if the lowered graph does not check out.
  public static func lower(_ model: ONNXModel, inputShapes: [String: [Int]] = [:]) throws -> ONNXLoweredModel {
    var lowered = try lower(model.graph, path: model.path, inputShapes: inputShapes)
    lowered.graph.sourceHash = model.contentHash
    lowered.graph.sampleShapes = Dictionary(
      lowered.inputs.compactMap { input in input.sampleShape.map { (input.name, $0) } }, uniquingKeysWith: { first, _ in first })
    return lowered
  }

  /// Lowers `graph`, read from (or named in messages as) `path`; see `lower(_:inputShapes:)`.
  public static func lower(_ graph: ONNXGraph, path: String, inputShapes: [String: [Int]] = [:]) throws -> ONNXLoweredModel {
    try checkOps(graph, path: path)
    var lowerer = ONNXLowerer(path: path)
    let inputs = try lowerer.bindInputs(graph, inputShapes: inputShapes)
    for (index, node) in graph.nodes.enumerated() {
      lowerer.current = ONNXLowerer.label(node, index)
      lowerer.currentOp = node.opType
      try lowerer.lower(node)
    }
    return try lowerer.finish(graph, inputs: inputs)
  }
}

/// A graph input or output of the ONNX file and the value of our graph it is bound to.
public struct ONNXBinding: Sendable, Equatable {
  /// The name in the ONNX file (what `model inspect` prints and `--input NAME=…` takes).
  public var name: String
  /// The graph value: `features`, `input_ids`, `token_type_ids`, `attention_mask` for inputs;
  /// a node's output for outputs. Nil for an input no node reads.
  public var value: String?
  /// The role of an integer input (`tokenIDs`, `tokenTypes`, `attentionMask`); `.data` otherwise.
  public var role: ValueRole
  /// Per-sample dims of a float input, batch excluded (`[features]` or `[C, H, W]`).
  public var sampleShape: [Int]?

  /// Creates a binding.
  public init(name: String, value: String?, role: ValueRole, sampleShape: [Int]? = nil) {
    self.name = name
    self.value = value
    self.role = role
    self.sampleShape = sampleShape
  }
}

/// An ONNX model lowered into a `Graph`, with its file's input and output names.
public struct ONNXLoweredModel: Sendable {
  /// The graph; its output is the file's first output, and nodes for the others are kept.
  public var graph: Graph
  /// The file's runtime inputs, in order.
  public var inputs: [ONNXBinding]
  /// The file's outputs, in order.
  public var outputs: [ONNXBinding]

  /// The graph with `output` (an ONNX output name) as its output; nil for an unknown name.
  public func graph(forOutput output: String) -> Graph? {
    guard let value = outputs.first(where: { $0.name == output })?.value else { return nil }
    var result = graph
    result.output = value
    return result
  }
}
