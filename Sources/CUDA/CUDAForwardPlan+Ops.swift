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

  mutating func plan(_ node: Node, _ found: NodeAnalysis, output: String, fusedActivation: Activation?) throws {
    switch node.op {
    case .dense(let weight, let bias):
      let (x, shape) = try value(node.inputs[0], of: node)
      let rows = shape.dropLast().reduce(1, *)
      let (inFeatures, outFeatures) = (shape.last ?? 1, found.output.width ?? 1)
      let y = try define(output, shape: self.shape(of: found.output))
      append(
        .dense(
          x: x, weight: weight, bias: bias, y: y, rows: rows, inFeatures: inFeatures,
          outFeatures: outFeatures, activation: fusedActivation))
    case .activation(let activation):
      try planElementwise(.biasActivation, node, output: output) { x, y, total, shape in
        [
          .pointer(x), .pointer(.none), .pointer(y), .value(UInt64(total)),
          .value(UInt64(shape.last ?? 1)), .value(Self.activationCode(activation)),
        ]
      }
    case .softmax:
      let (x, shape) = try value(node.inputs[0], of: node)
      let columns = shape.last ?? 1
      let rows = shape.dropLast().reduce(1, *)
      let y = try define(output, shape: shape)
      append(
        .kernel(
          .softmax, gridX: rows, block: 32,
          arguments: [
            .pointer(x), .pointer(y), .value(UInt64(rows)), .value(UInt64(columns)),
            .pointer(.none), .value(1), .value(0),
          ]))
    case .layerNorm(let gamma, let beta, let epsilon):
      let (x, shape) = try value(node.inputs[0], of: node)
      let columns = shape.last ?? 1
      let rows = shape.dropLast().reduce(1, *)
      let y = try define(output, shape: shape)
      append(
        .kernel(
          .layerNorm, gridX: rows, block: 32,
          arguments: [
            .pointer(x), .pointer(.weight(gamma)), .pointer(.weight(beta)), .pointer(y),
            .value(UInt64(rows)), .value(UInt64(columns)), .value(Self.float(epsilon)),
          ]))
    case .add:
      let (a, shape) = try value(node.inputs[0], of: node)
      let (b, _) = try value(node.inputs[1], of: node)
      let total = shape.reduce(1, *)
      let y = try define(output, shape: shape)
      append(
        .kernel(
          .add, gridX: Self.blocks(total), block: Self.elementwiseBlock,
          arguments: [.pointer(a), .pointer(b), .pointer(y), .value(UInt64(total))]))
    case .embedding(let word, let position, let tokenType, let positionOffset):
      try planEmbedding(node, found, output: output, word: word, position: position,
        tokenType: tokenType, positionOffset: positionOffset)
    case .attention(let heads):
      try planAttention(node, output: output, heads: heads, causal: false)
    case .causalAttention(let heads):
      try planAttention(node, output: output, heads: heads, causal: true)
    case let .convolution(weight, bias, spec):
      try planConvolution(node, found, output: output, weight: weight, bias: bias, spec: spec)
    case .pool(let spec):
      try planPool(node, found, output: output, spec: spec)
    case let .channelAffine(scale, shift, channels):
      try planElementwise(.channelAffine, node, output: output) { x, y, total, shape in
        [
          .pointer(x), .pointer(.weight(scale)), .pointer(.weight(shift)), .pointer(y),
          .value(UInt64(total)), .value(UInt64((shape.last ?? 1) / max(channels, 1))),
          .value(UInt64(channels)),
        ]
      }
    case let .clip(minimum, maximum):
      try planElementwise(.clip, node, output: output) { x, y, total, _ in
        [.pointer(x), .pointer(y), .value(UInt64(total)), .value(Self.float(minimum)), .value(Self.float(maximum))]
      }
    case .meanPool:
      let (x, shape) = try value(node.inputs[0], of: node)
      let (mask, _) = try value(node.inputs[1], of: node)
      let total = shape[0] * shape[2]
      let y = try define(output, shape: [shape[0], shape[2]])
      append(
        .kernel(
          .meanPool, gridX: Self.blocks(total), block: Self.elementwiseBlock,
          arguments: [
            .pointer(x), .pointer(mask), .pointer(y), .value(UInt64(total)),
            .value(UInt64(shape[1])), .value(UInt64(shape[2])),
          ]))
    }
  }

  /// `word[id] + position[offset + s] + tokenType[type]`; the analysis has checked the tables,
  /// and a sequence within the model's positions stays inside the position table.
  /// A one-thread-per-element kernel over the node's first input, writing a value of the same
  /// shape; `arguments` gets the input, the output, the element count and the shape.
  private mutating func planElementwise(
    _ operation: PTXKernels.Operation, _ node: Node, output: String,
    arguments: (Operand, Operand, Int, [Int]) -> [Argument]
  ) throws {
    let (x, shape) = try value(node.inputs[0], of: node)
    let total = shape.reduce(1, *)
    let y = try define(output, shape: shape)
    append(
      .kernel(
        operation, gridX: Self.blocks(total), block: Self.elementwiseBlock,
        arguments: arguments(x, y, total, shape)))
  }

  private mutating func planEmbedding(
    _ node: Node, _ found: NodeAnalysis, output: String, word: String, position: String?,
    tokenType: String?, positionOffset: Int
  ) throws {
    let (ids, shape) = try value(node.inputs[0], of: node)
    let (types, _) = try value(node.inputs[1], of: node)
    let hidden = found.output.width ?? 1
    let total = shape[0] * shape[1] * hidden
    let y = try define(output, shape: self.shape(of: found.output))
    append(
      .kernel(
        .embedding, gridX: Self.blocks(total), block: Self.elementwiseBlock,
        arguments: [
          .pointer(ids), .pointer(types), .pointer(.weight(word)),
          .pointer(position.map { .weight($0) } ?? .none),
          .pointer(tokenType.map { .weight($0) } ?? .none), .pointer(y), .value(UInt64(total)),
          .value(UInt64(shape[1])), .value(UInt64(hidden)), .value(UInt64(positionOffset)),
        ]))
  }

  /// Multi-head attention: permute q, k, v to [B, heads, S, d]; scores = q·kᵀ/√d as one strided
  /// batched GEMM over B·heads; masked softmax in place (causal: also hiding the keys after each
  /// query); context = P·v (another batched GEMM); permute back to [B, S, heads·d].
  private mutating func planAttention(_ node: Node, output: String, heads: Int, causal: Bool) throws {
    let (q, shape) = try value(node.inputs[0], of: node)
    let (k, _) = try value(node.inputs[1], of: node)
    let (v, _) = try value(node.inputs[2], of: node)
    let (mask, _) = try value(node.inputs[3], of: node)
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
          ]))
    }
    let (qh, kh, vh, contextHeads) = (permuted[0], permuted[1], permuted[2], permuted[3])
    append(
      .gemm(
        CUDAGemm(
          transposeA: true, transposeB: false, m: sequence, n: sequence, k: headSize,
          alpha: 1 / Float(headSize).squareRoot(), a: .buffer(kh), lda: headSize,
          strideA: sequence * headSize, b: .buffer(qh), ldb: headSize,
          strideB: sequence * headSize, c: .buffer(scores), ldc: sequence,
          strideC: sequence * sequence, batch: batch * heads)))
    append(
      .kernel(
        .softmax, gridX: batch * heads * sequence, block: 32,
        arguments: [
          .pointer(.buffer(scores)), .pointer(.buffer(scores)),
          .value(UInt64(batch * heads * sequence)), .value(UInt64(sequence)), .pointer(mask),
          .value(UInt64(heads * sequence)), .value(UInt64(causal ? sequence : 0)),
        ]))
    append(
      .gemm(
        CUDAGemm(
          transposeA: false, transposeB: false, m: headSize, n: sequence, k: sequence,
          alpha: 1, a: .buffer(vh), lda: headSize, strideA: sequence * headSize,
          b: .buffer(scores), ldb: sequence, strideB: sequence * sequence,
          c: .buffer(contextHeads), ldc: headSize, strideC: sequence * headSize,
          batch: batch * heads)))
    let y = try define(output, shape: shape)
    append(
      .kernel(
        .permute, gridX: Self.blocks(total), block: Self.elementwiseBlock,
        arguments: [
          .pointer(.buffer(contextHeads)), .pointer(y), .value(UInt64(total)),
          .value(UInt64(heads)), .value(UInt64(sequence)), .value(UInt64(headSize)),
        ]))
    for buffer in permuted + [scores] { releaseScratch(buffer) }
  }
}
