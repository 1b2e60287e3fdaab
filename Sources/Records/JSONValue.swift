import Foundation

/// A JSON value with object keys kept in the order they were written, so output is
/// deterministic and reads in a sensible order (JSONSerialization sorts or shuffles keys).
public indirect enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  case number(Double)
  case integer(Int)
  /// A whole number above `Int.max` (a 64-bit seed, say), written exactly.
  case unsignedInteger(UInt64)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }

  /// A number, or null when nil or not finite (JSON has no NaN or infinity).
  public static func number(_ value: Double?) -> JSONValue {
    guard let value, value.isFinite else { return .null }
    return .number(value)
  }

  /// A string, or null when nil.
  public static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

  /// The member named `key` of an object (the first, should a key repeat); nil for other values.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  /// Serializes with two-space indentation and a final newline (when `pretty`), else compactly.
  public func serialized(pretty: Bool = true) -> String {
    var out = ""
    write(to: &out, indent: pretty ? 0 : nil)
    return pretty ? out + "\n" : out
  }

  private func write(to out: inout String, indent: Int?) {
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .integer(let value): out += String(value)
    case .unsignedInteger(let value): out += String(value)
    case .number(let value): out += Self.format(value)
    case .string(let value): Self.writeString(value, to: &out)
    case .array(let items):
      guard !items.isEmpty else { out += "[]"; return }
      out += "["
      for (index, item) in items.enumerated() {
        if index > 0 { out += "," }
        newline(&out, indent.map { $0 + 1 })
        item.write(to: &out, indent: indent.map { $0 + 1 })
      }
      newline(&out, indent)
      out += "]"
    case .object(let members):
      guard !members.isEmpty else { out += "{}"; return }
      out += "{"
      for (index, (key, value)) in members.enumerated() {
        if index > 0 { out += "," }
        newline(&out, indent.map { $0 + 1 })
        Self.writeString(key, to: &out)
        out += indent == nil ? ":" : ": "
        value.write(to: &out, indent: indent.map { $0 + 1 })
      }
      newline(&out, indent)
      out += "}"
    }
  }

  private func newline(_ out: inout String, _ indent: Int?) {
    guard let indent else { return }
    out += "\n" + String(repeating: "  ", count: indent)
  }

  /// Shortest round-tripping form; integral values below 2⁵³ without a fraction; non-finite → null.
  static func format(_ value: Double) -> String {
    guard value.isFinite else { return "null" }
    if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
    return "\(value)"
  }

  /// RFC 8259 string: quotes, backslash and control characters escaped.
  static func writeString(_ value: String, to out: inout String) {
    out += "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}
