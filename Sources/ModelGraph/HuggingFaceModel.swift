import Foundation

/// Imports a Hugging Face BERT-family model folder (`config.json` + `model.safetensors`).
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
  ///   setting, missing weights, tensors missing or of the wrong shape).
  public static func load(directory: String) throws -> Graph {
    let configPath = (directory as NSString).appendingPathComponent("config.json")
    guard FileManager.default.fileExists(atPath: configPath) else {
      throw ModelFileError.configMissing(directory: directory)
    }
    let config = try readConfig(path: configPath)
    let (modelType, configuration) = try HuggingFaceConfig.parse(config, path: configPath)
    let weightsPath = (directory as NSString).appendingPathComponent("model.safetensors")
    guard FileManager.default.fileExists(atPath: weightsPath) else {
      throw ModelFileError.weightsMissing(directory: directory)
    }
    let file = try SafetensorsFile.read(path: weightsPath)
    // Every layer has several tensors. Checked before the graph is built, whose size follows
    // the layer count: a config claiming 10^8 layers would otherwise hang building it.
    guard configuration.layers <= file.entries.count else {
      throw ModelFileError.configMalformed(
        path: configPath,
        detail: "it asks for \(configuration.layers) layers, but model.safetensors holds only \(file.entries.count) "
          + "tensors (each layer has several)")
    }
    let names = try tensorNames(modelType: modelType, in: file)
    let blueprint = GraphBlueprint.encoder(configuration, names: names)
    var weights: [String: Tensor] = [:]
    for specification in blueprint.tensors {
      let tensor = try file.floatTensor(named: storedName(of: specification.name, in: file))
      guard tensor.shape == specification.shape else {
        throw ModelFileError.badTensorEntry(
          path: weightsPath, tensor: specification.name,
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
      throw ModelFileError.invalidGraph(path: weightsPath, problem: error)
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
  static func storedName(of name: String, in file: SafetensorsFile) -> String {
    guard file.entries[name] == nil else { return name }
    for (modern, legacy) in [(".weight", ".gamma"), (".bias", ".beta")] where name.hasSuffix("LayerNorm" + modern) {
      let alias = String(name.dropLast(modern.count)) + legacy
      if file.entries[alias] != nil { return alias }
    }
    return name
  }

  /// Picks the naming scheme and prefix whose word embedding the file holds.
  static func tensorNames(modelType: String, in file: SafetensorsFile) throws -> EncoderTensorNames {
    let candidates: [EncoderTensorNames] =
      switch modelType {
      case "distilbert": [.distilbert(prefix: ""), .distilbert(prefix: "distilbert.")]
      case "roberta": [.bert(prefix: ""), .bert(prefix: "roberta.")]
      default: [.bert(prefix: ""), .bert(prefix: "bert.")]
      }
    for names in candidates where file.entries[names.wordEmbedding] != nil { return names }
    throw ModelFileError.tensorMissing(path: file.path, tensor: candidates[0].wordEmbedding)
  }
}
