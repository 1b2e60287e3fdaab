/// One field of a protobuf message as it sits on the wire: its number, wire type and value.
///
/// Wire format (https://protobuf.dev/programming-guides/encoding/): each field is a varint tag
/// `number << 3 | wireType` followed by a varint (type 0), 8 bytes (1), a varint length and that
/// many bytes (2) or 4 bytes (5). Types 3 and 4 (groups) are obsolete and refused.
struct ProtobufField {
  enum WireType: UInt8 {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
  }

  /// The field number from the tag (1 or more).
  let number: Int
  let wireType: WireType
  /// Offset of the tag in the file.
  let offset: Int
  /// The varint or fixed-width value; 0 for length-delimited fields.
  let value: UInt64
  /// The payload's bytes in the file, for length-delimited fields; empty otherwise.
  let payload: Range<Int>
}

/// Reads the fields of one protobuf message from a byte buffer, checking every tag, varint,
/// length and nesting level before use, so a hostile file ends in an `ONNXError`, never in a
/// crash, an endless loop or an allocation larger than the bytes present.
///
/// `bytes` is the whole file, so every offset in an error is an offset in the file.
struct ProtobufReader {
  /// Deepest message nesting accepted (protobuf's own parsers default to 100). Real ONNX files
  /// nest about 8 deep per level of subgraph; the limit keeps the recursion's stack small.
  static let maximumDepth = 64

  let bytes: UnsafeRawBufferPointer
  /// The file's path, for errors.
  let path: String
  /// Where this message sits, for errors.
  let fieldPath: FieldPath
  /// Where this message sits as text, for errors: `model.graph.node[3]`. Built only when asked,
  /// so reading a message costs the same at any depth.
  var location: String { fieldPath.description }
  /// Nesting depth of this message (the file's top message is 0).
  let depth: Int
  private(set) var position: Int
  /// One past this message's last byte.
  let end: Int

  init(bytes: UnsafeRawBufferPointer, path: String, fieldPath: FieldPath, range: Range<Int>, depth: Int = 0) {
    self.bytes = bytes
    self.path = path
    self.fieldPath = fieldPath
    self.position = range.lowerBound
    self.end = range.upperBound
    self.depth = depth
  }

  /// The next field, or nil at the end of the message. Unknown fields are returned like known
  /// ones; callers ignore those they do not read.
  mutating func next() throws -> ProtobufField? {
    guard position < end else { return nil }
    let offset = position
    let tag = try readVarint(what: "tag")
    guard tag <= UInt64(UInt32.max) else {
      throw ONNXError.badTag(path: path, offset: offset, location: location, tag: tag)
    }
    let number = Int(tag >> 3)
    guard number >= 1 else { throw ONNXError.badTag(path: path, offset: offset, location: location, tag: tag) }
    guard let wireType = ProtobufField.WireType(rawValue: UInt8(tag & 7)) else {
      throw ONNXError.unsupportedWireType(
        path: path, offset: offset, location: location, field: number, wireType: Int(tag & 7))
    }
    switch wireType {
    case .varint:
      let value = try readVarint(what: "varint")
      return ProtobufField(number: number, wireType: wireType, offset: offset, value: value, payload: position..<position)
    case .fixed64, .fixed32:
      let width = wireType == .fixed64 ? 8 : 4
      guard end - position >= width else {
        throw ONNXError.truncated(path: path, offset: position, location: location, what: "\(8 * width)-bit value")
      }
      var value: UInt64 = 0
      for index in 0..<width { value |= UInt64(bytes[position + index]) << UInt64(8 * index) }
      position += width
      return ProtobufField(number: number, wireType: wireType, offset: offset, value: value, payload: position..<position)
    case .lengthDelimited:
      let lengthOffset = position
      let length = try readVarint(what: "length")
      guard length <= UInt64(end - position) else {
        throw ONNXError.lengthPastEnd(
          path: path, offset: lengthOffset, location: location, field: number, length: length,
          available: end - position)
      }
      let payload = position..<(position + Int(length))
      position = payload.upperBound
      return ProtobufField(number: number, wireType: wireType, offset: offset, value: 0, payload: payload)
    }
  }

  /// Reads a varint at `position`: at most 10 bytes, and the 10th may hold only bit 63.
  private mutating func readVarint(what: String) throws -> UInt64 {
    let start = position
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard position < end else { throw ONNXError.truncated(path: path, offset: start, location: location, what: what) }
      let byte = bytes[position]
      position += 1
      if shift == 63 {
        guard byte & 0x80 == 0 else { throw ONNXError.varintTooLong(path: path, offset: start, location: location) }
        guard byte <= 1 else { throw ONNXError.varintOverflow(path: path, offset: start, location: location) }
      }
      result |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return result }
      shift += 7
    }
  }

  // MARK: Typed access to a field's value. `name` is the field's name in the .proto, for errors.

  /// Throws unless `field` has one of the `expected` wire types.
  func expect(_ field: ProtobufField, _ name: String, _ expected: ProtobufField.WireType...) throws {
    guard expected.contains(field.wireType) else {
      throw ONNXError.badWireType(
        path: path, offset: field.offset, location: location + "." + name, found: Int(field.wireType.rawValue),
        expected: expected.map { Int($0.rawValue) })
    }
  }

  /// An `int64` (or `uint64` read as two's complement) field.
  func int64(_ field: ProtobufField, _ name: String) throws -> Int64 {
    try expect(field, name, .varint)
    return Int64(bitPattern: field.value)
  }

  /// An `int32` or enum field: a varint whose value must fit in 32 bits (negative ones are
  /// sign-extended to 64 bits on the wire).
  func int32(_ field: ProtobufField, _ name: String) throws -> Int32 {
    let value = try int64(field, name)
    guard let narrow = Int32(exactly: value) else {
      throw ONNXError.valueOutOfRange(
        path: path, offset: field.offset, location: location + "." + name, value: String(value),
        expected: "a 32-bit integer")
    }
    return narrow
  }

  /// A `float` field.
  func float(_ field: ProtobufField, _ name: String) throws -> Float {
    try expect(field, name, .fixed32)
    return Float(bitPattern: UInt32(truncatingIfNeeded: field.value))
  }

  /// The bytes of a `bytes` field.
  func bytes(_ field: ProtobufField, _ name: String) throws -> [UInt8] {
    try expect(field, name, .lengthDelimited)
    return Array(UnsafeRawBufferPointer(rebasing: bytes[field.payload]))
  }

  /// A `string` field, which protobuf requires to be UTF-8.
  func string(_ field: ProtobufField, _ name: String) throws -> String {
    try expect(field, name, .lengthDelimited)
    guard let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[field.payload]), as: UTF8.self) else {
      throw ONNXError.invalidUTF8(path: path, offset: field.payload.lowerBound, location: location + "." + name)
    }
    return text
  }

  /// A reader over an embedded message, one level deeper.
  func message(_ field: ProtobufField, _ name: String) throws -> ProtobufReader {
    try expect(field, name, .lengthDelimited)
    guard depth < Self.maximumDepth else {
      throw ONNXError.nestingTooDeep(path: path, offset: field.offset, location: location + "." + name, limit: Self.maximumDepth)
    }
    return ProtobufReader(
      bytes: bytes, path: path, fieldPath: FieldPath(name, in: fieldPath), range: field.payload, depth: depth + 1)
  }

  /// Appends a repeated varint field's values (`int64`, `uint64`, `int32`), packed or not, as
  /// their 64-bit two's complement bit patterns.
  func appendVarints(_ field: ProtobufField, _ name: String, to values: inout [UInt64]) throws {
    try expect(field, name, .varint, .lengthDelimited)
    guard field.wireType == .lengthDelimited else { return values.append(field.value) }
    var packed = ProtobufReader(
      bytes: bytes, path: path, fieldPath: FieldPath(name, in: fieldPath), range: field.payload, depth: depth)
    while packed.position < packed.end { values.append(try packed.readVarint(what: "packed varint")) }
  }

  /// Appends a repeated fixed-width field's values (`float`: 4 bytes, `double`: 8), packed or
  /// not, as raw little-endian bit patterns.
  func appendFixed(_ field: ProtobufField, _ name: String, width: Int, to values: inout [UInt64]) throws {
    let single: ProtobufField.WireType = width == 4 ? .fixed32 : .fixed64
    try expect(field, name, single, .lengthDelimited)
    guard field.wireType == .lengthDelimited else { return values.append(field.value) }
    guard field.payload.count % width == 0 else {
      throw ONNXError.badPackedLength(
        path: path, offset: field.payload.lowerBound, location: location + "." + name, length: field.payload.count,
        elementBytes: width)
    }
    values.reserveCapacity(values.count + field.payload.count / width)
    for start in stride(from: field.payload.lowerBound, to: field.payload.upperBound, by: width) {
      var value: UInt64 = 0
      for index in 0..<width { value |= UInt64(bytes[start + index]) << UInt64(8 * index) }
      values.append(value)
    }
  }
}

/// A message's place in the file, `model.graph.node[3].attribute[0]`, as a chain of names that
/// becomes text only for an error message.
final class FieldPath: CustomStringConvertible {
  let name: String
  let parent: FieldPath?
  /// Whether `name` is a value's name, written in quotes after its message: `initializer[0] 'w'`.
  let isQuoted: Bool

  /// The field `name` of the message at `parent`.
  init(_ name: String, in parent: FieldPath? = nil) {
    (self.name, self.parent, isQuoted) = (name, parent, false)
  }

  /// The message at `parent`, named `name` by its own name field.
  init(_ name: String, quotedIn parent: FieldPath) {
    (self.name, self.parent, isQuoted) = (name, parent, true)
  }

  var description: String {
    guard let parent else { return name }
    return parent.description + (isQuoted ? " '\(name)'" : "." + name)
  }
}
