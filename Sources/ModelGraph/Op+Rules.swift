// The op table: for each op, its name, the inputs and weights it accepts, the type it writes,
// and its work (FLOPs, bytes, scratch, launches) as formulas in B and S. This is the only place
// that states an op's rules; the CPU plan, the CUDA plan, the roofline, `model inspect` and the
// file readers all use what it finds. To add an op: a case in `Op`, its name below, and one
// rule function; then its kernels in each backend.

extension Op {
  /// The op's name in graph JSON, reports and messages ("dense", "relu", "layer_norm").
  public var name: String {
    switch self {
    case .dense: "dense"
    case let .activation(activation): activation.rawValue
    case .softmax: "softmax"
    case .layerNorm: "layer_norm"
    case .add: "add"
    case .embedding: "embedding"
    case .attention: "attention"
    case .causalAttention: "causal_attention"
    case .meanPool: "mean_pool"
    case .convolution: "convolution"
    case let .pool(spec): spec.kind == .max ? "max_pool" : "average_pool"
    case .channelAffine: "channel_affine"
    case .clip: "clip"
    }
  }

  /// Every op name a graph may use, in the order the docs list them.
  public static let names: [String] =
    ["dense"] + Activation.allCases.map(\.rawValue)
    + ["softmax", "layer_norm", "add", "embedding", "attention", "causal_attention", "mean_pool",
      "convolution", "max_pool", "average_pool", "channel_affine", "clip"]

  /// The op names native model files' graph JSON takes (the image ops come only from ONNX).
  public static let fileNames: [String] = names.filter {
    !["convolution", "max_pool", "average_pool", "channel_affine", "clip"].contains($0)
  }

  /// Checks `node` (an op of this kind) and works out its output type and work.
  /// - Throws: `GraphError` naming the node and op.
  func analyze(_ node: NodeContext) throws -> OpAnalysis {
    switch self {
    case let .dense(weight, bias): try node.dense(weight: weight, bias: bias)
    case let .activation(activation): try node.elementwise(flopsPerElement: activation.flopsPerElement)
    case .softmax: try node.elementwise(flopsPerElement: 5)
    case let .layerNorm(gamma, beta, epsilon): try node.layerNorm(gamma: gamma, beta: beta, epsilon: epsilon)
    case .add: try node.add()
    case let .embedding(word, position, tokenType, positionOffset):
      try node.embedding(word: word, position: position, tokenType: tokenType, positionOffset: positionOffset)
    case let .attention(heads), let .causalAttention(heads): try node.attention(heads: heads)
    case .meanPool: try node.meanPool()
    case let .convolution(weight, bias, spec): try node.convolution(weight: weight, bias: bias, spec: spec)
    case let .pool(spec): try node.pool(spec)
    case let .channelAffine(scale, shift, channels): try node.channelAffine(scale: scale, shift: shift, channels: channels)
    case let .clip(minimum, maximum): try node.clip(minimum: minimum, maximum: maximum)
    }
  }
}

extension Activation {
  /// Approximate arithmetic operations per element, for FLOP counts: ReLU 1 (a max); sigmoid 4
  /// (negate, exp, add, divide); tanh 5; GELU erf 8 (scale, erf ≈ 5, add, multiply);
  /// GELU tanh 9 (cube, multiply-add, scale, tanh, add, multiply). Rough, but elementwise ops
  /// are memory-bound, so their bytes matter more than these counts.
  public var flopsPerElement: Double {
    switch self {
    case .relu: 1
    case .sigmoid: 4
    case .tanh: 5
    case .gelu: 8
    case .geluTanh: 9
    }
  }
}

// FLOPs count a multiply-add as 2; bytes are fp32 (ids and masks int32). The analysis adds the
// bytes of every input read and the output written; each rule adds what it reads besides
// (weights) and what it writes and reads back inside (intermediates).
extension NodeContext {
  /// `y = x·Wᵀ + b` over the last axis, `W` `[out, in]`, `b` `[out]`:
  /// `2·rows·in·out` FLOPs, plus `rows·out` for the bias.
  func dense(weight weightName: String, bias biasName: String?) throws -> OpAnalysis {
    try expectInputCount(1)
    let (x, width) = try floatInput(0)
    let weight = try self.weight(weightName, expected: "[out, \(width)] (out > 0)") {
      $0.count == 2 && $0[0] > 0 && $0[1] == width
    }
    let outputs = weight.shape[0]
    var weightElements = weight.count
    if let biasName {
      weightElements += try self.weight(biasName, expected: "[\(outputs)]") { $0 == [outputs] }.count
    }
    let output = ValueType(x.elementType, x.dimensions.dropLast() + [.fixed(outputs)])
    let products = output.rowCount * Double(width) * Double(outputs)
    return OpAnalysis(
      output: output, flops: 2 * products + (biasName == nil ? 0 : output.elementCount),
      weightBytes: SymbolicCount(Double(4 * weightElements)))
  }

  /// Activations and softmax: one float input, the same type out, `flopsPerElement` per element
  /// (softmax 5: max, subtract, exp, sum, divide).
  func elementwise(flopsPerElement: Double) throws -> OpAnalysis {
    try expectInputCount(1)
    let (x, _) = try floatInput(0)
    return OpAnalysis(output: x, flops: flopsPerElement * x.elementCount)
  }

  /// `(x − mean)/√(var + ε)·γ + β` over the last axis; γ and β `[width]`; 8 FLOPs per element.
  /// ε must be finite and above 0: at 0 a constant row (zero variance) divides by zero.
  func layerNorm(gamma: String, beta: String, epsilon: Float) throws -> OpAnalysis {
    try expectInputCount(1)
    let (x, width) = try floatInput(0)
    let scale = try weight(gamma, expected: "[\(width)]") { $0 == [width] }
    let shift = try weight(beta, expected: "[\(width)]") { $0 == [width] }
    guard epsilon.isFinite, epsilon > 0 else { throw GraphError.badEpsilon(node: node.name, epsilon: epsilon) }
    return OpAnalysis(output: x, flops: 8 * x.elementCount, weightBytes: SymbolicCount(Double(4 * (scale.count + shift.count))))
  }

  /// Element-wise sum of two values of one type (residuals): 1 FLOP per element.
  func add() throws -> OpAnalysis {
    try expectInputCount(2)
    let (first, _) = try floatInput(0)
    let (second, _) = try floatInput(1)
    guard first == second else {
      throw GraphError.shapeMismatch(node: node.name, op: opName, detail: "two values of one shape, found \(first) and \(second)")
    }
    return OpAnalysis(output: first, flops: first.elementCount)
  }

  /// `word[id] + position[offset + s] + tokenType[type]` from token ids and token type ids.
  /// The word table is `[vocab, hidden]` as the model kind says; the position table covers
  /// `offset + max_positions` rows; one add per extra table per element, and one row read per
  /// token per table.
  func embedding(word: String, position: String?, tokenType: String?, positionOffset: Int) throws -> OpAnalysis {
    try expectInputCount(2)
    try expectInput(0, .tokenIDs)
    try expectInput(1, .tokenTypes)
    guard case let .encoder(vocabularySize, hiddenSize, maxPositions) = graph.kind else {
      throw GraphError.invalidKind(detail: "embedding needs an encoder model")
    }
    guard positionOffset >= 0 else { throw GraphError.badPositionOffset(node: node.name, offset: positionOffset) }
    _ = try weight(word, expected: "[\(vocabularySize), \(hiddenSize)] (vocab_size, hidden_size)") {
      $0 == [vocabularySize, hiddenSize]
    }
    var limits = EmbeddingLimits(vocabularySize: vocabularySize)
    if let position {
      let rows = positionOffset + maxPositions
      let table = try weight(position, expected: "[at least \(rows), \(hiddenSize)] (position_offset + max_positions, hidden_size)") {
        $0.count == 2 && $0[0] >= rows && $0[1] == hiddenSize
      }
      limits.maximumSequenceLength = table.shape[0] - positionOffset
    }
    if let tokenType {
      let table = try weight(tokenType, expected: "[types > 0, \(hiddenSize)]") { $0.count == 2 && $0[0] > 0 && $0[1] == hiddenSize }
      limits.tokenTypeCount = table.shape[0]
    }
    let output = ValueType.sequence(width: hiddenSize)
    let tables = 1.0 + (position == nil ? 0 : 1) + (tokenType == nil ? 0 : 1)
    return OpAnalysis(
      output: output, flops: (tables - 1) * output.elementCount, weightBytes: 4 * tables * output.elementCount,
      embeddingLimits: limits)
  }

  /// Multi-head self-attention over q, k, v (`[batch, sequence, hidden]`) and the attention mask:
  /// `4·B·S²·hidden` FLOPs for q·kᵀ and p·v, plus 7 per score (scale, mask, softmax ≈ 5). The
  /// `B·heads·S²` scores are written and read back as scores and as probabilities, and held as
  /// scratch; 7 launches on the GPU (q, k and v split into heads, scores GEMM, softmax, weighted
  /// sum, heads merged).
  func attention(heads: Int) throws -> OpAnalysis {
    try expectInputCount(4)
    let (query, width) = try floatInput(0)
    for index in 1...2 where inputs[index] != query {
      throw GraphError.shapeMismatch(
        node: node.name, op: opName, detail: "q, k and v of one shape, found \(query) and \(inputs[index])")
    }
    _ = try perTokenInput(0)
    try expectInput(3, .attentionMask)
    guard heads > 0, width % heads == 0 else { throw GraphError.badHeads(node: node.name, heads: heads, hiddenSize: width) }
    let scores = Double(heads) * SymbolicCount.batch * .sequence * .sequence
    return OpAnalysis(
      output: query, flops: 4 * Double(width) * SymbolicCount.batch * .sequence * .sequence + 7 * scores,
      intermediateBytes: 16 * scores, scratchBytes: 4 * scores, launches: 7)
  }

  /// `Σ mask·x / Σ mask` over the sequence: one add per input element and one divide per output.
  func meanPool() throws -> OpAnalysis {
    try expectInputCount(2)
    let (x, width) = try perTokenInput(0)
    try expectInput(1, .attentionMask)
    let output = ValueType.rows(width: width)
    return OpAnalysis(output: output, flops: x.elementCount + output.elementCount)
  }
}
