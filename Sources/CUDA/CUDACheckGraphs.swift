import ModelGraph
import Records

/// Graphs with seeded weights that `gpu-check` and the tests build in memory, shaped like the
/// presets (`mlp-large`: 1024 → 1024 → 1024 → 1024 → 10 with ReLU; `minilm`: a 6-layer BERT
/// encoder, hidden 384, 12 heads, FFN 1536, vocabulary 30522, 512 positions, GELU-erf).
///
/// Weights are uniform: dense ±1/√in (PyTorch's Linear default scale, so activations stay
/// O(1)), embeddings ±1 (so attention scores differ and the softmax is exercised), layer-norm
/// gamma 1 ± 0.1 and beta ±0.1.
public enum CUDACheckGraphs {
  /// An MLP with ReLU between layers; `sizes` = [input, hidden…, output].
  public static func mlp(name: String, sizes: [Int], activation: Activation = .relu, seed: UInt64 = 7)
    -> Graph
  {
    var random = SplitMix64(seed: seed)
    var weights: [String: Tensor] = [:]
    var nodes: [Node] = []
    var current = "features"
    for layer in 0..<(sizes.count - 1) {
      let name = "fc\(layer + 1)"
      weights["\(name).weight"] = uniform([sizes[layer + 1], sizes[layer]], 1 / Float(sizes[layer]).squareRoot(), &random)
      weights["\(name).bias"] = uniform([sizes[layer + 1]], 0.1, &random)
      nodes.append(Node(name: name, op: .dense(weight: "\(name).weight", bias: "\(name).bias"), inputs: [current], output: "h\(layer + 1)"))
      current = "h\(layer + 1)"
      if layer + 2 < sizes.count {
        nodes.append(Node(name: "act\(layer + 1)", op: .activation(activation), inputs: [current], output: "a\(layer + 1)"))
        current = "a\(layer + 1)"
      }
    }
    nodes[nodes.count - 1].output = "logits"
    return Graph(name: name, architecture: "mlp", kind: .mlp(inputFeatures: sizes[0]), nodes: nodes, output: "logits", weights: weights)
  }

  /// The `mlp-large` shape.
  public static func mlpLarge() -> Graph { mlp(name: "mlp-large", sizes: [1024, 1024, 1024, 1024, 10]) }

  /// The `minilm` shape (all-MiniLM-L6-v2), random weights.
  public static func miniLM(pooled: Bool = false) -> Graph {
    encoder(name: "minilm", layers: 6, hidden: 384, heads: 12, intermediate: 1536, vocabulary: 30522, maxPositions: 512, pooled: pooled)
  }

  /// A BERT-style encoder: embeddings + layer norm, then `layers` × (self-attention, residual,
  /// layer norm, GELU feed-forward, residual, layer norm); output `last_hidden_state`, or its
  /// masked mean as `pooled`.
  public static func encoder(
    name: String, layers: Int, hidden: Int, heads: Int, intermediate: Int, vocabulary: Int,
    maxPositions: Int, pooled: Bool = false, seed: UInt64 = 11
  ) -> Graph {
    var random = SplitMix64(seed: seed)
    var weights: [String: Tensor] = [
      "emb.word": uniform([vocabulary, hidden], 1, &random),
      "emb.pos": uniform([maxPositions, hidden], 1, &random),
      "emb.type": uniform([2, hidden], 1, &random),
    ]
    func layerNormWeights(_ prefix: String) {
      weights["\(prefix).weight"] = Tensor(shape: [hidden], scalars: (0..<hidden).map { _ in 1 + Float(random.nextUnitDouble() * 0.2 - 0.1) })
      weights["\(prefix).bias"] = uniform([hidden], 0.1, &random)
    }
    func dense(_ prefix: String, _ input: String, _ output: String, _ inFeatures: Int, _ outFeatures: Int) -> Node {
      weights["\(prefix).weight"] = uniform([outFeatures, inFeatures], 1 / Float(inFeatures).squareRoot(), &random)
      weights["\(prefix).bias"] = uniform([outFeatures], 0.1, &random)
      return Node(name: prefix, op: .dense(weight: "\(prefix).weight", bias: "\(prefix).bias"), inputs: [input], output: output)
    }
    layerNormWeights("emb.ln")
    var nodes = [
      Node(name: "embeddings", op: .embedding(word: "emb.word", position: "emb.pos", tokenType: "emb.type", positionOffset: 0), inputs: ["input_ids", "token_type_ids"], output: "emb"),
      Node(name: "embeddings.ln", op: .layerNorm(gamma: "emb.ln.weight", beta: "emb.ln.bias", epsilon: 1e-12), inputs: ["emb"], output: "h0"),
    ]
    for l in 0..<layers {
      let p = "layer.\(l)"
      let input = "h\(l)"
      nodes += [
        dense("\(p).q", input, "\(p).q", hidden, hidden),
        dense("\(p).k", input, "\(p).k", hidden, hidden),
        dense("\(p).v", input, "\(p).v", hidden, hidden),
        Node(name: "\(p).attention", op: .attention(heads: heads), inputs: ["\(p).q", "\(p).k", "\(p).v", "attention_mask"], output: "\(p).ctx"),
        dense("\(p).o", "\(p).ctx", "\(p).o", hidden, hidden),
        Node(name: "\(p).residual1", op: .add, inputs: ["\(p).o", input], output: "\(p).r1"),
        Node(name: "\(p).ln1", op: .layerNorm(gamma: "\(p).ln1.weight", beta: "\(p).ln1.bias", epsilon: 1e-12), inputs: ["\(p).r1"], output: "\(p).h1"),
        dense("\(p).ffn1", "\(p).h1", "\(p).f1", hidden, intermediate),
        Node(name: "\(p).gelu", op: .activation(.gelu), inputs: ["\(p).f1"], output: "\(p).a"),
        dense("\(p).ffn2", "\(p).a", "\(p).f2", intermediate, hidden),
        Node(name: "\(p).residual2", op: .add, inputs: ["\(p).f2", "\(p).h1"], output: "\(p).r2"),
        Node(name: "\(p).ln2", op: .layerNorm(gamma: "\(p).ln2.weight", beta: "\(p).ln2.bias", epsilon: 1e-12), inputs: ["\(p).r2"], output: l == layers - 1 ? "last_hidden_state" : "h\(l + 1)"),
      ]
      layerNormWeights("\(p).ln1")
      layerNormWeights("\(p).ln2")
    }
    if pooled {
      nodes.append(Node(name: "pool", op: .meanPool, inputs: ["last_hidden_state", "attention_mask"], output: "pooled"))
    }
    return Graph(
      name: name, architecture: "bert",
      kind: .encoder(vocabularySize: vocabulary, hiddenSize: hidden, maxPositions: maxPositions),
      nodes: nodes, output: pooled ? "pooled" : "last_hidden_state", weights: weights)
  }

  static func uniform(_ shape: [Int], _ scale: Float, _ random: inout SplitMix64) -> Tensor {
    Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(random.nextUnitDouble() * 2 - 1) * scale })
  }
}
