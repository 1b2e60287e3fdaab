import Foundation
import ModelGraph
import Testing

/// External data in a scratch folder: model.onnx beside w.data (the floats 1, 2, 3, 4), a
/// subfolder, and files outside the folder to escape to.
@Suite("ONNX external data")
struct ONNXExternalDataTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var label: String
    var location: String
    var offset: String?
    var length: String?
    var count: Int64 = 4
    /// The expected message; `{folder}` and `{outside}` stand for the scratch paths.
    var message: String
    var testDescription: String { label }
  }

  static let tensor = "model.onnx: model.graph.initializer[0] 'w'"

  /// A scratch folder with model files around it; returns (folder, outside folder).
  static func makeFolder() throws -> (folder: String, outside: String) {
    let root = URL(fileURLWithPath: try ModelGraphTestFiles.makeTemporaryFolder()).resolvingSymlinksInPath().path
    let folder = root + "/model", outside = root + "/outside"
    for path in [folder, folder + "/sub", outside] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    let values: [Float] = [1, 2, 3, 4]
    let data = values.withUnsafeBytes { Data($0) }
    for path in [folder + "/w.data", folder + "/sub/w.data", outside + "/w.data"] {
      #expect(FileManager.default.createFile(atPath: path, contents: data))
    }
    try FileManager.default.createSymbolicLink(atPath: folder + "/link.data", withDestinationPath: outside + "/w.data")
    try FileManager.default.createSymbolicLink(atPath: folder + "/inside.data", withDestinationPath: folder + "/w.data")
    _ = mkfifo(folder + "/pipe.data", 0o600)
    return (folder, outside)
  }

  /// Writes `bytes` as folder/model.onnx and reads it; the message, or "(read fine)".
  static func read(_ bytes: Data, in folder: String) -> (model: ONNXModel?, message: String) {
    let path = folder + "/model.onnx"
    #expect(FileManager.default.createFile(atPath: path, contents: bytes))
    do {
      return (try ONNXModel(contentsOf: URL(fileURLWithPath: path)), "(read fine)")
    } catch {
      return (nil, String(describing: error).replacingOccurrences(of: folder + "/", with: ""))
    }
  }

  @Test("a tensor in external data reads, also through a subfolder or a link inside the folder",
        arguments: ["w.data", "sub/w.data", "inside.data", "./w.data"])
  func reads(_ location: String) throws {
    let (folder, _) = try Self.makeFolder()
    let (model, message) = Self.read(ONNXTestFile.externalTensor(count: 4, location: location), in: folder)
    #expect(message == "(read fine)")
    let tensor = try #require(model?.graph.initializer(named: "w"))
    #expect(tensor.floats == [1, 2, 3, 4])
    #expect(tensor.externalFile == location)
    let expectedFile = location == "sub/w.data" ? "sub/w.data" : "w.data"
    #expect(model?.externalDataFiles == [expectedFile])
  }

  @Test("offset and length select a slice; the hash covers the model and the whole external file")
  func sliceAndHash() throws {
    let (folder, _) = try Self.makeFolder()
    let bytes = ONNXTestFile.externalTensor(count: 2, location: "w.data", offset: "4", length: "8")
    let model = try #require(Self.read(bytes, in: folder).model)
    #expect(model.graph.initializers.first?.floats == [2, 3])
    var hash = SHA256()
    hash.update(bytes)
    hash.update(try Data(contentsOf: URL(fileURLWithPath: folder + "/w.data")))
    #expect(model.contentHash == hash.hexDigest())
  }

  static let cases: [Case] = [
    Case(label: "absolute path", location: "/etc/passwd",
         message: "\(tensor) keeps its data in '/etc/passwd', which is an absolute path. External data must be a file inside the model's folder, named relative to it; move it there."),
    Case(label: "drive letter", location: "C:\\w.data",
         message: "\(tensor) keeps its data in 'C:\\w.data', which is an absolute path. External data must be a file inside the model's folder, named relative to it; move it there."),
    Case(label: "parent folder", location: "../outside/w.data",
         message: "\(tensor) keeps its data in '../outside/w.data', which climbs out of the model's folder with '..'. External data must be a file inside the model's folder, named relative to it; move it there."),
    Case(label: "parent folder inside a path", location: "sub/../../outside/w.data",
         message: "\(tensor) keeps its data in 'sub/../../outside/w.data', which climbs out of the model's folder with '..'. External data must be a file inside the model's folder, named relative to it; move it there."),
    Case(label: "backslash parent folder", location: "sub\\..\\..\\w.data",
         message: "\(tensor) keeps its data in 'sub\\..\\..\\w.data', which climbs out of the model's folder with '..'. External data must be a file inside the model's folder, named relative to it; move it there."),
    Case(label: "symbolic link out of the folder", location: "link.data",
         message: "\(tensor) keeps its data in 'link.data', which resolves through a symbolic link to {outside}/w.data, outside the model's folder. External data must be a file inside the model's folder, named relative to it; move it there."),
    Case(label: "missing file", location: "nope.data",
         message: "\(tensor) keeps its data in 'nope.data', which cannot be read (no such file or directory). Copy the external data file along with the model, into the model's folder."),
    Case(label: "a folder", location: "sub",
         message: "\(tensor) keeps its data in 'sub', which cannot be read (it is not a regular file). Copy the external data file along with the model, into the model's folder."),
    Case(label: "a FIFO (would block)", location: "pipe.data",
         message: "\(tensor) keeps its data in 'pipe.data', which cannot be read (it is not a regular file). Copy the external data file along with the model, into the model's folder."),
    Case(label: "offset past the end", location: "w.data", offset: "20",
         message: "\(tensor) reads 0 bytes at offset 20 of 'w.data', which has only 16 bytes. The external data file is truncated or belongs to another export."),
    Case(label: "offset + length past the end", location: "w.data", offset: "8", length: "16",
         message: "\(tensor) reads 16 bytes at offset 8 of 'w.data', which has only 16 bytes. The external data file is truncated or belongs to another export."),
    Case(label: "huge length", location: "w.data", length: "9223372036854775807",
         message: "\(tensor) reads 9223372036854775807 bytes at offset 0 of 'w.data', which has only 16 bytes. The external data file is truncated or belongs to another export."),
    Case(label: "length short of the dims", location: "w.data", length: "8",
         message: "\(tensor) (FLOAT, dims [4]) needs 16 bytes, but external data holds 8. The dims or data type do not match the data. The file is corrupt or not an ONNX model."),
    Case(label: "dims past the file", location: "w.data", count: 5,
         message: "\(tensor) (FLOAT, dims [5]) needs 20 bytes, but external data holds 16. The dims or data type do not match the data. The file is corrupt or not an ONNX model."),
    Case(label: "negative offset", location: "w.data", offset: "-4",
         message: "\(tensor) has external_data offset '-4', expected a whole number 0 or more. The file is corrupt or not an ONNX model."),
    Case(label: "length not a number", location: "w.data", length: "16 bytes",
         message: "\(tensor) has external_data length '16 bytes', expected a whole number 0 or more. The file is corrupt or not an ONNX model."),
  ]

  @Test("external data that escapes the folder or its file is refused", arguments: cases)
  func refused(_ item: Case) throws {
    let (folder, outside) = try Self.makeFolder()
    let bytes = ONNXTestFile.externalTensor(count: item.count, location: item.location, offset: item.offset, length: item.length)
    let expected = item.message.replacingOccurrences(of: "{outside}", with: outside)
    #expect(Self.read(bytes, in: folder).message == expected)
  }

  @Test("two tensors may not share external bytes")
  func overlap() throws {
    let (folder, _) = try Self.makeFolder()
    func external(_ name: String, offset: String) -> (inout ProtobufWriter) -> Void {
      { tensor in
        tensor.packedVarints(1, [2])
        tensor.int(2, 1)
        tensor.string(8, name)
        for (key, value) in [("location", "w.data"), ("offset", offset), ("length", "8")] {
          tensor.message(13) { $0.string(1, key); $0.string(2, value) }
        }
        tensor.int(14, 1)
      }
    }
    let bytes = ONNXTestFile.model { graph in
      graph.message(5, external("a", offset: "8"))
      graph.message(5, external("b", offset: "0"))
      graph.message(5, external("c", offset: "4"))
    }
    #expect(Self.read(bytes, in: folder).message
      == "model.onnx: tensors 'b' and 'c' overlap in external data file 'w.data'. The file is corrupt or not an ONNX model.")
  }
}
