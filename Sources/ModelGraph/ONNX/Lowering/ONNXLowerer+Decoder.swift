// GPT-style decoder pieces: a fused QKV projection split in three (Split), and the causal mask
// (ones of [sequence, sequence] → Trilu → Where on the attention scores).

extension ONNXLowerer {
  /// `Split` of a MatMul's output along its last axis: each part is a dense of its own, on the
  /// rows of the `[out, in]` weight (and bias) it covers, so no split op is needed.
  mutating func split(_ node: ONNXNode) throws {
    guard let first = node.inputs.first, case let .dense(input, weight, bias) = try value(first),
      let w = weights[weight], w.shape.count == 2
    else { throw refuse("splits \(Self.describe(try value(node.inputs.first ?? ""))); only a MatMul's output (a fused projection) is supported") }
    let (n, k) = (w.shape[0], w.shape[1])
    let rank = symbolicDims(try value(first))?.count ?? 0
    let axis = Int(node.attribute("axis")?.int ?? 0)
    guard axis == -1 || axis == rank - 1 else { throw refuse("splits axis \(axis); only the last axis is supported") }
    var sizes: [Int]
    if let given = node.attribute("split")?.ints {
      sizes = given.map { Int($0) }
    } else if node.inputs.count > 1, !node.inputs[1].isEmpty {
      guard case let .constant(c) = try value(node.inputs[1]), let values = c.integers?.compactMap(\.fixedValue), values.count == c.count else {
        throw refuse("split sizes must be constant")
      }
      sizes = values
    } else {
      let parts = Int(node.attribute("num_outputs")?.int ?? Int64(node.outputs.count))
      guard parts > 0, parts <= n else { throw refuse("splits \(n) outputs into \(parts) parts") }
      let size = (n + parts - 1) / parts
      sizes = (0..<parts).map { min(size, n - $0 * size) }
    }
    guard sizes.count == node.outputs.count, sizes.allSatisfy({ $0 > 0 && $0 <= n }), sizes.reduce(0, +) == n else {
      throw refuse("split sizes \(sizes) do not cover the \(n) outputs in \(node.outputs.count) parts")
    }
    var start = 0
    for (part, size) in sizes.enumerated() {
      let name = freshWeightName("\(weight)[\(start)..<\(start + size)]")
      weights[name] = Tensor(shape: [size, k], scalars: Array(w.scalars[start * k..<(start + size) * k]))
      var partBias: String?
      if let bias, let b = weights[bias] {
        let slice = freshWeightName("\(bias)[\(start)..<\(start + size)]")
        weights[slice] = Tensor(shape: [size], scalars: Array(b.scalars[start..<start + size]))
        partBias = slice
      }
      let output = node.outputs[part]
      if !output.isEmpty {
        values[output] = .dense(input: input, weight: name, bias: partBias)
        origins[output] = "\(origins[first] ?? current).\(part)"
      }
      start += size
    }
  }

  private func freshWeightName(_ base: String) -> String {
    var name = base
    while weights[name] != nil { name += "'" }
    return name
  }

  /// `Trilu(ones[S, S], k = 0, upper = 0)`: the causal mask.
  func trilu(_ node: ONNXNode) throws -> LoweredValue {
    let data = try value(node.inputs.first ?? "")
    guard case let .ones(shape) = data, shape == [.sequence, .sequence] else {
      throw refuse("Trilu of \(Self.describe(data)); only the causal mask tril(ones(sequence, sequence)) is supported")
    }
    var diagonal = 0
    if node.inputs.count > 1, !node.inputs[1].isEmpty {
      guard case let .constant(k) = try value(node.inputs[1]), let found = k.integers?.first?.fixedValue else { throw refuse("a non-constant diagonal") }
      diagonal = found
    }
    guard node.attribute("upper")?.int ?? 1 == 0, diagonal == 0 else {
      throw refuse("Trilu with upper = \(node.attribute("upper")?.int ?? 1) and k = \(diagonal); only the lower triangle with the diagonal (causal) is supported")
    }
    return .causalMask
  }

  /// `Where(causal mask, scores, very negative)`: causal attention.
  func whereOp(_ node: ONNXNode) throws -> LoweredValue {
    guard node.inputs.count == 3 else { throw refuse("Where needs 3 inputs") }
    let (condition, kept, other) = (try value(node.inputs[0]), try value(node.inputs[1]), try value(node.inputs[2]))
    guard case .causalMask = condition, case .attention(var parts, .scores) = kept, !parts.causal,
      case let .constant(fill) = other, let value = fill.scalar, value <= -1e4
    else {
      throw refuse("Where of \(Self.describe(condition)), \(Self.describe(kept)) and \(Self.describe(other)); only a causal mask on attention scores is supported")
    }
    parts.causal = true
    return .attention(parts, stage: .scores)
  }
}
