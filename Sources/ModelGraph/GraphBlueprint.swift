/// A graph's nodes plus the tensors they need, before any weights exist. Presets fill the
/// tensors with seeded random values; the Hugging Face importer loads them by name.
import Records

public struct GraphBlueprint: Equatable, Sendable {
  public var kind: ModelKind
  public var nodes: [Node]
  public var output: String
  /// Tensors in creation order (the order presets draw random numbers in).
  public var tensors: [TensorSpecification]

  /// An MLP over `widths` (`widths[0]` inputs, then each layer's outputs): dense layers named
  /// `fc1`, `fc2`, … with `activation` between them (not after the last), output `logits`.
  public static func mlp(widths: [Int], activation: Activation = .relu) -> GraphBlueprint {
    var nodes: [Node] = []
    var tensors: [TensorSpecification] = []
    var value = "features"
    for layer in 1..<max(widths.count, 1) {
      let (inputs, outputs) = (widths[layer - 1], widths[layer])
      let isLast = layer == widths.count - 1
      let dense = isLast ? "logits" : "h\(layer)"
      nodes.append(Node(name: "fc\(layer)", op: .dense(weight: "fc\(layer).weight", bias: "fc\(layer).bias"), inputs: [value], output: dense))
      tensors.append(TensorSpecification(name: "fc\(layer).weight", shape: [outputs, inputs], initializer: .fanIn(inputs)))
      tensors.append(TensorSpecification(name: "fc\(layer).bias", shape: [outputs], initializer: .uniform(scale: 0.1)))
      value = dense
      if !isLast {
        nodes.append(Node(name: "act\(layer)", op: .activation(activation), inputs: [dense], output: "a\(layer)"))
        value = "a\(layer)"
      }
    }
    return GraphBlueprint(kind: .mlp(inputFeatures: widths.first ?? 0), nodes: nodes, output: "logits", tensors: tensors)
  }

  /// A post-layer-norm BERT-style encoder with weights named by `names`; output `last_hidden_state`.
  ///
  /// Per layer: q, k, v dense → attention (mask) → output dense → add (residual) → layer norm →
  /// FFN dense → activation → dense → add (residual) → layer norm.
  public static func encoder(_ configuration: EncoderConfiguration, names: EncoderTensorNames) -> GraphBlueprint {
    let c = configuration
    var nodes: [Node] = []
    var tensors: [TensorSpecification] = []
    func dense(_ stem: String, _ name: String, input: String, output: String, inputs: Int, outputs: Int) {
      nodes.append(Node(name: name, op: .dense(weight: stem + ".weight", bias: stem + ".bias"), inputs: [input], output: output))
      tensors.append(TensorSpecification(name: stem + ".weight", shape: [outputs, inputs], initializer: .fanIn(inputs)))
      tensors.append(TensorSpecification(name: stem + ".bias", shape: [outputs], initializer: .uniform(scale: 0.1)))
    }
    func norm(_ stem: String, _ name: String, input: String, output: String) {
      nodes.append(Node(name: name, op: .layerNorm(gamma: stem + ".weight", beta: stem + ".bias", epsilon: c.layerNormEpsilon), inputs: [input], output: output))
      tensors.append(TensorSpecification(name: stem + ".weight", shape: [c.hiddenSize], initializer: .nearOne))
      tensors.append(TensorSpecification(name: stem + ".bias", shape: [c.hiddenSize], initializer: .uniform(scale: 0.1)))
    }
    let hasTypes = c.typeVocabularySize > 0
    nodes.append(Node(
      name: "embeddings", op: .embedding(word: names.wordEmbedding, position: names.positionEmbedding,
                                         tokenType: hasTypes ? names.tokenTypeEmbedding : nil, positionOffset: c.positionOffset),
      inputs: ["input_ids", "token_type_ids"], output: "embeddings.sum"))
    tensors.append(TensorSpecification(name: names.wordEmbedding, shape: [c.vocabularySize, c.hiddenSize], initializer: .uniform(scale: 1)))
    tensors.append(TensorSpecification(name: names.positionEmbedding, shape: [c.positionOffset + c.maxPositions, c.hiddenSize], initializer: .uniform(scale: 1)))
    if hasTypes {
      tensors.append(TensorSpecification(name: names.tokenTypeEmbedding, shape: [c.typeVocabularySize, c.hiddenSize], initializer: .uniform(scale: 1)))
    }
    var hidden = c.layers == 0 ? "last_hidden_state" : "layer.0.input"
    norm(names.embeddingNorm, "embeddings.norm", input: "embeddings.sum", output: hidden)
    for index in 0..<c.layers {
      let stems = names.layer(index)
      let n = "layer.\(index)."
      let h = c.hiddenSize
      dense(stems[0], n + "attention.query", input: hidden, output: n + "q", inputs: h, outputs: h)
      dense(stems[1], n + "attention.key", input: hidden, output: n + "k", inputs: h, outputs: h)
      dense(stems[2], n + "attention.value", input: hidden, output: n + "v", inputs: h, outputs: h)
      nodes.append(Node(name: n + "attention", op: .attention(heads: c.heads), inputs: [n + "q", n + "k", n + "v", "attention_mask"], output: n + "context"))
      dense(stems[3], n + "attention.output", input: n + "context", output: n + "attention.projected", inputs: h, outputs: h)
      nodes.append(Node(name: n + "attention.residual", op: .add, inputs: [n + "attention.projected", hidden], output: n + "attention.sum"))
      norm(stems[4], n + "attention.norm", input: n + "attention.sum", output: n + "attention.normed")
      dense(stems[5], n + "ffn.in", input: n + "attention.normed", output: n + "ffn.hidden", inputs: h, outputs: c.intermediateSize)
      nodes.append(Node(name: n + "ffn.activation", op: .activation(c.activation), inputs: [n + "ffn.hidden"], output: n + "ffn.activated"))
      dense(stems[6], n + "ffn.out", input: n + "ffn.activated", output: n + "ffn.projected", inputs: c.intermediateSize, outputs: h)
      nodes.append(Node(name: n + "ffn.residual", op: .add, inputs: [n + "ffn.projected", n + "attention.normed"], output: n + "ffn.sum"))
      let next = index == c.layers - 1 ? "last_hidden_state" : "layer.\(index + 1).input"
      norm(stems[7], n + "output.norm", input: n + "ffn.sum", output: next)
      hidden = next
    }
    return GraphBlueprint(kind: c.kind, nodes: nodes, output: "last_hidden_state", tensors: tensors)
  }

  /// This graph with its output mean-pooled over the unmasked tokens (sentence-transformers'
  /// pooling): a `mean_pool` node reading the output and `attention_mask`, writing `pooled`.
  public func pooled() -> GraphBlueprint {
    var result = self
    result.nodes.append(Node(name: "pool", op: .meanPool, inputs: [output, "attention_mask"], output: "pooled"))
    result.output = "pooled"
    return result
  }

  /// A graph with seeded random weights (see `WeightInitializer`), drawn tensor by tensor in
  /// `tensors` order from one `SplitMix64(seed:)` stream.
  public func makeRandomGraph(name: String, architecture: String, seed: UInt64) -> Graph {
    var generator = SplitMix64(seed: seed)
    var weights: [String: Tensor] = [:]
    for specification in tensors {
      let count = specification.shape.reduce(1, *)
      let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
        switch specification.initializer {
        case let .fanIn(fanIn):
          let scale = (3 / Float(max(fanIn, 1))).squareRoot()
          for index in 0..<count { buffer[index] = generator.nextSignedUnitFloat() * scale }
        case let .uniform(scale):
          for index in 0..<count { buffer[index] = generator.nextSignedUnitFloat() * scale }
        case .nearOne:
          for index in 0..<count { buffer[index] = 1 + 0.1 * generator.nextSignedUnitFloat() }
        }
        initialized = count
      }
      weights[specification.name] = Tensor(shape: specification.shape, scalars: scalars)
    }
    return Graph(name: name, architecture: architecture, kind: kind, nodes: nodes, output: output, weights: weights)
  }
}
