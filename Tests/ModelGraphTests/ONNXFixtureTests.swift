import Foundation
import ModelGraph
import Testing

/// Checks the reader against the committed exports in Fixtures/onnx, whose manifest.json files
/// were written by the `onnx` Python package (make_onnx_fixtures.py), an independent parser.
@Suite("ONNX fixtures")
struct ONNXFixtureTests {
  static let folder = ModelGraphTestFiles.fixture("onnx")
  static let families = ["mlp", "bert", "gpt2", "cnn", "external", "dtypes"]

  /// Every (family, file, manifest entry) in the fixtures.
  static var files: [(family: String, file: String, entry: [String: Any])] {
    families.flatMap { family -> [(family: String, file: String, entry: [String: Any])] in
      let entries = (manifest(family)["files"] as? [String: [String: Any]]) ?? [:]
      return entries.keys.sorted().map { (family, $0, entries[$0] ?? [:]) }
    }
  }

  static func manifest(_ family: String) -> [String: Any] {
    let url = URL(fileURLWithPath: folder + "/" + family + "/manifest.json")
    guard let data = try? Data(contentsOf: url) else { return [:] }
    return ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
  }

  static func load(_ family: String, _ file: String) throws -> ONNXModel {
    try ONNXModel(contentsOf: URL(fileURLWithPath: folder + "/" + family + "/" + file))
  }

  /// A manifest dim (a number, a name, or null) as the reader gives it.
  static func dimension(_ value: Any) -> ONNXDimension {
    if let name = value as? String { return .parameter(name) }
    if let size = value as? Int { return .value(size) }
    return .unknown
  }

  /// The manifest's inputs or outputs as value infos.
  static func values(_ list: Any?) -> [ONNXValueInfo] {
    ((list as? [[String: Any]]) ?? []).map { value in
      let type = ONNXDataType.allCases.first { $0.description == value["elem_type"] as? String } ?? .undefined
      let dims = value["dims"] as? [Any]
      return ONNXValueInfo(name: value["name"] as? String ?? "", type: .tensor(elementType: type, shape: dims.map { $0.map(dimension) }))
    }
  }

  @Test("the manifests list every export: 4 families and 2 reader fixtures, 18 files")
  func inventory() {
    #expect(Self.files.count == 18)
    let labels = Set(Self.files.map { $0.family + "/" + $0.file })
    for label in ["mlp/ts14.onnx", "bert/ts17.onnx", "gpt2/dynamo18.onnx", "cnn/dynamo20.onnx", "external/mlp.onnx"] {
      #expect(labels.contains(label))
    }
  }

  @Test("every fixture reads, and agrees with the onnx package", arguments: files.map { [$0.family, $0.file] })
  func agreesWithManifest(_ names: [String]) throws {
    let entry = Self.files.first { $0.family == names[0] && $0.file == names[1] }?.entry ?? [:]
    let model = try Self.load(names[0], names[1])
    #expect(model.irVersion == entry["ir_version"] as? Int)
    #expect(model.producerName == entry["producer"] as? String)
    #expect(model.producerVersion == entry["producer_version"] as? String)
    let opsets = (entry["opsets"] as? [String: Int]) ?? [:]
    #expect(model.opsetImports.count == opsets.count)
    for (domain, version) in opsets { #expect(model.opsetVersion(for: domain) == version) }
    #expect(model.graph.runtimeInputs == Self.values(entry["inputs"]))
    #expect(model.graph.outputs == Self.values(entry["outputs"]))
    #expect(model.graph.nodes.count == entry["node_count"] as? Int)
    var histogram: [String: Int] = [:]
    for node in model.graph.nodes { histogram[node.qualifiedOpType, default: 0] += 1 }
    #expect(histogram == (entry["op_histogram"] as? [String: Int]))
    #expect(model.graph.initializers.count == entry["initializer_count"] as? Int)
    #expect(model.graph.initializers.reduce(0) { $0 + $1.elementCount } == entry["initializer_values"] as? Int)
    #expect(model.functionNames == (entry["functions"] as? [String]))
    let hash = entry["sha256_with_external_data"] ?? entry["sha256"]
    #expect(model.contentHash == hash as? String)
    for sample in (entry["initializers"] as? [[String: Any]]) ?? [] {
      let name = sample["name"] as? String ?? ""
      let tensor = try #require(model.graph.initializer(named: name), "initializer \(name)")
      #expect(tensor.dataType.description == sample["data_type"] as? String)
      #expect(tensor.dims == sample["dims"] as? [Int])
      let values = tensor.floats.map { $0.map(Double.init) } ?? tensor.integers?.map(Double.init) ?? []
      // The manifest holds each value as a float64 from numpy; Foundation's JSON parser may be
      // an ulp or two off in float64, so compare at fp32, where both round to the same value.
      let first = (sample["first"] as? [NSNumber])?.map { Float($0.doubleValue) }
      #expect(values.prefix(4).map { Float($0) } == first)
      // numpy sums in float64 pairwise, this in float64 in order: equal to far below fp32 precision.
      let sum = values.reduce(0, +)
      #expect(abs(sum - (sample["sum"] as? Double ?? .nan)) <= 1e-9 * Double(values.count))
    }
  }

  @Test("ONNX Runtime's saved outputs have the declared output dims at batch 2, sequence 5",
        arguments: ["mlp", "bert", "gpt2", "cnn"])
  func oracleShapes(_ family: String) throws {
    let sizes = ["batch": 2, "sequence": 5]
    let entries = (Self.manifest(family)["files"] as? [String: Any]) ?? [:]
    #expect(entries.count >= 3)
    for file in entries.keys {
      let model = try Self.load(family, file)
      for output in model.graph.outputs {
        guard case let .tensor(type, shape?) = output.type else { Issue.record("\(file): \(output.name) has no shape"); continue }
        #expect(type == .float)
        let label = String(file.dropLast(".onnx".count))
        let array = try NPYFile.read(path: "\(Self.folder)/\(family)/\(label).output.\(output.name).npy")
        let expected = shape.map { dim -> Int in
          switch dim {
          case let .value(size): size
          case let .parameter(name): sizes[name] ?? -1
          case .unknown: -1
          }
        }
        #expect(array.shape == expected, "\(family)/\(file) \(output.name)")
      }
    }
  }

  @Test("external data: values equal the inline export's, and the file is named")
  func externalData() throws {
    let external = try Self.load("external", "mlp.onnx")
    let inline = try Self.load("mlp", "ts14.onnx")
    #expect(external.externalDataFiles == ["mlp.weights"])
    #expect(external.graph.initializers.count == 8)
    for tensor in external.graph.initializers {
      #expect(tensor.externalFile == "mlp.weights")
      var expected = try #require(inline.graph.initializer(named: tensor.name))
      expected.externalFile = "mlp.weights"
      #expect(tensor == expected)
    }
    #expect(external.graph.nodes == inline.graph.nodes)
    #expect(external.contentHash != inline.contentHash)
  }

  @Test("every data type converts, from raw_data and from its typed field alike")
  func dataTypes() throws {
    let model = try Self.load("dtypes", "dtypes.onnx")
    let expected = (Self.manifest("dtypes")["values"] as? [String: [Any]]) ?? [:]
    #expect(expected.count == 13)
    for (typeName, values) in expected {
      for form in ["raw_", "typed_"] {
        let tensor = try #require(model.graph.initializer(named: form + typeName))
        #expect(tensor.dataType.description == typeName)
        #expect(tensor.dims == [2, 2])
        if tensor.dataType.isFloatingPoint {
          #expect(tensor.floats == values.map { Float(($0 as? NSNumber)?.doubleValue ?? .nan) }, "\(form)\(typeName)")
        } else {
          #expect(tensor.integers == values.map { ($0 as? NSNumber)?.int64Value ?? -1 }, "\(form)\(typeName)")
        }
      }
    }
    #expect(model.graph.initializer(named: "empty") == ONNXTensor(name: "empty", dataType: .float, dims: [0, 3], values: .floats([])))
    #expect(model.graph.initializer(named: "scalar") == ONNXTensor(name: "scalar", dataType: .int64, dims: [], values: .integers([42])))
    #expect(model.metadata == ["note": "reader fixture"])
    #expect(model.graph.inputs[0].type == .tensor(elementType: .float, shape: [.parameter("batch"), .value(3), .unknown, .value(5)]))
    #expect(model.graph.outputs[1].type == .tensor(elementType: .int64, shape: nil))
  }

  @Test("a node keeps every attribute type, its domain and its omitted optional input")
  func attributes() throws {
    let model = try Self.load("dtypes", "dtypes.onnx")
    let node = try #require(model.graph.nodes.first)
    #expect(node.name == "every_attribute" && node.opType == "Everything" && node.domain == "test.infer_plan")
    #expect(node.qualifiedOpType == "test.infer_plan.Everything")
    #expect(node.inputs == ["data", "", "raw_FLOAT"] && node.outputs == ["out", "aux"])
    #expect(node.attribute("alpha")?.float == 0.5)
    #expect(node.attribute("count")?.int == -7)
    #expect(node.attribute("mode")?.text == "tanh")
    #expect(node.attribute("weight")?.tensor == ONNXTensor(name: "w", dataType: .float, dims: [2], values: .floats([0.25, -4])))
    #expect(node.attribute("scales")?.floats == [1, 2.5])
    #expect(node.attribute("axes")?.ints == [-1, 0, 3])
    #expect(node.attribute("names") == .strings([Array("a".utf8), Array("bc".utf8)]))
    let pair = [
      ONNXTensor(name: "p0", dataType: .int64, dims: [1], values: .integers([5])),
      ONNXTensor(name: "p1", dataType: .int64, dims: [2], values: .integers([6, 7])),
    ]
    #expect(node.attribute("pair") == .tensors(pair))
    #expect(node.attribute("element") == .type(.tensor(elementType: .float16, shape: [.parameter("n"), .value(3)])))
    let body = try #require(node.attribute("body")?.subgraphs.first)
    #expect(body.name == "body" && body.nodes.map(\.opType) == ["Identity"])
    #expect(node.attribute("branches")?.subgraphs.count == 2)
    #expect(node.attribute("missing") == nil)
    #expect(model.graph.opHistogram.map { "\($0.count) \($0.op)" } == ["3 Identity", "1 Relu", "1 test.infer_plan.Everything"])
  }
}
