/// Reads the encoder shape out of a Hugging Face `config.json` object.
import Records

enum HuggingFaceConfig {
  /// `hidden_act` / `activation` values and the activation each means: HF's "gelu" is the exact
  /// erf form; "gelu_new", "gelu_fast" and "gelu_pytorch_tanh" are the tanh approximation.
  static let activations: [String: Activation] = [
    "gelu": .gelu, "gelu_new": .geluTanh, "gelu_fast": .geluTanh, "gelu_pytorch_tanh": .geluTanh,
    "relu": .relu, "tanh": .tanh,
  ]

  /// The `model_type` and encoder configuration.
  /// - Throws: `ModelFileError.configMalformed`, `.unsupportedModelType` or `.unsupportedSetting`.
  static func parse(_ config: [String: Any], path: String) throws -> (String, EncoderConfiguration) {
    guard let modelType = config["model_type"] as? String else {
      throw ModelFileError.configMalformed(path: path, detail: "missing string 'model_type' (e.g. \"bert\")")
    }
    func integer(_ key: String, default fallback: Int? = nil, minimum: Int = 1) throws -> Int {
      guard let raw = config[key] else {
        if let fallback { return fallback }
        throw ModelFileError.configMalformed(path: path, detail: "missing '\(key)' (a whole number)")
      }
      guard let value = UntrustedJSON.integer(raw), value >= minimum else {
        throw ModelFileError.configMalformed(
          path: path, detail: "'\(key)' must be a whole number of at least \(minimum), found \(raw)")
      }
      return value
    }
    func activation(_ key: String) throws -> Activation {
      guard let raw = config[key] else { return .gelu }
      guard let name = raw as? String, let activation = activations[name] else {
        throw ModelFileError.unsupportedSetting(
          path: path, key: key, found: "\(raw)", supported: activations.keys.sorted().joined(separator: ", "))
      }
      return activation
    }
    func epsilon() throws -> Float {
      guard let raw = config["layer_norm_eps"] else { return 1e-12 }
      guard let value = UntrustedJSON.number(raw), value > 0 else {
        throw ModelFileError.configMalformed(path: path, detail: "'layer_norm_eps' must be a number above 0, found \(raw)")
      }
      return Float(value)
    }
    switch modelType {
    case "bert", "roberta":
      if let embeddingType = config["position_embedding_type"], "\(embeddingType)" != "absolute" {
        throw ModelFileError.unsupportedSetting(
          path: path, key: "position_embedding_type", found: "\(embeddingType)", supported: "absolute")
      }
      let offset = modelType == "roberta" ? try integer("pad_token_id", default: 1, minimum: 0) + 1 : 0
      let positions = try integer("max_position_embeddings")
      guard positions > offset else {
        throw ModelFileError.configMalformed(
          path: path, detail: "'max_position_embeddings' \(positions) leaves no positions after the padding offset \(offset)")
      }
      return (
        modelType,
        EncoderConfiguration(
          layers: try integer("num_hidden_layers"), hiddenSize: try integer("hidden_size"),
          heads: try integer("num_attention_heads"), intermediateSize: try integer("intermediate_size"),
          vocabularySize: try integer("vocab_size"), maxPositions: positions - offset,
          typeVocabularySize: try integer("type_vocab_size", default: 2, minimum: 0),
          activation: try activation("hidden_act"), layerNormEpsilon: try epsilon(), positionOffset: offset)
      )
    case "distilbert":
      return (
        modelType,
        EncoderConfiguration(
          layers: try integer("n_layers"), hiddenSize: try integer("dim"), heads: try integer("n_heads"),
          intermediateSize: try integer("hidden_dim"), vocabularySize: try integer("vocab_size"),
          maxPositions: try integer("max_position_embeddings"), typeVocabularySize: 0,
          activation: try activation("activation"), layerNormEpsilon: 1e-12, positionOffset: 0)
      )
    default:
      throw ModelFileError.unsupportedModelType(path: path, found: modelType)
    }
  }
}
