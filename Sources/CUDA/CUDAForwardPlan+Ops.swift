import ModelGraph

// How each graph op becomes GPU steps. Elementwise kernels run 256-thread blocks, one thread per
// element; row kernels (layer norm, softmax) one 32-thread block (a warp) per row.
extension CUDAForwardPlan {
  static let elementwiseBlock = 256

  /// The `bias_act` activation code (see PTXKernels).
  static func activationCode(_ activation: Activation?) -> UInt64 {
    switch activation {
    case nil: 0
    case .relu: 1
    case .gelu: 2
    case .geluTanh: 3
    case .tanh: 4
    case .sigmoid: 5
    }
  }

  static func blocks(_ total: Int) -> Int { max(1, (total + elementwiseBlock - 1) / elementwiseBlock) }

  private static func float(_ value: Float) -> UInt64 { UInt64(value.bitPattern) }

  private func bytes(_ elements: Int) -> Double { Double(elements * precision.bytesPerElement) }

  private func requireInputs(_ node: Node, _ count: ClosedRange<Int>) throws {
    guard count.contains(node.inputs.count) else {
      throw CUDAError(
        .unsupported, "node '\(node.name)' has \(node.inputs.count) inputs; expected \(count)")
    }
  }

  mutating func plan(_ node: Node, output: String, fusedActivation: Activation?, graph: Graph)
    throws
  {
    switch node.op {
    case .dense(let weight, let bias):
      try requireInputs(node, 1...1)
      let (x, shape) = try value(node.inputs[0], of: node)
      let dimensions = try weightShape(weight, in: graph, node: node)
      guard dimensions.count == 2, let inFeatures = shape.last, dimensions[1] == inFeatures else {
        throw CUDAError(
          .unsupported, "node '\(node.name)': weight \(dimensions) does not fit input \(shape)")
      }
      if let bias { _ = try weightShape(bias, in: graph, node: node) }
      let rows = shape.dropLast().reduce(1, *)
      let outFeatures = dimensions[0]
      let y = try define(output, shape: shape.dropLast() + [outFeatures])
      append(
        .dense(
          x: x, weight: weight, bias: bias, y: y, rows: rows, inFeatures: inFeatures,
          outFeatures: outFeatures, activation: fusedActivation),
        cost: CUDAStepCost(
          flops: 2 * Double(rows * outFeatures * inFeatures),
          bytes: bytes(rows * inFeatures + outFeatures * inFeatures + rows * outFeatures)))
    case .activation(let activation):
      try requireInputs(node, 1...1)
      let (x, shape) = try value(node.inputs[0], of: node)
      let total = shape.reduce(1, *)
      let y = try define(output, shape: shape)
      append(
        .kernel(
          .biasActivation, gridX: Self.blocks(total), block: Self.elementwiseBlock,
          arguments: [
            .pointer(x), .pointer(.none), .pointer(y), .value(UInt64(total)),
            .value(UInt64(shape.last ?? 1)), .value(Self.activationCode(activation)),
          ]), cost: CUDAStepCost(flops: Double(total), bytes: bytes(2 * total)))
    case .softmax:
      try requireInputs(node, 1...1)
      let (x, shape) = try value(node.inputs[0], of: node)
      let columns = shape.last ?? 1
      let rows = shape.dropLast().reduce(1, *)
      let y = try define(output, shape: shape)
      append(
        .kernel(
          .softmax, gridX: rows, block: 32,
          arguments: [
            .pointer(x), .pointer(y), .value(UInt64(rows)), .value(UInt64(columns)),
            .pointer(.none), .value(1),
          ]), cost: CUDAStepCost(flops: 5 * Double(rows * columns), bytes: bytes(2 * rows * columns)))
    case .layerNorm(let gamma, let beta, let epsilon):
      try requireInputs(node, 1...1)
      let (x, shape) = try value(node.inputs[0], of: node)
      _ = try weightShape(gamma, in: graph, node: node)
      _ = try weightShape(beta, in: graph, node: node)
      let columns = shape.last ?? 1
      let rows = shape.dropLast().reduce(1, *)
      let y = try define(output, shape: shape)
      append(
        .kernel(
          .layerNorm, gridX: rows, block: 32,
          arguments: [
            .pointer(x), .pointer(.weight(gamma)), .pointer(.weight(beta)), .pointer(y),
            .value(UInt64(rows)), .value(UInt64(columns)), .value(Self.float(epsilon)),
          ]), cost: CUDAStepCost(flops: 8 * Double(rows * columns), bytes: bytes(2 * rows * columns)))
    case .add:
      try requireInputs(node, 2...2)
      let (a, shape) = try value(node.inputs[0], of: node)
      let (b, otherShape) = try value(node.inputs[1], of: node)
      guard shape == otherShape else {
        throw CUDAError(.unsupported, "node '\(node.name)' adds \(shape) to \(otherShape)")
      }
      let total = shape.reduce(1, *)
      let y = try define(output, shape: shape)
      append(
        .kernel(
          .add, gridX: Self.blocks(total), block: Self.elementwiseBlock,
          arguments: [.pointer(a), .pointer(b), .pointer(y), .value(UInt64(total))]),
        cost: CUDAStepCost(flops: Double(total), bytes: bytes(3 * total)))
    case .embedding(let word, let position, let tokenType, let positionOffset):
      try planEmbedding(node, output: output, graph: graph, word: word, position: position,
        tokenType: tokenType, positionOffset: positionOffset)
    case .attention(let heads):
      try planAttention(node, output: output, heads: heads)
    case .meanPool:
      try requireInputs(node, 2...2)
      let (x, shape) = try value(node.inputs[0], of: node)
      let (mask, _) = try value(node.inputs[1], of: node)
      guard shape.count == 3 else {
        throw CUDAError(.unsupported, "node '\(node.name)' pools \(shape); expected [batch, sequence, hidden]")
      }
      let total = shape[0] * shape[2]
      let y = try define(output, shape: [shape[0], shape[2]])
      append(
        .kernel(
          .meanPool, gridX: Self.blocks(total), block: Self.elementwiseBlock,
          arguments: [
            .pointer(x), .pointer(mask), .pointer(y), .value(UInt64(total)),
            .value(UInt64(shape[1])), .value(UInt64(shape[2])),
          ]), cost: CUDAStepCost(flops: 2 * Double(shape.reduce(1, *)), bytes: bytes(shape.reduce(1, *) + total)))
    }
  }

  private mutating func planEmbedding(
    _ node: Node, output: String, graph: Graph, word: String, position: String?,
    tokenType: String?, positionOffset: Int
  ) throws {
    try requireInputs(node, 1...2)
    let (ids, shape) = try value(node.inputs[0], of: node)
    let types = node.inputs.count > 1 ? try value(node.inputs[1], of: node).0 : .none
    let wordShape = try weightShape(word, in: graph, node: node)
    guard shape.count == 2, wordShape.count == 2 else {
      throw CUDAError(.unsupported, "node '\(node.name)': ids \(shape), word table \(wordShape)")
    }
    let hidden = wordShape[1]
    if let position {
      let rows = try weightShape(position, in: graph, node: node)[0]
      guard positionOffset >= 0, shape[1] + positionOffset <= rows else {
        throw CUDAError(
          .unsupported,
          "node '\(node.name)': sequence \(shape[1]) + offset \(positionOffset) exceeds \(rows) positions")
      }
    }
    if let tokenType { _ = try weightShape(tokenType, in: graph, node: node) }
    let total = shape[0] * shape[1] * hidden
    let y = try define(output, shape: [shape[0], shape[1], hidden])
    append(
      .kernel(
        .embedding, gridX: Self.blocks(total), block: Self.elementwiseBlock,
        arguments: [
          .pointer(ids), .pointer(types), .pointer(.weight(word)),
          .pointer(position.map { .weight($0) } ?? .none),
          .pointer(tokenType.map { .weight($0) } ?? .none), .pointer(y), .value(UInt64(total)),
          .value(UInt64(shape[1])), .value(UInt64(hidden)), .value(UInt64(positionOffset)),
        ]), cost: CUDAStepCost(flops: 2 * Double(total), bytes: bytes(4 * total)))
  }

  /// Multi-head attention: permute q, k, v to [B, heads, S, d]; scores = q·kᵀ/√d as one strided
  /// batched GEMM over B·heads; masked softmax in place; context = P·v (another batched GEMM);
  /// permute back to [B, S, heads·d].
  private mutating func planAttention(_ node: Node, output: String, heads: Int) throws {
    try requireInputs(node, 4...4)
    let (q, shape) = try value(node.inputs[0], of: node)
    let (k, _) = try value(node.inputs[1], of: node)
    let (v, _) = try value(node.inputs[2], of: node)
    let (mask, _) = try value(node.inputs[3], of: node)
    guard shape.count == 3, heads > 0, shape[2] % heads == 0 else {
      throw CUDAError(.unsupported, "node '\(node.name)': \(heads) heads do not divide \(shape)")
    }
    let (batch, sequence, hidden) = (shape[0], shape[1], shape[2])
    let headSize = hidden / heads
    let total = batch * sequence * hidden
    let permuted = try (0..<4).map { _ in try scratch(elements: total) }
    let scores = try scratch(elements: batch * heads * sequence * sequence)
    for (source, target) in zip([q, k, v], permuted) {
      append(
        .kernel(
          .permute, gridX: Self.blocks(total), block: Self.elementwiseBlock,
          arguments: [
            .pointer(source), .pointer(.buffer(target)), .value(UInt64(total)),
            .value(UInt64(sequence)), .value(UInt64(heads)), .value(UInt64(headSize)),
          ]), cost: CUDAStepCost(flops: 0, bytes: bytes(2 * total)))
    }
    let (qh, kh, vh, contextHeads) = (permuted[0], permuted[1], permuted[2], permuted[3])
    let scoreElements = batch * heads * sequence * sequence
    let gemmFlops = 2 * Double(scoreElements * headSize)
    append(
      .gemm(
        CUDAGemm(
          transposeA: true, transposeB: false, m: sequence, n: sequence, k: headSize,
          alpha: 1 / Float(headSize).squareRoot(), a: .buffer(kh), lda: headSize,
          strideA: sequence * headSize, b: .buffer(qh), ldb: headSize,
          strideB: sequence * headSize, c: .buffer(scores), ldc: sequence,
          strideC: sequence * sequence, batch: batch * heads)),
      cost: CUDAStepCost(flops: gemmFlops, bytes: bytes(2 * total + scoreElements)))
    append(
      .kernel(
        .softmax, gridX: batch * heads * sequence, block: 32,
        arguments: [
          .pointer(.buffer(scores)), .pointer(.buffer(scores)),
          .value(UInt64(batch * heads * sequence)), .value(UInt64(sequence)), .pointer(mask),
          .value(UInt64(heads * sequence)),
        ]), cost: CUDAStepCost(flops: 5 * Double(scoreElements), bytes: bytes(2 * scoreElements)))
    append(
      .gemm(
        CUDAGemm(
          transposeA: false, transposeB: false, m: headSize, n: sequence, k: sequence,
          alpha: 1, a: .buffer(vh), lda: headSize, strideA: sequence * headSize,
          b: .buffer(scores), ldb: sequence, strideB: sequence * sequence,
          c: .buffer(contextHeads), ldc: headSize, strideC: sequence * headSize,
          batch: batch * heads)),
      cost: CUDAStepCost(flops: gemmFlops, bytes: bytes(2 * total + scoreElements)))
    let y = try define(output, shape: shape)
    append(
      .kernel(
        .permute, gridX: Self.blocks(total), block: Self.elementwiseBlock,
        arguments: [
          .pointer(.buffer(contextHeads)), .pointer(y), .value(UInt64(total)),
          .value(UInt64(heads)), .value(UInt64(sequence)), .value(UInt64(headSize)),
        ]), cost: CUDAStepCost(flops: 0, bytes: bytes(2 * total)))
    for buffer in permuted + [scores] { releaseScratch(buffer) }
  }
}
