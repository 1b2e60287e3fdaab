// ReduceMean, ReduceSum, Clip, Erf, Sqrt: steps of the layer norm, GELU and mean-pooling
// patterns (the lowering has no standalone kernel for them).

extension ONNXLowerer {
  mutating func reduce(_ node: ONNXNode, _ inputs: [String]) throws -> LoweredValue {
    let data = try value(inputs[0])
    let axes = try axes(node, inputs, position: 1)
    let keepDims = node.attribute("keepdims")?.int ?? 1 == 1
    if node.opType == "ReduceMean", let axes, axes.count == 2, let pooled = try spatialMean(inputs[0], axes: axes, output: node.outputs.first ?? "") {
      return pooled
    }
    guard let rank = symbolicDims(data)?.count, let axes, axes.count == 1 else {
      throw refuse("reduces \(Self.describe(data)) over \(axes.map { "\($0)" } ?? "all axes"); one axis is supported")
    }
    let axis = axes[0] < 0 ? axes[0] + rank : axes[0]
    switch (node.opType, data) {
    case let ("ReduceMean", .norm(x, .squared)) where axis == rank - 1 && keepDims: return .norm(input: x, stage: .variance)
    case ("ReduceMean", _) where axis == rank - 1 && keepDims && Self.isComputed(data):
      return .norm(input: try materialize(inputs[0]), stage: .mean)
    case let ("ReduceSum", .maskedHidden(x, mask)) where axis == 1 && !keepDims && rank == 3: return .maskedSum(x: x, mask: mask)
    case let ("ReduceSum", .maskTerm(mask, 1, 0, dims)) where axis == 1 && !keepDims && dims == [.batch, .sequence, .fixed(1)]:
      return .maskCount(mask: mask)
    default:
      throw refuse("\(node.opType) of \(Self.describe(data)) over axis \(axes[0]) matches no supported pattern (layer norm, mean pooling)")
    }
  }

  mutating func clip(_ input: String, _ low: LoweredValue?, _ high: LoweredValue?, _ node: ONNXNode, output: String) throws -> LoweredValue {
    let data = try value(input)
    func bound(_ value: LoweredValue?, _ attribute: String) throws -> Double? {
      if let value = node.attribute(attribute)?.float { return Double(value) }
      guard let value else { return nil }
      guard case let .constant(c) = value, let scalar = c.scalar else { throw refuse("clip bounds must be constants") }
      return scalar
    }
    let (minimum, maximum) = (try bound(low, "min"), try bound(high, "max"))
    switch data {
    case let .constant(c):
      guard let values = c.doubles else { throw refuse("clips a symbolic size") }
      let clipped = values.map { Float(Swift.min(Swift.max($0, minimum ?? -.infinity), maximum ?? .infinity)) }
      return .constant(LoweringConstant(shape: c.shape, values: .floats(clipped)))
    // Σ mask counts whole tokens, so a lower bound in (0, 1] changes only an all-padding row,
    // which the mean-pool kernel leaves at zero as well.
    case .maskCount where maximum == nil && (minimum.map { $0 > 0 && $0 <= 1 } ?? false): return data
    case _ where Self.isComputed(data): return try clipValue(input, minimum: minimum, maximum: maximum, output: output)
    default: throw refuse("clips \(Self.describe(data)); Clip is supported on values and in mean pooling's divisor")
    }
  }

  /// Erf, Sqrt, Tanh, Sigmoid, Relu on an elementwise chain (or on a value, starting one).
  func pointwise(_ op: String, _ data: LoweredValue) throws -> LoweredValue {
    if op == "Sqrt", case let .norm(x, .varianceEpsilon(epsilon)) = data { return .norm(input: x, stage: .deviation(epsilon)) }
    if case let .constant(constant) = data, let values = constant.doubles {
      let folded = values.map { Float(PointwiseExpression.unary(op, .constant($0)).evaluate(0)) }
      return .constant(LoweringConstant(shape: constant.shape, values: .floats(folded)))
    }
    guard let (x, expression) = Self.expression(data), let x else {
      throw refuse("\(op) of \(Self.describe(data)); it is supported on values, inside activations and layer norms")
    }
    return .pointwise(x: x, expression: .unary(op, expression))
  }
}
