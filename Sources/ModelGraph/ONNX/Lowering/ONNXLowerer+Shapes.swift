// Shape subgraphs and constant folding: Shape, Gather, Unsqueeze, Squeeze, Concat, Range,
// ConstantOfShape, Expand, Slice, Cast, and the view changes (Reshape, Transpose) that
// attention's patterns go through.

extension ONNXLowerer {
  /// Largest constant the lowering folds (elements): shape arithmetic is tiny.
  static let foldLimit = 1 << 22

  /// The dims of a lowered value, symbolic in batch and sequence; nil when unknown.
  func symbolicDims(_ value: LoweredValue) -> [SymbolicInteger]? {
    func graph(_ name: String) -> [SymbolicInteger]? {
      if let image = images[name] { return [.batch, .fixed(image.channels), .fixed(image.height), .fixed(image.width)] }
      return dims[name]?.map(SymbolicInteger.init)
    }
    switch value {
    case let .tensor(name): return graph(name)
    case .tokenInput: return [.batch, .sequence]
    case let .constant(constant): return constant.shape.map { .fixed($0) }
    case let .positions(shape), let .zeros(shape): return shape
    case let .embedding(parts):
      guard let table = [parts.word, parts.position, parts.tokenType].compactMap({ $0 }).first, let width = weights[table]?.shape.last else { return nil }
      return [.batch, .sequence, .fixed(width)]
    case let .dense(input, weight, _):
      guard let input = graph(input), let outputs = weights[weight]?.shape.first else { return nil }
      return input.dropLast() + [.fixed(outputs)]
    case let .maskTerm(_, _, _, dims): return dims
    case let .norm(input, stage):
      guard let input = graph(input) else { return nil }
      switch stage {
      case .mean, .variance, .varianceEpsilon, .deviation: return input.dropLast() + [.fixed(1)]
      default: return input
      }
    case let .pointwise(x, _): return graph(x)
    case let .ones(shape): return shape
    case .causalMask: return [.sequence, .sequence]
    case let .splitHeads(value, heads):
      guard let input = graph(value), input.count == 3, let width = input[2].fixedValue else { return nil }
      return [input[0], input[1], .fixed(heads), .fixed(width / heads)]
    case let .heads(value, heads, transposed, _):
      guard let input = graph(value), input.count == 3, let width = input[2].fixedValue else { return nil }
      let d = SymbolicInteger.fixed(width / heads)
      return transposed ? [input[0], .fixed(heads), d, input[1]] : [input[0], .fixed(heads), input[1], d]
    case let .attention(parts, stage):
      let (h, d) = (SymbolicInteger.fixed(parts.heads), SymbolicInteger.fixed(parts.headSize))
      switch stage {
      case .scores, .probabilities: return [.batch, h, .sequence, .sequence]
      case .context: return [.batch, h, .sequence, d]
      case .mergedContext: return [.batch, .sequence, h, d]
      }
    case let .maskedHidden(x, _): return graph(x)
    case let .maskedSum(x, _): return graph(x).map { [$0[0]] + $0.dropFirst(2) }
    case .maskCount: return [.batch, .fixed(1)]
    }
  }

  /// The product of `dims`, nil when one is negative or the product overflows.
  static func elementCount(_ dims: [Int]) -> Int? {
    var count = 1
    for size in dims {
      guard size >= 0 else { return nil }
      let product = count.multipliedReportingOverflow(by: size)
      guard !product.overflow else { return nil }
      count = product.partialValue
    }
    return count
  }

  func shape(of value: LoweredValue, start: Int64?, end: Int64?) throws -> LoweredValue {
    guard let dims = symbolicDims(value) else { throw refuse("the shape of \(Self.describe(value)) is not known at load") }
    let rank = dims.count
    func clamp(_ index: Int64?, _ fallback: Int) -> Int {
      guard let index else { return fallback }
      let value = index < 0 ? Int(index) + rank : Int(index)
      return min(max(value, 0), rank)
    }
    let (from, to) = (clamp(start, 0), clamp(end, rank))
    return .constant(.integers(from < to ? Array(dims[from..<to]) : []))
  }

  func cast(_ value: LoweredValue, to code: Int64) throws -> LoweredValue {
    let toFloat = [1, 10, 11, 16].contains(code)
    switch value {
    case let .constant(constant):
      if toFloat {
        guard let doubles = constant.doubles else { throw refuse("casts a symbolic size to float") }
        return .constant(LoweringConstant(shape: constant.shape, values: .floats(doubles.map { Float($0) })))
      }
      if case let .floats(floats) = constant.values {
        guard floats.allSatisfy(\.isFinite) else { throw refuse("casts a non-finite float to integers") }
        let integers = floats.map { code == 9 ? SymbolicInteger.fixed($0 != 0 ? 1 : 0) : .fixed(Int(max(min($0, 9e15), -9e15))) }
        return .constant(LoweringConstant(shape: constant.shape, values: .integers(integers)))
      }
      return value
    case let .tokenInput(name): return .maskTerm(mask: name, scale: 1, offset: 0, dims: [.batch, .sequence])
    case .tensor where !toFloat: throw refuse("casts a float value to integers")
    default: return value
    }
  }

  mutating func gather(_ data: LoweredValue, _ indices: LoweredValue, axis: Int) throws -> LoweredValue {
    switch (data, indices) {
    case let (.constant(table), .constant(index)):
      return .constant(try gatherConstant(table, index, axis: axis))
    case let (.constant(table), _) where table.shape.count == 2 && axis == 0:
      guard case .floats = table.values else { throw refuse("looks up rows of an integer table") }
      var parts = EmbeddingParts()
      let table = try weight(table, shape: table.shape)
      switch indices {
      case let .tokenInput(name):
        let lowered = name.lowercased()
        if lowered.contains("type") || lowered.contains("segment") {
          (parts.tokenType, parts.tokenTypeInput) = (table, name)
        } else {
          (parts.word, parts.wordInput) = (table, name)
        }
      case let .positions(shape) where shape.last == .sequence: parts.position = table
      case .zeros: parts.tokenType = table
      default: throw refuse("looks up table rows by \(Self.describe(indices)); token ids, position ids or zeros are supported")
      }
      return .embedding(parts)
    default:
      throw refuse("gathers from \(Self.describe(data)); only constants and embedding tables are supported")
    }
  }

  private func gatherConstant(_ table: LoweringConstant, _ index: LoweringConstant, axis rawAxis: Int) throws -> LoweringConstant {
    let rank = table.shape.count
    let axis = rawAxis < 0 ? rawAxis + rank : rawAxis
    guard axis >= 0, axis < rank, let picks = index.integers?.map(\.fixedValue) else { throw refuse("a Gather with a bad axis or index") }
    let size = table.shape[axis]
    let outer = table.shape[..<axis].reduce(1, *), inner = table.shape[(axis + 1)...].reduce(1, *)
    var order: [Int] = []
    for pick in picks {
      guard let pick, pick >= -size, pick < size else { throw refuse("gathers index \(pick.map(String.init) ?? "?") from an axis of \(size)") }
      order.append(pick < 0 ? pick + size : pick)
    }
    func take<T>(_ values: [T]) -> [T] {
      var result: [T] = []
      for o in 0..<outer { for p in order { result += values[((o * size) + p) * inner..<((o * size) + p + 1) * inner] } }
      return result
    }
    let shape = Array(table.shape[..<axis]) + index.shape + Array(table.shape[(axis + 1)...])
    switch table.values {
    case let .floats(values): return LoweringConstant(shape: shape, values: .floats(take(values)))
    case let .integers(values): return LoweringConstant(shape: shape, values: .integers(take(values)))
    }
  }

  func unsqueeze(_ value: LoweredValue, axes: [Int]?) throws -> LoweredValue {
    guard let axes, let dims = symbolicDims(value) else { throw refuse("an Unsqueeze without constant axes") }
    let rank = dims.count + axes.count
    var result = dims
    for axis in axes.map({ $0 < 0 ? $0 + rank : $0 }).sorted() {
      guard axis >= 0, axis <= result.count else { throw refuse("unsqueezes axis \(axis) of rank \(dims.count)") }
      result.insert(.fixed(1), at: axis)
    }
    return try reshaped(value, to: result)
  }

  func squeeze(_ value: LoweredValue, axes: [Int]?) throws -> LoweredValue {
    guard let dims = symbolicDims(value) else { throw refuse("squeezes \(Self.describe(value))") }
    let chosen = Set((axes ?? dims.indices.filter { dims[$0] == .fixed(1) }).map { $0 < 0 ? $0 + dims.count : $0 })
    guard chosen.allSatisfy({ $0 >= 0 && $0 < dims.count && dims[$0] == .fixed(1) }) else { throw refuse("squeezes an axis that is not 1") }
    return try reshaped(value, to: dims.indices.filter { !chosen.contains($0) }.map { dims[$0] })
  }

  /// A value whose dims change without its data moving (unit axes added or removed).
  private func reshaped(_ value: LoweredValue, to dims: [SymbolicInteger]) throws -> LoweredValue {
    switch value {
    case var .constant(constant):
      let fixed = dims.compactMap(\.fixedValue)
      guard fixed.count == dims.count, Self.elementCount(fixed) == constant.count else { throw refuse("reshapes a constant of \(constant.shape) to \(dims)") }
      constant.shape = fixed
      constant.name = nil
      return .constant(constant)
    case let .maskTerm(mask, scale, offset, _): return .maskTerm(mask: mask, scale: scale, offset: offset, dims: dims)
    case let .tokenInput(name): return .maskTerm(mask: name, scale: 1, offset: 0, dims: dims)
    case .positions: return .positions(shape: dims)
    case .zeros: return .zeros(shape: dims)
    default: throw refuse("adds or removes unit axes of \(Self.describe(value))")
    }
  }

  func concat(_ parts: [LoweredValue], axis: Int) throws -> LoweredValue {
    var integers: [SymbolicInteger] = [], floats: [Float] = []
    for part in parts {
      guard case let .constant(constant) = part, constant.shape.count <= 1 else { throw refuse("concatenates values other than 1-D constants") }
      switch constant.values {
      case let .integers(values): integers += values
      case let .floats(values): floats += values
      }
    }
    guard integers.isEmpty || floats.isEmpty else { throw refuse("concatenates integers with floats") }
    return .constant(floats.isEmpty ? .integers(integers) : LoweringConstant(shape: [floats.count], values: .floats(floats)))
  }

  func range(_ start: LoweredValue, _ limit: LoweredValue, _ delta: LoweredValue) throws -> LoweredValue {
    guard case let .constant(s) = start, case let .constant(l) = limit, case let .constant(d) = delta,
      let first = s.integers?.first?.fixedValue, let step = d.integers?.first?.fixedValue, let end = l.integers?.first
    else { throw refuse("a Range of non-constant or non-integer bounds") }
    if end == .sequence, first == 0, step == 1 { return .positions(shape: [.sequence]) }
    guard let last = end.fixedValue, step != 0 else { throw refuse("a Range up to \(end) (only 0..<sequence or fixed ranges)") }
    let span = (Double(last) - Double(first)) / Double(step)
    guard span <= Double(Self.foldLimit) else { throw refuse("a Range of more than \(Self.foldLimit) values") }
    let values = Swift.stride(from: first, to: last, by: step).map { SymbolicInteger.fixed($0) }
    guard values.count <= Self.foldLimit else { throw refuse("a Range of more than \(Self.foldLimit) values") }
    if case .floats = s.values { return .constant(LoweringConstant(shape: [values.count], values: .floats(values.map { Float($0.coefficient) }))) }
    return .constant(.integers(values))
  }

  func constantOfShape(_ shape: LoweredValue, _ fill: ONNXTensor?) throws -> LoweredValue {
    guard case let .constant(constant) = shape, let dims = constant.integers else { throw refuse("a shape not known at load") }
    let fillValue = fill.map(LoweringConstant.init) ?? LoweringConstant(shape: [1], values: .floats([0]))
    guard let value = fillValue.scalar, value.isFinite, abs(value) < 1e15 else { throw refuse("a fill value that is not one finite number") }
    let fixed = dims.compactMap(\.fixedValue)
    if fixed.count == dims.count {
      guard let count = Self.elementCount(fixed), count <= Self.foldLimit else { throw refuse("a constant of shape \(fixed)") }
      if case .floats = fillValue.values {
        return .constant(LoweringConstant(shape: fixed, values: .floats([Float](repeating: Float(value), count: count))))
      }
      return .constant(LoweringConstant(shape: fixed, values: .integers([SymbolicInteger](repeating: .fixed(Int(value)), count: count))))
    }
    if value == 1 { return .ones(shape: dims) }
    guard value == 0 else { throw refuse("fills a \(dims) value with \(value); only zeros and ones of symbolic shape are supported") }
    return .zeros(shape: dims)
  }

  func expand(_ value: LoweredValue, _ shape: LoweredValue) throws -> LoweredValue {
    guard case let .constant(target) = shape, let dims = target.integers else { throw refuse("expands to a shape not known at load") }
    switch value {
    case let .constant(constant) where constant.count == 1 && (constant.scalar == 0 || constant.scalar == 1):
      let fill = Int64(constant.scalar ?? 0)
      return try constantOfShape(shape, ONNXTensor(name: "", dataType: .int64, dims: [1], values: .integers([fill])))
    case let .positions(current) where current.last == .sequence && dims.last == .sequence: return .positions(shape: dims)
    default: throw refuse("expands \(Self.describe(value)); only zeros and position ids are supported")
    }
  }

  func slice(_ node: ONNXNode, _ inputs: [String]) throws -> LoweredValue {
    guard case let .constant(data) = try value(inputs[0]) else { throw refuse("slices \(Self.describe(try value(inputs[0]))); only constants are supported") }
    func list(_ position: Int, _ attribute: String) throws -> [Int]? {
      if let values = node.attribute(attribute)?.ints { return values.map { Int(clamping: $0) } }
      guard position < inputs.count, !inputs[position].isEmpty else { return nil }
      guard case let .constant(c) = try value(inputs[position]), let values = c.integers?.compactMap(\.fixedValue), values.count == c.count else {
        throw refuse("slice bounds must be constant")
      }
      return values
    }
    guard let starts = try list(1, "starts"), let ends = try list(2, "ends") else { throw refuse("a Slice without starts and ends") }
    let axes = try list(3, "axes") ?? Array(0..<starts.count)
    let steps = try list(4, "steps") ?? [Int](repeating: 1, count: starts.count)
    guard axes.count == starts.count, ends.count == starts.count, steps.allSatisfy({ $0 == 1 }) else { throw refuse("a Slice with steps other than 1") }
    var result = data
    for (position, rawAxis) in axes.enumerated() {
      let axis = rawAxis < 0 ? rawAxis + result.shape.count : rawAxis
      guard axis == 0, !result.shape.isEmpty else { throw refuse("slices axis \(rawAxis); only the first axis of a constant") }
      let size = result.shape[0]
      func clamp(_ index: Int) -> Int { min(max(index < 0 ? index + size : index, 0), size) }
      let (from, to) = (clamp(starts[position]), max(clamp(ends[position]), clamp(starts[position])))
      let inner = result.shape.dropFirst().reduce(1, *)
      switch result.values {
      case let .floats(values): result.values = .floats(Array(values[from * inner..<to * inner]))
      case let .integers(values): result.values = .integers(Array(values[from * inner..<to * inner]))
      }
      result.shape[0] = to - from
      result.name = nil
    }
    return .constant(result)
  }
}
