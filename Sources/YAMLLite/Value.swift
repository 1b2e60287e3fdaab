/// A 1-based line and column (counted in Unicode scalars) in a YAML-lite document.
public struct Position: Equatable, Hashable, Sendable, CustomStringConvertible {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public var description: String { "\(line):\(column)" }
}

/// A value read from a YAML-lite document: what PyYAML's `safe_load` returns for the same text
/// (`str`, `int`, `float`, `bool`, `None`, `list`, `dict`), with mapping key order kept.
public enum Value: Equatable, Sendable {
  /// `null`, `~` or an empty value (Python `None`).
  case null
  /// `true`/`false` in any of YAML 1.1's case forms.
  case bool(Bool)
  /// A decimal integer within `Int`'s range.
  case int(Int)
  /// A number with a dot (`1.5`, `1.0e-3`), or `.inf`/`.nan`.
  case double(Double)
  /// A plain or quoted string.
  case string(String)
  /// A block or flow list.
  case list([Value])
  /// A block or flow mapping with string keys in document order.
  case mapping(Mapping)

  /// The mapping, if this value is one.
  public var mapping: Mapping? {
    if case let .mapping(m) = self { return m }
    return nil
  }

  /// The list, if this value is one.
  public var list: [Value]? {
    if case let .list(l) = self { return l }
    return nil
  }

  /// The string, if this value is one (numbers are not converted).
  public var string: String? {
    if case let .string(s) = self { return s }
    return nil
  }

  /// The number as a `Double`, for an `int` or a `double`.
  public var number: Double? {
    switch self {
    case let .int(i): Double(i)
    case let .double(d): d
    default: nil
    }
  }

  /// A short name of the value's kind for error messages: "a string", "a list", "null", …
  public var kindDescription: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .int: "an integer"
    case .double: "a number"
    case .string: "a string"
    case .list: "a list"
    case .mapping: "a mapping"
    }
  }
}

/// A mapping with string keys in document order, and where each key was written.
///
/// Equality compares keys, order and values; positions are not compared, so a parsed
/// mapping equals one built in code.
public struct Mapping: Equatable, Sendable {
  /// The keys in the order they appear in the document.
  public private(set) var keys: [String] = []
  private var values: [String: Value] = [:]
  private var positions: [String: Position] = [:]
  /// Where the mapping starts (its first key, or its opening brace); nil when built in code.
  public var position: Position?

  /// Creates an empty mapping that starts at `position`.
  public init(position: Position? = nil) { self.position = position }

  /// Creates a mapping from key-value pairs in order; a later duplicate key replaces the value.
  public init(_ entries: [(String, Value)]) {
    for (key, value) in entries { set(key, value) }
  }

  /// The value stored under `key`, or nil.
  public subscript(key: String) -> Value? { values[key] }

  /// Where `key` was written, or nil (absent, or built in code).
  public func position(of key: String) -> Position? { positions[key] }

  /// The key-value pairs in document order.
  public var entries: [(key: String, value: Value)] { keys.compactMap { k in values[k].map { (k, $0) } } }

  /// Number of keys.
  public var count: Int { keys.count }

  /// Whether `key` is present.
  public func contains(_ key: String) -> Bool { values[key] != nil }

  /// Adds or replaces `key` (a new key goes last).
  public mutating func set(_ key: String, _ value: Value, at position: Position? = nil) {
    if values[key] == nil { keys.append(key) }
    values[key] = value
    if let position { positions[key] = position }
  }

  /// Same keys in the same order with equal values; positions are ignored.
  public static func == (lhs: Mapping, rhs: Mapping) -> Bool {
    lhs.keys == rhs.keys && lhs.values == rhs.values
  }
}
