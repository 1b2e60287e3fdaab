import Foundation
import ModelGraph
import Testing

/// One bad file and the exact message it must give.
struct BadONNXFile: Sendable, CustomTestStringConvertible {
  var label: String
  var bytes: Data
  var message: String
  var testDescription: String { label }

  init(_ label: String, _ bytes: [UInt8], _ message: String) {
    self.init(label, Data(bytes), message)
  }

  init(_ label: String, _ bytes: Data, _ message: String) {
    self.label = label
    self.bytes = bytes
    self.message = message
  }
}

/// Offset of the first occurrence of `pattern` in `data`, for messages that name a byte offset
/// inside nested messages.
func offset(of pattern: [UInt8], in data: Data) -> Int {
  let bytes = [UInt8](data)
  return (0...(bytes.count - pattern.count)).first { Array(bytes[$0..<($0 + pattern.count)]) == pattern } ?? -1
}

@Suite("ONNX bad files")
struct ONNXBadFileTests {
  static let corrupt = "The file is corrupt or not an ONNX model."
  static let truncated = "The file is truncated or corrupt: copy or export it again."
  static let initializer = "bad.onnx: model.graph.initializer[0] 'w'"
  static let validTail: [UInt8] = [0x3A, 0x00, 0x42, 0x02, 0x10, 0x11]  // empty graph, opset 17

  static let wireFormat: [BadONNXFile] = [
    .init("empty file", [], "bad.onnx: the file is empty; an ONNX model is a protobuf ModelProto. Export it again with torch.onnx.export."),
    .init("ends after a tag", [0x08], "bad.onnx: a varint at byte 1 in model runs past the end of its message. \(truncated)"),
    .init("ends inside a varint", [0x08, 0x80], "bad.onnx: a varint at byte 1 in model runs past the end of its message. \(truncated)"),
    .init("ends inside a tag", [0x80], "bad.onnx: a tag at byte 0 in model runs past the end of its message. \(truncated)"),
    .init("varint of 11 bytes", [0x08] + [UInt8](repeating: 0xFF, count: 10) + [0x01],
          "bad.onnx: the varint at byte 1 in model runs past 10 bytes. \(corrupt)"),
    .init("varint above 2^64", [0x08] + [UInt8](repeating: 0xFF, count: 9) + [0x02],
          "bad.onnx: the varint at byte 1 in model overflows 64 bits. \(corrupt)"),
    .init("length past the end", [0x3A, 0x10, 0x01],
          "bad.onnx: field 7 of model says 16 bytes at byte 1, but only 1 remain in its message. \(truncated)"),
    .init("length of 2^63 - 1", [0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F],
          "bad.onnx: field 7 of model says 9223372036854775807 bytes at byte 1, but only 0 remain in its message. \(truncated)"),
    .init("fixed32 cut short", [0x3D, 0x01, 0x02],
          "bad.onnx: a 32-bit value at byte 1 in model runs past the end of its message. \(truncated)"),
    .init("ir_version as bytes", [0x0A, 0x00], "bad.onnx: model.ir_version at byte 0 has wire type 2, expected 0. \(corrupt)"),
    .init("group wire type", [0x0B], "bad.onnx: field 1 at byte 0 in model has wire type 3, which ONNX files never use. \(corrupt)"),
    .init("wire type 7", [0x0F], "bad.onnx: field 1 at byte 0 in model has wire type 7, which ONNX files never use. \(corrupt)"),
    .init("field number 0", [0x00],
          "bad.onnx: field tag 0 at byte 0 in model is not valid (field numbers run from 1 to 536870911). \(corrupt)"),
    .init("tag above 32 bits", [0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
          "bad.onnx: field tag 34359738368 at byte 0 in model is not valid (field numbers run from 1 to 536870911). \(corrupt)"),
    .init("producer_name not UTF-8", [0x12, 0x02, 0xC3, 0x28],
          "bad.onnx: model.producer_name at byte 2 is not valid UTF-8 text. \(corrupt)"),
    .init("no graph", [0x08, 0x08],
          "bad.onnx: model has no graph. An ONNX model holds its graph in field 7. The file is truncated or not an ONNX model."),
    .init("no ir_version", validTail,
          "bad.onnx: model has no ir_version. Every ONNX model states its IR version. The file is truncated or not an ONNX model."),
    .init("ir_version 0", [0x08, 0x00] + validTail, "bad.onnx: model.ir_version is 0, expected 1 or more. \(corrupt)"),
    .init("no opset_import", [0x08, 0x08, 0x3A, 0x00],
          "bad.onnx: model has no opset_import. Every ONNX model names the operator sets it uses. The file is truncated, "
            + "or was written by an exporter older than IR version 3: export it again."),
    .init("opset version 0", [0x08, 0x08, 0x3A, 0x00, 0x42, 0x02, 0x10, 0x00],
          "bad.onnx: model.opset_import[0].version at byte 6 is 0, expected an operator set version of 1 or more. \(corrupt)"),
    .init("opset without version", [0x08, 0x08, 0x3A, 0x00, 0x42, 0x00],
          "bad.onnx: model.opset_import[0] has no version. Every operator set import has a version. \(corrupt)"),
    .init("graph twice", [0x08, 0x08, 0x3A, 0x00, 0x3A, 0x00, 0x42, 0x02, 0x10, 0x11],
          "bad.onnx: model.graph appears a second time at byte 4; it may appear once. \(corrupt)"),
  ]

  @Test("wire format and model-level errors", arguments: wireFormat)
  func wireFormatErrors(_ file: BadONNXFile) {
    #expect(Self.message(file.bytes) == file.message)
  }

  /// The message `bytes` fail with, or "(read fine)".
  static func message(_ bytes: Data, folder: String? = nil) -> String {
    do {
      _ = try ONNXModel(bytes: bytes, path: "bad.onnx", folder: folder)
      return "(read fine)"
    } catch {
      return (error as? ONNXError).map(\.description) ?? "not an ONNXError: \(error)"
    }
  }

  typealias Fields = (inout ProtobufWriter) -> Void

  static func tensorCase(_ label: String, dims: [Int64] = [2], type: Int64 = 1, _ data: @escaping Fields, _ message: String) -> BadONNXFile {
    .init(label, ONNXTestFile.modelWithInitializer({ tensor in
      tensor.packedVarints(1, dims)
      tensor.int(2, type)
      tensor.string(8, "w")
      data(&tensor)
    }), message)
  }

  static let tensors: [BadONNXFile] = [
    tensorCase("unknown data type", type: 99, { _ in }, "\(initializer) has data type 99, which is not an ONNX type (known: 0 to 28, onnx 1.23). The file is corrupt or newer than this reader."),
    tensorCase("no data type", type: 0, { _ in }, "\(initializer) has no data_type. Every tensor has an element type. \(corrupt)"),
    tensorCase("STRING tensor", type: 8, { $0.bytes(6, [0x61]) },
               "\(initializer) holds STRING values, which infer-plan does not read; readable: FLOAT, UINT8, INT8, UINT16, INT16, "
                 + "INT32, INT64, BOOL, FLOAT16, DOUBLE, UINT32, UINT64, BFLOAT16. Export the model with FLOAT weights."),
    tensorCase("COMPLEX64 tensor", type: 14, { _ in },
               "\(initializer) holds COMPLEX64 values, which infer-plan does not read; readable: FLOAT, UINT8, INT8, UINT16, INT16, "
                 + "INT32, INT64, BOOL, FLOAT16, DOUBLE, UINT32, UINT64, BFLOAT16. Export the model with FLOAT weights."),
    tensorCase("negative dim", dims: [3, -1], { _ in }, "\(initializer) has dims [3, -1] with a negative size. \(corrupt)"),
    tensorCase("dims overflow", dims: [1 << 62, 4], { _ in }, "\(initializer) has dims [4611686018427387904, 4], whose size overflows 64 bits. \(corrupt)"),
    tensorCase("dims whose byte count overflows", dims: [1 << 61], { $0.bytes(9, [0, 0, 0, 0]) },
               "\(initializer) has dims [2305843009213693952], whose size overflows 64 bits. \(corrupt)"),
    tensorCase("huge dims, 4 bytes", dims: [1 << 40], { $0.bytes(9, [0, 0, 0, 0]) },
               "\(initializer) (FLOAT, dims [1099511627776]) needs 4398046511104 bytes, but raw_data holds 4. "
                 + "The dims or data type do not match the data. \(corrupt)"),
    tensorCase("raw_data too short", { $0.bytes(9, [0, 0, 0, 0, 0, 0]) },
               "\(initializer) (FLOAT, dims [2]) needs 8 bytes, but raw_data holds 6. The dims or data type do not match the data. \(corrupt)"),
    tensorCase("float_data count", { $0.packedFloats(4, [1, 2, 3]) },
               "\(initializer) (FLOAT, dims [2]) needs 2 values, but float_data holds 3. The dims or data type do not match the data. \(corrupt)"),
    tensorCase("unpacked float_data count", { $0.float(4, 1) },
               "\(initializer) (FLOAT, dims [2]) needs 2 values, but float_data holds 1. The dims or data type do not match the data. \(corrupt)"),
    tensorCase("no data", { _ in },
               "\(initializer) (FLOAT, dims [2]) needs 8 bytes of data, but has no data field. The dims or data type do not match the data. \(corrupt)"),
    tensorCase("raw_data and float_data", { $0.packedFloats(4, [1, 2]); $0.bytes(9, [UInt8](repeating: 0, count: 8)) },
               "\(initializer) stores values in both float_data and raw_data; a tensor uses one. \(corrupt)"),
    tensorCase("FLOAT in int64_data", { $0.packedVarints(7, [1, 2]) },
               "\(initializer) is FLOAT but stores its values in int64_data, which holds other types. \(corrupt)"),
    tensorCase("UINT64 above Int64.max", dims: [1], type: 13, { $0.bytes(9, [0, 0, 0, 0, 0, 0, 0, 0x80]) },
               "\(initializer) is 9223372036854775808, expected a UINT64 value up to 9223372036854775807. \(corrupt)"),
    tensorCase("external without location", { $0.int(14, 1) },
               "\(initializer) has no external_data location. An external tensor names the file that holds its data. \(corrupt)"),
    tensorCase("external read from memory", { tensor in
      tensor.message(13) { $0.string(1, "location"); $0.string(2, "w.data") }
      tensor.int(14, 1)
    }, "\(initializer) keeps its data in 'w.data', but the model was read from memory, not from its folder. Load it with ONNXModel(contentsOf:)."),
    tensorCase("segment", { $0.message(3) { $0.int(1, 0) } },
               "bad.onnx: model.graph.initializer[0] uses a tensor segment, which infer-plan does not read. Save the model with whole tensors."),
  ]

  @Test("tensor errors", arguments: tensors)
  func tensorErrors(_ file: BadONNXFile) {
    #expect(Self.message(file.bytes) == file.message)
  }

  /// Cases whose message names a byte offset inside nested messages, found by its pattern.
  static var located: [BadONNXFile] {
    var cases: [BadONNXFile] = []
    func add(_ label: String, _ bytes: Data, pattern: [UInt8], _ message: (Int) -> String) {
      cases.append(.init(label, bytes, message(offset(of: pattern, in: bytes))))
    }
    let wideType = ProtobufWriter.varint(1 << 40)
    add("data_type above 32 bits", ONNXTestFile.modelWithInitializer({ $0.packedVarints(1, [1]); $0.int(2, 1 << 40) }),
        pattern: [0x10] + wideType) {
      "bad.onnx: model.graph.initializer[0].data_type at byte \($0) is 1099511627776, expected a 32-bit integer. \(corrupt)"
    }
    add("packed floats of 6 bytes", ONNXTestFile.modelWithInitializer({ $0.packedVarints(1, [2]); $0.int(2, 1); $0.bytes(4, [1, 2, 3, 4, 5, 6]) }),
        pattern: [1, 2, 3, 4, 5, 6]) {
      "bad.onnx: model.graph.initializer[0].float_data at byte \($0) packs 6 bytes, not a whole number of 4-byte values. \(corrupt)"
    }
    add("data_location 2", ONNXTestFile.modelWithInitializer({ $0.packedVarints(1, [0]); $0.int(2, 1); $0.int(14, 2) }),
        pattern: [0x70, 0x02]) {
      "bad.onnx: model.graph.initializer[0].data_location at byte \($0) is 2, expected 0 (DEFAULT) or 1 (EXTERNAL). \(corrupt)"
    }
    let badAttribute = ONNXTestFile.model { graph in
      graph.message(1) { node in
        node.string(4, "Relu")
        node.message(5) { $0.string(1, "alpha"); $0.int(20, 99) }
      }
    }
    add("attribute type 99", badAttribute, pattern: [0xA0, 0x01, 99]) {
      "bad.onnx: model.graph.node[0].attribute[0].type at byte \($0) is 99, expected an attribute type from 0 to 14. \(corrupt)"
    }
    let wideElement = ONNXTestFile.model { graph in
      graph.message(11) { info in
        info.string(1, "x")
        info.message(2) { $0.message(1) { $0.int(1, 1 << 33) } }
      }
    }
    add("elem_type above 32 bits", wideElement, pattern: [0x08] + ProtobufWriter.varint(1 << 33)) {
      "bad.onnx: model.graph.input[0].type.tensor_type.elem_type at byte \($0) is 8589934592, expected a 32-bit integer. \(corrupt)"
    }
    let nodeNameBad = ONNXTestFile.model { graph in graph.message(1) { $0.bytes(3, [0xFF, 0xFE]); $0.string(4, "Relu") } }
    add("node name not UTF-8", nodeNameBad, pattern: [0xFF, 0xFE]) {
      "bad.onnx: model.graph.node[0].name at byte \($0) is not valid UTF-8 text. \(corrupt)"
    }
    let ints = ONNXTestFile.model { graph in
      graph.message(1) { node in
        node.string(4, "Transpose")
        node.message(5) { $0.string(1, "perm"); $0.bytes(8, [0x01, 0x80]) }
      }
    }
    add("packed ints cut inside a varint", ints, pattern: [0x01, 0x80]) {
      "bad.onnx: a packed varint at byte \($0 + 1) in model.graph.node[0].attribute[0].ints runs past the end of its message. \(truncated)"
    }
    return cases
  }

  @Test("errors at byte offsets inside nested messages", arguments: located)
  func locatedErrors(_ file: BadONNXFile) {
    #expect(Self.message(file.bytes) == file.message)
  }

  static let schema: [BadONNXFile] = [
    .init("node without op_type", ONNXTestFile.model { $0.message(1) { $0.string(3, "relu") } },
          "bad.onnx: model.graph.node[0] 'relu' has no op_type. Every node names its operator. \(corrupt)"),
    .init("attribute without name", ONNXTestFile.model { $0.message(1) { $0.string(4, "Relu"); $0.message(5) { $0.int(3, 1) } } },
          "bad.onnx: model.graph.node[0].attribute[0] has no name. Every attribute is named. \(corrupt)"),
    .init("TENSOR attribute without t", ONNXTestFile.model { graph in
      graph.message(1) { $0.string(4, "Constant"); $0.message(5) { $0.string(1, "value"); $0.int(20, 4) } }
    }, "bad.onnx: model.graph.node[0].attribute[0] 'value' has no t. Its type says the value is in 't'. \(corrupt)"),
    .init("attribute without a value", ONNXTestFile.model { graph in
      graph.message(1) { $0.string(4, "Relu"); $0.message(5) { $0.string(1, "alpha") } }
    }, "bad.onnx: model.graph.node[0].attribute[0] 'alpha' has no value. An attribute needs a type and a value. \(corrupt)"),
    .init("sparse tensor attribute", ONNXTestFile.model { graph in
      graph.message(1) { $0.string(4, "Constant"); $0.message(5) { $0.string(1, "sparse_value"); $0.message(22) { _ in } } }
    }, "bad.onnx: model.graph.node[0].attribute[0] 'sparse_value' uses a sparse tensor attribute, which infer-plan does not read. "
      + "Export the model with dense constants."),
    .init("sparse initializer", ONNXTestFile.model { $0.message(15) { _ in } },
          "bad.onnx: model.graph.sparse_initializer uses sparse initializers, which infer-plan does not read. Export the model with dense weights."),
    .init("input without name", ONNXTestFile.model { $0.message(11) { _ in } },
          "bad.onnx: model.graph.input[0] has no name. Every graph input and output is named. \(corrupt)"),
    .init("negative dim_value", ONNXTestFile.model { graph in
      graph.message(11) { info in
        info.string(1, "x")
        info.message(2) { $0.message(1) { $0.message(2) { $0.message(1) { $0.int(1, 1) }; $0.message(1) { $0.int(1, -4) } } } }
      }
    }, "bad.onnx: model.graph.input[0].type.tensor_type.shape.dim[1].dim_value has dims [-4] with a negative size. \(corrupt)"),
    .init("unknown elem_type", ONNXTestFile.model { graph in
      graph.message(12) { info in info.string(1, "y"); info.message(2) { $0.message(1) { $0.int(1, 40) } } }
    }, "bad.onnx: model.graph.output[0].type.tensor_type.elem_type has data type 40, which is not an ONNX type (known: 0 to 28, "
      + "onnx 1.23). The file is corrupt or newer than this reader."),
  ]

  @Test("schema errors", arguments: schema)
  func schemaErrors(_ file: BadONNXFile) {
    #expect(Self.message(file.bytes) == file.message)
  }

  @Test("nesting deeper than 64 messages is refused before the stack grows")
  func nesting() {
    // input → type → sequence_type → elem_type → sequence_type → … 100 levels.
    func nest(_ writer: inout ProtobufWriter, _ levels: Int) {
      guard levels > 0 else { return }
      writer.message(4) { sequence in sequence.message(1) { nest(&$0, levels - 1) } }
    }
    let bytes = ONNXTestFile.model { graph in
      graph.message(11) { info in info.string(1, "x"); info.message(2) { nest(&$0, 50) } }
    }
    let message = Self.message(bytes)
    let location = "model.graph.input[0].type" + String(repeating: ".sequence_type.elem_type", count: 30) + ".sequence_type"
    #expect(message.hasPrefix("bad.onnx: \(location).elem_type at byte "))
    #expect(message.hasSuffix(" nests messages more than 64 deep. \(Self.corrupt)"))
  }

  @Test("every prefix of a valid file fails with an ONNXError, and the whole file reads")
  func everyPrefix() throws {
    // mlp/ts20.onnx ends with its only opset_import, so no proper prefix is a whole model.
    let path = ModelGraphTestFiles.fixture("onnx/mlp/ts20.onnx")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(bytes.count == 3678)
    var failures = 0
    for length in 0..<bytes.count {
      if Self.message(bytes.prefix(length)) != "(read fine)" { failures += 1 }
    }
    #expect(failures == bytes.count)
    #expect(Self.message(bytes) == "(read fine)")
  }

  @Test("seeded changes of a valid file (bytes set, dropped or inserted) either read or fail with an ONNXError",
        arguments: ["cnn/ts14.onnx", "dtypes/dtypes.onnx", "external/mlp.onnx"])
  func mutations(_ fixture: String) throws {
    let url = URL(fileURLWithPath: ModelGraphTestFiles.fixture("onnx/" + fixture))
    let bytes = try [UInt8](Data(contentsOf: url))
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {  // splitmix64
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Int((z ^ (z >> 31)) % UInt64(bound))
    }
    var outcomes: [String: Int] = [:]
    for _ in 0..<Self.mutationCount {
      var changed = bytes
      for _ in 0...next(3) {
        let index = next(changed.count)
        switch next(4) {
        case 0: changed.remove(at: index)
        case 1: changed.insert(UInt8(next(256)), at: index)
        default: changed[index] = UInt8(next(256))
        }
      }
      // In the fixture's folder, so that external/mlp.onnx finds mlp.weights.
      let outcome = Self.message(Data(changed), folder: url.deletingLastPathComponent().path)
      #expect(!outcome.hasPrefix("not an ONNXError"), "\(outcome)")
      outcomes[outcome == "(read fine)" ? "read" : "error", default: 0] += 1
    }
    // Weights make up most of the CNN, so many changes still read; tags and lengths give errors.
    #expect((outcomes["error"] ?? 0) > Self.mutationCount / 10)
  }

  /// Mutations per fixture: enough to reach every message kind, quick in a debug build. (Run
  /// once with 60,000 per fixture: no crash, no hang.)
  static let mutationCount = 600
}
