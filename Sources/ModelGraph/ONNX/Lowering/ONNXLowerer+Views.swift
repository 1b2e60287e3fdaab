// Reshape and Transpose: folded on constants, and attention's head views
// ([B, S, H] → [B, S, h, d] → [B, h, S, d], and back after p·v, which emits the attention node).

extension ONNXLowerer {
  mutating func reshape(_ input: String, _ shape: LoweredValue, allowZero: Bool) throws -> LoweredValue {
    let data = try value(input)
    guard case let .constant(targetConstant) = shape, let target = targetConstant.integers else {
      throw refuse("reshapes to a shape not known at load")
    }
    guard let source = symbolicDims(data) else { throw refuse("reshapes \(Self.describe(data)), whose shape is not known") }
    guard let resolved = Self.resolve(target, from: source, allowZero: allowZero) else {
      throw refuse("cannot reshape \(source) to \(target)")
    }
    if resolved == source { return data }
    switch data {
    case var .constant(constant):
      let fixed = resolved.compactMap(\.fixedValue)
      guard fixed.count == resolved.count, Self.elementCount(fixed) == constant.count else {
        throw refuse("reshapes a constant of \(constant.shape) to \(resolved)")
      }
      constant.shape = fixed
      constant.name = nil
      return .constant(constant)
    case let .attention(parts, .mergedContext):
      guard resolved == [.batch, .sequence, .fixed(parts.heads * parts.headSize)] else { throw refuse("merges attention heads into \(resolved)") }
      return .tensor(try emitAttention(parts, output: input))
    case .maskTerm, .positions, .zeros, .tokenInput:
      return try unitReshape(data, source: source, to: resolved)
    default:
      let x = try materialize(input)
      let dims = try graphDims(x)
      if images[x] != nil, resolved.count == 2, resolved[0] == .batch, resolved[1].dimension == dims.last { return .tensor(x) }
      guard dims.count == 3, dims[0] == .batch, dims[1] == .sequence, case let .fixed(width) = dims[2], resolved.count == 4,
        resolved[0] == .batch, resolved[1] == .sequence, let heads = resolved[2].fixedValue, let size = resolved[3].fixedValue,
        heads > 0, size > 0, heads.multipliedReportingOverflow(by: size) == (width, false)
      else { throw refuse("reshapes \(source) to \(resolved); only the split into attention heads is supported") }
      return .splitHeads(value: x, heads: heads)
    }
  }

  /// Reshapes that only add or drop unit axes of mask, position and zero values.
  private func unitReshape(_ data: LoweredValue, source: [SymbolicInteger], to resolved: [SymbolicInteger]) throws -> LoweredValue {
    guard source.filter({ $0 != .fixed(1) }) == resolved.filter({ $0 != .fixed(1) }) else { throw refuse("reshapes \(source) to \(resolved)") }
    switch data {
    case let .maskTerm(mask, scale, offset, _): return .maskTerm(mask: mask, scale: scale, offset: offset, dims: resolved)
    case let .tokenInput(name): return .maskTerm(mask: name, scale: 1, offset: 0, dims: resolved)
    case .positions: return .positions(shape: resolved)
    default: return .zeros(shape: resolved)
    }
  }

  /// `target` with 0 (copy, unless `allowZero`) and one −1 (the rest) resolved against `source`.
  static func resolve(_ target: [SymbolicInteger], from source: [SymbolicInteger], allowZero: Bool) -> [SymbolicInteger]? {
    var result = target
    var inferred: Int?
    for (index, entry) in target.enumerated() {
      if entry == .fixed(0), !allowZero {
        guard index < source.count else { return nil }
        result[index] = source[index]
      } else if entry == .fixed(-1) {
        guard inferred == nil else { return nil }
        inferred = index
      }
    }
    guard let inferred else { return result }
    var total = SymbolicInteger.fixed(1)
    for entry in source { guard let product = total * entry else { return nil }; total = product }
    var known = SymbolicInteger.fixed(1)
    for (index, entry) in result.enumerated() where index != inferred {
      guard let product = known * entry else { return nil }
      known = product
    }
    let quotient = total.coefficient.dividedReportingOverflow(by: known.coefficient)
    guard known.coefficient > 0, !quotient.overflow, total.coefficient % known.coefficient == 0, total.batchPower >= known.batchPower,
      total.sequencePower >= known.sequencePower
    else { return nil }
    result[inferred] = SymbolicInteger(
      coefficient: quotient.partialValue, batchPower: total.batchPower - known.batchPower,
      sequencePower: total.sequencePower - known.sequencePower)
    return result
  }

  func transpose(_ data: LoweredValue, perm: [Int]?) throws -> LoweredValue {
    switch (data, perm) {
    case let (.splitHeads(value, heads), [0, 2, 1, 3]?): return .heads(value: value, heads: heads, transposed: false, scale: 1)
    case let (.splitHeads(value, heads), [0, 2, 3, 1]?): return .heads(value: value, heads: heads, transposed: true, scale: 1)
    case let (.heads(value, heads, transposed, scale), [0, 1, 3, 2]?):
      return .heads(value: value, heads: heads, transposed: !transposed, scale: scale)
    case let (.attention(parts, .context), [0, 2, 1, 3]?): return .attention(parts, stage: .mergedContext)
    case let (.constant(constant), _) where constant.shape.count == 2 && (perm == nil || perm == [1, 0]):
      let (rows, columns) = (constant.shape[0], constant.shape[1])
      func flip<T>(_ values: [T]) -> [T] { (0..<values.count).map { values[($0 % rows) * columns + $0 / rows] } }
      let values: LoweringConstant.Values =
        switch constant.values {
        case let .floats(values): .floats(flip(values))
        case let .integers(values): .integers(flip(values))
        }
      return .constant(LoweringConstant(shape: [columns, rows], values: values))
    default:
      throw refuse("transposes \(Self.describe(data)) with perm \(perm.map { "\($0)" } ?? "reversed"); only attention's head moves are supported")
    }
  }

  /// The attention node: q, k, v and the mask, checked against what the fused kernel computes
  /// (`softmax(q·kᵀ/√d + mask term)·v`, heads split evenly).
  mutating func emitAttention(_ parts: AttentionParts, output: String) throws -> String {
    guard let value = parts.value else { throw refuse("attention without a value") }
    let expected = 1 / Double(parts.headSize).squareRoot()
    guard abs(parts.scale - expected) <= 1e-5 * expected else {
      throw refuse("attention scores scaled by \(parts.scale); the fused kernel scales by 1/√\(parts.headSize) = \(expected)")
    }
    if let mask = parts.mask { try assign(.attentionMask, to: mask) } else { hasUnmaskedAttention = true }
    let dims = try graphDims(parts.query)
    guard try graphDims(parts.key) == dims, try graphDims(value) == dims else { throw refuse("q, k and v of different shapes") }
    let op: Op = parts.causal ? .causalAttention(heads: parts.heads) : .attention(heads: parts.heads)
    return emit(op, inputs: [parts.query, parts.key, value, "attention_mask"], output: output, dims: dims)
  }
}
