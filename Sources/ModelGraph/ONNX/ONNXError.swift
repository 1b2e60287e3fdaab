/// A problem found while reading an `.onnx` file or its external data.
///
/// Every message says what was wrong, where (the file, the byte offset and the field path such
/// as `model.graph.node[3].attribute[0]`) and how to fix it. Nothing in a file is trusted before
/// it is checked, so a bad or hostile file ends here, never in a crash, a hang or a huge
/// allocation.
public enum ONNXError: Error, Equatable, Sendable, CustomStringConvertible {
  // The file as a whole.
  case unreadable(path: String, reason: String)
  case empty(path: String)
  // The protobuf wire format.
  case truncated(path: String, offset: Int, location: String, what: String)
  case lengthPastEnd(path: String, offset: Int, location: String, field: Int, length: UInt64, available: Int)
  case varintTooLong(path: String, offset: Int, location: String)
  case varintOverflow(path: String, offset: Int, location: String)
  case badTag(path: String, offset: Int, location: String, tag: UInt64)
  case unsupportedWireType(path: String, offset: Int, location: String, field: Int, wireType: Int)
  case badWireType(path: String, offset: Int, location: String, found: Int, expected: [Int])
  case badPackedLength(path: String, offset: Int, location: String, length: Int, elementBytes: Int)
  case nestingTooDeep(path: String, offset: Int, location: String, limit: Int)
  case duplicateField(path: String, offset: Int, location: String)
  case invalidUTF8(path: String, offset: Int, location: String)
  case valueOutOfRange(path: String, offset: Int?, location: String, value: String, expected: String)
  // The ONNX schema.
  case missingField(path: String, location: String, field: String, hint: String)
  case unknownDataType(path: String, location: String, code: Int32)
  case unsupportedDataType(path: String, location: String, dataType: ONNXDataType)
  case unsupportedFeature(path: String, location: String, feature: String, hint: String)
  // Tensors.
  case negativeDimension(path: String, location: String, dims: [Int64])
  case shapeOverflow(path: String, location: String, dims: [Int64])
  case conflictingData(path: String, location: String, first: String, second: String)
  case wrongDataField(path: String, location: String, dataType: ONNXDataType, field: String)
  case dataSizeMismatch(path: String, location: String, dataType: ONNXDataType, dims: [Int], field: String, expected: Int, found: Int)
  // External data.
  case noExternalFolder(path: String, location: String, file: String)
  case externalLocationEscapes(path: String, location: String, file: String, reason: String)
  case externalDataUnreadable(path: String, location: String, file: String, reason: String)
  case badExternalEntry(path: String, location: String, key: String, value: String)
  case externalRangePastEnd(path: String, location: String, file: String, offset: Int, length: Int, fileSize: Int)
  case externalOverlap(path: String, file: String, first: String, second: String)

  static let corrupt = "The file is corrupt or not an ONNX model."
  static let truncatedHint = "The file is truncated or corrupt: copy or export it again."

  public var description: String {
    switch self {
    case let .unreadable(path, reason):
      "\(path): cannot read the ONNX model (\(reason)). Check the path and its permissions."
    case let .empty(path):
      "\(path): the file is empty; an ONNX model is a protobuf ModelProto. Export it again with torch.onnx.export."
    case let .truncated(path, offset, location, what):
      "\(path): a \(what) at byte \(offset) in \(location) runs past the end of its message. \(Self.truncatedHint)"
    case let .lengthPastEnd(path, offset, location, field, length, available):
      "\(path): field \(field) of \(location) says \(length) bytes at byte \(offset), but only \(available) remain "
        + "in its message. \(Self.truncatedHint)"
    case let .varintTooLong(path, offset, location):
      "\(path): the varint at byte \(offset) in \(location) runs past 10 bytes. \(Self.corrupt)"
    case let .varintOverflow(path, offset, location):
      "\(path): the varint at byte \(offset) in \(location) overflows 64 bits. \(Self.corrupt)"
    case let .badTag(path, offset, location, tag):
      "\(path): field tag \(tag) at byte \(offset) in \(location) is not valid (field numbers run from 1 to "
        + "536870911). \(Self.corrupt)"
    case let .unsupportedWireType(path, offset, location, field, wireType):
      "\(path): field \(field) at byte \(offset) in \(location) has wire type \(wireType), which ONNX files "
        + "never use. \(Self.corrupt)"
    case let .badWireType(path, offset, location, found, expected):
      "\(path): \(location) at byte \(offset) has wire type \(found), expected "
        + "\(expected.map(String.init).joined(separator: " or ")). \(Self.corrupt)"
    case let .badPackedLength(path, offset, location, length, elementBytes):
      "\(path): \(location) at byte \(offset) packs \(length) bytes, not a whole number of \(elementBytes)-byte "
        + "values. \(Self.corrupt)"
    case let .nestingTooDeep(path, offset, location, limit):
      "\(path): \(location) at byte \(offset) nests messages more than \(limit) deep. \(Self.corrupt)"
    case let .duplicateField(path, offset, location):
      "\(path): \(location) appears a second time at byte \(offset); it may appear once. \(Self.corrupt)"
    case let .invalidUTF8(path, offset, location):
      "\(path): \(location) at byte \(offset) is not valid UTF-8 text. \(Self.corrupt)"
    case let .valueOutOfRange(path, offset, location, value, expected):
      "\(path): \(location)\(offset.map { " at byte \($0)" } ?? "") is \(value), expected \(expected). \(Self.corrupt)"
    case let .missingField(path, location, field, hint):
      "\(path): \(location) has no \(field). \(hint)"
    case let .unknownDataType(path, location, code):
      "\(path): \(location) has data type \(code), which is not an ONNX type (known: 0 to 28, onnx 1.23). "
        + "The file is corrupt or newer than this reader."
    case let .unsupportedDataType(path, location, dataType):
      "\(path): \(location) holds \(dataType) values, which infer-plan does not read; readable: "
        + "\(ONNXDataType.readable.map(\.description).joined(separator: ", ")). Export the model with FLOAT weights."
    case let .unsupportedFeature(path, location, feature, hint):
      "\(path): \(location) uses \(feature), which infer-plan does not read. \(hint)"
    case let .negativeDimension(path, location, dims):
      "\(path): \(location) has dims \(dims) with a negative size. \(Self.corrupt)"
    case let .shapeOverflow(path, location, dims):
      "\(path): \(location) has dims \(dims), whose size overflows 64 bits. \(Self.corrupt)"
    case let .conflictingData(path, location, first, second):
      "\(path): \(location) stores values in both \(first) and \(second); a tensor uses one. \(Self.corrupt)"
    case let .wrongDataField(path, location, dataType, field):
      "\(path): \(location) is \(dataType) but stores its values in \(field), which holds other types. \(Self.corrupt)"
    case let .dataSizeMismatch(path, location, dataType, dims, field, expected, found):
      "\(path): \(location) (\(dataType), dims \(dims)) needs \(expected) "
        + (field.isEmpty ? "bytes of data, but has no data field" : field.hasSuffix("_data") && field != "raw_data"
          ? "values, but \(field) holds \(found)" : "bytes, but \(field) holds \(found)")
        + ". The dims or data type do not match the data. \(Self.corrupt)"
    case let .noExternalFolder(path, location, file):
      "\(path): \(location) keeps its data in '\(file)', but the model was read from memory, not from its folder. "
        + "Load it with ONNXModel(contentsOf:)."
    case let .externalLocationEscapes(path, location, file, reason):
      "\(path): \(location) keeps its data in '\(file)', which \(reason). External data must be a file inside the "
        + "model's folder, named relative to it; move it there."
    case let .externalDataUnreadable(path, location, file, reason):
      "\(path): \(location) keeps its data in '\(file)', which cannot be read (\(reason)). Copy the external data "
        + "file along with the model, into the model's folder."
    case let .badExternalEntry(path, location, key, value):
      "\(path): \(location) has external_data \(key) '\(value)', expected a whole number 0 or more. \(Self.corrupt)"
    case let .externalRangePastEnd(path, location, file, offset, length, fileSize):
      "\(path): \(location) reads \(length) bytes at offset \(offset) of '\(file)', which has only \(fileSize) "
        + "bytes. The external data file is truncated or belongs to another export."
    case let .externalOverlap(path, file, first, second):
      "\(path): tensors '\(first)' and '\(second)' overlap in external data file '\(file)'. \(Self.corrupt)"
    }
  }
}
