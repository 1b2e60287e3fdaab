import Foundation

// Add, Sub, Mul, Div, Pow, Max, Min: folded on constants; otherwise each is one step of a
// pattern (bias, residual, layer norm, GELU, attention scale and mask, mean pooling).

extension ONNXLowerer {
  mutating func binary(_ op: String, _ leftName: String, _ rightName: String, output: String) throws -> LoweredValue {
    let (left, right) = (try settle(leftName, op, other: try value(rightName)), try settle(rightName, op, other: try value(leftName)))
    if case let .constant(a) = left, case let .constant(b) = right { return .constant(try fold(op, a, b)) }
    let commutative = op == "Add" || op == "Mul"
    if let found = try pattern(op, left, right, leftName, rightName, output: output) { return found }
    if commutative, let found = try pattern(op, right, left, rightName, leftName, output: output) { return found }
    throw refuse("\(op) of \(Self.describe(left)) and \(Self.describe(right)) matches no supported pattern")
  }

  /// The value `left op right` makes, nil when no pattern fits (the caller tries the swapped
  /// order for Add and Mul).
  private mutating func pattern(
    _ op: String, _ left: LoweredValue, _ right: LoweredValue, _ leftName: String, _ rightName: String, output: String
  ) throws -> LoweredValue? {
    let scalar: Double? = if case let .constant(c) = right { c.scalar } else { nil }
    switch (op, left, right, scalar) {
    // Bias of a MatMul: [n], [1, n] or [1, 1, n].
    case let ("Add", .dense(input, denseWeight, nil), .constant(bias), _):
      let n = weights[denseWeight]?.shape.first ?? 0
      guard bias.count == n, bias.shape.dropLast().allSatisfy({ $0 == 1 }) else { return nil }
      return .dense(input: input, weight: denseWeight, bias: try weight(bias, shape: [n]))
    // Layer norm, decomposed: x − mean(x), (·)², mean, + ε, √, ÷, · γ, + β.
    case let ("Sub", .tensor(x), .norm(y, .mean), _) where x == y: return .norm(input: x, stage: .centered)
    case let ("Pow", .norm(x, .centered), _, 2?): return .norm(input: x, stage: .squared)
    case let ("Mul", .norm(x, .centered), .norm(y, .centered), _) where x == y && leftName == rightName: return .norm(input: x, stage: .squared)
    case let ("Add", .norm(x, .variance), _, epsilon?) where epsilon > 0: return .norm(input: x, stage: .varianceEpsilon(epsilon))
    case let ("Div", .norm(x, .centered), .norm(y, .deviation(epsilon)), _) where x == y: return .norm(input: x, stage: .normalized(epsilon))
    case let ("Mul", .norm(x, .normalized(epsilon)), .constant(gamma), _):
      let width = try width(x)
      guard gamma.count == width else { return nil }
      return .norm(input: x, stage: .scaled(epsilon: epsilon, gamma: try weight(gamma, shape: [width])))
    case let ("Add", .norm(x, .scaled(epsilon, gamma)), .constant(bias), _):
      let width = try width(x)
      guard bias.count == width else { return nil }
      let beta = try weight(bias, shape: [width])
      return .tensor(emit(.layerNorm(gamma: gamma, beta: beta, epsilon: Float(epsilon)), inputs: [x], output: output, dims: try graphDims(x)))
    // Attention: scale on heads or scores, then the additive mask.
    case let ("Mul", .heads(v, h, t, scale), _, c?): return .heads(value: v, heads: h, transposed: t, scale: scale * c)
    case let ("Div", .heads(v, h, t, scale), _, c?) where c != 0:
      return .heads(value: v, heads: h, transposed: t, scale: scale / c)
    case ("Mul", .attention(var parts, .scores), _, let c?) where parts.mask == nil:
      parts.scale *= c
      return .attention(parts, stage: .scores)
    case ("Div", .attention(var parts, .scores), _, let c?) where c != 0 && parts.mask == nil:
      parts.scale /= c
      return .attention(parts, stage: .scores)
    case ("Add", .attention(var parts, .scores), let .maskTerm(mask, scale, offset, dims), _) where parts.mask == nil:
      guard dims == [.batch, .fixed(1), .fixed(1), .sequence] || dims == [.batch, .fixed(1), .sequence] else {
        throw refuse("an attention mask of shape \(dims); the fused kernel takes [batch, 1, 1, sequence]")
      }
      // Kept tokens (mask 1) add 0, padded ones (mask 0) a very negative number, as the kernel does.
      guard abs(scale + offset) <= 1e-6 * max(1, abs(offset)), offset <= -1e4 else {
        throw refuse("adds \(scale)·mask + \(offset) to attention scores; the fused kernel adds 0 for kept tokens and a very negative number for padding")
      }
      parts.mask = mask
      return .attention(parts, stage: .scores)
    // Masks: affine steps on the integer mask.
    case let ("Mul", .maskTerm(mask, scale, offset, dims), _, c?):
      return .maskTerm(mask: mask, scale: scale * c, offset: offset * c, dims: dims)
    case let ("Sub", .constant, .maskTerm(mask, scale, offset, dims), _):
      guard case let .constant(c) = left, let value = c.scalar else { return nil }
      return .maskTerm(mask: mask, scale: -scale, offset: value - offset, dims: dims)
    case let ("Sub", .maskTerm(mask, scale, offset, dims), _, c?):
      return .maskTerm(mask: mask, scale: scale, offset: offset - c, dims: dims)
    // Mean pooling: Σ x·mask / max(Σ mask, ε).
    case let ("Mul", .tensor(x), .maskTerm(mask, 1, 0, dims), _) where dims == [.batch, .sequence, .fixed(1)]:
      return .maskedHidden(x: x, mask: mask)
    case let ("Div", .maskedSum(x, mask), .maskCount(other), _) where mask == other:
      try assign(.attentionMask, to: mask)
      let width = try width(x)
      return .tensor(emit(.meanPool, inputs: [x, "attention_mask"], output: output, dims: [.batch, .fixed(width)]))
    // Embedding lookups add up into one node.
    case let ("Add", .embedding(a), .embedding(b), _):
      guard let merged = Self.merge(a, b) else { return nil }
      return .embedding(merged)
    // Residuals: two computed values of one shape (before elementwise chains: x + x is a residual).
    case ("Add", _, _, _) where Self.isComputed(left) && Self.isComputed(right) && !Self.isPointwise(left) && !Self.isPointwise(right):
      let (x, y) = (try materialize(leftName), try materialize(rightName))
      guard try graphDims(x) == graphDims(y) else { throw refuse("adds values of shapes \(try graphDims(x)) and \(try graphDims(y)); broadcasting is not supported") }
      return .tensor(emit(.add, inputs: [x, y], output: output, dims: try graphDims(x)))
    // Elementwise chains of one value with constants or with itself (activations written out).
    case _ where Self.expression(left) != nil && Self.expression(right) != nil:
      guard let (x, a) = Self.expression(left), let (y, b) = Self.expression(right), x == nil || y == nil || x == y,
        let base = x ?? y
      else { return nil }
      return .pointwise(x: base, expression: .binary(op, a, b))
    default: return nil
    }
  }

  /// A value as an elementwise expression: of a graph value (nil name for a scalar constant).
  static func expression(_ value: LoweredValue) -> (String?, PointwiseExpression)? {
    switch value {
    case let .tensor(name): (name, .x)
    case let .pointwise(x, expression): (x, expression)
    case let .constant(constant): constant.scalar.map { (nil, .constant($0)) }
    default: nil
    }
  }

  static func isPointwise(_ value: LoweredValue) -> Bool {
    if case .pointwise = value { true } else { false }
  }

  /// The value of `name` as `op` with `other` reads it: a pending MatMul, embedding sum or layer
  /// norm stays pending only where its pattern goes on (bias Add, table Add, γ Mul, β Add);
  /// anywhere else it becomes graph nodes first.
  private mutating func settle(_ name: String, _ op: String, other: LoweredValue) throws -> LoweredValue {
    let found = try value(name)
    let otherIsConstant = if case .constant = other { true } else { false }
    switch found {
    case let .dense(_, weight, nil) where op == "Add" && otherIsConstant:
      if case let .constant(bias) = other, bias.count == weights[weight]?.shape.first { return found }
    case .embedding where op == "Add": if case .embedding = other { return found }
    case .norm(_, .normalized) where op == "Mul" && otherIsConstant: return found
    case .norm(_, .scaled) where op == "Add" && otherIsConstant: return found
    case .dense, .embedding, .norm(_, .normalized), .norm(_, .scaled): break
    default: return found
    }
    return .tensor(try materialize(name))
  }

  static func isComputed(_ value: LoweredValue) -> Bool {
    switch value {
    case .tensor, .dense, .embedding: true
    case .norm(_, .normalized), .norm(_, .scaled): true
    default: false
    }
  }

  static func merge(_ a: EmbeddingParts, _ b: EmbeddingParts) -> EmbeddingParts? {
    func one(_ x: String?, _ y: String?) -> (String?, Bool) { x != nil && y != nil ? (nil, false) : (x ?? y, true) }
    let (word, w) = one(a.word, b.word), (position, p) = one(a.position, b.position), (type, t) = one(a.tokenType, b.tokenType)
    guard w, p, t else { return nil }
    return EmbeddingParts(
      word: word, wordInput: a.wordInput ?? b.wordInput, position: position, tokenType: type,
      tokenTypeInput: a.tokenTypeInput ?? b.tokenTypeInput)
  }

  /// `a op b` on constants, with NumPy broadcasting.
  func fold(_ op: String, _ a: LoweringConstant, _ b: LoweringConstant) throws -> LoweringConstant {
    let rank = max(a.shape.count, b.shape.count)
    let left = [Int](repeating: 1, count: rank - a.shape.count) + a.shape
    let right = [Int](repeating: 1, count: rank - b.shape.count) + b.shape
    var shape: [Int] = []
    for (x, y) in zip(left, right) {
      guard x == y || x == 1 || y == 1 else { throw refuse("\(op) of constants of shapes \(a.shape) and \(b.shape)") }
      shape.append(max(x, y))
    }
    let count = shape.reduce(1, *)
    guard count <= Self.foldLimit else { throw refuse("\(op) of constants with \(count) values") }
    func index(_ flat: Int, _ dims: [Int]) -> Int {
      var (rest, result, stride) = (flat, 0, 1)
      var strides = [Int](repeating: 0, count: rank)
      for axis in (0..<rank).reversed() { strides[axis] = dims[axis] == 1 ? 0 : stride; stride *= dims[axis] }
      for axis in (0..<rank).reversed() {
        result += (rest % shape[axis]) * strides[axis]
        rest /= shape[axis]
      }
      return result
    }
    if case let .integers(x) = a.values, case let .integers(y) = b.values {
      var values: [SymbolicInteger] = []
      for flat in 0..<count {
        guard let value = Self.integer(op, x[index(flat, left)], y[index(flat, right)]) else {
          throw refuse("\(op) of sizes \(x[index(flat, left)]) and \(y[index(flat, right)]) cannot be worked out at load")
        }
        values.append(value)
      }
      return LoweringConstant(shape: shape, values: .integers(values))
    }
    guard let x = a.doubles, let y = b.doubles else { throw refuse("\(op) of a symbolic size and a float") }
    let values = (0..<count).map { flat in Float(Self.real(op, x[index(flat, left)], y[index(flat, right)])) }
    return LoweringConstant(shape: shape, values: .floats(values))
  }

  static func integer(_ op: String, _ x: SymbolicInteger, _ y: SymbolicInteger) -> SymbolicInteger? {
    if let a = x.fixedValue, let b = y.fixedValue {
      switch op {
      case "Add": return .fixed(a &+ b)
      case "Sub": return .fixed(a &- b)
      case "Mul": return .fixed(a &* b)
      case "Div":
        let quotient = a.dividedReportingOverflow(by: b)
        return b == 0 || quotient.overflow ? nil : .fixed(quotient.partialValue)
      case "Max": return .fixed(max(a, b))
      case "Min": return .fixed(min(a, b))
      default: return nil
      }
    }
    switch op {
    case "Mul": return x * y
    case "Add" where y == .fixed(0), "Sub" where y == .fixed(0): return x
    case "Add" where x == .fixed(0): return y
    case "Div":
      guard let divisor = y.fixedValue, divisor > 0, x.coefficient % divisor == 0 else { return nil }
      return SymbolicInteger(coefficient: x.coefficient / divisor, batchPower: x.batchPower, sequencePower: x.sequencePower)
    default: return nil
    }
  }

  static func real(_ op: String, _ x: Double, _ y: Double) -> Double {
    switch op {
    case "Add": x + y
    case "Sub": x - y
    case "Mul": x * y
    case "Div": x / y
    case "Pow": pow(x, y)
    case "Max": max(x, y)
    default: min(x, y)
    }
  }
}
