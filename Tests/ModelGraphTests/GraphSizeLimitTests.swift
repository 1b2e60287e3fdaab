import Foundation
import ModelGraph
import Testing

/// A graph claiming 10^6 nodes is refused with a message by every reader, quickly.
@Suite("Graph size limit")
struct GraphSizeLimitTests {
  static let million = 1_000_000

  /// Graph JSON with `count` nodes (each an empty object: the count is checked before the nodes).
  static func graphJSON(nodes count: Int) -> String {
    #"{"name":"big","architecture":"MLP","output":"y","kind":{"type":"mlp","input_features":4},"nodes":["#
      + Array(repeating: "{}", count: count).joined(separator: ",") + "]}"
  }

  @Test("graph analysis refuses 10^6 nodes")
  func analysis() {
    let node = Node(name: "act", op: .activation(.relu), inputs: ["features"], output: "y")
    let graph = Graph(
      name: "big", architecture: "MLP", kind: .mlp(inputFeatures: 4),
      nodes: Array(repeating: node, count: Self.million), output: "y", weights: [:])
    #expect(throws: GraphError.tooManyNodes(count: Self.million, limit: 100_000)) { try graph.validate() }
    #expect(GraphError.tooManyNodes(count: Self.million, limit: 100_000).description.hasPrefix(
      "the graph has 1000000 nodes, above the limit of 100000."))
  }

  @Test("a native model file whose graph lists 10^6 nodes")
  func nativeFile() throws {
    let metadata = ["format": "infer-plan", "format_version": "1", "graph": Self.graphJSON(nodes: Self.million)]
    let bytes = try SafetensorsFile.encode(tensors: [], metadata: metadata)
    let started = Date()
    #expect(throws: ModelFileError.invalidGraph(path: "big.bin", problem: .tooManyNodes(count: Self.million, limit: 100_000))) {
      try ModelFile.read(bytes: bytes, path: "big.bin")
    }
    #expect(Date().timeIntervalSince(started) < 30)
  }

  @Test("an ONNX file with 10^6 nodes stops at the limit")
  func onnxFile() throws {
    // ModelProto { ir_version: 8 (field 1), graph (field 7): GraphProto { node (field 1):
    // NodeProto { op_type (field 4): "Relu" } × 10^6 } }
    let node: [UInt8] = [0x0A, 0x06, 0x22, 0x04] + Array("Relu".utf8)
    var graph = [UInt8]()
    graph.reserveCapacity(node.count * Self.million)
    for _ in 0..<Self.million { graph += node }
    var length = [UInt8]()
    var remaining = graph.count
    repeat {
      length.append(UInt8(remaining & 0x7F) | (remaining > 0x7F ? 0x80 : 0))
      remaining >>= 7
    } while remaining > 0
    let bytes = Data([0x08, 0x08, 0x3A] + length + graph)
    let error = #expect(throws: ONNXError.self) { try ONNXModel(bytes: bytes, path: "big.onnx") }
    #expect(error?.description.contains("model.graph.node") == true)
    #expect(error?.description.contains("more than 100000 nodes") == true)
  }
}
