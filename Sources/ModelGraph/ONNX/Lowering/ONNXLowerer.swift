/// The state of one lowering (see `ONNXLowering`): what each ONNX value is, and the graph
/// nodes and weights made so far.
struct ONNXLowerer {
  let path: String
  /// What each ONNX value name is.
  var values: [String: LoweredValue] = [:]
  /// The ONNX node that made each pending value (names the graph node made from it later).
  var origins: [String: String] = [:]
  var nodes: [Node] = []
  var weights: [String: Tensor] = [:]
  /// Dims of every float value of our graph.
  var dims: [String: [Dimension]] = [:]
  var usedNames: Set<String> = ["features", "input_ids", "token_type_ids", "attention_mask"]
  /// Roles found for the integer inputs, by ONNX name.
  var roles: [String: ValueRole] = [:]
  /// Weights made from constants, by (constant name, transposed).
  var weightNames: [String: String] = [:]
  var isEncoder = false
  /// The image layout of graph values that hold flattened images (`[batch, C·H·W]`).
  var images: [String: ImageGeometry] = [:]
  /// Per-sample dims of float inputs, by ONNX name.
  var sampleShapes: [String: [Int]] = [:]
  /// Whether an attention node was made without a mask (the kernel then reads an all-ones mask).
  var hasUnmaskedAttention = false
  /// The node being lowered, for messages.
  var current = ""
  var currentOp = ""

  init(path: String) { self.path = path }

  /// `'name'`, or `#index` for a node without one.
  static func label(_ node: ONNXNode, _ index: Int) -> String {
    node.name.isEmpty ? "#\(index) (\(node.opType))" : node.name
  }

  func refuse(_ detail: String) -> ONNXLoweringError {
    .unsupportedPattern(path: path, node: current, op: currentOp, detail: detail)
  }

  /// The lowered value of ONNX value `name`.
  func value(_ name: String) throws -> LoweredValue {
    guard let value = values[name] else {
      throw refuse(name.isEmpty ? "an optional input left out where one is needed" : "reads '\(name)', which no earlier node defines")
    }
    return value
  }

  /// A value name of our graph, unused so far, close to `base`.
  mutating func freshName(_ base: String) -> String {
    var name = base.isEmpty ? "value" : base
    var suffix = 1
    while usedNames.contains(name) {
      suffix += 1
      name = "\(base)_\(suffix)"
    }
    usedNames.insert(name)
    return name
  }

  /// Appends a node and returns its output's name.
  mutating func emit(_ op: Op, inputs: [String], output base: String, dims outputDims: [Dimension], name: String? = nil) -> String {
    let output = freshName(base)
    nodes.append(Node(name: name ?? current, op: op, inputs: inputs, output: output))
    dims[output] = outputDims
    // Elementwise ops keep an image's layout.
    switch op {
    case .activation, .add, .clip, .channelAffine: if let first = inputs.first, dims[first] == outputDims { images[output] = images[first] }
    default: break
    }
    return output
  }

  /// Registers a float constant as a graph weight of `shape` (transposed from `[k, n]` to
  /// `[n, k]` when `transposed`) scaled by `scale`, reusing one already made from it.
  mutating func weight(_ constant: LoweringConstant, shape: [Int], transposed: Bool = false, scale: Float = 1) throws -> String {
    guard case let .floats(values) = constant.values else { throw refuse("needs float weights, found integers") }
    let key = constant.name.map { "\($0)|\(transposed)|\(scale)|\(shape)" }
    if let key, let name = weightNames[key] { return name }
    var scalars = values
    if transposed {
      let (rows, columns) = (constant.shape[0], constant.shape[1])
      scalars = [Float](repeating: 0, count: values.count)
      for row in 0..<rows { for column in 0..<columns { scalars[column * rows + row] = values[row * columns + column] } }
    }
    if scale != 1 { scalars = scalars.map { $0 * scale } }
    guard shape.reduce(1, *) == scalars.count else { throw refuse("a weight of \(scalars.count) values does not fit \(shape)") }
    var name = (constant.name ?? "constant") + (transposed ? ".T" : "")
    while weights[name] != nil { name += "'" }
    weights[name] = Tensor(shape: shape, scalars: scalars)
    if let key { weightNames[key] = name }
    return name
  }

  /// A new weight of `count` copies of `value` (layer norm without γ or β).
  mutating func filledWeight(_ base: String, count: Int, value: Float) -> String {
    var name = base
    while weights[name] != nil { name += "'" }
    weights[name] = Tensor(shape: [count], scalars: [Float](repeating: value, count: count))
    return name
  }

  /// Dims of graph value `name`.
  func graphDims(_ name: String) throws -> [Dimension] {
    guard let found = dims[name] else { throw refuse("internal: no dims for '\(name)'") }
    return found
  }

  /// The width (last axis) of graph value `name`.
  func width(_ name: String) throws -> Int {
    guard case let .fixed(width)? = try graphDims(name).last else {
      throw refuse("'\(name)' has no fixed last axis")
    }
    return width
  }

  /// Records the role of integer input `name`; one input may not play two roles.
  mutating func assign(_ role: ValueRole, to name: String) throws {
    if let found = roles[name], found != role { throw refuse("input '\(name)' is used both as \(found) and as \(role)") }
    if let other = roles.first(where: { $0.value == role && $0.key != name }) {
      throw refuse("inputs '\(other.key)' and '\(name)' are both used as \(role); infer-plan takes one of each")
    }
    roles[name] = role
  }
}
