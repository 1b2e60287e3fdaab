/// Decodes `Decodable` values from a `JSONValue` (see `JSONValue.parse` for text).
///
/// The counterpart of `JSONValueEncoder`: `null` and a missing key both read as nil for an
/// optional; a whole-number `Double` reads as an integer; an integer reads as a `Double`. A
/// `Double` must be finite (JSON has no NaN). Errors are `DecodingError`s whose coding path
/// names the key, e.g. `inputs.volume`; `DocumentError` turns them into messages.
public struct JSONValueDecoder {
  /// Values the decoded types may read from `Decoder.userInfo`.
  public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

  public init() {}

  /// Decodes a `T` from `value`.
  /// - Throws: `DecodingError` naming the key path of the first problem.
  public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
    try DecodingState(value: value, codingPath: [], userInfo: userInfo).decodeValue(type)
  }
}

extension JSONValue {
  /// What the value is, for messages: "a string", "null", "an object".
  public var kindDescription: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .number, .integer, .unsignedInteger: "a number"
    case .string: "a string"
    case .array: "a list"
    case .object: "an object"
    }
  }
}

private struct DecodingState: Decoder {
  let value: JSONValue
  let codingPath: [any CodingKey]
  let userInfoValues: [CodingUserInfoKey: any Sendable]

  init(value: JSONValue, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable]) {
    self.value = value
    self.codingPath = codingPath
    self.userInfoValues = userInfo
  }

  var userInfo: [CodingUserInfoKey: Any] { userInfoValues }

  func child(_ value: JSONValue, _ key: any CodingKey) -> DecodingState {
    DecodingState(value: value, codingPath: codingPath + [key], userInfo: userInfoValues)
  }

  func mismatch(_ expected: String) -> DecodingError {
    .typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(value.kindDescription)"))
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    guard case .object(let members) = value else { throw mismatch("an object") }
    return KeyedDecodingContainer(KeyedContainer<Key>(state: self, members: members))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    guard case .array(let items) = value else { throw mismatch("a list") }
    return UnkeyedContainer(state: self, items: items)
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueContainer(state: self) }

  func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
    switch type {
    case is JSONValue.Type: return value as! T  // the type was just checked
    case is String.Type:
      guard case .string(let text) = value else { throw mismatch("a string") }
      return text as! T
    case is Bool.Type:
      guard case .bool(let flag) = value else { throw mismatch("true or false") }
      return flag as! T
    case is Double.Type: return try number() as! T
    case is Float.Type: return Float(try number()) as! T
    case is Int.Type: return try integer(Int.self) as! T
    case is Int32.Type: return try integer(Int32.self) as! T
    case is Int64.Type: return try integer(Int64.self) as! T
    case is Int8.Type: return try integer(Int8.self) as! T
    case is Int16.Type: return try integer(Int16.self) as! T
    case is UInt8.Type: return try integer(UInt8.self) as! T
    case is UInt16.Type: return try integer(UInt16.self) as! T
    case is UInt64.Type: return try integer(UInt64.self) as! T
    case is UInt32.Type: return try integer(UInt32.self) as! T
    case is UInt.Type: return try integer(UInt.self) as! T
    case is [Double].Type:
      // Lists of numbers (samples) in one step rather than one container call per element.
      guard case .array(let items) = value else { throw mismatch("a list") }
      return try items.enumerated().map { index, item in try child(item, JSONIndexKey(index)).number() } as! T
    default: return try T(from: self)
    }
  }

  func number() throws -> Double {
    switch value {
    case .number(let number) where number.isFinite: return number
    case .integer(let integer): return Double(integer)
    case .unsignedInteger(let integer): return Double(integer)
    default: throw mismatch("a number")
    }
  }

  func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
    let exact: I? =
      switch value {
      case .integer(let integer): I(exactly: integer)
      case .unsignedInteger(let integer): I(exactly: integer)
      case .number(let number): number.isFinite ? I(exactly: number) : nil
      default: nil
      }
    guard let exact else {
      throw mismatch("a whole number from \(I.min) to \(I.max)")
    }
    return exact
  }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let state: DecodingState
  let members: [(String, JSONValue)]
  var codingPath: [any CodingKey] { state.codingPath }

  var allKeys: [Key] { members.compactMap { Key(stringValue: $0.0) } }

  func member(_ key: Key) -> JSONValue? { members.first { $0.0 == key.stringValue }?.1 }

  func contains(_ key: Key) -> Bool { member(key) != nil }

  func decodeNil(forKey key: Key) throws -> Bool {
    switch member(key) {
    case nil, .null?: true
    default: false
    }
  }

  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decodeGeneric(type, key) }
  func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decodeGeneric(type, key) }
  func decode(_ type: String.Type, forKey key: Key) throws -> String { try decodeGeneric(type, key) }
  func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decodeGeneric(type, key) }
  func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decodeGeneric(type, key) }
  func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decodeGeneric(type, key) }
  func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decodeGeneric(type, key) }
  func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decodeGeneric(type, key) }
  func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decodeGeneric(type, key) }
  func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decodeGeneric(type, key) }
  func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decodeGeneric(type, key) }
  func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decodeGeneric(type, key) }
  func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decodeGeneric(type, key) }
  func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decodeGeneric(type, key) }
  func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decodeGeneric(type, key) }

  private func decodeGeneric<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
    guard let value = member(key) else {
      throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
    }
    return try state.child(value, key).decodeValue(type)
  }

  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
    try state.child(member(key) ?? .null, key).container(keyedBy: type)
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
    try state.child(member(key) ?? .null, key).unkeyedContainer()
  }

  func superDecoder() throws -> any Decoder { state.child(member(Key(stringValue: "super")!) ?? .null, Key(stringValue: "super")!) }
  func superDecoder(forKey key: Key) throws -> any Decoder { state.child(member(key) ?? .null, key) }
}


private struct UnkeyedContainer: UnkeyedDecodingContainer {
  let state: DecodingState
  let items: [JSONValue]
  var codingPath: [any CodingKey] { state.codingPath }
  var count: Int? { items.count }
  var isAtEnd: Bool { currentIndex >= items.count }
  private(set) var currentIndex = 0

  init(state: DecodingState, items: [JSONValue]) {
    self.state = state
    self.items = items
  }

  private mutating func next() throws -> DecodingState {
    guard !isAtEnd else {
      throw DecodingError.valueNotFound(
        Any.self, .init(codingPath: codingPath + [JSONIndexKey(currentIndex)], debugDescription: "the list has no more items"))
    }
    defer { currentIndex += 1 }
    return state.child(items[currentIndex], JSONIndexKey(currentIndex))
  }

  mutating func decodeNil() throws -> Bool {
    guard !isAtEnd, case .null = items[currentIndex] else { return false }
    currentIndex += 1
    return true
  }

  mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(type) }
  mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decodeValue(type) }
  mutating func decode(_ type: String.Type) throws -> String { try next().decodeValue(type) }
  mutating func decode(_ type: Double.Type) throws -> Double { try next().decodeValue(type) }
  mutating func decode(_ type: Float.Type) throws -> Float { try next().decodeValue(type) }
  mutating func decode(_ type: Int.Type) throws -> Int { try next().decodeValue(type) }
  mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().decodeValue(type) }
  mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().decodeValue(type) }
  mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().decodeValue(type) }
  mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().decodeValue(type) }
  mutating func decode(_ type: UInt.Type) throws -> UInt { try next().decodeValue(type) }
  mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().decodeValue(type) }
  mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().decodeValue(type) }
  mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().decodeValue(type) }
  mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().decodeValue(type) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
    try next().container(keyedBy: type)
  }

  mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
  mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
  let state: DecodingState
  var codingPath: [any CodingKey] { state.codingPath }

  func decodeNil() -> Bool {
    if case .null = state.value { return true }
    return false
  }

  func decode<T: Decodable>(_ type: T.Type) throws -> T { try state.decodeValue(type) }
  func decode(_ type: Bool.Type) throws -> Bool { try state.decodeValue(type) }
  func decode(_ type: String.Type) throws -> String { try state.decodeValue(type) }
  func decode(_ type: Double.Type) throws -> Double { try state.decodeValue(type) }
  func decode(_ type: Float.Type) throws -> Float { try state.decodeValue(type) }
  func decode(_ type: Int.Type) throws -> Int { try state.decodeValue(type) }
  func decode(_ type: Int8.Type) throws -> Int8 { try state.decodeValue(type) }
  func decode(_ type: Int16.Type) throws -> Int16 { try state.decodeValue(type) }
  func decode(_ type: Int32.Type) throws -> Int32 { try state.decodeValue(type) }
  func decode(_ type: Int64.Type) throws -> Int64 { try state.decodeValue(type) }
  func decode(_ type: UInt.Type) throws -> UInt { try state.decodeValue(type) }
  func decode(_ type: UInt8.Type) throws -> UInt8 { try state.decodeValue(type) }
  func decode(_ type: UInt16.Type) throws -> UInt16 { try state.decodeValue(type) }
  func decode(_ type: UInt32.Type) throws -> UInt32 { try state.decodeValue(type) }
  func decode(_ type: UInt64.Type) throws -> UInt64 { try state.decodeValue(type) }
}
