import Foundation

/// Writes protobuf wire format, so tests can build small ONNX files, good and bad, field by
/// field (https://protobuf.dev/programming-guides/encoding/).
struct ProtobufWriter {
  var bytes: [UInt8] = []

  static func varint(_ value: UInt64) -> [UInt8] {
    var value = value
    var result: [UInt8] = []
    while value >= 0x80 {
      result.append(UInt8(value & 0x7F) | 0x80)
      value >>= 7
    }
    return result + [UInt8(value)]
  }

  mutating func tag(_ field: Int, _ wireType: Int) { bytes += Self.varint(UInt64(field << 3 | wireType)) }

  /// A varint field (int32, int64, enum); negative values take 10 bytes, as protobuf writes them.
  mutating func int(_ field: Int, _ value: Int64) {
    tag(field, 0)
    bytes += Self.varint(UInt64(bitPattern: value))
  }

  mutating func float(_ field: Int, _ value: Float) {
    tag(field, 5)
    withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
  }

  mutating func bytes(_ field: Int, _ payload: [UInt8]) {
    tag(field, 2)
    bytes += Self.varint(UInt64(payload.count)) + payload
  }

  mutating func string(_ field: Int, _ text: String) { bytes(field, Array(text.utf8)) }

  mutating func message(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
    var inner = ProtobufWriter()
    build(&inner)
    bytes(field, inner.bytes)
  }

  mutating func packedVarints(_ field: Int, _ values: [Int64]) {
    bytes(field, values.flatMap { Self.varint(UInt64(bitPattern: $0)) })
  }

  mutating func packedFloats(_ field: Int, _ values: [Float]) {
    var payload: [UInt8] = []
    for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { payload += $0 } }
    bytes(field, payload)
  }
}

/// Small ONNX files built with `ProtobufWriter`: a valid one (a Relu over `x: float[batch, 4]`)
/// and its parts, to change one field at a time.
enum ONNXTestFile {
  /// A whole ModelProto: ir_version 8, the graph, then the opset import.
  static func model(irVersion: Int64 = 8, opset: Int64 = 17, graph: (inout ProtobufWriter) -> Void = standardGraph) -> Data {
    var writer = ProtobufWriter()
    writer.int(1, irVersion)
    writer.string(2, "tests")
    writer.message(7, graph)
    writer.message(8) { $0.int(2, opset) }
    return Data(writer.bytes)
  }

  /// `y = Relu(x)`, x and y `float [batch, 4]`.
  static func standardGraph(_ graph: inout ProtobufWriter) {
    graph.message(1) { node in
      node.string(1, "x")
      node.string(2, "y")
      node.string(3, "relu")
      node.string(4, "Relu")
    }
    graph.string(2, "tiny")
    graph.message(11) { valueInfo(&$0, name: "x") }
    graph.message(12) { valueInfo(&$0, name: "y") }
  }

  /// A ValueInfoProto `name: float [batch, 4]`.
  static func valueInfo(_ info: inout ProtobufWriter, name: String) {
    info.string(1, name)
    info.message(2) { type in
      type.message(1) { tensorType in
        tensorType.int(1, 1)
        tensorType.message(2) { shape in
          shape.message(1) { $0.string(2, "batch") }
          shape.message(1) { $0.int(1, 4) }
        }
      }
    }
  }

  /// The standard graph plus one initializer written by `tensor` (a TensorProto's fields).
  static func modelWithInitializer(_ tensor: @escaping (inout ProtobufWriter) -> Void) -> Data {
    model { graph in
      standardGraph(&graph)
      graph.message(5, tensor)
    }
  }

  /// A FLOAT tensor named `w` with `dims`, its data written by `data`.
  static func floatTensor(dims: [Int64], data: @escaping (inout ProtobufWriter) -> Void) -> (inout ProtobufWriter) -> Void {
    { tensor in
      tensor.packedVarints(1, dims)
      tensor.int(2, 1)
      tensor.string(8, "w")
      data(&tensor)
    }
  }

  /// A FLOAT tensor `w` of `count` values in external data `location` with optional offset and length.
  static func externalTensor(count: Int64, location: String?, offset: String? = nil, length: String? = nil) -> Data {
    modelWithInitializer(floatTensor(dims: [count]) { tensor in
      var entries: [(String, String)] = []
      if let location { entries.append(("location", location)) }
      if let offset { entries.append(("offset", offset)) }
      if let length { entries.append(("length", length)) }
      for (key, value) in entries {
        tensor.message(13) { entry in
          entry.string(1, key)
          entry.string(2, value)
        }
      }
      tensor.int(14, 1)
    })
  }
}
