import Foundation

/// The one entry point for loading a model: a folder is a Hugging Face model (config.json +
/// model.safetensors), a file is a native infer-plan model.
public enum ModelLoader {
  /// Loads and fully checks the model at `path`.
  /// - Throws: `ModelFileError`, naming the path and the problem.
  public static func load(path: String) throws -> Graph {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ModelFileError.unreadable(path: path, reason: "no such file or folder")
    }
    return isDirectory.boolValue ? try HuggingFaceModel.load(directory: path) : try ModelFile.read(path: path)
  }
}
