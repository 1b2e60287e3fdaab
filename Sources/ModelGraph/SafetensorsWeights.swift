import Foundation
import Records

/// The weights of a Hugging Face model folder: one safetensors file, or the shards that a
/// `model.safetensors.index.json` names.
///
/// The index is untrusted like every model file: `{"metadata": {…}, "weight_map": {"<tensor>":
/// "<shard file name>", …}}`. A shard must be a plain file name in the same folder (never a path,
/// so an index cannot reach outside its folder), every shard is read and checked in full, and
/// every tensor the index lists must be in the shard it names.
public struct SafetensorsWeights: Sendable {
  /// Largest index accepted: 64 MiB. Real indexes are tens of kilobytes (one line per tensor).
  public static let maximumIndexBytes = 64 << 20
  /// Name of the single-file weights in a folder.
  public static let singleFileName = "model.safetensors"
  /// Name of the shard index in a folder.
  public static let indexFileName = "model.safetensors.index.json"

  /// The file the weights were found through (the safetensors file or the index), for messages.
  public let path: String
  /// The files read, in the order first named.
  public let files: [SafetensorsFile]
  /// Which file holds each tensor.
  let fileIndex: [String: Int]

  /// One safetensors file.
  public init(file: SafetensorsFile) {
    path = file.path
    files = [file]
    fileIndex = Dictionary(uniqueKeysWithValues: file.entries.keys.map { ($0, 0) })
  }

  /// The weights in `directory`: `model.safetensors`, else the shards of
  /// `model.safetensors.index.json`.
  /// - Throws: `ModelFileError.weightsMissing` when neither is there; `ModelFileError` for a bad
  ///   index or shard.
  public static func read(directory: String) throws -> SafetensorsWeights {
    let single = (directory as NSString).appendingPathComponent(singleFileName)
    if FileManager.default.fileExists(atPath: single) { return SafetensorsWeights(file: try SafetensorsFile.read(path: single)) }
    let index = (directory as NSString).appendingPathComponent(indexFileName)
    guard FileManager.default.fileExists(atPath: index) else { throw ModelFileError.weightsMissing(directory: directory) }
    return try readSharded(indexPath: index)
  }

  /// Reads the shards named by the index at `indexPath`.
  public static func readSharded(indexPath: String) throws -> SafetensorsWeights {
    let weightMap = try shardMap(indexPath: indexPath)
    let folder = (indexPath as NSString).deletingLastPathComponent
    let order = Set(weightMap.values).sorted()
    let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
    var files: [SafetensorsFile] = []
    var parameters = 0
    for shard in order {
      let shardPath = (folder as NSString).appendingPathComponent(shard)
      guard FileManager.default.fileExists(atPath: shardPath) else {
        throw ModelFileError.shardIndexInvalid(path: indexPath, problem: "it names shard '\(shard)', which is not in the folder")
      }
      let file = try SafetensorsFile.read(path: shardPath)
      parameters += file.entries.values.reduce(0) { $0 + $1.elementCount }
      guard parameters <= SafetensorsFile.maximumParameters else {
        throw ModelFileError.tooManyParameters(path: indexPath, count: "over \(parameters)", limit: SafetensorsFile.maximumParameters)
      }
      files.append(file)
    }
    var fileIndex: [String: Int] = [:]
    for (tensor, shard) in weightMap {
      let index = position[shard]!
      guard files[index].entries[tensor] != nil else {
        throw ModelFileError.shardIndexInvalid(
          path: indexPath, problem: "it puts tensor '\(tensor)' in '\(shard)', which does not hold it")
      }
      fileIndex[tensor] = index
    }
    return SafetensorsWeights(path: indexPath, files: files, fileIndex: fileIndex)
  }

  private init(path: String, files: [SafetensorsFile], fileIndex: [String: Int]) {
    self.path = path
    self.files = files
    self.fileIndex = fileIndex
  }

  /// The index's `weight_map`, checked: tensor names to plain shard file names.
  static func shardMap(indexPath: String) throws -> [String: String] {
    if let size = fileSize(indexPath), size > maximumIndexBytes {
      throw ModelFileError.shardIndexInvalid(
        path: indexPath, problem: "it is \(size) bytes, over the \(maximumIndexBytes)-byte limit for an index")
    }
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: indexPath))
    } catch {
      throw ModelFileError.unreadable(path: indexPath, reason: FileAccess.reason(for: error, path: indexPath))
    }
    guard let object = try? JSONSerialization.jsonObject(with: data), let top = object as? [String: Any] else {
      throw ModelFileError.shardIndexInvalid(path: indexPath, problem: "it is not a JSON object")
    }
    guard let map = top["weight_map"] as? [String: Any], !map.isEmpty else {
      throw ModelFileError.shardIndexInvalid(path: indexPath, problem: "it has no \"weight_map\" object naming a shard per tensor")
    }
    var result: [String: String] = [:]
    for (tensor, value) in map {
      guard let shard = value as? String else {
        throw ModelFileError.shardIndexInvalid(path: indexPath, problem: "the shard of tensor '\(tensor)' is not a string")
      }
      guard isPlainFileName(shard), shard.hasSuffix(".safetensors") else {
        throw ModelFileError.shardIndexInvalid(
          path: indexPath,
          problem: "the shard of tensor '\(tensor)' is '\(shard)'; a shard must be a .safetensors file name in the same folder")
      }
      result[tensor] = shard
    }
    return result
  }

  /// A name with no folder part: not empty, no `/` or `\`, not `.` or `..`, no NUL.
  static func isPlainFileName(_ name: String) -> Bool {
    !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\\") && !name.contains("\0")
  }

  /// How many tensors the weights hold.
  public var tensorCount: Int { fileIndex.count }

  /// Whether a tensor of that name is present.
  public func contains(_ name: String) -> Bool { fileIndex[name] != nil }

  /// The file holding `name` (the first file for a missing one, so its error names a file).
  func file(holding name: String) -> SafetensorsFile { files[fileIndex[name] ?? 0] }

  /// The named tensor converted to fp32.
  /// - Throws: `ModelFileError.tensorMissing` (naming the index or file) or `.unsupportedDType`.
  public func floatTensor(named name: String) throws -> Tensor {
    guard contains(name) else { throw ModelFileError.tensorMissing(path: path, tensor: name) }
    return try file(holding: name).floatTensor(named: name)
  }

  /// The path to name in a message about tensor `name`: its shard, or the single file.
  public func path(of name: String) -> String { file(holding: name).path }
}
