import Foundation

/// An operator set a model imports: a domain ("" or "ai.onnx" is the standard one) and version.
public struct ONNXOpsetImport: Sendable, Equatable {
  public var domain: String
  public var version: Int

  /// Creates an opset import.
  public init(domain: String, version: Int) {
    self.domain = domain
    self.version = version
  }
}

/// An ONNX model read from a `.onnx` file by this package's own protobuf reader: the graph with
/// its nodes, converted initializers, and inputs and outputs with symbolic dims.
///
/// The file is untrusted input: every length, varint, offset, count and nesting level is
/// checked before use (see `ProtobufReader`), values are converted only from bytes actually
/// present, and external data must stay inside the model's folder. Anything wrong is an
/// `ONNXError` naming the byte offset and field.
///
/// Reads onnx.proto as of onnx 1.23 (IR version 11 and older). Not read: sparse tensors,
/// tensor segments, STRING/COMPLEX/8-, 6-, 4- and 2-bit tensors (errors that say so),
/// function bodies (only their names), training info and doc strings (skipped).
public struct ONNXModel: Sendable {
  /// The path used in error messages.
  public let path: String
  public let irVersion: Int
  public let producerName: String
  public let producerVersion: String
  public let domain: String
  public let modelVersion: Int
  /// Operator sets, in the file's order; at least one.
  public let opsetImports: [ONNXOpsetImport]
  /// `metadata_props`.
  public let metadata: [String: String]
  public let graph: ONNXGraph
  /// Model-local functions as `domain.name`; nodes that call one have that domain and op type.
  public let functionNames: [String]
  /// External data files the initializers were read from, relative to the model's folder, sorted.
  public let externalDataFiles: [String]
  /// SHA-256 (hex) of the model file's bytes followed by the bytes of each external data file,
  /// whole, in `externalDataFiles` order. It changes whenever the graph or a weight does.
  public let contentHash: String

  /// Reads the model at `url`; external data is looked up in its folder.
  /// - Throws: `ONNXError`.
  public init(contentsOf url: URL) throws {
    try self.init(path: url.path)
  }

  /// Reads the model at `path`, which also names it in errors as given; external data is looked
  /// up in its folder.
  /// - Throws: `ONNXError`.
  public init(path: String) throws {
    var info = stat()
    if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
      // A folder, FIFO or device: reading it would fail or block.
      throw ONNXError.unreadable(path: path, reason: info.st_mode & S_IFMT == S_IFDIR ? "it is a folder" : "not a regular file")
    }
    let bytes: Data
    do {
      bytes = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw ONNXError.unreadable(path: path, reason: FileAccess.reason(for: error, path: path))
    }
    try self.init(bytes: bytes, path: path, folder: URL(fileURLWithPath: path).deletingLastPathComponent().path)
  }

  /// Reads a model from the bytes of a whole `.onnx` file. `path` names it in errors; external
  /// data is read from `folder`, and is an error when `folder` is nil.
  /// - Throws: `ONNXError`.
  public init(bytes: Data, path: String, folder: String? = nil) throws {
    guard !bytes.isEmpty else { throw ONNXError.empty(path: path) }
    let decoder = ONNXDecoder(path: path, folder: folder)
    let fields = try bytes.withUnsafeBytes { buffer in
      try decoder.model(ProtobufReader(bytes: buffer, path: path, fieldPath: FieldPath("model"), range: 0..<buffer.count))
    }
    guard let graph = fields.graph else {
      throw ONNXError.missingField(
        path: path, location: "model", field: "graph",
        hint: "An ONNX model holds its graph in field 7. The file is truncated or not an ONNX model.")
    }
    guard let irVersion = fields.irVersion else {
      throw ONNXError.missingField(
        path: path, location: "model", field: "ir_version",
        hint: "Every ONNX model states its IR version. The file is truncated or not an ONNX model.")
    }
    guard irVersion >= 1, irVersion <= Int64(Int32.max) else {
      throw ONNXError.valueOutOfRange(
        path: path, offset: nil, location: "model.ir_version", value: String(irVersion), expected: "1 or more")
    }
    guard !fields.opsetImports.isEmpty else {
      throw ONNXError.missingField(
        path: path, location: "model", field: "opset_import",
        hint: "Every ONNX model names the operator sets it uses. The file is truncated, or was written by an exporter "
          + "older than IR version 3: export it again.")
    }
    self.path = path
    self.irVersion = Int(irVersion)
    producerName = fields.producerName
    producerVersion = fields.producerVersion
    domain = fields.domain
    modelVersion = Int(truncatingIfNeeded: fields.modelVersion)
    opsetImports = fields.opsetImports
    metadata = fields.metadata
    self.graph = graph
    functionNames = fields.functionNames
    let external = decoder.externalFiles.values.sorted { $0.relativePath < $1.relativePath }
    externalDataFiles = external.map(\.relativePath)
    var hash = SHA256()
    hash.update(bytes)
    for file in external { hash.update(file.data) }
    contentHash = hash.hexDigest()
  }

  /// The version of the operator set imported for `domain` ("" and "ai.onnx" are the same).
  public func opsetVersion(for domain: String = "") -> Int? {
    let standard = ["", "ai.onnx"]
    return opsetImports.last { $0.domain == domain || (standard.contains(domain) && standard.contains($0.domain)) }?.version
  }

  /// Whether the first bytes of a file look like an ONNX model rather than a safetensors or
  /// native model: a protobuf whose first field is `ir_version` (tag 0x08) with a small value,
  /// as every serializer writes it (fields in number order), and no safetensors JSON header.
  public static func looksLikeONNX(_ prefix: Data) -> Bool {
    let bytes = Array(prefix.prefix(9))
    guard bytes.count >= 2, bytes[0] == 0x08, (1...30).contains(bytes[1]) else { return false }
    return bytes.count < 9 || bytes[8] != UInt8(ascii: "{")
  }
}
