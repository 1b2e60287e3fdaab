import Foundation

// One case per supported ONNX op: what it makes of the lowered values it reads.

extension ONNXLowerer {
  mutating func lower(_ node: ONNXNode) throws {
    // Padded with left-out inputs, so a node with too few inputs is refused, never indexed past.
    let inputs = node.inputs + ["", "", "", ""]
    func input(_ index: Int) throws -> LoweredValue {
      guard index < inputs.count else { throw refuse("needs at least \(index + 1) inputs, found \(inputs.count)") }
      return try value(inputs[index])
    }
    func optionalInput(_ index: Int) throws -> LoweredValue? {
      index < inputs.count && !inputs[index].isEmpty ? try value(inputs[index]) : nil
    }
    if node.opType == "Split" { return try split(node) }
    guard let outputName = node.outputs.first, !outputName.isEmpty else { throw refuse("has no output") }
    var result: LoweredValue
    switch node.opType {
    case "Constant": result = .constant(try constantAttribute(node))
    case "Identity", "Dropout":
      result = try input(0)
      if case .tensor = result {} else if let origin = origins[inputs[0]] { origins[outputName] = origin }
    case "Cast": result = try cast(try input(0), to: node.attribute("to")?.int ?? 1)
    case "Shape": result = try shape(of: try input(0), start: node.attribute("start")?.int, end: node.attribute("end")?.int)
    case "Gather": result = try gather(try input(0), try input(1), axis: Int(node.attribute("axis")?.int ?? 0))
    case "Unsqueeze": result = try unsqueeze(try input(0), axes: try axes(node, inputs, position: 1))
    case "Squeeze": result = try squeeze(try input(0), axes: try axes(node, inputs, position: 1))
    case "Concat": result = try concat(try node.inputs.map { try value($0) }, axis: Int(node.attribute("axis")?.int ?? 0))
    case "Range": result = try range(try input(0), try input(1), try input(2))
    case "ConstantOfShape": result = try constantOfShape(try input(0), node.attribute("value")?.tensor)
    case "Expand": result = try expand(try input(0), try input(1))
    case "Slice": result = try slice(node, inputs)
    case "Reshape": result = try reshape(inputs[0], try input(1), allowZero: node.attribute("allowzero")?.int == 1)
    case "Transpose": result = try transpose(try input(0), perm: node.attribute("perm")?.ints?.map { Int($0) })
    case "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min": result = try binary(node.opType, inputs[0], inputs.count > 1 ? inputs[1] : "", output: outputName)
    case "Relu", "Tanh", "Sigmoid":
      let kinds: [String: Activation] = ["Relu": .relu, "Tanh": .tanh, "Sigmoid": .sigmoid]
      if case .pointwise = try input(0) {
        result = try pointwise(node.opType, try input(0))
      } else {
        result = .tensor(try activation(kinds[node.opType] ?? .relu, inputs[0], outputName))
      }
    case "Gelu":
      let approximate = node.attribute("approximate")?.text ?? "none"
      guard approximate == "none" || approximate == "tanh" else { throw refuse("approximate '\(approximate)' is not 'none' or 'tanh'") }
      result = .tensor(try activation(approximate == "tanh" ? .geluTanh : .gelu, inputs[0], outputName))
    case "Erf", "Sqrt": result = try pointwise(node.opType, try input(0))
    case "Gemm": result = try gemm(node, inputs)
    case "MatMul": result = try matMul(inputs[0], try input(1))
    case "LayerNormalization": result = .tensor(try layerNormalization(node, inputs, outputName))
    case "Softmax": result = try softmax(inputs[0], axis: Int(node.attribute("axis")?.int ?? -1), output: outputName)
    case "ReduceMean", "ReduceSum": result = try reduce(node, inputs)
    case "Conv": result = try convolution(node, inputs, output: outputName)
    case "BatchNormalization": result = try batchNormalization(node, inputs, output: outputName)
    case "MaxPool", "AveragePool", "GlobalAveragePool": result = try pooling(node, inputs, output: outputName)
    case "Flatten": result = try flatten(node, inputs)
    case "Trilu": result = try trilu(node)
    case "Where": result = try whereOp(node)
    case "Clip": result = try clip(inputs[0], try optionalInput(1), try optionalInput(2), node, output: outputName)
    default: throw refuse("no lowering for op \(node.opType)")  // checkOps lets only supported ops through
    }
    if case .constant = result, node.outputs.count > 1, node.opType != "Dropout" {
      throw refuse("has \(node.outputs.count) outputs; infer-plan reads only the first")
    }
    values[outputName] = result
    switch result {
    case .tensor, .constant: break
    default: if origins[outputName] == nil { origins[outputName] = current }
    }
  }

  /// The `value` attribute of a Constant (or its value_float(s)/value_int(s) forms).
  func constantAttribute(_ node: ONNXNode) throws -> LoweringConstant {
    if let tensor = node.attribute("value")?.tensor { return LoweringConstant(tensor) }
    if let value = node.attribute("value_float")?.float { return LoweringConstant(shape: [], values: .floats([value])) }
    if let values = node.attribute("value_floats")?.floats { return LoweringConstant(shape: [values.count], values: .floats(values)) }
    if let value = node.attribute("value_int")?.int { return .integers([.fixed(Int(value))], shape: []) }
    if let values = node.attribute("value_ints")?.ints { return .integers(values.map { .fixed(Int($0)) }) }
    throw refuse("a Constant without a tensor, float or int value")
  }

  /// Axes from the `axes` attribute (older opsets) or the input at `position` (opset 13+).
  func axes(_ node: ONNXNode, _ inputs: [String], position: Int) throws -> [Int]? {
    if let axes = node.attribute("axes")?.ints { return axes.map { Int($0) } }
    guard position < inputs.count, !inputs[position].isEmpty else { return nil }
    guard case let .constant(constant) = try value(inputs[position]), let axes = constant.integers?.compactMap(\.fixedValue),
      axes.count == constant.count
    else { throw refuse("axes must be a constant computed at load") }
    return axes
  }

  /// An elementwise activation on a graph value.
  mutating func activation(_ kind: Activation, _ input: String, _ output: String) throws -> String {
    let x = try materialize(input)
    return emit(.activation(kind), inputs: [x], output: output, dims: try graphDims(x))
  }

  /// `LayerNormalization(X, Scale, B)` over the last axis.
  mutating func layerNormalization(_ node: ONNXNode, _ inputs: [String], _ output: String) throws -> String {
    let x = try materialize(inputs[0])
    let dimensions = try graphDims(x)
    let axis = Int(node.attribute("axis")?.int ?? -1)
    guard axis == -1 || axis == dimensions.count - 1 else { throw refuse("normalizes from axis \(axis); only the last axis is supported") }
    let width = try width(x)
    guard inputs.count > 1, case let .constant(scale) = try value(inputs[1]), scale.count == width else {
      throw refuse("needs a constant scale of \(width) values")
    }
    let gamma = try weight(scale, shape: [width])
    var beta: String
    if inputs.count > 2, !inputs[2].isEmpty {
      guard case let .constant(bias) = try value(inputs[2]), bias.count == width else { throw refuse("needs a constant bias of \(width) values") }
      beta = try weight(bias, shape: [width])
    } else {
      beta = filledWeight(output + ".beta", count: width, value: 0)
    }
    let epsilon = node.attribute("epsilon")?.float ?? 1e-5
    return emit(.layerNorm(gamma: gamma, beta: beta, epsilon: epsilon), inputs: [x], output: output, dims: dimensions)
  }

  /// `Gemm(A, B, C)`: `alpha·A·B' + beta·C` with a constant B (and C) → dense.
  mutating func gemm(_ node: ONNXNode, _ inputs: [String]) throws -> LoweredValue {
    guard node.attribute("transA")?.int ?? 0 == 0 else { throw refuse("transA = 1 is not supported") }
    let x = try materialize(inputs[0])
    let k = try width(x)
    guard inputs.count > 1, case let .constant(b) = try value(inputs[1]), b.shape.count == 2 else {
      throw refuse("needs a constant 2-D weight B")
    }
    let transposed = node.attribute("transB")?.int ?? 0 == 0
    let n = transposed ? b.shape[1] : b.shape[0]
    guard (transposed ? b.shape[0] : b.shape[1]) == k else { throw refuse("weight \(b.shape) does not fit input width \(k)") }
    let alpha = node.attribute("alpha")?.float ?? 1
    let weightName = try weight(b, shape: [n, k], transposed: transposed, scale: alpha)
    var bias: String?
    if inputs.count > 2, !inputs[2].isEmpty {
      guard case let .constant(c) = try value(inputs[2]), case let .floats(values) = c.values, c.count == n || c.count == 1 else {
        throw refuse("needs a constant bias C of \(n) values")
      }
      let beta = node.attribute("beta")?.float ?? 1
      let full = LoweringConstant(shape: [n], values: .floats(c.count == n ? values : [Float](repeating: values[0], count: n)), name: c.count == n ? c.name : nil)
      bias = try weight(full, shape: [n], scale: beta)
    }
    return .dense(input: x, weight: weightName, bias: bias)
  }

  /// `MatMul`: a value times a constant `[k, n]` (dense), or attention's q·kᵀ and p·v.
  mutating func matMul(_ left: String, _ right: LoweredValue) throws -> LoweredValue {
    switch (try value(left), right) {
    case let (.heads(query, heads, false, queryScale), .heads(key, keyHeads, true, keyScale)) where heads == keyHeads:
      let headSize = try width(query) / heads
      return .attention(AttentionParts(query: query, key: key, heads: heads, headSize: headSize, scale: queryScale * keyScale), stage: .scores)
    case let (.attention(parts, .probabilities), .heads(value, heads, false, scale)) where heads == parts.heads:
      guard scale == 1 else { throw refuse("a scaled value in attention") }
      var parts = parts
      parts.value = value
      return .attention(parts, stage: .context)
    case let (_, .constant(w)) where w.shape.count == 2:
      let x = try materialize(left)
      let k = try width(x)
      guard w.shape[0] == k else { throw refuse("weight \(w.shape) does not fit input width \(k)") }
      return .dense(input: x, weight: try weight(w, shape: [w.shape[1], k], transposed: true), bias: nil)
    default:
      throw refuse("multiplies two computed values other than attention's q·kᵀ and probabilities·v")
    }
  }

  /// Softmax over the last axis: attention's scores, or a plain softmax node.
  mutating func softmax(_ input: String, axis: Int, output: String) throws -> LoweredValue {
    if case let .attention(parts, .scores) = try value(input) {
      guard axis == -1 || axis == 3 else { throw refuse("softmax over axis \(axis) of attention scores") }
      return .attention(parts, stage: .probabilities)
    }
    let x = try materialize(input)
    let rank = try graphDims(x).count
    guard axis == -1 || axis == rank - 1 else { throw refuse("softmax over axis \(axis); only the last axis is supported") }
    return .tensor(emit(.softmax, inputs: [x], output: output, dims: try graphDims(x)))
  }
}

extension LoweringConstant {
  init(shape: [Int], values: Values, name: String?) {
    self.init(shape: shape, values: values)
    self.name = name
  }
}
