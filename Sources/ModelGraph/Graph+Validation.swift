extension Graph {
  /// Checks the graph's structure: every value defined before use and defined once, input
  /// counts and kinds per op, every weight present with the shape its node needs (dense
  /// `[out, in]` with `in` = input width, layer norm `[width]`, embedding tables
  /// `[vocab, hidden]` matching the model kind), attention heads dividing the width, and the
  /// output defined.
  /// - Throws: `GraphError` naming the node at fault.
  public func validate() throws {
    _ = try nodeShapes()
  }

  /// The input and output shapes of each node, in node order, checking the graph on the way.
  /// - Throws: `GraphError` (see `validate()`).
  public func nodeShapes() throws -> [NodeShapes] {
    var values: [String: ValueShape] = [:]
    switch kind {
    case let .mlp(inputFeatures):
      guard inputFeatures > 0 else { throw GraphError.invalidKind(detail: "input_features is \(inputFeatures)") }
      values["features"] = .rows(width: inputFeatures)
    case let .encoder(vocabularySize, hiddenSize, maxPositions):
      guard vocabularySize > 0, hiddenSize > 0, maxPositions > 0 else {
        throw GraphError.invalidKind(
          detail: "vocab_size \(vocabularySize), hidden_size \(hiddenSize), max_positions \(maxPositions)")
      }
      values["input_ids"] = .tokenIDs
      values["token_type_ids"] = .tokenIDs
      values["attention_mask"] = .mask
    }
    guard !nodes.isEmpty else { throw GraphError.empty }
    var result: [NodeShapes] = []
    for node in nodes {
      let inputs = try node.inputs.map { name in
        guard let shape = values[name] else { throw GraphError.undefinedValue(node: node.name, value: name) }
        return shape
      }
      let output = try outputShape(of: node, inputs: inputs)
      guard values[node.output] == nil else { throw GraphError.redefinedValue(node: node.name, value: node.output) }
      values[node.output] = output
      result.append(NodeShapes(inputs: inputs, output: output))
    }
    guard values[output] != nil, !inputNames.contains(output) else { throw GraphError.outputUndefined(output: output) }
    return result
  }

  private func outputShape(of node: Node, inputs: [ValueShape]) throws -> ValueShape {
    func expectInputs(_ count: Int, _ opName: String) throws {
      guard inputs.count == count else {
        throw GraphError.wrongInputCount(node: node.name, op: opName, expected: count, found: inputs.count)
      }
    }
    func floatInput(_ index: Int) throws -> (shape: ValueShape, width: Int) {
      guard let width = inputs[index].width else {
        throw GraphError.wrongInputKind(
          node: node.name, value: node.inputs[index], expected: "a float value", found: inputs[index].description)
      }
      return (inputs[index], width)
    }
    func expectKind(_ index: Int, _ wanted: ValueShape) throws {
      guard inputs[index] == wanted else {
        throw GraphError.wrongInputKind(
          node: node.name, value: node.inputs[index], expected: wanted.description, found: inputs[index].description)
      }
    }
    func weight(_ name: String, _ check: ([Int]) -> Bool, _ expected: @autoclosure () -> String) throws -> [Int] {
      guard let tensor = weights[name] else { throw GraphError.missingWeight(node: node.name, tensor: name) }
      guard check(tensor.shape) else {
        throw GraphError.weightShape(node: node.name, tensor: name, expected: expected(), found: tensor.shape)
      }
      return tensor.shape
    }
    switch node.op {
    case let .dense(weightName, biasName):
      try expectInputs(1, "dense")
      let (shape, width) = try floatInput(0)
      let w = try weight(weightName, { $0.count == 2 && $0[0] > 0 && $0[1] == width }, "[out, \(width)] (out > 0)")
      if let biasName { _ = try weight(biasName, { $0 == [w[0]] }, "[\(w[0])]") }
      if case .sequence = shape { return .sequence(width: w[0]) }
      return .rows(width: w[0])
    case let .activation(activation):
      try expectInputs(1, activation.rawValue)
      return try floatInput(0).shape
    case .softmax:
      try expectInputs(1, "softmax")
      return try floatInput(0).shape
    case let .layerNorm(gamma, beta, epsilon):
      try expectInputs(1, "layer_norm")
      let (shape, width) = try floatInput(0)
      _ = try weight(gamma, { $0 == [width] }, "[\(width)]")
      _ = try weight(beta, { $0 == [width] }, "[\(width)]")
      guard epsilon.isFinite, epsilon > 0 else { throw GraphError.badEpsilon(node: node.name, epsilon: epsilon) }
      return shape
    case .add:
      try expectInputs(2, "add")
      let (first, _) = try floatInput(0)
      let (second, _) = try floatInput(1)
      guard first == second else {
        throw GraphError.widthMismatch(
          node: node.name, detail: "add needs two values of one shape, found \(first) and \(second)")
      }
      return first
    case let .embedding(word, position, tokenType, positionOffset):
      try expectInputs(2, "embedding")
      try expectKind(0, .tokenIDs)
      try expectKind(1, .tokenIDs)
      guard case let .encoder(vocabularySize, hiddenSize, maxPositions) = kind else {
        throw GraphError.invalidKind(detail: "embedding needs an encoder model")
      }
      guard positionOffset >= 0 else { throw GraphError.badPositionOffset(node: node.name, offset: positionOffset) }
      _ = try weight(word, { $0 == [vocabularySize, hiddenSize] }, "[\(vocabularySize), \(hiddenSize)] (vocab_size, hidden_size)")
      if let position {
        let rows = positionOffset + maxPositions
        _ = try weight(position, { $0.count == 2 && $0[0] >= rows && $0[1] == hiddenSize },
                       "[at least \(rows), \(hiddenSize)] (position_offset + max_positions, hidden_size)")
      }
      if let tokenType {
        _ = try weight(tokenType, { $0.count == 2 && $0[0] > 0 && $0[1] == hiddenSize }, "[types > 0, \(hiddenSize)]")
      }
      return .sequence(width: hiddenSize)
    case let .attention(heads):
      try expectInputs(4, "attention")
      let (query, width) = try floatInput(0)
      for index in 1...2 where inputs[index] != query {
        throw GraphError.widthMismatch(
          node: node.name, detail: "q, k and v must have one shape, found \(query) and \(inputs[index])")
      }
      guard case .sequence = query else {
        throw GraphError.wrongInputKind(
          node: node.name, value: node.inputs[0], expected: "[batch, sequence, width]", found: query.description)
      }
      try expectKind(3, .mask)
      guard heads > 0, width % heads == 0 else { throw GraphError.badHeads(node: node.name, heads: heads, hiddenSize: width) }
      return query
    case .meanPool:
      try expectInputs(2, "mean_pool")
      let (shape, width) = try floatInput(0)
      guard case .sequence = shape else {
        throw GraphError.wrongInputKind(
          node: node.name, value: node.inputs[0], expected: "[batch, sequence, width]", found: shape.description)
      }
      try expectKind(1, .mask)
      return .rows(width: width)
    }
  }
}
