import Foundation

/// Reads and writes native infer-plan model files.
///
/// A native model is a valid safetensors file (so standard tools read its tensors) whose
/// `__metadata__` holds `format = "infer-plan"`, `format_version = "1"` and `graph`, the graph
/// JSON of `GraphDescription`. All tensors are F32 when written; F16 and BF16 are accepted on
/// read and widened to fp32. See docs/model-format.md.
public enum ModelFile {
  /// The `__metadata__.format` value that marks a native model.
  public static let formatName = "infer-plan"
  /// The `__metadata__.format_version` this code writes and reads.
  public static let formatVersion = "1"

  /// Reads the model file at `path` and checks it completely (header, tensors, graph).
  /// - Throws: `ModelFileError`, naming the path and the problem.
  public static func read(path: String) throws -> Graph {
    try graph(from: SafetensorsFile.read(path: path))
  }

  /// Reads a model from the bytes of a whole file; `path` is used in error messages.
  /// - Throws: `ModelFileError`.
  public static func read(bytes: Data, path: String) throws -> Graph {
    try graph(from: SafetensorsFile(bytes: bytes, path: path))
  }

  static func graph(from file: SafetensorsFile) throws -> Graph {
    let path = file.path
    guard let format = file.metadata["format"] else {
      throw ModelFileError.notInferPlanModel(
        path: path, found: file.metadata.isEmpty ? "no __metadata__" : "no __metadata__.format")
    }
    guard format == formatName else {
      throw ModelFileError.notInferPlanModel(path: path, found: "__metadata__.format is '\(format)'")
    }
    guard let version = file.metadata["format_version"] else {
      throw ModelFileError.unsupportedFormatVersion(path: path, found: "(missing)")
    }
    guard version == formatVersion else { throw ModelFileError.unsupportedFormatVersion(path: path, found: version) }
    guard let graphText = file.metadata["graph"] else {
      throw ModelFileError.graphNotJSON(path: path, detail: "__metadata__.graph is missing")
    }
    let description = try GraphDescription(jsonData: Data(graphText.utf8), path: path)
    var weights: [String: Tensor] = [:]
    for name in file.entries.keys.sorted() {
      weights[name] = try file.floatTensor(named: name)
    }
    let graph = Graph(
      name: description.name, architecture: description.architecture, kind: description.kind,
      nodes: description.nodes, output: description.output, weights: weights)
    do {
      try graph.validate()
    } catch let error as GraphError {
      throw ModelFileError.invalidGraph(path: path, problem: error)
    }
    return graph
  }

  /// The bytes of a native model file for `graph` (tensors in name order, F32).
  /// - Throws: `ModelFileError.invalidGraph` if the graph does not validate; `path` names it.
  public static func encode(_ graph: Graph, path: String = "(model)") throws -> Data {
    do {
      try graph.validate()
    } catch let error as GraphError {
      throw ModelFileError.invalidGraph(path: path, problem: error)
    }
    let graphText = String(decoding: GraphDescription(of: graph).jsonData(), as: UTF8.self)
    let metadata = ["format": formatName, "format_version": formatVersion, "graph": graphText]
    let tensors = graph.weights.keys.sorted().map { (name: $0, tensor: graph.weights[$0] ?? Tensor(zeros: [0])) }
    return try SafetensorsFile.encode(tensors: tensors, metadata: metadata)
  }

  /// Writes `graph` to `path` atomically (temporary file in the same folder, then rename).
  /// - Throws: `ModelFileError.invalidGraph` or `.writeFailed`.
  public static func write(_ graph: Graph, to path: String) throws {
    if let problem = FileAccess.writeProblem(at: path) { throw ModelFileError.writeFailed(path: path, reason: problem) }
    let bytes = try encode(graph, path: path)
    if let problem = FileAccess.writeAtomically(bytes, to: path) {
      throw ModelFileError.writeFailed(path: path, reason: problem)
    }
  }

  /// Checks before slow work (such as generating a preset's weights) that `path` can be written.
  /// - Throws: `ModelFileError.writeFailed` with the reason.
  public static func checkWritable(_ path: String) throws {
    if let problem = FileAccess.writeProblem(at: path) { throw ModelFileError.writeFailed(path: path, reason: problem) }
  }
}
