import Foundation
import Records
import Testing

@Suite("JSON value: serializer and parser")
struct JSONValueTests {
  static let serializerCases: [(JSONValue, String)] = [
    (.string("a\"b\\c"), "\"a\\\"b\\\\c\""), (.string("tab\tnl\n"), "\"tab\\tnl\\n\""),
    (.string("\u{01}"), "\"\\u0001\""), (.string("µs ✓"), "\"µs ✓\""), (.string("/tmp/a"), "\"/tmp/a\""),
    (.number(.nan), "null"), (.number(.infinity), "null"), (.number(2), "2"), (.number(0.25), "0.25"),
    (.number(1e-5), "1e-05"), (.unsignedInteger(UInt64.max), "18446744073709551615"),
    (.object([("b", .integer(1)), ("a", .null)]), "{\"b\":1,\"a\":null}"), (.array([]), "[]"),
  ]

  @Test("The serializer escapes strings, writes non-finite numbers as null and keeps key order", arguments: serializerCases)
  func serializer(_ c: (JSONValue, String)) {
    #expect(c.0.serialized(pretty: false) == c.1)
  }

  @Test("Pretty output: two-space indentation, \": \" after keys, a final newline")
  func pretty() {
    let value = JSONValue.object([("a", .array([.integer(1), .bool(true)])), ("b", .object([]))])
    #expect(value.serialized() == "{\n  \"a\": [\n    1,\n    true\n  ],\n  \"b\": {}\n}\n")
  }

  static let roundTrips: [JSONValue] = [
    .null, .bool(false), .integer(-42), .integer(Int.max), .unsignedInteger(UInt64(Int.max) + 1), .number(0.1),
    .number(-1.5e-300), .number(6.02214076e23), .string("ünïcødé \u{1F600} \"q\" \\ \u{7F}"),
    .object([("z", .integer(1)), ("a", .array([.null, .string(""), .object([])]))]),
  ]

  @Test("parse(serialized(v)) == v, pretty and compact", arguments: roundTrips)
  func roundTrip(_ value: JSONValue) throws {
    #expect(try JSONValue.parse(value.serialized()) == value)
    #expect(try JSONValue.parse(value.serialized(pretty: false)) == value)
  }

  @Test("The parser reads escapes, surrogate pairs, exponents and whitespace")
  func parserForms() throws {
    let value = try JSONValue.parse(" {\"a\\u00e9\\n\": [1E2, -0.5e-1, \"\\ud83d\\ude00\\/\"]}\r\n")
    #expect(value == .object([("aé\n", .array([.number(100), .number(-0.05), .string("😀/")]))]))
    #expect(try JSONValue.parse("2.0") == .number(2))
    #expect(try JSONValue.parse("-0") == .integer(0))
  }

  /// Bad text → the error's line, column and reason. Every case must throw, never trap or hang.
  static let badTexts: [(String, String)] = [
    ("", "line 1, column 1: unexpected end of text; expected a value"),
    ("{\"a\": 1", "line 1, column 8: expected ',' or '}' in an object"),
    ("{\"a\": 1,}", "line 1, column 9: expected a key in double quotes"),
    ("[1, 2,]", "line 1, column 7: unexpected character ']'; expected a value"),
    ("{\"a\": 1, \"a\": 2}", "line 1, column 10: key 'a' appears twice in one object"),
    ("{\n  \"k\": 01\n}", "line 2, column 8: a number can't start with 0"),
    ("NaN", "line 1, column 1: unexpected character 'N'; expected a value"),
    ("[1e999]", "line 1, column 2: number 1e999 is out of range"),
    ("\"abc", "line 1, column 5: unterminated string"),
    ("\"a\u{01}\"", "line 1, column 3: control character in a string; write it as an escape such as \\n"),
    ("\"\\x\"", "line 1, column 4: unknown escape '\\x'"),
    ("\"\\ud800\"", "line 1, column 8: lone high surrogate \\ud800"),
    ("\"\\u12\"", "line 1, column 4: expected four hex digits after \\u"),
    ("tru", "line 1, column 1: not a JSON value (expected 'true')"),
    ("1 2", "line 1, column 3: unexpected text after the JSON value"),
    ("{1: 2}", "line 1, column 2: expected a key in double quotes"),
    ("-", "line 1, column 2: a number needs digits"),
    ("1.", "line 1, column 3: expected digits after the decimal point"),
    (String(repeating: "[", count: 600), "line 1, column 513: nested deeper than 512 levels"),
  ]

  @Test("Bad JSON text gives its line, column and reason", arguments: badTexts)
  func badText(_ c: (String, String)) {
    #expect(performing: { try JSONValue.parse(c.0) }, throws: { "\($0)" == c.1 })
  }

  @Test("Invalid UTF-8 inside a string is an error")
  func invalidUTF8() {
    #expect(throws: JSONParseError(line: 1, column: 2, reason: "not valid UTF-8 text")) {
      try JSONValue.parse([0x22, 0xFF, 0x22])
    }
  }
}
