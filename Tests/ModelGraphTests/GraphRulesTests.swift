import ModelGraph
import Testing

/// The tiny-bert preset with `change` applied.
private func tinyBERT(_ change: (inout Graph) -> Void) -> Graph {
  var graph = ModelPreset.tinyBERT.makeGraph()
  change(&graph)
  return graph
}

private let wordTable = "embeddings.word_embeddings.weight"
private let positionTable = "embeddings.position_embeddings.weight"

/// The rules the three former graph checkers (file validation, the CPU plan and the CUDA plan)
/// disagreed on, now stated once in the shared `GraphAnalysis`: one table each.
@Suite("Graph rules once disagreed on")
struct GraphRulesTests {
  /// nil when `graph` checks out, else the error's message.
  static func problem(_ graph: Graph) -> String? {
    do {
      _ = try GraphAnalysis(graph)
      return nil
    } catch {
      return String(describing: error)
    }
  }

  // Epsilon 0 lets a constant row (zero variance) divide by zero, so NaN would reach the output;
  // PyTorch and ONNX defaults are 1e-5, BERT's 1e-12. The file check said > 0, the CPU ≥ 0.
  static let epsilons: [(Float, Bool)] = [
    (1e-12, true), (1e-5, true), (.leastNonzeroMagnitude, true), (0, false), (-0.0, false), (-1e-5, false),
    (.nan, false), (.infinity, false),
  ]

  @Test("layer-norm epsilon must be finite and above 0", arguments: epsilons)
  func layerNormEpsilon(epsilon: Float, accepted: Bool) {
    let graph = tinyBERT { graph in
      guard case let .layerNorm(gamma, beta, _) = graph.nodes[1].op else { return }
      graph.nodes[1].op = .layerNorm(gamma: gamma, beta: beta, epsilon: epsilon)
    }
    let message = "node 'embeddings.norm' (layer_norm): epsilon \(epsilon) must be finite and above 0, or a constant row "
      + "divides by zero; use the model's own value (1e-12 for BERT, 1e-5 for PyTorch's default)."
    #expect(Self.problem(graph) == (accepted ? nil : message))
  }

  // The kernels read token ids and token types by role whatever the node names; the file check
  // wanted exactly two inputs of either kind, the CPU one or two by name, the GPU one or two of
  // any kind (with one, its kernel got no token types). Now: exactly token ids, then token types.
  static let embeddingInputs: [([String], String?)] = [
    (["input_ids", "token_type_ids"], nil),
    (["input_ids"], "node 'embeddings' (embedding) has 1 input; embedding needs 2."),
    (["input_ids", "token_type_ids", "attention_mask"], "node 'embeddings' (embedding) has 3 inputs; embedding needs 2."),
    (["token_type_ids", "input_ids"],
     "node 'embeddings' (embedding) reads 'token_type_ids' as token ids [batch, sequence], but it holds token type ids [batch, sequence]."),
    (["input_ids", "attention_mask"],
     "node 'embeddings' (embedding) reads 'attention_mask' as token type ids [batch, sequence], but it holds an attention mask [batch, sequence]."),
  ]

  @Test("an embedding reads token ids, then token type ids", arguments: embeddingInputs)
  func embeddingInputOrder(inputs: [String], message: String?) {
    #expect(Self.problem(tinyBERT { $0.nodes[0].inputs = inputs }) == message)
  }

  // Token ids are checked against the kind's vocabulary, and the hidden size flows from it, so
  // the word table must be exactly [vocab_size, hidden_size] (the CPU and GPU took any 2-D table).
  static let wordTables: [([Int], Bool)] = [
    ([100, 32], true), ([101, 32], false), ([99, 32], false), ([100, 16], false), ([3200], false), ([100, 32, 1], false),
  ]

  @Test("the word table is [vocab_size, hidden_size] from the model kind", arguments: wordTables)
  func wordTableShape(shape: [Int], accepted: Bool) {
    let graph = tinyBERT { $0.weights[wordTable] = Tensor(zeros: shape) }
    let message = "node 'embeddings' (embedding): tensor '\(wordTable)' has shape \(shape), "
      + "but the node needs [100, 32] (vocab_size, hidden_size)."
    #expect(Self.problem(graph) == (accepted ? nil : message))
  }

  // The position table must serve every sequence the kind allows (the CPU capped the sequence
  // at rows − offset instead, the GPU failed at plan time): rows ≥ offset + max_positions.
  static let positionTables: [(rows: Int, offset: Int, message: String?)] = [
    (64, 0, nil), (66, 2, nil), (80, 2, nil),
    (65, 2, "node 'embeddings' (embedding): tensor 'embeddings.position_embeddings.weight' has shape [65, 32], but the node needs [at least 66, 32] (position_offset + max_positions, hidden_size)."),
    (64, -1, "node 'embeddings' (embedding): position_offset -1 must be 0 or more."),
  ]

  @Test("the position table covers position_offset + max_positions rows", arguments: positionTables)
  func positionTableRows(rows: Int, offset: Int, message: String?) throws {
    let graph = tinyBERT { graph in
      graph.weights[positionTable] = Tensor(zeros: [rows, 32])
      graph.nodes[0].op = .embedding(
        word: wordTable, position: positionTable, tokenType: "embeddings.token_type_embeddings.weight", positionOffset: offset)
    }
    #expect(Self.problem(graph) == message)
    if message == nil {
      #expect(try GraphAnalysis(graph).embeddingLimits?.maximumSequenceLength == rows - offset)
    }
  }

  // Every model has work, and every output comes from a node (the CPU and GPU ran a graph with
  // no nodes as the identity, the file check refused it); max_positions 0 meant "no limit" on the
  // CPU and "no sequence fits" on the GPU.
  static let graphs: [(String, Graph, String)] = [
    ("no nodes",
     Graph(name: "identity", architecture: "mlp", kind: .mlp(inputFeatures: 3), nodes: [], output: "features", weights: [:]),
     "the graph has no nodes. A model needs at least one node, and its output must be a node's output."),
    ("output is a graph input",
     { var graph = ModelPreset.tinyMLP.makeGraph(); graph.output = "features"; return graph }(),
     "the graph output 'features' is not written by any node. Set the output to a node's output, e.g. 'logits' (what the last node writes)."),
    ("max_positions 0",
     tinyBERT { $0.kind = .encoder(vocabularySize: 100, hiddenSize: 32, maxPositions: 0) },
     "invalid model kind: vocab_size 100, hidden_size 32, max_positions 0. Sizes must be whole numbers above 0."),
    ("token types read as the attention mask",
     tinyBERT { $0.nodes[5].inputs[3] = "token_type_ids" },
     "node 'layer.0.attention' (attention) reads 'token_type_ids' as an attention mask [batch, sequence], but it holds token type ids [batch, sequence]."),
  ]

  @Test("graph-level rules", arguments: graphs)
  func graphRule(name: String, graph: Graph, message: String) {
    #expect(Self.problem(graph) == message, "\(name)")
  }

  @Test("without a token-type table (DistilBERT) token types are read but not limited")
  func noTokenTypes() throws {
    let graph = tinyBERT { graph in
      graph.nodes[0].op = .embedding(word: wordTable, position: positionTable, tokenType: nil, positionOffset: 0)
    }
    #expect(try GraphAnalysis(graph).embeddingLimits == EmbeddingLimits(vocabularySize: 100, maximumSequenceLength: 64))
  }
}
