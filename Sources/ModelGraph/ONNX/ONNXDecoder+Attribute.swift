extension ONNXDecoder {
  /// `AttributeProto.AttributeType` codes, and the field each one's value sits in.
  private enum AttributeType: Int32 {
    case undefined = 0, float = 1, int = 2, string = 3, tensor = 4, graph = 5, floats = 6, ints = 7
    case strings = 8, tensors = 9, graphs = 10, sparseTensor = 11, sparseTensors = 12, typeProto = 13
    case typeProtos = 14

    /// The type of an attribute written without one (IR version 1): that of its value field.
    init?(field: Int) {
      let byField: [Int: AttributeType] = [
        2: .float, 3: .int, 4: .string, 5: .tensor, 6: .graph, 7: .floats, 8: .ints, 9: .strings, 10: .tensors,
        11: .graphs, 14: .typeProto, 15: .typeProtos, 22: .sparseTensor, 23: .sparseTensors,
      ]
      guard let type = byField[field] else { return nil }
      self = type
    }
  }

  /// Every value field an `AttributeProto` may carry; `type` picks one.
  private struct AttributeFields {
    var name = "", reference = ""
    var type: AttributeType?
    var inferredType: AttributeType?
    var float: Float = 0
    var int: Int64 = 0
    var string: [UInt8] = []
    var tensor: ONNXTensor?
    var graph: ONNXGraph?
    var typeProto: ONNXType?
    var floatBits: [UInt64] = [], ints: [UInt64] = []
    var strings: [[UInt8]] = []
    var tensors: [ONNXTensor] = []
    var graphs: [ONNXGraph] = []
    var typeProtos: [ONNXType] = []
  }

  func attribute(_ reader: ProtobufReader) throws -> ONNXAttribute {
    var reader = reader
    var fields = AttributeFields()
    while let field = try reader.next() {
      if fields.inferredType == nil { fields.inferredType = AttributeType(field: field.number) }
      switch field.number {
      case 1: fields.name = try reader.string(field, "name")
      case 21: fields.reference = try reader.string(field, "ref_attr_name")
      case 20:
        let code = try reader.int32(field, "type")
        guard let type = AttributeType(rawValue: code) else {
          throw ONNXError.valueOutOfRange(
            path: path, offset: field.offset, location: reader.location + ".type", value: String(code),
            expected: "an attribute type from 0 to 14")
        }
        fields.type = type
      case 2: fields.float = try reader.float(field, "f")
      case 3: fields.int = try reader.int64(field, "i")
      case 4: fields.string = try reader.bytes(field, "s")
      case 5:
        guard fields.tensor == nil else { throw duplicate(field, reader, "t") }
        fields.tensor = try tensor(reader.message(field, "t"))
      case 6:
        guard fields.graph == nil else { throw duplicate(field, reader, "g") }
        fields.graph = try graph(reader.message(field, "g"))
      case 14:
        guard fields.typeProto == nil else { throw duplicate(field, reader, "tp") }
        fields.typeProto = try type(reader.message(field, "tp"))
      case 7: try reader.appendFixed(field, "floats", width: 4, to: &fields.floatBits)
      case 8: try reader.appendVarints(field, "ints", to: &fields.ints)
      case 9: fields.strings.append(try reader.bytes(field, "strings"))
      case 10: fields.tensors.append(try tensor(reader.message(field, "tensors[\(fields.tensors.count)]")))
      case 11: fields.graphs.append(try graph(reader.message(field, "graphs[\(fields.graphs.count)]")))
      case 15: fields.typeProtos.append(try type(reader.message(field, "type_protos[\(fields.typeProtos.count)]")))
      case 22, 23:
        throw ONNXError.unsupportedFeature(
          path: path, location: reader.location + named(fields.name), feature: "a sparse tensor attribute",
          hint: "Export the model with dense constants.")
      default: break  // doc_string
      }
    }
    guard !fields.name.isEmpty else {
      throw ONNXError.missingField(
        path: path, location: reader.location, field: "name", hint: "Every attribute is named. \(ONNXError.corrupt)")
    }
    return ONNXAttribute(name: fields.name, value: try value(of: fields, at: reader.fieldPath))
  }

  /// The value `fields.type` selects. An attribute whose type is UNDEFINED takes the type of its
  /// first value field, as IR version 1 files were written.
  private func value(of fields: AttributeFields, at place: FieldPath) throws -> ONNXAttribute.Value {
    let location = { place.description }
    if !fields.reference.isEmpty { return .reference(fields.reference) }
    let type = fields.type.flatMap { $0 == .undefined ? nil : $0 } ?? fields.inferredType
    switch type {
    case .float: return .float(fields.float)
    case .int: return .int(fields.int)
    case .string: return .string(fields.string)
    case .tensor:
      guard let tensor = fields.tensor else { throw missingValue(location(), fields.name, "t") }
      return .tensor(tensor)
    case .graph:
      guard let graph = fields.graph else { throw missingValue(location(), fields.name, "g") }
      return .graph(graph)
    case .typeProto:
      guard let typeProto = fields.typeProto else { throw missingValue(location(), fields.name, "tp") }
      return .type(typeProto)
    case .floats: return .floats(fields.floatBits.map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) })
    case .ints: return .ints(fields.ints.map { Int64(bitPattern: $0) })
    case .strings: return .strings(fields.strings)
    case .tensors: return .tensors(fields.tensors)
    case .graphs: return .graphs(fields.graphs)
    case .typeProtos: return .types(fields.typeProtos)
    case .sparseTensor, .sparseTensors:
      throw ONNXError.unsupportedFeature(
        path: path, location: location() + named(fields.name), feature: "a sparse tensor attribute",
        hint: "Export the model with dense constants.")
    case .undefined, nil:
      throw ONNXError.missingField(
        path: path, location: location() + named(fields.name), field: "value",
        hint: "An attribute needs a type and a value. \(ONNXError.corrupt)")
    }
  }

  private func missingValue(_ location: String, _ name: String, _ field: String) -> ONNXError {
    .missingField(
      path: path, location: location + named(name), field: field,
      hint: "Its type says the value is in '\(field)'. \(ONNXError.corrupt)")
  }
}
