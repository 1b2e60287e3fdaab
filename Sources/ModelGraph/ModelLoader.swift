import Foundation

/// The one entry point for loading a model: a folder is a Hugging Face model (config.json +
/// model.safetensors or a shard index), a file is an ONNX model (by its `.onnx` extension or its
/// first bytes), a native infer-plan model, or a plain safetensors file with a Hugging Face
/// `config.json` beside it.
public enum ModelLoader {
  /// A model format `load` tells apart.
  public enum Format: Sendable, Equatable {
    case native, onnx, huggingFaceFolder
  }

  /// A problem found before any reader runs.
  public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
    /// `id` names no file or folder here but looks like a Hugging Face hub id (`org/name`).
    case hubIdentifier(id: String)

    public var description: String {
      switch self {
      case let .hubIdentifier(id):
        "\(id): no such file or folder; it looks like a Hugging Face hub id, and infer-plan does not download "
          + "models (no network access). Download the folder first, e.g. `hf download \(id) --local-dir "
          + "\(id.split(separator: "/").last ?? "model")`, then pass that folder."
      }
    }
  }

  /// Loads and fully checks the model at `path`.
  /// - Parameter inputShapes: Per-sample dims of ONNX inputs (`--input-shape`); ignored for
  ///   other formats.
  /// - Throws: `ModelFileError`, naming the path and the problem; `ONNXError` for a bad ONNX
  ///   file and `ONNXLoweringError` for one infer-plan cannot run; `ModelLoader.Problem` for a
  ///   hub id.
  public static func load(path: String, inputShapes: [String: [Int]] = [:]) throws -> Graph {
    switch try format(of: path) {
    case .huggingFaceFolder: return try HuggingFaceModel.load(directory: path)
    case .native:
      let file = try SafetensorsFile.read(path: path)
      if file.metadata["format"] != ModelFile.formatName, HuggingFaceModel.hasConfig(beside: path) {
        return try HuggingFaceModel.load(weightsFile: file)
      }
      return try ModelFile.graph(from: file)
    case .onnx: return try ONNXLowering.lower(ONNXModel(path: path), inputShapes: inputShapes).graph
    }
  }

  /// The format of the model at `path`: a folder, else ONNX by extension or first bytes, else
  /// native (whose reader explains what is wrong with anything else).
  /// - Throws: `Problem.hubIdentifier` or `ModelFileError.unreadable` when nothing is there.
  public static func format(of path: String) throws -> Format {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      if isHubIdentifier(path) { throw Problem.hubIdentifier(id: path) }
      throw ModelFileError.unreadable(path: path, reason: "no such file or folder")
    }
    if isDirectory.boolValue { return .huggingFaceFolder }
    if path.lowercased().hasSuffix(".onnx") { return .onnx }
    let prefix = FileHandle(forReadingAtPath: path).map { handle in
      defer { try? handle.close() }
      return (try? handle.read(upToCount: 16)) ?? Data()
    }
    return prefix.map(ONNXModel.looksLikeONNX) == true ? .onnx : .native
  }

  /// Whether `text` has the shape of a hub id, `org/name`: two parts of letters, digits, `-`,
  /// `_` and `.`, not a relative path (`./x`, `../x`) and not a model file's name.
  static func isHubIdentifier(_ text: String) -> Bool {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2 else { return false }
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
    let fileEndings = [".onnx", ".bin", ".safetensors", ".json", ".pt", ".pth", ".npy"]
    return parts.allSatisfy { part in
      !part.isEmpty && !part.hasPrefix(".") && !part.hasPrefix("-") && part.allSatisfy(allowed.contains)
    } && !fileEndings.contains { text.lowercased().hasSuffix($0) }
  }
}
