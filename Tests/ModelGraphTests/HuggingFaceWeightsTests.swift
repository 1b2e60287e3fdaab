import Foundation
import ModelGraph
import Testing

/// Sharded Hugging Face weights (`model.safetensors.index.json`) and a single `.safetensors`
/// file next to its `config.json`, built from the committed hf-bert fixture.
@Suite("Hugging Face weights: shards and single files")
struct HuggingFaceWeightsTests {
  static let source = ModelGraphTestFiles.fixture("hf-bert")

  /// A copy of hf-bert whose tensors are split over two shards, with its index; `index` edits
  /// the index before it is written.
  static func shardedFolder(index edit: (inout [String: Any]) -> Void = { _ in }) throws -> String {
    let folder = try ModelGraphTestFiles.makeTemporaryFolder()
    try FileManager.default.copyItem(atPath: source + "/config.json", toPath: folder + "/config.json")
    let file = try SafetensorsFile.read(path: source + "/model.safetensors")
    let names = file.entries.keys.sorted().filter { file.entries[$0]?.dtype != "I64" }
    let halves = [Array(names.prefix(names.count / 2)), Array(names.dropFirst(names.count / 2))]
    var weightMap: [String: String] = [:]
    for (number, half) in halves.enumerated() {
      let shard = "model-0000\(number + 1)-of-00002.safetensors"
      let tensors = try half.map { (name: $0, tensor: try file.floatTensor(named: $0)) }
      try SafetensorsFile.encode(tensors: tensors, metadata: ["format": "pt"]).write(to: URL(fileURLWithPath: folder + "/" + shard))
      for name in half { weightMap[name] = shard }
    }
    var index: [String: Any] = ["metadata": ["total_size": 0], "weight_map": weightMap]
    edit(&index)
    try JSONSerialization.data(withJSONObject: index).write(to: URL(fileURLWithPath: folder + "/model.safetensors.index.json"))
    return folder
  }

  @Test("a sharded folder loads the same graph as the single file")
  func shardedLoadsTheSame() throws {
    let folder = try Self.shardedFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let sharded = try ModelLoader.load(path: folder)
    let single = try ModelLoader.load(path: Self.source)
    #expect(sharded.nodes == single.nodes)
    #expect(sharded.weights == single.weights)
  }

  @Test("a plain .safetensors file with config.json beside it loads as that model; a native file stays native")
  func singleFileBesideConfig() throws {
    let folder = try ModelGraphTestFiles.makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.copyItem(atPath: Self.source + "/config.json", toPath: folder + "/config.json")
    try FileManager.default.copyItem(atPath: Self.source + "/model.safetensors", toPath: folder + "/weights.safetensors")
    let graph = try ModelLoader.load(path: folder + "/weights.safetensors")
    #expect(graph.weights == (try ModelLoader.load(path: Self.source)).weights)

    // A native model next to a config.json is still read as the native model it is.
    let native = try ModelLoader.load(path: Self.source)
    try ModelFile.write(native, to: folder + "/native.safetensors")
    #expect(try ModelLoader.load(path: folder + "/native.safetensors") == native)
  }

  /// An index edit and the problem its error must state.
  struct BadIndex: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var edit: @Sendable (inout [String: Any]) -> Void
    var problem: String
  }

  static let badIndexes: [BadIndex] = [
    BadIndex(testDescription: "no weight_map", edit: { $0["weight_map"] = nil },
             problem: "it has no \"weight_map\" object naming a shard per tensor"),
    BadIndex(testDescription: "shard outside the folder",
             edit: { $0["weight_map"] = ["bert.embeddings.word_embeddings.weight": "../model-00001-of-00002.safetensors"] },
             problem: "the shard of tensor 'bert.embeddings.word_embeddings.weight' is '../model-00001-of-00002.safetensors'; a shard must be a .safetensors file name in the same folder"),
    BadIndex(testDescription: "absolute shard path",
             edit: { $0["weight_map"] = ["x": "/etc/passwd"] },
             problem: "the shard of tensor 'x' is '/etc/passwd'; a shard must be a .safetensors file name in the same folder"),
    BadIndex(testDescription: "shard not a string", edit: { $0["weight_map"] = ["x": 3] },
             problem: "the shard of tensor 'x' is not a string"),
    BadIndex(testDescription: "shard missing", edit: { $0["weight_map"] = ["x": "model-00009-of-00009.safetensors"] },
             problem: "it names shard 'model-00009-of-00009.safetensors', which is not in the folder"),
    BadIndex(testDescription: "tensor not in its shard",
             edit: { index in
               var map = index["weight_map"] as? [String: String] ?? [:]
               map["bert.no.such.weight"] = "model-00001-of-00002.safetensors"
               index["weight_map"] = map
             },
             problem: "it puts tensor 'bert.no.such.weight' in 'model-00001-of-00002.safetensors', which does not hold it"),
  ]

  @Test("each bad index throws its own message", arguments: badIndexes)
  func badIndex(_ bad: BadIndex) throws {
    let folder = try Self.shardedFolder(index: bad.edit)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let index = folder + "/model.safetensors.index.json"
    #expect(throws: ModelFileError.shardIndexInvalid(path: index, problem: bad.problem)) {
      _ = try ModelLoader.load(path: folder)
    }
  }

  @Test("an index that is not JSON is refused")
  func indexNotJSON() throws {
    let folder = try Self.shardedFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let index = folder + "/model.safetensors.index.json"
    try Data("{\"weight_map\": {".utf8).write(to: URL(fileURLWithPath: index))
    #expect(throws: ModelFileError.shardIndexInvalid(path: index, problem: "it is not a JSON object")) {
      _ = try ModelLoader.load(path: folder)
    }
  }
}
