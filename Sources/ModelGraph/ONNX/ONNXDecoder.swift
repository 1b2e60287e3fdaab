import Foundation

/// Decodes the messages of onnx.proto (onnx 1.23) that a model for inference uses, field by
/// field from a `ProtobufReader`, into the `ONNX…` types. Fields it does not need (doc strings,
/// metadata, training info, quantization annotations) are skipped; a feature it cannot read
/// faithfully (sparse tensors, tensor segments, string tensors) is an error that names it.
///
/// A singular embedded message that appears twice (which protobuf would merge) is an error: no
/// serializer writes that, and merging would make this reader disagree with other runtimes.
final class ONNXDecoder {
  let path: String
  /// The model's folder, where external data files must be; nil for a model read from memory.
  let folder: String?
  /// External data files by resolved path, each read once, with the ranges already taken.
  var externalFiles: [String: ExternalFile] = [:]

  init(path: String, folder: String?) {
    self.path = path
    self.folder = folder
  }

  /// The parts of a `ModelProto`.
  struct ModelFields {
    var irVersion: Int64?
    var producerName = "", producerVersion = "", domain = ""
    var modelVersion: Int64 = 0
    var opsetImports: [ONNXOpsetImport] = []
    var metadata: [String: String] = [:]
    var graph: ONNXGraph?
    var functionNames: [String] = []
  }

  func model(_ reader: ProtobufReader) throws -> ModelFields {
    var reader = reader
    var model = ModelFields()
    while let field = try reader.next() {
      switch field.number {
      case 1: model.irVersion = try reader.int64(field, "ir_version")
      case 2: model.producerName = try reader.string(field, "producer_name")
      case 3: model.producerVersion = try reader.string(field, "producer_version")
      case 4: model.domain = try reader.string(field, "domain")
      case 5: model.modelVersion = try reader.int64(field, "model_version")
      case 7:
        guard model.graph == nil else { throw duplicate(field, reader, "graph") }
        model.graph = try graph(reader.message(field, "graph"))
      case 8: model.opsetImports.append(try opset(reader.message(field, "opset_import[\(model.opsetImports.count)]")))
      case 14:
        let (key, value) = try stringPair(reader.message(field, "metadata_props"))
        model.metadata[key] = value
      case 25: model.functionNames.append(try functionName(reader.message(field, "functions[\(model.functionNames.count)]")))
      default: break  // doc_string, training_info, configuration
      }
    }
    return model
  }

  func graph(_ reader: ProtobufReader) throws -> ONNXGraph {
    var reader = reader
    var graph = ONNXGraph()
    while let field = try reader.next() {
      switch field.number {
      case 1:
        // Checked while reading, so a file listing millions of tiny nodes stops early.
        guard graph.nodes.count < Graph.maximumNodes else {
          throw ONNXError.valueOutOfRange(
            path: path, offset: field.offset, location: reader.location + ".node",
            value: "more than \(Graph.maximumNodes) nodes", expected: "at most \(Graph.maximumNodes) nodes")
        }
        graph.nodes.append(try node(reader.message(field, "node[\(graph.nodes.count)]")))
      case 2: graph.name = try reader.string(field, "name")
      case 5: graph.initializers.append(try tensor(reader.message(field, "initializer[\(graph.initializers.count)]")))
      case 11: graph.inputs.append(try valueInfo(reader.message(field, "input[\(graph.inputs.count)]")))
      case 12: graph.outputs.append(try valueInfo(reader.message(field, "output[\(graph.outputs.count)]")))
      case 13: graph.valueInfo.append(try valueInfo(reader.message(field, "value_info[\(graph.valueInfo.count)]")))
      case 15:
        throw ONNXError.unsupportedFeature(
          path: path, location: reader.location + ".sparse_initializer", feature: "sparse initializers",
          hint: "Export the model with dense weights.")
      default: break  // doc_string, quantization_annotation, metadata_props
      }
    }
    return graph
  }

  func node(_ reader: ProtobufReader) throws -> ONNXNode {
    var reader = reader
    var node = ONNXNode(opType: "")
    while let field = try reader.next() {
      switch field.number {
      case 1: node.inputs.append(try reader.string(field, "input"))
      case 2: node.outputs.append(try reader.string(field, "output"))
      case 3: node.name = try reader.string(field, "name")
      case 4: node.opType = try reader.string(field, "op_type")
      case 5: node.attributes.append(try attribute(reader.message(field, "attribute[\(node.attributes.count)]")))
      case 7: node.domain = try reader.string(field, "domain")
      default: break  // doc_string, overload, metadata_props, device_configurations
      }
    }
    guard !node.opType.isEmpty else {
      throw ONNXError.missingField(
        path: path, location: reader.location + named(node.name), field: "op_type",
        hint: "Every node names its operator. \(ONNXError.corrupt)")
    }
    return node
  }

  func valueInfo(_ reader: ProtobufReader) throws -> ONNXValueInfo {
    var reader = reader
    var info = ONNXValueInfo(name: "", type: nil)
    while let field = try reader.next() {
      switch field.number {
      case 1: info.name = try reader.string(field, "name")
      case 2:
        guard info.type == nil else { throw duplicate(field, reader, "type") }
        info.type = try type(reader.message(field, "type"))
      default: break  // doc_string, metadata_props
      }
    }
    guard !info.name.isEmpty else {
      throw ONNXError.missingField(
        path: path, location: reader.location, field: "name", hint: "Every graph input and output is named. \(ONNXError.corrupt)")
    }
    return info
  }

  /// A `TypeProto`: one of its kinds (the last one given wins, as for any protobuf oneof).
  func type(_ reader: ProtobufReader) throws -> ONNXType {
    var reader = reader
    var result = ONNXType.unknown
    while let field = try reader.next() {
      switch field.number {
      case 1:
        let (element, shape) = try tensorType(reader.message(field, "tensor_type"))
        result = .tensor(elementType: element, shape: shape)
      case 8:
        let (element, shape) = try tensorType(reader.message(field, "sparse_tensor_type"))
        result = .sparseTensor(elementType: element, shape: shape)
      case 4: result = .sequence(try elementType(reader.message(field, "sequence_type")))
      case 9: result = .optional(try elementType(reader.message(field, "optional_type")))
      case 5:
        var map = try reader.message(field, "map_type")
        var key = ONNXDataType.undefined
        var value: ONNXType?
        while let part = try map.next() {
          if part.number == 1 { key = try dataType(map.int32(part, "key_type"), map.location + ".key_type") }
          if part.number == 2 { value = try type(map.message(part, "value_type")) }
        }
        result = .map(key: key, value: value)
      case 7:
        var opaque = try reader.message(field, "opaque_type")
        var (domain, name) = ("", "")
        while let part = try opaque.next() {
          if part.number == 1 { domain = try opaque.string(part, "domain") }
          if part.number == 2 { name = try opaque.string(part, "name") }
        }
        result = .opaque(domain: domain, name: name)
      default: break  // denotation
      }
    }
    return result
  }

  /// The `elem_type` of a `TypeProto.Sequence` or `.Optional`.
  private func elementType(_ reader: ProtobufReader) throws -> ONNXType? {
    var reader = reader
    var element: ONNXType?
    while let field = try reader.next() {
      if field.number == 1 { element = try type(reader.message(field, "elem_type")) }
    }
    return element
  }

  /// A `TypeProto.Tensor` or `.SparseTensor`: element type and shape (nil when not given).
  private func tensorType(_ reader: ProtobufReader) throws -> (ONNXDataType, [ONNXDimension]?) {
    var reader = reader
    var element = ONNXDataType.undefined
    var shape: [ONNXDimension]?
    while let field = try reader.next() {
      switch field.number {
      case 1: element = try dataType(reader.int32(field, "elem_type"), reader.location + ".elem_type")
      case 2:
        guard shape == nil else { throw duplicate(field, reader, "shape") }
        var dims: [ONNXDimension] = []
        var shapeReader = try reader.message(field, "shape")
        while let dim = try shapeReader.next() {
          if dim.number == 1 { dims.append(try dimension(shapeReader.message(dim, "dim[\(dims.count)]"))) }
        }
        shape = dims
      default: break
      }
    }
    return (element, shape)
  }

  private func dimension(_ reader: ProtobufReader) throws -> ONNXDimension {
    var reader = reader
    var result = ONNXDimension.unknown
    while let field = try reader.next() {
      switch field.number {
      case 1:
        let size = try reader.int64(field, "dim_value")
        guard size >= 0 else {
          throw ONNXError.negativeDimension(path: path, location: reader.location + ".dim_value", dims: [size])
        }
        result = .value(Int(size))
      case 2: result = .parameter(try reader.string(field, "dim_param"))
      default: break  // denotation
      }
    }
    return result
  }

  /// The element type with `code`. - Throws: `ONNXError.unknownDataType`.
  func dataType(_ code: Int32, _ location: @autoclosure () -> String) throws -> ONNXDataType {
    guard let type = ONNXDataType(rawValue: code) else {
      throw ONNXError.unknownDataType(path: path, location: location(), code: code)
    }
    return type
  }

  private func opset(_ reader: ProtobufReader) throws -> ONNXOpsetImport {
    var reader = reader
    var opset = ONNXOpsetImport(domain: "", version: 0)
    while let field = try reader.next() {
      switch field.number {
      case 1: opset.domain = try reader.string(field, "domain")
      case 2:
        let version = try reader.int64(field, "version")
        guard version >= 1, version <= Int64(Int32.max) else {
          throw ONNXError.valueOutOfRange(
            path: path, offset: field.offset, location: reader.location + ".version", value: String(version),
            expected: "an operator set version of 1 or more")
        }
        opset.version = Int(version)
      default: break
      }
    }
    guard opset.version > 0 else {
      throw ONNXError.missingField(
        path: path, location: reader.location, field: "version", hint: "Every operator set import has a version. \(ONNXError.corrupt)")
    }
    return opset
  }

  /// A `StringStringEntryProto`: key and value.
  func stringPair(_ reader: ProtobufReader) throws -> (String, String) {
    var reader = reader
    var (key, value) = ("", "")
    while let field = try reader.next() {
      if field.number == 1 { key = try reader.string(field, "key") }
      if field.number == 2 { value = try reader.string(field, "value") }
    }
    return (key, value)
  }

  /// A `FunctionProto`'s `domain.name`; its body is not read.
  private func functionName(_ reader: ProtobufReader) throws -> String {
    var reader = reader
    var (name, domain) = ("", "")
    while let field = try reader.next() {
      if field.number == 1 { name = try reader.string(field, "name") }
      if field.number == 10 { domain = try reader.string(field, "domain") }
    }
    return domain.isEmpty ? name : domain + "." + name
  }

  func duplicate(_ field: ProtobufField, _ reader: ProtobufReader, _ name: String) -> ONNXError {
    .duplicateField(path: path, offset: field.offset, location: reader.location + "." + name)
  }

  /// ` 'name'` for locations in errors, or "" when `name` is empty.
  func named(_ name: String) -> String { name.isEmpty ? "" : " '\(name)'" }
}
