import ModelGraph

/// A checked graph: every node's inputs exist, weights exist with fitting shapes, and every
/// float value's shape is known. Built once; both forward passes rely on it.
struct GraphAnalysis: Sendable {
  /// Integer graph inputs of encoders (token ids, token types, mask).
  static let integerInputs: [String] = ["input_ids", "token_type_ids", "attention_mask"]

  /// Shapes of every float value (graph input `features` and every node output).
  var shapes: [String: BufferShape] = [:]
  /// Shape of the graph's output value.
  var outputShape: BufferShape
  /// The tightest limits over the graph's embedding nodes (nil when it has none).
  var embeddingLimits: EmbeddingLimits?

  /// Checks `graph` and works out every value's shape.
  /// - Throws: `ForwardPassError` naming the first node that does not fit.
  init(_ graph: Graph) throws {
    var shapes: [String: BufferShape] = [:]
    var defined = Set<String>()
    var limits: EmbeddingLimits?
    switch graph.kind {
    case .mlp(let inputFeatures):
      guard inputFeatures > 0 else {
        throw ForwardPassError.unsupported(
          detail: "the MLP's input_features is \(inputFeatures); it must be at least 1.")
      }
      shapes["features"] = BufferShape(scope: .sample, width: inputFeatures)
      defined.insert("features")
    case .encoder:
      defined.formUnion(Self.integerInputs)
    }
    for node in graph.nodes {
      for input in node.inputs where !defined.contains(input) {
        throw ForwardPassError.unknownValue(node: node.name, value: input, known: defined.sorted())
      }
      guard !defined.contains(node.output) else {
        throw ForwardPassError.valueWrittenTwice(node: node.name, value: node.output)
      }
      let shape = try Self.outputShape(of: node, shapes: shapes, weights: graph.weights, limits: &limits)
      shapes[node.output] = shape
      defined.insert(node.output)
    }
    guard let outputShape = shapes[graph.output] else {
      throw ForwardPassError.unknownOutput(output: graph.output)
    }
    self.shapes = shapes
    self.outputShape = outputShape
    self.embeddingLimits = limits
  }

  /// The float input `value` of `node`, or an error if it is an integer input.
  private static func floatShape(_ value: String, of node: Node, _ shapes: [String: BufferShape]) throws -> BufferShape {
    guard let shape = shapes[value] else {
      throw ForwardPassError.valueShape(node: node.name, value: value, detail: "is an integer graph input; this op needs a float value")
    }
    return shape
  }

  private static func weight(_ name: String, of node: Node, _ weights: [String: Tensor], shape expected: [Int?]) throws -> [Int] {
    guard let tensor = weights[name] else { throw ForwardPassError.missingWeight(node: node.name, weight: name) }
    let fits = tensor.shape.count == expected.count
      && zip(tensor.shape, expected).allSatisfy { found, want in want.map { $0 == found } ?? (found > 0) }
    guard fits else {
      throw ForwardPassError.weightShape(
        node: node.name, weight: name, expected: expected.map { $0 ?? -1 }, found: tensor.shape)
    }
    return tensor.shape
  }

  private static func requireInputs(_ node: Node, _ op: String, _ counts: ClosedRange<Int>) throws {
    guard counts.contains(node.inputs.count) else {
      let expected = counts.lowerBound == counts.upperBound ? "\(counts.lowerBound)" : "\(counts.lowerBound) or \(counts.upperBound)"
      throw ForwardPassError.wrongInputCount(node: node.name, op: op, expected: expected, found: node.inputs.count)
    }
  }

  private static func requireValue(_ node: Node, _ position: Int, _ name: String) throws {
    guard node.inputs[position] == name else {
      throw ForwardPassError.wrongInputValue(node: node.name, position: position, expected: name, found: node.inputs[position])
    }
  }

  private static func outputShape(
    of node: Node, shapes: [String: BufferShape], weights: [String: Tensor], limits: inout EmbeddingLimits?
  ) throws -> BufferShape {
    switch node.op {
    case let .dense(weightName, biasName):
      try requireInputs(node, "dense", 1...1)
      let input = try floatShape(node.inputs[0], of: node, shapes)
      let w = try weight(weightName, of: node, weights, shape: [nil, input.width])
      if let biasName { _ = try weight(biasName, of: node, weights, shape: [w[0]]) }
      return BufferShape(scope: input.scope, width: w[0])
    case .activation(let activation):
      try requireInputs(node, activation.rawValue, 1...1)
      return try floatShape(node.inputs[0], of: node, shapes)
    case .softmax:
      try requireInputs(node, "softmax", 1...1)
      return try floatShape(node.inputs[0], of: node, shapes)
    case let .layerNorm(gamma, beta, epsilon):
      try requireInputs(node, "layer_norm", 1...1)
      let input = try floatShape(node.inputs[0], of: node, shapes)
      _ = try weight(gamma, of: node, weights, shape: [input.width])
      _ = try weight(beta, of: node, weights, shape: [input.width])
      guard epsilon.isFinite, epsilon >= 0 else {
        throw ForwardPassError.unsupported(detail: "node '\(node.name)': layer-norm epsilon \(epsilon) must be finite and ≥ 0.")
      }
      return input
    case .add:
      try requireInputs(node, "add", 2...2)
      let a = try floatShape(node.inputs[0], of: node, shapes)
      let b = try floatShape(node.inputs[1], of: node, shapes)
      guard a == b else {
        throw ForwardPassError.valueShape(
          node: node.name, value: node.inputs[1],
          detail: "has width \(b.width) (\(b.scope)) but '\(node.inputs[0])' has width \(a.width) (\(a.scope)); add needs equal shapes")
      }
      return a
    case let .embedding(word, position, tokenType, positionOffset):
      try requireInputs(node, "embedding", 1...2)
      try requireValue(node, 0, "input_ids")
      if node.inputs.count == 2 { try requireValue(node, 1, "token_type_ids") }
      let w = try weight(word, of: node, weights, shape: [nil, nil])
      let hidden = w[1]
      var found = EmbeddingLimits(vocabularySize: w[0])
      if let position {
        let p = try weight(position, of: node, weights, shape: [nil, hidden])
        guard positionOffset >= 0, positionOffset < p[0] else {
          throw ForwardPassError.unsupported(
            detail: "node '\(node.name)': position_offset \(positionOffset) is outside the position table's \(p[0]) rows.")
        }
        found.maximumSequenceLength = p[0] - positionOffset
      }
      if let tokenType { found.tokenTypeCount = try weight(tokenType, of: node, weights, shape: [nil, hidden])[0] }
      limits = Self.tighter(limits, found)
      return BufferShape(scope: .token, width: hidden)
    case .attention(let heads):
      try requireInputs(node, "attention", 4...4)
      try requireValue(node, 3, "attention_mask")
      let q = try floatShape(node.inputs[0], of: node, shapes)
      for index in 1...2 {
        let other = try floatShape(node.inputs[index], of: node, shapes)
        guard other == q else {
          throw ForwardPassError.valueShape(
            node: node.name, value: node.inputs[index], detail: "has width \(other.width) but the query has width \(q.width)")
        }
      }
      guard q.scope == .token else {
        throw ForwardPassError.valueShape(node: node.name, value: node.inputs[0], detail: "has one row per sample; attention needs one per token")
      }
      guard heads > 0, q.width % heads == 0 else {
        throw ForwardPassError.headsDoNotDivide(node: node.name, heads: heads, hidden: q.width)
      }
      return q
    case .meanPool:
      try requireInputs(node, "mean_pool", 2...2)
      try requireValue(node, 1, "attention_mask")
      let input = try floatShape(node.inputs[0], of: node, shapes)
      guard input.scope == .token else {
        throw ForwardPassError.valueShape(node: node.name, value: node.inputs[0], detail: "has one row per sample; mean_pool needs one per token")
      }
      return BufferShape(scope: .sample, width: input.width)
    }
  }

  private static func tighter(_ a: EmbeddingLimits?, _ b: EmbeddingLimits) -> EmbeddingLimits {
    guard let a else { return b }
    func least(_ x: Int?, _ y: Int?) -> Int? {
      switch (x, y) {
      case let (x?, y?): min(x, y)
      default: x ?? y
      }
    }
    return EmbeddingLimits(
      vocabularySize: min(a.vocabularySize, b.vocabularySize),
      maximumSequenceLength: least(a.maximumSequenceLength, b.maximumSequenceLength),
      tokenTypeCount: least(a.tokenTypeCount, b.tokenTypeCount))
  }
}
