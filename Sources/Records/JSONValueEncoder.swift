/// Encodes `Encodable` values into a `JSONValue`, keeping object keys in the order the value
/// encodes them: for a synthesized `Encodable`, the order the properties are declared. That
/// order is what the serialized document shows, so a document type reads like its output.
///
/// Conventions (the JSON contract of every infer-plan document):
/// - An optional that is nil is written as `null`, not left out, so every document of a
///   version has the same keys. Wrap a property in `OmittedWhenNil` to leave it out instead.
/// - A non-finite `Double` (no value in JSON) is written as `null`.
/// - Whole numbers are `.integer` (or `.unsignedInteger` above `Int.max`); `Float` and
///   `Double` are `.number`, which the serializer prints without a fraction when integral.
public struct JSONValueEncoder {
  /// Values the encoded types may read from `Encoder.userInfo`.
  public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

  public init() {}

  /// The JSON value of `value`.
  /// - Throws: `EncodingError` when a type's own `encode(to:)` throws or encodes nothing.
  public func encode(_ value: some Encodable) throws -> JSONValue {
    let node = EncodingNode()
    try EncodingState(node: node, codingPath: [], userInfo: userInfo).encodeValue(value)
    guard let result = node.resolved() else {
      throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "the value encoded nothing"))
    }
    return result
  }
}

/// A value whose JSON form is "leave the key out" rather than `null` when it is absent.
///
/// Use for a key only some documents of a version carry (for example `prediction_checks` in
/// a plan that had `--validation`), so documents without it keep their exact earlier form.
@propertyWrapper
public struct OmittedWhenNil<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
  public var wrappedValue: Value?

  public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
  }
}

extension KeyedDecodingContainer {
  /// An absent key reads as nil (the synthesized decoder would otherwise require it).
  public func decode<Value>(_ type: OmittedWhenNil<Value>.Type, forKey key: Key) throws -> OmittedWhenNil<Value> {
    OmittedWhenNil(wrappedValue: try decodeIfPresent(Value.self, forKey: key))
  }
}

/// Lets the keyed container see, without knowing `Value`, that an `OmittedWhenNil` is empty.
private protocol OmissibleValue {
  var isOmitted: Bool { get }
}

extension OmittedWhenNil: OmissibleValue {
  fileprivate var isOmitted: Bool { wrappedValue == nil }
}

/// One node of the value being built; containers share nodes, so nested containers can be
/// filled in any order and the tree is read out once at the end. Members and items live in the
/// node's own arrays, so appending is amortized O(1) (a list of 10^5 samples stays linear).
private final class EncodingNode {
  enum Kind { case empty, value, object, array }

  var kind = Kind.empty
  var value = JSONValue.null
  var members: [(String, EncodingNode)] = []
  var items: [EncodingNode] = []

  func set(_ newValue: JSONValue) {
    kind = .value
    value = newValue
  }

  func resolved() -> JSONValue? {
    switch kind {
    case .empty: nil
    case .value: value
    case .object: .object(members.map { ($0.0, $0.1.resolved() ?? .object([])) })
    case .array: .array(items.map { $0.resolved() ?? .object([]) })
    }
  }

  /// The child for `key`, replacing an earlier one of the same key in place.
  func member(_ key: String) -> EncodingNode {
    makeObject()
    let child = EncodingNode()
    if let index = members.firstIndex(where: { $0.0 == key }) { members[index].1 = child } else { members.append((key, child)) }
    return child
  }

  func appendItem() -> EncodingNode {
    makeArray()
    let child = EncodingNode()
    items.append(child)
    return child
  }

  func makeObject() {
    guard kind != .object else { return }
    kind = .object
    members = []
  }

  func makeArray() {
    guard kind != .array else { return }
    kind = .array
    items = []
  }
}

private struct EncodingState: Encoder {
  let node: EncodingNode
  let codingPath: [any CodingKey]
  let userInfoValues: [CodingUserInfoKey: any Sendable]

  init(node: EncodingNode, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable]) {
    self.node = node
    self.codingPath = codingPath
    self.userInfoValues = userInfo
  }

  var userInfo: [CodingUserInfoKey: Any] { userInfoValues }

  func child(_ node: EncodingNode, _ key: any CodingKey) -> EncodingState {
    EncodingState(node: node, codingPath: codingPath + [key], userInfo: userInfoValues)
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    node.makeObject()
    return KeyedEncodingContainer(KeyedContainer<Key>(state: self))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    node.makeArray()
    return UnkeyedContainer(state: self)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueContainer(state: self) }

  /// Encodes `value` into this state's node: primitives directly, others through `encode(to:)`.
  func encodeValue(_ value: some Encodable) throws {
    if let primitive = Self.primitive(value) {
      node.set(primitive)
    } else {
      try value.encode(to: self)
    }
  }

  static func primitive(_ value: some Encodable) -> JSONValue? {
    switch value {
    case let value as JSONValue: value
    case let value as String: .string(value)
    case let value as Bool: .bool(value)
    case let value as Double: .number(value)
    case let value as Float: .number(Double(value))
    case let value as Int: .integer(value)
    case let value as Int32: .integer(Int(value))
    case let value as Int64: .integer(Int(value))
    case let value as Int8: .integer(Int(value))
    case let value as Int16: .integer(Int(value))
    case let value as UInt8: .integer(Int(value))
    case let value as UInt16: .integer(Int(value))
    case let value as UInt64: value <= UInt64(Int.max) ? .integer(Int(value)) : .unsignedInteger(value)
    case let value as UInt32: .integer(Int(value))
    case let value as UInt: value <= UInt(Int.max) ? .integer(Int(value)) : .unsignedInteger(UInt64(value))
    // Lists of numbers (samples) in one step rather than one container call per element.
    case let value as [Double]: .array(value.map { .number($0) })
    default: nil
    }
  }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let state: EncodingState
  var codingPath: [any CodingKey] { state.codingPath }

  mutating func encodeNil(forKey key: Key) throws { state.node.member(key.stringValue).set(.null) }

  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encodeGeneric(value, key) }
  mutating func encode(_ value: Bool, forKey key: Key) throws { try encodeGeneric(value, key) }
  mutating func encode(_ value: String, forKey key: Key) throws { try encodeGeneric(value, key) }
  mutating func encode(_ value: Double, forKey key: Key) throws { try encodeGeneric(value, key) }
  mutating func encode(_ value: Float, forKey key: Key) throws { try encodeGeneric(value, key) }
  mutating func encode(_ value: Int, forKey key: Key) throws { try encodeGeneric(value, key) }
  mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeGeneric(value, key) }
  mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeGeneric(value, key) }
  mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeGeneric(value, key) }
  mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeGeneric(value, key) }
  mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeGeneric(value, key) }
  mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeGeneric(value, key) }
  mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeGeneric(value, key) }
  mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeGeneric(value, key) }
  mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeGeneric(value, key) }

  private mutating func encodeGeneric<T: Encodable>(_ value: T, _ key: Key) throws {
    if let omissible = value as? any OmissibleValue, omissible.isOmitted { return }
    try state.child(state.node.member(key.stringValue), key).encodeValue(value)
  }

  // nil is written as null (the synthesized `encode(to:)` calls these for optionals).
  mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
    if let value { try encodeGeneric(value, key) } else { try encodeNil(forKey: key) }
  }
  mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOptional(value, key) }
  mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOptional(value, key) }
  mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOptional(value, key) }
  mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOptional(value, key) }
  mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOptional(value, key) }
  mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOptional(value, key) }
  mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOptional(value, key) }
  mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOptional(value, key) }
  mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOptional(value, key) }
  mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOptional(value, key) }
  mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOptional(value, key) }
  mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOptional(value, key) }
  mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOptional(value, key) }
  mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOptional(value, key) }

  private mutating func encodeOptional<T: Encodable>(_ value: T?, _ key: Key) throws {
    if let value { try encodeGeneric(value, key) } else { try encodeNil(forKey: key) }
  }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    state.child(state.node.member(key.stringValue), key).container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    state.child(state.node.member(key.stringValue), key).unkeyedContainer()
  }

  mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }
  mutating func superEncoder(forKey key: Key) -> any Encoder { state.child(state.node.member(key.stringValue), key) }
}

/// The coding-path key of a list item (its index), for the encoder and the decoder.
struct JSONIndexKey: CodingKey {
  var stringValue: String { "\(intValue ?? 0)" }
  var intValue: Int?
  init(_ index: Int) { intValue = index }
  init?(stringValue: String) { nil }
  init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
  let state: EncodingState
  var codingPath: [any CodingKey] { state.codingPath }
  private(set) var count = 0

  init(state: EncodingState) { self.state = state }

  private mutating func next() -> EncodingState {
    defer { count += 1 }
    return state.child(state.node.appendItem(), JSONIndexKey(count))
  }

  mutating func encodeNil() throws { next().node.set(.null) }
  mutating func encode<T: Encodable>(_ value: T) throws { try next().encodeValue(value) }
  mutating func encode(_ value: Bool) throws { try next().encodeValue(value) }
  mutating func encode(_ value: String) throws { try next().encodeValue(value) }
  mutating func encode(_ value: Double) throws { try next().encodeValue(value) }
  mutating func encode(_ value: Float) throws { try next().encodeValue(value) }
  mutating func encode(_ value: Int) throws { try next().encodeValue(value) }
  mutating func encode(_ value: Int8) throws { try next().encodeValue(value) }
  mutating func encode(_ value: Int16) throws { try next().encodeValue(value) }
  mutating func encode(_ value: Int32) throws { try next().encodeValue(value) }
  mutating func encode(_ value: Int64) throws { try next().encodeValue(value) }
  mutating func encode(_ value: UInt) throws { try next().encodeValue(value) }
  mutating func encode(_ value: UInt8) throws { try next().encodeValue(value) }
  mutating func encode(_ value: UInt16) throws { try next().encodeValue(value) }
  mutating func encode(_ value: UInt32) throws { try next().encodeValue(value) }
  mutating func encode(_ value: UInt64) throws { try next().encodeValue(value) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
    next().container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { next().unkeyedContainer() }
  mutating func superEncoder() -> any Encoder { next() }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
  let state: EncodingState
  var codingPath: [any CodingKey] { state.codingPath }

  mutating func encodeNil() throws { state.node.set(.null) }
  mutating func encode<T: Encodable>(_ value: T) throws { try state.encodeValue(value) }
  mutating func encode(_ value: Bool) throws { try state.encodeValue(value) }
  mutating func encode(_ value: String) throws { try state.encodeValue(value) }
  mutating func encode(_ value: Double) throws { try state.encodeValue(value) }
  mutating func encode(_ value: Float) throws { try state.encodeValue(value) }
  mutating func encode(_ value: Int) throws { try state.encodeValue(value) }
  mutating func encode(_ value: Int8) throws { try state.encodeValue(value) }
  mutating func encode(_ value: Int16) throws { try state.encodeValue(value) }
  mutating func encode(_ value: Int32) throws { try state.encodeValue(value) }
  mutating func encode(_ value: Int64) throws { try state.encodeValue(value) }
  mutating func encode(_ value: UInt) throws { try state.encodeValue(value) }
  mutating func encode(_ value: UInt8) throws { try state.encodeValue(value) }
  mutating func encode(_ value: UInt16) throws { try state.encodeValue(value) }
  mutating func encode(_ value: UInt32) throws { try state.encodeValue(value) }
  mutating func encode(_ value: UInt64) throws { try state.encodeValue(value) }
}
