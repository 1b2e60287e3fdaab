import Foundation
import ModelGraph
import Testing

@Suite("HuggingFaceModel")
struct HuggingFaceModelTests {
  /// First values of some tensors, written by make_model_fixtures.py with numpy.
  static func expectedValues() throws -> [String: [String: [Double]]] {
    let data = try Data(contentsOf: URL(fileURLWithPath: ModelGraphTestFiles.fixture("expected.json")))
    return try JSONSerialization.jsonObject(with: data) as? [String: [String: [Double]]] ?? [:]
  }

  @Test("bert, roberta and distilbert folders import with their own names, offsets and activations",
        arguments: ["hf-bert", "hf-roberta", "hf-distilbert"])
  func importsFixture(folder: String) throws {
    let graph = try ModelLoader.load(path: ModelGraphTestFiles.fixture(folder))
    #expect(graph.output == "last_hidden_state")
    #expect(graph.nodes.count == 2 + 2 * 12)  // embedding, its norm, 12 nodes per layer
    guard case let .embedding(_, position, tokenType, positionOffset) = graph.nodes[0].op else {
      Issue.record("first node is not an embedding")
      return
    }
    let activations = graph.nodes.compactMap { node -> Activation? in
      if case let .activation(activation) = node.op { return activation }
      return nil
    }
    let epsilon: Float? = graph.nodes.lazy.compactMap { node -> Float? in
      if case let .layerNorm(_, _, epsilon) = node.op { return epsilon }
      return nil
    }.first
    switch folder {
    case "hf-bert":
      #expect(graph.architecture == "bert")
      #expect(graph.name == "hf-bert")
      #expect(graph.kind == .encoder(vocabularySize: 20, hiddenSize: 8, maxPositions: 16))
      #expect(position == "bert.embeddings.position_embeddings.weight")
      #expect(tokenType == "bert.embeddings.token_type_embeddings.weight")
      #expect(positionOffset == 0)
      #expect(activations == [.gelu, .gelu])
      #expect(epsilon == 1e-12)
      // The pooler and the int64 position_ids buffer are not part of the encoder.
      #expect(graph.weights["bert.pooler.dense.weight"] == nil)
    case "hf-roberta":
      #expect(graph.architecture == "roberta")
      #expect(graph.kind == .encoder(vocabularySize: 20, hiddenSize: 8, maxPositions: 16))
      #expect(positionOffset == 2)
      #expect(tokenType == "roberta.embeddings.token_type_embeddings.weight")
      #expect(activations == [.geluTanh, .geluTanh])
      #expect(epsilon == 1e-5)
      #expect(graph.nodes.contains { $0.op == .attention(heads: 4) })
    default:
      #expect(graph.architecture == "distilbert")
      #expect(position == "embeddings.position_embeddings.weight")
      #expect(tokenType == nil)
      #expect(positionOffset == 0)
      #expect(graph.nodes[2].op == .dense(weight: "transformer.layer.0.attention.q_lin.weight", bias: "transformer.layer.0.attention.q_lin.bias"))
    }
    // Values match numpy's, including float16 → float32 for distilbert. (Compared as Float:
    // Foundation's JSON parser may round the float64 text of a float32 by an ulp of a double.)
    for (name, values) in try Self.expectedValues()[folder] ?? [:] {
      let scalars = Array(graph.weights[name]?.scalars.prefix(values.count) ?? [])
      #expect(scalars == values.map { Float($0) }, "\(folder): \(name)")
    }
  }

  @Test("a native graph written from an import reads back equal")
  func importThenWrite() throws {
    let graph = try HuggingFaceModel.load(directory: ModelGraphTestFiles.fixture("hf-roberta"))
    let folder = try ModelGraphTestFiles.makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try ModelFile.write(graph, to: folder + "/roberta.bin")
    #expect(try ModelFile.read(path: folder + "/roberta.bin") == graph)
  }

  @Test("TensorFlow-era LayerNorm.gamma / LayerNorm.beta names load as weight / bias")
  func legacyLayerNormNames() throws {
    let source = ModelGraphTestFiles.fixture("hf-bert")
    let folder = try ModelGraphTestFiles.makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.copyItem(atPath: source + "/config.json", toPath: folder + "/config.json")
    var parts = try SafetensorsParts(Data(contentsOf: URL(fileURLWithPath: source + "/model.safetensors")))
    for name in parts.header.keys where name.contains("LayerNorm.") {
      let legacy = name.replacingOccurrences(of: "LayerNorm.weight", with: "LayerNorm.gamma")
        .replacingOccurrences(of: "LayerNorm.bias", with: "LayerNorm.beta")
      parts.header[legacy] = parts.header.removeValue(forKey: name)
    }
    try parts.bytes.write(to: URL(fileURLWithPath: folder + "/model.safetensors"))
    let graph = try ModelLoader.load(path: folder)
    #expect(graph.weights == (try ModelLoader.load(path: source)).weights)
  }

  /// A change to a copy of the hf-bert folder and the exact message it must produce
  /// (`DIR` stands for the copy's path).
  struct BadFolder: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var config: String?
    var removeWeights = false
    var message: String
  }

  static let badFolders: [BadFolder] = [
    BadFolder(testDescription: "config.json missing", config: nil,
              message: "DIR: no config.json in the model folder. A Hugging Face model folder needs config.json and model.safetensors; a native model is a single file."),
    BadFolder(testDescription: "config.json malformed", config: "{\"model_type\": \"bert\",",
              message: "DIR/config.json: not valid JSON (look for a missing comma, quote or bracket). Fix config.json or download it again."),
    BadFolder(testDescription: "config.json is a list", config: "[1, 2]",
              message: "DIR/config.json: the top level is not a JSON object. Fix config.json or download it again."),
    BadFolder(testDescription: "model_type missing", config: "{\"hidden_size\": 8}",
              message: "DIR/config.json: missing string 'model_type' (e.g. \"bert\"). Fix config.json or download it again."),
    BadFolder(testDescription: "unsupported model_type", config: "{\"model_type\": \"gpt2\"}",
              message: "DIR/config.json: model_type 'gpt2' is not supported; supported: bert, distilbert, roberta."),
    BadFolder(testDescription: "hidden_size not a number", config: #"{"model_type": "bert", "hidden_size": "big", "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 16, "vocab_size": 20, "max_position_embeddings": 16}"#,
              message: "DIR/config.json: 'hidden_size' must be a whole number of at least 1, found big. Fix config.json or download it again."),
    BadFolder(testDescription: "required key missing",
              config: #"{"model_type": "bert", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "vocab_size": 20, "max_position_embeddings": 16}"#,
              message: "DIR/config.json: missing 'intermediate_size' (a whole number). Fix config.json or download it again."),
    BadFolder(testDescription: "unsupported activation",
              config: #"{"model_type": "bert", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 16, "vocab_size": 20, "max_position_embeddings": 16, "hidden_act": "swish"}"#,
              message: "DIR/config.json: hidden_act 'swish' is not supported; supported: gelu, gelu_fast, gelu_new, gelu_pytorch_tanh, relu, tanh."),
    BadFolder(testDescription: "relative position embeddings",
              config: #"{"model_type": "bert", "position_embedding_type": "relative_key"}"#,
              message: "DIR/config.json: position_embedding_type 'relative_key' is not supported; supported: absolute."),
    BadFolder(testDescription: "config disagrees with the weights",
              config: #"{"model_type": "bert", "hidden_size": 16, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 16, "vocab_size": 20, "max_position_embeddings": 16}"#,
              message: "DIR/model.safetensors: tensor 'bert.embeddings.word_embeddings.weight': has shape [20, 8], but config.json implies [20, 16]."),
    BadFolder(testDescription: "more layers than the weights hold",
              config: #"{"model_type": "bert", "hidden_size": 8, "num_hidden_layers": 3, "num_attention_heads": 2, "intermediate_size": 16, "vocab_size": 20, "max_position_embeddings": 16}"#,
              message: "DIR/model.safetensors: tensor 'bert.encoder.layer.2.attention.self.query.weight' is missing. The weights do not match the model's config, or the file is incomplete."),
    // A timeout of the hf-config fuzz target (on an input edited by hand from the fixture's
    // config): building a graph of 10^8 layers hung.
    BadFolder(testDescription: "10^8 layers",
              config: #"{"model_type": "bert", "hidden_size": 8, "num_hidden_layers": 100000000, "num_attention_heads": 2, "intermediate_size": 16, "vocab_size": 20, "max_position_embeddings": 16}"#,
              message: "DIR/config.json: it asks for 100000000 layers, but model.safetensors holds only 40 tensors (each layer has several). Fix config.json or download it again."),
    BadFolder(testDescription: "wrong model family for the weights",
              config: #"{"model_type": "distilbert", "dim": 8, "n_layers": 2, "n_heads": 2, "hidden_dim": 16, "vocab_size": 20, "max_position_embeddings": 16}"#,
              message: "DIR/model.safetensors: tensor 'embeddings.word_embeddings.weight' is missing. The weights do not match the model's config, or the file is incomplete."),
    BadFolder(testDescription: "model.safetensors missing", config: #"{"model_type": "bert", "hidden_size": 8, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 16, "vocab_size": 20, "max_position_embeddings": 16}"#,
              removeWeights: true,
              message: "DIR: no model.safetensors (or model.safetensors.index.json with its shards) in the model folder. Download the safetensors weights (PyTorch .bin weights are not read)."),
  ]

  @Test("each bad folder throws its own message", arguments: badFolders)
  func badFolder(_ bad: BadFolder) throws {
    let folder = try ModelGraphTestFiles.makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    if !bad.removeWeights {
      try FileManager.default.copyItem(
        atPath: ModelGraphTestFiles.fixture("hf-bert/model.safetensors"), toPath: folder + "/model.safetensors")
    }
    if let config = bad.config { try Data(config.utf8).write(to: URL(fileURLWithPath: folder + "/config.json")) }
    do {
      _ = try ModelLoader.load(path: folder)
      Issue.record("expected an error")
    } catch let error as ModelFileError {
      #expect(error.description == bad.message.replacingOccurrences(of: "DIR", with: folder))
    }
  }

  @Test("the real all-MiniLM-L6-v2 imports (optional: skipped unless downloaded)",
        .enabled(if: ModelGraphTestFiles.miniLMFolder != nil))
  func realMiniLM() throws {
    let graph = try ModelLoader.load(path: ModelGraphTestFiles.miniLMFolder ?? "")
    #expect(graph.architecture == "bert")
    #expect(graph.kind == .encoder(vocabularySize: 30522, hiddenSize: 384, maxPositions: 512))
    // Same shape as the minilm preset: 22,565,376 encoder parameters (the pooler is left out).
    #expect(graph.parameterCount == 22_565_376)
    #expect(graph.nodes.map(\.op) == ModelPreset.minilm.blueprint.nodes.map(\.op))
  }
}
