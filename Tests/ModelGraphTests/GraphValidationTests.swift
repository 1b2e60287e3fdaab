import ModelGraph
import Testing

@Suite("GraphValidation")
struct GraphValidationTests {
  struct BadGraph: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var change: @Sendable (inout Graph) -> Void
    var message: String
  }

  static let badGraphs: [BadGraph] = [
    BadGraph(testDescription: "no nodes", change: { $0.nodes = [] }, message: "the graph has no nodes. A model needs at least one node, and its output must be a node's output."),
    BadGraph(testDescription: "zero input features", change: { $0.kind = .mlp(inputFeatures: 0) },
             message: "invalid model kind: input_features is 0. Sizes must be whole numbers above 0."),
    BadGraph(testDescription: "output never written", change: { $0.output = "probabilities" },
             message: "the graph output 'probabilities' is not written by any node. Set the output to a node's output, e.g. 'logits' (what the last node writes)."),
    BadGraph(testDescription: "value written twice", change: { $0.nodes[1].output = "h1" },
             message: "node 'act1' (relu) writes value 'h1', which is already defined. Give each node output a new name."),
    BadGraph(testDescription: "add with one input", change: { $0.nodes[1] = Node(name: "sum", op: .add, inputs: ["h1"], output: "a1") },
             message: "node 'sum' (add) has 1 input; add needs 2."),
    BadGraph(testDescription: "add of different widths",
             change: { $0.nodes.append(Node(name: "sum", op: .add, inputs: ["features", "a1"], output: "s")) },
             message: "node 'sum' (add) needs two values of one shape, found [batch, 16] and [batch, 32]."),
    BadGraph(testDescription: "bias of the wrong size", change: { $0.weights["fc1.bias"] = Tensor(zeros: [31]) },
             message: "node 'fc1' (dense): tensor 'fc1.bias' has shape [31], but the node needs [32]."),
    BadGraph(testDescription: "layer norm sizes",
             change: {
               $0.nodes.append(Node(name: "ln", op: .layerNorm(gamma: "g", beta: "b", epsilon: 1e-5), inputs: ["a1"], output: "n"))
               $0.weights["g"] = Tensor(zeros: [32])
               $0.weights["b"] = Tensor(zeros: [8])
             },
             message: "node 'ln' (layer_norm): tensor 'b' has shape [8], but the node needs [32]."),
    BadGraph(testDescription: "layer norm epsilon",
             change: {
               $0.nodes.append(Node(name: "ln", op: .layerNorm(gamma: "g", beta: "g", epsilon: 0), inputs: ["a1"], output: "n"))
               $0.weights["g"] = Tensor(zeros: [32])
             },
             message: "node 'ln' (layer_norm): epsilon 0.0 must be finite and above 0, or a constant row divides by zero; use the model's own value (1e-12 for BERT, 1e-5 for PyTorch's default)."),
    BadGraph(testDescription: "attention on an MLP value",
             change: { $0.nodes.append(Node(name: "attn", op: .attention(heads: 4), inputs: ["a1", "a1", "a1", "a1"], output: "c")) },
             message: "node 'attn' (attention) reads 'a1' as [batch, sequence, width], but it holds [batch, 32]."),
    BadGraph(testDescription: "embedding in an MLP",
             change: { $0.nodes.append(Node(name: "emb", op: .embedding(word: "w", position: nil, tokenType: nil, positionOffset: 0), inputs: ["features", "features"], output: "e")) },
             message: "node 'emb' (embedding) reads 'features' as token ids [batch, sequence], but it holds [batch, 16]."),
  ]

  @Test("each structural problem throws its own message", arguments: badGraphs)
  func badGraph(_ bad: BadGraph) {
    var graph = ModelPreset.tinyMLP.makeGraph()
    bad.change(&graph)
    do {
      try graph.validate()
      Issue.record("expected an error")
    } catch {
      #expect(String(describing: error) == bad.message)
    }
  }

  static let badEncoders: [BadGraph] = [
    BadGraph(testDescription: "heads do not divide the width",
             change: { $0.nodes[5].op = .attention(heads: 5) },
             message: "node 'layer.0.attention' (attention): 5 heads do not divide hidden size 32; heads must be above 0 and divide the hidden size."),
    BadGraph(testDescription: "embedding hidden size differs from the kind",
             change: { $0.kind = .encoder(vocabularySize: 100, hiddenSize: 16, maxPositions: 64) },
             message: "node 'embeddings' (embedding): tensor 'embeddings.word_embeddings.weight' has shape [100, 32], but the node needs [100, 16] (vocab_size, hidden_size)."),
    BadGraph(testDescription: "position table too short",
             change: { $0.kind = .encoder(vocabularySize: 100, hiddenSize: 32, maxPositions: 65) },
             message: "node 'embeddings' (embedding): tensor 'embeddings.position_embeddings.weight' has shape [64, 32], but the node needs [at least 65, 32] (position_offset + max_positions, hidden_size)."),
    BadGraph(testDescription: "mask where hidden states belong",
             change: { $0.nodes[5].inputs = ["layer.0.q", "layer.0.k", "attention_mask", "attention_mask"] },
             message: "node 'layer.0.attention' (attention) needs q, k and v of one shape, found [batch, sequence, 32] and an attention mask [batch, sequence]."),
  ]

  @Test("encoder problems throw their own messages", arguments: badEncoders)
  func badEncoder(_ bad: BadGraph) {
    var graph = ModelPreset.tinyBERT.makeGraph()
    bad.change(&graph)
    do {
      try graph.validate()
      Issue.record("expected an error")
    } catch {
      #expect(String(describing: error) == bad.message)
    }
  }
}
