/// A JSON text that could not be parsed: where (1-based line and column) and what was wrong.
public struct JSONParseError: Error, Equatable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  public var reason: String

  public init(line: Int, column: Int, reason: String) {
    self.line = line
    self.column = column
    self.reason = reason
  }

  public var description: String { "line \(line), column \(column): \(reason)" }
}

extension JSONValue {
  /// Deepest nesting of arrays and objects accepted, so a hostile file can't exhaust the stack.
  public static let maximumDepth = 512

  /// Parses JSON text (RFC 8259) into a value, keeping object members in file order.
  ///
  /// Strict: one value surrounded only by whitespace; no comments, trailing commas, NaN or
  /// single quotes. Whole numbers that fit in `Int` become `.integer`, larger non-negative ones
  /// that fit in `UInt64` `.unsignedInteger`, all others `.number`. A key that appears twice in
  /// one object is an error (readers would otherwise disagree on which one counts).
  /// - Throws: `JSONParseError` with the line and column of the first problem.
  public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
    var parser = JSONParser(bytes: Array(bytes))
    parser.skipWhitespace()
    let value = try parser.value(depth: 0)
    parser.skipWhitespace()
    guard parser.position == parser.bytes.count else { throw parser.error("unexpected text after the JSON value") }
    return value
  }

  /// Parses JSON text given as a string; see `parse(_:)` for bytes.
  public static func parse(_ text: String) throws(JSONParseError) -> JSONValue { try parse(Array(text.utf8)) }
}

/// A recursive-descent JSON parser over UTF-8 bytes.
private struct JSONParser {
  let bytes: [UInt8]
  var position = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  func error(_ reason: String, at offset: Int? = nil) -> JSONParseError {
    let end = min(offset ?? position, bytes.count)
    var line = 1
    var lineStart = 0
    for index in 0..<end where bytes[index] == UInt8(ascii: "\n") {
      line += 1
      lineStart = index + 1
    }
    // Columns count characters, not bytes: skip UTF-8 continuation bytes.
    let column = 1 + bytes[lineStart..<end].filter { $0 & 0xC0 != 0x80 }.count
    return JSONParseError(line: line, column: column, reason: reason)
  }

  mutating func skipWhitespace() {
    while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
  }

  var current: UInt8? { position < bytes.count ? bytes[position] : nil }

  mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
    guard let byte = current else { throw error("unexpected end of text; expected a value") }
    switch byte {
    case UInt8(ascii: "{"): return try object(depth: depth + 1)
    case UInt8(ascii: "["): return try array(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
    default: throw error("unexpected character '\(Character(Unicode.Scalar(byte)))'; expected a value")
    }
  }

  mutating func literal(_ word: String, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
    let expected = Array(word.utf8)
    guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected else {
      throw error("not a JSON value (expected '\(word)')")
    }
    position += expected.count
    return value
  }

  mutating func object(depth: Int) throws(JSONParseError) -> JSONValue {
    guard depth <= JSONValue.maximumDepth else { throw error("nested deeper than \(JSONValue.maximumDepth) levels") }
    position += 1
    var members: [(String, JSONValue)] = []
    var keys: Set<String> = []
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      position += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard current == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
      let keyStart = position
      let key = try string()
      guard keys.insert(key).inserted else { throw error("key '\(key)' appears twice in one object", at: keyStart) }
      skipWhitespace()
      guard current == UInt8(ascii: ":") else { throw error("expected ':' after key '\(key)'") }
      position += 1
      skipWhitespace()
      members.append((key, try value(depth: depth)))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "}"):
        position += 1
        return .object(members)
      default: throw error("expected ',' or '}' in an object")
      }
    }
  }

  mutating func array(depth: Int) throws(JSONParseError) -> JSONValue {
    guard depth <= JSONValue.maximumDepth else { throw error("nested deeper than \(JSONValue.maximumDepth) levels") }
    position += 1
    var items: [JSONValue] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      position += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try value(depth: depth))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "]"):
        position += 1
        return .array(items)
      default: throw error("expected ',' or ']' in an array")
      }
    }
  }

  mutating func string() throws(JSONParseError) -> String {
    position += 1  // the opening quote
    var scalars = String.UnicodeScalarView()
    var runStart = position
    func flushRun(_ end: Int) throws(JSONParseError) {
      guard runStart < end else { return }
      guard let text = String(validating: bytes[runStart..<end], as: UTF8.self) else {
        throw error("not valid UTF-8 text", at: runStart)
      }
      scalars.append(contentsOf: text.unicodeScalars)
    }
    while true {
      guard let byte = current else { throw error("unterminated string") }
      switch byte {
      case UInt8(ascii: "\""):
        try flushRun(position)
        position += 1
        return String(scalars)
      case UInt8(ascii: "\\"):
        try flushRun(position)
        position += 1
        scalars.append(try escape())
        runStart = position
      case 0..<0x20:
        throw error("control character in a string; write it as an escape such as \\n")
      default:
        position += 1
      }
    }
  }

  /// The character after a backslash (the backslash already consumed).
  mutating func escape() throws(JSONParseError) -> Unicode.Scalar {
    guard let byte = current else { throw error("unterminated string") }
    position += 1
    switch byte {
    case UInt8(ascii: "\""): return "\""
    case UInt8(ascii: "\\"): return "\\"
    case UInt8(ascii: "/"): return "/"
    case UInt8(ascii: "b"): return "\u{08}"
    case UInt8(ascii: "f"): return "\u{0C}"
    case UInt8(ascii: "n"): return "\n"
    case UInt8(ascii: "r"): return "\r"
    case UInt8(ascii: "t"): return "\t"
    case UInt8(ascii: "u"):
      let first = try hexQuad()
      if (0xD800...0xDBFF).contains(first) {
        guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
          throw error("lone high surrogate \\u\(String(first, radix: 16))")
        }
        position += 2
        let second = try hexQuad()
        guard (0xDC00...0xDFFF).contains(second) else { throw error("high surrogate not followed by a low one") }
        return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
      }
      guard let scalar = Unicode.Scalar(first) else { throw error("lone low surrogate \\u\(String(first, radix: 16))") }
      return scalar
    default:
      throw error("unknown escape '\\\(Character(Unicode.Scalar(byte)))'")
    }
  }

  mutating func hexQuad() throws(JSONParseError) -> UInt32 {
    guard bytes.count - position >= 4,
      let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
    else { throw error("expected four hex digits after \\u") }
    position += 4
    return value
  }

  mutating func number() throws(JSONParseError) -> JSONValue {
    let start = position
    func digits() -> Int {
      let first = position
      while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
      return position - first
    }
    if current == UInt8(ascii: "-") { position += 1 }
    let integerStart = position
    guard digits() > 0 else { throw error("a number needs digits") }
    if bytes[integerStart] == UInt8(ascii: "0"), position - integerStart > 1 {
      throw error("a number can't start with 0", at: integerStart)
    }
    var isWhole = true
    if current == UInt8(ascii: ".") {
      position += 1
      isWhole = false
      guard digits() > 0 else { throw error("expected digits after the decimal point") }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      position += 1
      isWhole = false
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
      guard digits() > 0 else { throw error("expected digits in the exponent") }
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    if isWhole, let integer = Int(text) { return .integer(integer) }
    if isWhole, let unsigned = UInt64(text) { return .unsignedInteger(unsigned) }
    guard let double = Double(text), double.isFinite else { throw error("number \(text) is out of range", at: start) }
    return .number(double)
  }
}
