import Foundation
import ModelGraph
import Testing

/// How the model loader tells ONNX files, native files and hub ids apart.
@Suite("ModelLoader with ONNX files and hub ids")
struct ONNXModelLoaderTests {
  static let mlp = ModelGraphTestFiles.fixture("onnx/mlp/ts14.onnx")

  @Test("an .onnx file is ONNX by its name, and by its first bytes under another name")
  func detection() throws {
    #expect(try ModelLoader.format(of: Self.mlp) == .onnx)
    let folder = try ModelGraphTestFiles.makeTemporaryFolder()
    let renamed = folder + "/model.weights"
    try FileManager.default.copyItem(atPath: Self.mlp, toPath: renamed)
    #expect(try ModelLoader.format(of: renamed) == .onnx)
    let native = folder + "/native.model"
    let safetensors = try SafetensorsFile.encode(tensors: [("t", Tensor(zeros: [1]))], metadata: [:])
    #expect(FileManager.default.createFile(atPath: native, contents: safetensors))
    #expect(try ModelLoader.format(of: native) == .native)
    #expect(try ModelLoader.format(of: folder) == .huggingFaceFolder)
  }

  @Test("first bytes: ir_version first is ONNX; a safetensors header (JSON at byte 8) is not", arguments: [
    ([0x08, 0x08, 0x12, 0x07], true),  // ir_version 8, then producer_name
    ([0x08, 0x0A], true),
    ([0x08, 0x01, 0, 0, 0, 0, 0, 0, UInt8(ascii: "{"), UInt8(ascii: "\"")], false),  // a 264-byte safetensors header
    ([0x08, 0x00], false),  // ir_version 0
    ([0x08, 0x88, 0x01], false),  // a two-byte varint: not a small IR version
    ([0x3A, 0x00], false),  // a graph first: no writer puts it there
    ([0x08], false),
    ([], false),
  ] as [([UInt8], Bool)])
  func firstBytes(_ bytes: [UInt8], _ isONNX: Bool) {
    #expect(ONNXModel.looksLikeONNX(Data(bytes)) == isONNX)
  }

  @Test("loading an ONNX file lowers it into a graph")
  func lowers() throws {
    let graph = try ModelLoader.load(path: Self.mlp)
    #expect(graph.kind == .mlp(inputFeatures: 8))
    #expect(graph.nodes.map(\.op.name) == ["dense", "relu", "dense", "gelu", "dense", "tanh", "dense", "sigmoid"])
  }

  @Test("a bad .onnx file gives the reader's error, not a safetensors one")
  func badONNX() throws {
    let folder = try ModelGraphTestFiles.makeTemporaryFolder()
    let path = folder + "/broken.onnx"
    #expect(FileManager.default.createFile(atPath: path, contents: Data([0x08, 0x08, 0x3A, 0x10])))
    #expect(throws: ONNXError.lengthPastEnd(path: path, offset: 3, location: "model", field: 7, length: 16, available: 0)) {
      try ModelLoader.load(path: path)
    }
  }

  @Test("a missing org/name is taken for a hub id and gets a download hint", arguments: [
    "sentence-transformers/all-MiniLM-L6-v2", "google-bert/bert-base-uncased", "microsoft/phi-1.5",
  ])
  func hubIdentifier(_ id: String) {
    let name = String(id.split(separator: "/")[1])
    #expect(throws: ModelLoader.Problem.hubIdentifier(id: id)) { try ModelLoader.load(path: id) }
    #expect(ModelLoader.Problem.hubIdentifier(id: id).description
      == "\(id): no such file or folder; it looks like a Hugging Face hub id, and infer-plan does not download models "
      + "(no network access). Download the folder first, e.g. `hf download \(id) --local-dir \(name)`, then pass that folder.")
  }

  @Test("missing paths that are not hub ids stay 'no such file or folder'", arguments: [
    "missing/model.onnx", "./missing/model", "../missing/model", "a/b/c", "missing", "/missing/model", "org/.hidden",
  ])
  func notHubIdentifier(_ path: String) {
    #expect(throws: ModelFileError.unreadable(path: path, reason: "no such file or folder")) { try ModelLoader.load(path: path) }
  }
}
