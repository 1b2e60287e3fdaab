extension ONNXDecoder {
  /// The fields of a `TensorProto` before its values are converted. Typed values are kept as
  /// 64-bit patterns; every list grows only by values actually present in the file.
  struct TensorFields {
    var name = ""
    var dims: [Int64] = []
    var dataTypeCode: Int32 = 0
    var raw = UnsafeRawBufferPointer(start: nil, count: 0)
    var typed: [String: [UInt64]] = [:]
    var external: [(key: String, value: String)] = []
    var isExternal = false
    /// The data fields present, in the order first seen, to report two at once.
    var dataFields: [String] = []

    mutating func note(_ field: String) {
      if !dataFields.contains(field) { dataFields.append(field) }
    }
  }

  /// The typed value field each data type keeps its values in, by onnx.proto's rules.
  static func typedField(for type: ONNXDataType) -> String {
    switch type {
    case .float: "float_data"
    case .int64: "int64_data"
    case .double: "double_data"
    case .uint32, .uint64: "uint64_data"
    default: "int32_data"
    }
  }

  func tensor(_ reader: ProtobufReader) throws -> ONNXTensor {
    var reader = reader
    var fields = TensorFields()
    let typedNames = [4: "float_data", 5: "int32_data", 7: "int64_data", 10: "double_data", 11: "uint64_data"]
    while let field = try reader.next() {
      switch field.number {
      case 1:
        var dims: [UInt64] = []
        try reader.appendVarints(field, "dims", to: &dims)
        fields.dims += dims.map { Int64(bitPattern: $0) }
      case 2: fields.dataTypeCode = try reader.int32(field, "data_type")
      case 8: fields.name = try reader.string(field, "name")
      case 9:
        try reader.expect(field, "raw_data", .lengthDelimited)
        fields.raw = UnsafeRawBufferPointer(rebasing: reader.bytes[field.payload])
        fields.note("raw_data")
      case 4, 10:
        let name = typedNames[field.number] ?? ""
        try reader.appendFixed(field, name, width: field.number == 4 ? 4 : 8, to: &fields.typed[name, default: []])
        fields.note(name)
      case 5, 7, 11:
        let name = typedNames[field.number] ?? ""
        try reader.appendVarints(field, name, to: &fields.typed[name, default: []])
        fields.note(name)
      case 6: fields.note("string_data")
      case 13: fields.external.append(try stringPair(reader.message(field, "external_data[\(fields.external.count)]")))
      case 14:
        let location = try reader.int32(field, "data_location")
        guard location == 0 || location == 1 else {
          throw ONNXError.valueOutOfRange(
            path: path, offset: field.offset, location: reader.location + ".data_location", value: String(location),
            expected: "0 (DEFAULT) or 1 (EXTERNAL)")
        }
        fields.isExternal = location == 1
      case 3:
        throw ONNXError.unsupportedFeature(
          path: path, location: reader.location, feature: "a tensor segment", hint: "Save the model with whole tensors.")
      default: break  // doc_string, metadata_props
      }
    }
    if fields.isExternal { fields.note("external data") }
    return try convert(fields, location: fields.name.isEmpty ? reader.fieldPath : FieldPath(fields.name, quotedIn: reader.fieldPath))
  }

  /// Checks the dims and data fields against the data type, then converts the values.
  private func convert(_ fields: TensorFields, location: FieldPath) throws -> ONNXTensor {
    let type = try dataType(fields.dataTypeCode, location.description)
    if type == .undefined {
      throw ONNXError.missingField(
        path: path, location: location.description, field: "data_type", hint: "Every tensor has an element type. \(ONNXError.corrupt)")
    }
    var count = 1
    for size in fields.dims {
      guard size >= 0 else { throw ONNXError.negativeDimension(path: path, location: location.description, dims: fields.dims) }
      let (product, overflow) = count.multipliedReportingOverflow(by: Int(size))
      guard !overflow else { throw ONNXError.shapeOverflow(path: path, location: location.description, dims: fields.dims) }
      count = product
    }
    let dims = fields.dims.map { Int($0) }
    guard let elementBytes = type.elementBytes else {
      throw ONNXError.unsupportedDataType(path: path, location: location.description, dataType: type)
    }
    if fields.dataFields.count > 1 {
      throw ONNXError.conflictingData(
        path: path, location: location.description, first: fields.dataFields[0], second: fields.dataFields[1])
    }
    let (expectedBytes, overflow) = count.multipliedReportingOverflow(by: elementBytes)
    guard !overflow else { throw ONNXError.shapeOverflow(path: path, location: location.description, dims: fields.dims) }
    func checkSize(_ found: Int, _ field: String) throws {
      guard found == expectedBytes else {
        throw ONNXError.dataSizeMismatch(
          path: path, location: location.description, dataType: type, dims: dims, field: field, expected: expectedBytes, found: found)
      }
    }
    switch fields.dataFields.first {
    case "external data":
      let (file, data) = try externalData(fields.external, location: location.description, tensor: fields.name)
      try checkSize(data.count, "external data")
      let values = try data.withUnsafeBytes { try rawValues($0, type, count, location) }
      return ONNXTensor(name: fields.name, dataType: type, dims: dims, values: values, externalFile: file)
    case "raw_data":
      try checkSize(fields.raw.count, "raw_data")
      return ONNXTensor(name: fields.name, dataType: type, dims: dims, values: try rawValues(fields.raw, type, count, location))
    case let field?:
      guard field == Self.typedField(for: type) else {
        throw ONNXError.wrongDataField(path: path, location: location.description, dataType: type, field: field)
      }
      let values = fields.typed[field] ?? []
      guard values.count == count else {
        throw ONNXError.dataSizeMismatch(
          path: path, location: location.description, dataType: type, dims: dims, field: field, expected: count, found: values.count)
      }
      return ONNXTensor(name: fields.name, dataType: type, dims: dims, values: try typedValues(values, type, location))
    case nil:
      try checkSize(0, "")
      return ONNXTensor(name: fields.name, dataType: type, dims: dims, values: type.isFloatingPoint ? .floats([]) : .integers([]))
    }
  }

  /// Converts little-endian values of `type` (raw_data or external data).
  private func rawValues(_ bytes: UnsafeRawBufferPointer, _ type: ONNXDataType, _ count: Int, _ location: FieldPath) throws
    -> ONNXTensor.Values
  {
    func load<T: FixedWidthInteger>(_: T.Type, _ index: Int) -> T {
      T(littleEndian: bytes.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.size, as: T.self))
    }
    switch type {
    case .float: return .floats((0..<count).map { Float(bitPattern: load(UInt32.self, $0)) })
    case .float16: return .floats((0..<count).map { HalfPrecision.float(fromHalf: load(UInt16.self, $0)) })
    case .bfloat16: return .floats((0..<count).map { Float(bitPattern: UInt32(load(UInt16.self, $0)) << 16) })
    case .double: return .floats((0..<count).map { Float(Double(bitPattern: load(UInt64.self, $0))) })
    case .int8: return .integers((0..<count).map { Int64(load(Int8.self, $0)) })
    case .uint8: return .integers((0..<count).map { Int64(load(UInt8.self, $0)) })
    case .bool: return .integers((0..<count).map { load(UInt8.self, $0) == 0 ? 0 : 1 })
    case .int16: return .integers((0..<count).map { Int64(load(Int16.self, $0)) })
    case .uint16: return .integers((0..<count).map { Int64(load(UInt16.self, $0)) })
    case .int32: return .integers((0..<count).map { Int64(load(Int32.self, $0)) })
    case .uint32: return .integers((0..<count).map { Int64(load(UInt32.self, $0)) })
    case .int64: return .integers((0..<count).map { load(Int64.self, $0) })
    default:  // .uint64: the only other type with an element size
      return .integers(try (0..<count).map { try signed(load(UInt64.self, $0), location) })
    }
  }

  /// Converts values from the typed field onnx.proto assigns to `type`. FLOAT16 and BFLOAT16
  /// keep their bit patterns in the low 16 bits of int32_data.
  private func typedValues(_ values: [UInt64], _ type: ONNXDataType, _ location: FieldPath) throws -> ONNXTensor.Values {
    switch type {
    case .float: return .floats(values.map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) })
    case .double: return .floats(values.map { Float(Double(bitPattern: $0)) })
    case .float16: return .floats(values.map { HalfPrecision.float(fromHalf: UInt16(truncatingIfNeeded: $0)) })
    case .bfloat16: return .floats(values.map { Float(bitPattern: UInt32(UInt16(truncatingIfNeeded: $0)) << 16) })
    case .bool: return .integers(values.map { UInt32(truncatingIfNeeded: $0) == 0 ? 0 : 1 })
    case .int64: return .integers(values.map { Int64(bitPattern: $0) })
    case .uint32: return .integers(values.map { Int64(UInt32(truncatingIfNeeded: $0)) })
    case .uint64: return .integers(try values.map { try signed($0, location) })
    default:  // the int32_data types: INT8, UINT8, INT16, UINT16, INT32
      return .integers(values.map { Int64(Int32(truncatingIfNeeded: $0)) })
    }
  }

  /// A UINT64 value as Int64. - Throws: `ONNXError.valueOutOfRange` above Int64.max.
  private func signed(_ value: UInt64, _ location: FieldPath) throws -> Int64 {
    guard let result = Int64(exactly: value) else {
      throw ONNXError.valueOutOfRange(
        path: path, offset: nil, location: location.description, value: String(value), expected: "a UINT64 value up to \(Int64.max)")
    }
    return result
  }
}
