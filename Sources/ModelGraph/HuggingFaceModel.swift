import Foundation

/// Imports a Hugging Face BERT-family model: a folder with `config.json` and `model.safetensors`
/// (or `model.safetensors.index.json` and its shards), or one `.safetensors` file next to its
/// `config.json`.
///
/// Supported `model_type`s: `bert` (including MiniLM), `roberta` and `distilbert`; tensor names
/// may carry the `bert.` / `roberta.` / `distilbert.` prefix of the task-head checkpoints. Heads
/// (pooler, classifier) and buffers (`position_ids`) are ignored. F16/BF16 weights become fp32.
///
/// RoBERTa numbers positions from `padding_idx + 1` (= 2, `pad_token_id` + 1), so its graph has
/// `position_offset` 2 and serves `max_position_embeddings − 2` tokens. HF gives padded positions
/// the padding row instead; those positions are masked, so real tokens' outputs are the same.
public enum HuggingFaceModel {
  /// Loads the model in `directory`.
  /// - Throws: `ModelFileError` (missing or malformed config.json, unsupported model_type or
  ///   setting, missing weights, a bad shard index, tensors missing or of the wrong shape).
  public static func load(directory: String) throws -> Graph {
    let config = try readConfig(directory: directory)
    return try load(directory: directory, config: config, weights: try SafetensorsWeights.read(directory: directory))
  }

  /// Loads a plain safetensors file (`weights`, already read) with the `config.json` beside it.
  public static func load(weightsFile weights: SafetensorsFile) throws -> Graph {
    let directory = folder(of: weights.path)
    return try load(directory: directory, config: try readConfig(directory: directory), weights: SafetensorsWeights(file: weights))
  }

  /// Whether a `config.json` lies beside the file at `path`.
  public static func hasConfig(beside path: String) -> Bool {
    FileManager.default.fileExists(atPath: (folder(of: path) as NSString).appendingPathComponent("config.json"))
  }

  static func folder(of path: String) -> String {
    let folder = (path as NSString).deletingLastPathComponent
    return folder.isEmpty ? "." : folder
  }

  /// The parsed config.json of `directory`.
  static func readConfig(directory: String) throws -> (path: String, json: [String: Any]) {
    let configPath = (directory as NSString).appendingPathComponent("config.json")
    guard FileManager.default.fileExists(atPath: configPath) else {
      throw ModelFileError.configMissing(directory: directory)
    }
    return (configPath, try readConfig(path: configPath))
  }

  static func load(directory: String, config: (path: String, json: [String: Any]), weights file: SafetensorsWeights) throws -> Graph {
    let (configPath, config) = config
    let (modelType, configuration) = try HuggingFaceConfig.parse(config, path: configPath)
    // Every layer has several tensors. Checked before the graph is built, whose size follows
    // the layer count: a config claiming 10^8 layers would otherwise hang building it.
    guard configuration.layers <= file.tensorCount else {
      throw ModelFileError.configMalformed(
        path: configPath,
        detail: "it asks for \(configuration.layers) layers, but \((file.path as NSString).lastPathComponent) holds only "
          + "\(file.tensorCount) tensors (each layer has several)")
    }
    let names = try tensorNames(modelType: modelType, in: file)
    let blueprint = GraphBlueprint.encoder(configuration, names: names)
    var weights: [String: Tensor] = [:]
    for specification in blueprint.tensors {
      let stored = storedName(of: specification.name, in: file)
      let tensor = try file.floatTensor(named: stored)
      guard tensor.shape == specification.shape else {
        throw ModelFileError.badTensorEntry(
          path: file.path(of: stored), tensor: specification.name,
          problem: "has shape \(tensor.shape), but config.json implies \(specification.shape)")
      }
      weights[specification.name] = tensor
    }
    var name = (config["_name_or_path"] as? String) ?? ""
    if name.isEmpty { name = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent }
    let graph = Graph(
      name: name, architecture: modelType, kind: blueprint.kind, nodes: blueprint.nodes, output: blueprint.output,
      weights: weights)
    do {
      try graph.validate()
    } catch let error as GraphError {
      throw ModelFileError.invalidGraph(path: file.path, problem: error)
    }
    return graph
  }

  static func readConfig(path: String) throws -> [String: Any] {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw ModelFileError.unreadable(path: path, reason: FileAccess.reason(for: error, path: path))
    }
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw ModelFileError.configMalformed(path: path, detail: "not valid JSON (look for a missing comma, quote or bracket)")
    }
    guard let config = object as? [String: Any] else {
      throw ModelFileError.configMalformed(path: path, detail: "the top level is not a JSON object")
    }
    return config
  }

  /// The name a tensor has in `file`: its own, or for layer norms converted from TensorFlow
  /// checkpoints the older `LayerNorm.gamma` / `LayerNorm.beta`.
  static func storedName(of name: String, in file: SafetensorsWeights) -> String {
    guard !file.contains(name) else { return name }
    for (modern, legacy) in [(".weight", ".gamma"), (".bias", ".beta")] where name.hasSuffix("LayerNorm" + modern) {
      let alias = String(name.dropLast(modern.count)) + legacy
      if file.contains(alias) { return alias }
    }
    return name
  }

  /// Picks the naming scheme and prefix whose word embedding the file holds.
  static func tensorNames(modelType: String, in file: SafetensorsWeights) throws -> EncoderTensorNames {
    let candidates: [EncoderTensorNames] =
      switch modelType {
      case "distilbert": [.distilbert(prefix: ""), .distilbert(prefix: "distilbert.")]
      case "roberta": [.bert(prefix: ""), .bert(prefix: "roberta.")]
      default: [.bert(prefix: ""), .bert(prefix: "bert.")]
      }
    for names in candidates where file.contains(names.wordEmbedding) { return names }
    throw ModelFileError.tensorMissing(path: file.path, tensor: candidates[0].wordEmbedding)
  }
}
