import ModelGraph
import TestSupport

/// Seeded random graphs for the forward-pass tests, built in Swift (no model file needed).
enum ForwardTestGraphs {
  static func randomTensor(_ shape: [Int], scale: Float = 0.5, _ rng: inout SeededGenerator) -> Tensor {
    let count = shape.reduce(1, *)
    return Tensor(shape: shape, scalars: (0..<count).map { _ in Float.random(in: -scale...scale, using: &rng) })
  }

  /// An MLP through `widths` (first = input features), one activation after each hidden dense
  /// (cycling through all five), a residual add and layer norm on the last hidden layer when
  /// asked, and a softmax at the end.
  static func mlp(widths: [Int], residual: Bool, seed: UInt64) -> Graph {
    var rng = SeededGenerator(seed: seed)
    var weights: [String: Tensor] = [:]
    var nodes: [Node] = []
    var current = "features"
    let activations = Activation.allCases
    for layer in 1..<widths.count {
      let (inWidth, outWidth) = (widths[layer - 1], widths[layer])
      weights["fc\(layer).weight"] = randomTensor([outWidth, inWidth], scale: 1 / Float(max(inWidth, 1)).squareRoot(), &rng)
      weights["fc\(layer).bias"] = randomTensor([outWidth], scale: 0.1, &rng)
      nodes.append(Node(name: "fc\(layer)", op: .dense(weight: "fc\(layer).weight", bias: "fc\(layer).bias"), inputs: [current], output: "h\(layer)"))
      current = "h\(layer)"
      if layer < widths.count - 1 {
        let activation = activations[(layer - 1) % activations.count]
        nodes.append(Node(name: "act\(layer)", op: .activation(activation), inputs: [current], output: "a\(layer)"))
        current = "a\(layer)"
      }
    }
    if residual, let last = widths.last {
      weights["res.weight"] = randomTensor([last, last], scale: 0.3, &rng)
      nodes.append(Node(name: "res.dense", op: .dense(weight: "res.weight", bias: nil), inputs: [current], output: "r"))
      nodes.append(Node(name: "res.add", op: .add, inputs: [current, "r"], output: "sum"))
      weights["ln.weight"] = randomTensor([last], scale: 1, &rng)
      weights["ln.bias"] = randomTensor([last], scale: 0.1, &rng)
      nodes.append(Node(name: "ln", op: .layerNorm(gamma: "ln.weight", beta: "ln.bias", epsilon: 1e-5), inputs: ["sum"], output: "normed"))
      current = "normed"
    }
    nodes.append(Node(name: "softmax", op: .softmax, inputs: [current], output: "probabilities"))
    return Graph(
      name: "random-mlp", architecture: "mlp", kind: .mlp(inputFeatures: widths[0]), nodes: nodes,
      output: "probabilities", weights: weights)
  }

  /// A BERT-shaped encoder: embeddings (word + position + token type) with layer norm, then
  /// `layers` blocks of attention + residual + layer norm + GELU FFN + residual + layer norm,
  /// optionally mean-pooled.
  static func encoder(
    vocabulary: Int = 23, hidden: Int, heads: Int, ffn: Int, layers: Int, maxPositions: Int = 16,
    positionOffset: Int = 0, pooled: Bool = false, seed: UInt64
  ) -> Graph {
    var rng = SeededGenerator(seed: seed)
    var weights: [String: Tensor] = [:]
    var nodes: [Node] = []
    func tensor(_ name: String, _ shape: [Int], scale: Float = 0.5) { weights[name] = randomTensor(shape, scale: scale, &rng) }
    func layerNorm(_ prefix: String, _ input: String, _ output: String) {
      tensor("\(prefix).weight", [hidden], scale: 1)
      tensor("\(prefix).bias", [hidden], scale: 0.1)
      nodes.append(Node(name: prefix, op: .layerNorm(gamma: "\(prefix).weight", beta: "\(prefix).bias", epsilon: 1e-12), inputs: [input], output: output))
    }
    func dense(_ prefix: String, _ input: String, _ output: String, _ outWidth: Int, _ inWidth: Int) {
      tensor("\(prefix).weight", [outWidth, inWidth], scale: 1 / Float(inWidth).squareRoot())
      tensor("\(prefix).bias", [outWidth], scale: 0.1)
      nodes.append(Node(name: prefix, op: .dense(weight: "\(prefix).weight", bias: "\(prefix).bias"), inputs: [input], output: output))
    }
    tensor("emb.word", [vocabulary, hidden])
    tensor("emb.position", [maxPositions + positionOffset, hidden])
    tensor("emb.type", [2, hidden])
    nodes.append(Node(
      name: "embeddings", op: .embedding(word: "emb.word", position: "emb.position", tokenType: "emb.type", positionOffset: positionOffset),
      inputs: ["input_ids", "token_type_ids"], output: "emb.sum"))
    layerNorm("emb.ln", "emb.sum", "h0")
    for layer in 0..<layers {
      let p = "layer\(layer)"
      let input = "h\(layer)"
      dense("\(p).q", input, "\(p).q.out", hidden, hidden)
      dense("\(p).k", input, "\(p).k.out", hidden, hidden)
      dense("\(p).v", input, "\(p).v.out", hidden, hidden)
      nodes.append(Node(name: "\(p).attention", op: .attention(heads: heads), inputs: ["\(p).q.out", "\(p).k.out", "\(p).v.out", "attention_mask"], output: "\(p).ctx"))
      dense("\(p).o", "\(p).ctx", "\(p).o.out", hidden, hidden)
      nodes.append(Node(name: "\(p).res1", op: .add, inputs: ["\(p).o.out", input], output: "\(p).res1.out"))
      layerNorm("\(p).ln1", "\(p).res1.out", "\(p).attn.out")
      dense("\(p).ffn1", "\(p).attn.out", "\(p).ffn1.out", ffn, hidden)
      nodes.append(Node(name: "\(p).gelu", op: .activation(.gelu), inputs: ["\(p).ffn1.out"], output: "\(p).gelu.out"))
      dense("\(p).ffn2", "\(p).gelu.out", "\(p).ffn2.out", hidden, ffn)
      nodes.append(Node(name: "\(p).res2", op: .add, inputs: ["\(p).ffn2.out", "\(p).attn.out"], output: "\(p).res2.out"))
      layerNorm("\(p).ln2", "\(p).res2.out", "h\(layer + 1)")
    }
    var output = "h\(layers)"
    if pooled {
      nodes.append(Node(name: "pool", op: .meanPool, inputs: [output, "attention_mask"], output: "pooled"))
      output = "pooled"
    }
    return Graph(
      name: "random-encoder", architecture: "bert",
      kind: .encoder(vocabularySize: vocabulary, hiddenSize: hidden, maxPositions: maxPositions), nodes: nodes,
      output: output, weights: weights)
  }

  /// Random tokens with trailing padding: row b keeps `sequenceLength − b mod sequenceLength`
  /// tokens (row 0 unpadded); token types split each row in two segments.
  static func tokens(batchSize: Int, sequenceLength: Int, vocabulary: Int = 23, seed: UInt64) -> TokenBatch {
    var rng = SeededGenerator(seed: seed)
    var ids: [Int32] = [], mask: [Int32] = [], types: [Int32] = []
    for b in 0..<batchSize {
      let real = sequenceLength - b % sequenceLength
      for s in 0..<sequenceLength {
        ids.append(s < real ? Int32.random(in: 1..<Int32(vocabulary), using: &rng) : 0)
        mask.append(s < real ? 1 : 0)
        types.append(s < real / 2 ? 0 : 1)
      }
    }
    return TokenBatch(batchSize: batchSize, sequenceLength: sequenceLength, ids: ids, mask: mask, tokenTypes: types)
  }
}
