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

extension Graph {
  /// Bytes of fp32 weights: 4 · `parameterCount`.
  public var weightBytes: Int { 4 * parameterCount }

  /// Work per node for one forward pass of `batchSize` rows (`sequenceLength` tokens each;
  /// ignored for MLPs). An invalid graph (see `validate()`) yields an empty list.
  ///
  /// FLOPs: dense `2·rows·in·out + rows·out` (bias), with rows = batch (·sequence);
  /// attention `4·B·S²·H` (q·kᵀ and p·v) + `7·B·heads·S²` (scale, mask, softmax ≈ 5);
  /// softmax 5, layer norm 8, add 1 and activations `flopsPerElement` per element;
  /// embedding one add per extra table per element; mean pool one add per element.
  /// Bytes: weights read + inputs read + output written, fp32 (ids and masks int32); attention
  /// also writes and reads its `B·heads·S²` scores and probabilities once each.
  public func costs(batchSize: Int, sequenceLength: Int) -> [OpCost] {
    guard let shapes = try? nodeShapes() else { return [] }
    let b = Double(batchSize), s = Double(sequenceLength)
    return zip(nodes, shapes).map { node, shape in
      let inputElements = shape.inputs.map { Double($0.elementCount(batchSize: batchSize, sequenceLength: sequenceLength)) }
      let outputElements = Double(shape.output.elementCount(batchSize: batchSize, sequenceLength: sequenceLength))
      let activationBytes = 4 * (inputElements.reduce(0, +) + outputElements)
      var flops = 0.0
      var weightElements = 0.0
      var launches = 1
      var extraBytes = 0.0
      switch node.op {
      case let .dense(weight, bias):
        let (outputs, inputs) = (Double(shape.output.width ?? 0), Double(shape.inputs[0].width ?? 0))
        let rows = outputElements / max(outputs, 1)
        flops = 2 * rows * inputs * outputs + (bias == nil ? 0 : rows * outputs)
        weightElements = Double(weights[weight]?.count ?? 0) + Double(bias.flatMap { weights[$0]?.count } ?? 0)
      case let .activation(activation):
        flops = activation.flopsPerElement * outputElements
      case .softmax:
        flops = 5 * outputElements
      case let .layerNorm(gamma, beta, _):
        flops = 8 * outputElements
        weightElements = Double((weights[gamma]?.count ?? 0) + (weights[beta]?.count ?? 0))
      case .add:
        flops = outputElements
      case let .embedding(_, position, tokenType, _):
        let tables = 1.0 + (position == nil ? 0 : 1) + (tokenType == nil ? 0 : 1)
        flops = (tables - 1) * outputElements
        weightElements = tables * outputElements  // one table row read per token per table
      case let .attention(heads):
        let hidden = Double(shape.output.width ?? 0)
        let scores = b * Double(heads) * s * s
        flops = 4 * b * s * s * hidden + 7 * scores
        extraBytes = 4 * 4 * scores
        launches = 3
      case .meanPool:
        flops = inputElements[0] + outputElements
      }
      return OpCost(name: node.name, flops: flops, bytesMoved: activationBytes + 4 * weightElements + extraBytes, launches: launches)
    }
  }

  /// FLOPs for one sample (batch 1) of `sequenceLength` tokens (ignored for MLPs).
  public func flopsPerSample(sequenceLength: Int) -> Double {
    costs(batchSize: 1, sequenceLength: sequenceLength).reduce(0) { $0 + $1.flops }
  }

  /// Peak bytes of live fp32 activations (ids and masks int32) during one forward pass, running
  /// nodes in order and freeing each value after its last reader. At each node the inputs still
  /// needed, the node's output and its scratch (attention's `B·heads·S²` scores) are live.
  /// An invalid graph yields 0.
  public func activationBytes(batchSize: Int, sequenceLength: Int) -> Int {
    guard let shapes = try? nodeShapes() else { return 0 }
    var lastUse: [String: Int] = [:]
    for (index, node) in nodes.enumerated() {
      for input in node.inputs { lastUse[input] = index }
    }
    lastUse[output] = nodes.count
    var sizes: [String: Int] = [:]
    var live = 0
    let inputShapes = inputNames.map { name in (name, nodes.indices.lazy.compactMap { i in
      nodes[i].inputs.firstIndex(of: name).map { shapes[i].inputs[$0] } }.first) }
    for case let (name, shape?) in inputShapes {
      sizes[name] = 4 * shape.elementCount(batchSize: batchSize, sequenceLength: sequenceLength)
      live += sizes[name] ?? 0
    }
    var peak = live
    for (index, node) in nodes.enumerated() {
      let outputBytes = 4 * shapes[index].output.elementCount(batchSize: batchSize, sequenceLength: sequenceLength)
      var scratch = 0
      if case let .attention(heads) = node.op { scratch = 4 * batchSize * heads * sequenceLength * sequenceLength }
      peak = max(peak, live + outputBytes + scratch)
      sizes[node.output] = outputBytes
      live += outputBytes
      for value in Set(node.inputs + [node.output]) where (lastUse[value] ?? index) <= index {
        live -= sizes[value] ?? 0
        sizes[value] = 0
      }
    }
    return peak
  }
}
