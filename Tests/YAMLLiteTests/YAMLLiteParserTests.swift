import Foundation
import Testing

@testable import YAMLLite

/// A mapping from pairs, for short expected values.
func map(_ pairs: (String, Value)...) -> Value { .mapping(Mapping(pairs)) }

@Suite struct YAMLLiteParserTests {
  static let validCases: [(String, Value)] = [
    ("", .null),
    ("# only a comment\n\n", .null),
    ("---\n", .null),
    ("--- # start\na: 1\n", map(("a", .int(1)))),
    ("a: 1\nb: -2\nc: +3\nd: 0\n", map(("a", .int(1)), ("b", .int(-2)), ("c", .int(3)), ("d", .int(0)))),
    ("x: 1.5\ny: 1.\nz: .5\nw: 1.0e-3\nv: -2.5E+6\n",
     map(("x", .double(1.5)), ("y", .double(1)), ("z", .double(0.5)), ("w", .double(0.001)), ("v", .double(-2.5e6)))),
    ("a: .inf\nb: -.inf\n", map(("a", .double(.infinity)), ("b", .double(-.infinity)))),
    ("a: true\nb: False\nc: TRUE\n", map(("a", .bool(true)), ("b", .bool(false)), ("c", .bool(true)))),
    ("a: ~\nb: null\nc:\nd: NULL\n", map(("a", .null), ("b", .null), ("c", .null), ("d", .null))),
    ("name: c7i.xlarge\nurl: https://x.org/a#b?c=d # note\n",
     map(("name", .string("c7i.xlarge")), ("url", .string("https://x.org/a#b?c=d")))),
    ("a: hello  world  \n", map(("a", .string("hello  world")))),
    ("a: 'it''s # not a comment'\n", map(("a", .string("it's # not a comment")))),
    ("a: \"q\\\" b\\\\ \\n \\t \\u00e9 \\x41 \\U0001F600\"\n", map(("a", .string("q\" b\\ \n \t é A 😀")))),
    ("'quoted key': 1\n\"k 2\": 2\n", map(("quoted key", .int(1)), ("k 2", .int(2)))),
    ("a:\n  b:\n    c: 1\n  d: 2\ne: 3\n",
     map(("a", map(("b", map(("c", .int(1)))), ("d", .int(2)))), ("e", .int(3)))),
    ("- a\n- 1\n-\n- 'b'\n", .list([.string("a"), .int(1), .null, .string("b")])),
    ("k:\n- a\n- b\nn: 1\n", map(("k", .list([.string("a"), .string("b")])), ("n", .int(1)))),
    ("- name: x\n  n: 1\n- name: y\n  n: 2\n",
     .list([map(("name", .string("x")), ("n", .int(1))), map(("name", .string("y")), ("n", .int(2)))])),
    ("- - a\n  - b\n- c\n", .list([.list([.string("a"), .string("b")]), .string("c")])),
    ("-\n  a: 1\n", .list([map(("a", .int(1)))])),
    ("l: [a, 1, \"b\", 2.5, [x, y], {k: v}]\n",
     map(("l", .list([.string("a"), .int(1), .string("b"), .double(2.5), .list([.string("x"), .string("y")]),
       map(("k", .string("v")))])))),
    ("l: []\nm: {}\nt: [a, b,]\n", map(("l", .list([])), ("m", map()), ("t", .list([.string("a"), .string("b")])))),
    ("m: {a: 1, 'b': x y, c: , \"d\":2}\n",
     map(("m", map(("a", .int(1)), ("b", .string("x y")), ("c", .null), ("d", .int(2)))))),
    ("plain text\n", .string("plain text")),
    ("  a: 1\n  b: 2\n", map(("a", .int(1)), ("b", .int(2)))),
    ("a: 1\r\nb: 2\r\n", map(("a", .int(1)), ("b", .int(2)))),
    ("\u{FEFF}a: x\n", map(("a", .string("x")))),
    ("a: -x\nb: :y\nc: x:y\nd: a-b\ne: '2026-11-26'\n",
     map(("a", .string("-x")), ("b", .string(":y")), ("c", .string("x:y")), ("d", .string("a-b")),
       ("e", .string("2026-11-26")))),
    ("a: y\nb: n\nc: 1x\nd: 12 GB\n",
     map(("a", .string("y")), ("b", .string("n")), ("c", .string("1x")), ("d", .string("12 GB")))),
  ]

  @Test(arguments: validCases)
  func parsesValidDocuments(text: String, expected: Value) throws {
    #expect(try YAMLParser.parse(text) == expected)
  }

  static let invalidCases: [(String, String)] = [
    ("a: 1\na: 2\n", "<input>:2:1: duplicate key 'a' (first on line 1); each key may appear once."),
    ("a:\n\tb: 1\n", "<input>:2:1: tab character in indentation; YAML-lite indents with spaces only."),
    ("a:\t1\n", "<input>:1:3: tab character; YAML-lite separates values with spaces only."),
    ("a: yes\n",
     "<input>:1:4: 'yes' is a boolean in YAML 1.1 (PyYAML) but a string in YAML 1.2; write true or false, or quote it ('yes') for a string."),
    ("a: Off\n",
     "<input>:1:4: 'Off' is a boolean in YAML 1.1 (PyYAML) but a string in YAML 1.2; write true or false, or quote it ('Off') for a string."),
    ("a: 1e-3\n",
     "<input>:1:4: '1e-3' looks like a number but YAML 1.1 (PyYAML) reads it as a string; write a digit before the dot and a dot before any signed exponent (0.5, -0.5, 1.0e-3, 2.0e+6), or quote it."),
    ("a: +.5\n",
     "<input>:1:4: '+.5' looks like a number but YAML 1.1 (PyYAML) reads it as a string; write a digit before the dot and a dot before any signed exponent (0.5, -0.5, 1.0e-3, 2.0e+6), or quote it."),
    ("a: 012\n",
     "<input>:1:4: number '012' uses a YAML 1.1 form that is not supported (octal, hex, binary, underscores or base 60); write a plain decimal number, or quote it for a string."),
    ("a: 1:30\n",
     "<input>:1:4: number '1:30' uses a YAML 1.1 form that is not supported (octal, hex, binary, underscores or base 60); write a plain decimal number, or quote it for a string."),
    ("as_of: 2026-11-26\n", "<input>:1:8: '2026-11-26' is a date or time to PyYAML, not a string; quote it: \"2026-11-26\"."),
    ("a: 99999999999999999999\n",
     "<input>:1:4: integer '99999999999999999999' is out of range (-9223372036854775808...9223372036854775807)."),
    ("a: &x 1\n", "<input>:1:4: anchors ('&name') are not supported; repeat the value instead."),
    ("a: *x\n", "<input>:1:4: aliases ('*name') are not supported; repeat the value instead."),
    ("a: !!str 1\n", "<input>:1:4: tags ('!tag', '!!str') are not supported; quote the value for a string."),
    ("a: |\n  text\n", "<input>:1:4: block scalars ('|', '>') are not supported; write the text on one line in quotes."),
    ("a: b: c\n",
     "<input>:1:5: unexpected ':' after a value; a value containing ': ' must be quoted, and keys must be plain or quoted strings."),
    ("a: \"x\" y\n", "<input>:1:8: unexpected text after the value; quote the whole value or add '#' before a comment."),
    ("a: 'open\n", "<input>:1:4: string opened with ' is not closed on this line; multi-line strings are not supported."),
    ("a: \"\\q\"\n", "<input>:1:5: unknown escape '\\q'; use \\\\ for a backslash, or \\\" \\n \\t \\uXXXX."),
    ("a: \"\\uD800\"\n", "<input>:1:5: escape '\\u' names U+D800, which is not a Unicode scalar."),
    ("a: [1, 2\n",
     "<input>:1:9: flow collection not closed on this line; '[...]' and '{...}' must open and close on one line."),
    ("a: [1,, 2]\n", "<input>:1:7: expected a value, found ','."),
    ("a: [x: 1]\n", "<input>:1:6: 'key: value' pairs inside a flow list are not supported; use {key: value}."),
    ("a: {b:1}\n", "<input>:1:8: expected ':' after key 'b:1' in a flow mapping; write {key: value}."),
    ("a: - b\n", "<input>:1:4: a list item can't start on the line of its key; put '- item' on the next line, indented."),
    ("a: 1\n  b: 2\n",
     "<input>:2:3: unexpected indentation after the value on line 1; multi-line values are not supported (quote the value on one line), and nested keys need a 'key:' line with no value."),
    ("a:\n    b: 1\n  c: 2\n", "<input>:3:3: bad indentation: expected 0 spaces like the keys above, found 2."),
    ("a: 1\n- b\n", "<input>:2:1: expected 'key: value' here, found a list item; indent it under a key."),
    ("a: 1\nb\n", "<input>:2:1: expected 'key: value' like the lines above."),
    ("1: a\n", "<input>:1:1: key '1' is an integer, not a string; quote it: \"1\"."),
    ("null: a\n", "<input>:1:1: key 'null' is null, not a string; quote it: \"null\"."),
    ("? a\n: b\n", "<input>:1:1: complex keys ('? key') are not supported; write 'key: value'."),
    ("a: 1\n---\nb: 2\n", "<input>:2:1: a second document ('---') is not supported; use one document per file."),
    ("a: 1\n...\n", "<input>:2:1: the document end marker '...' is not supported; remove it."),
    ("--- a\n", "<input>:1:5: content on the '---' line is not supported; start the document on the next line."),
    ("%YAML 1.1\n---\n", "<input>:1:1: directives ('%YAML', '%TAG') are not supported; remove the line."),
    ("a: \u{01}\n",
     "<input>:1:4: control character U+0001 is not allowed; remove it or write it as an escape in a \"double-quoted\" string."),
    ("a: =\n", "<input>:1:4: '=' has a special meaning in YAML 1.1 and is not supported; quote it."),
    ("<<: {a: 1}\n", "<input>:1:1: '<<' has a special meaning in YAML 1.1 and is not supported; quote it."),
    ("a: ]\n", "<input>:1:4: unexpected ']'; quote the value if it is text."),
    ("a: @x\n", "<input>:1:4: '@' can't start a plain value; quote the value."),
  ]

  @Test(arguments: invalidCases)
  func rejectsInvalidDocuments(text: String, message: String) {
    #expect(throws: YAMLLiteError.self) { try YAMLParser.parse(text) }
    do {
      _ = try YAMLParser.parse(text)
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func rejectsInvalidUTF8WithPosition() {
    #expect(throws: YAMLLiteError(file: "f.yaml", line: 2, column: 4, message: "invalid UTF-8; save the file as UTF-8.")) {
      try YAMLParser.parse(bytes: Array("a: 1\nb: ".utf8) + [0xFF, 0x0A], file: "f.yaml")
    }
  }

  @Test func limitsNesting() {
    let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
    #expect(throws: YAMLLiteError.self) { try YAMLParser.parse(deep) }
    var block = ""
    for level in 0..<100 { block += String(repeating: " ", count: level) + "k:\n" }
    let error = #expect(throws: YAMLLiteError.self) { try YAMLParser.parse(block) }
    #expect(error?.message == "nesting deeper than 64 levels is not supported.")
    // Exactly at the limit is fine.
    var atLimit = ""
    for level in 0..<YAMLParser.maximumDepth { atLimit += String(repeating: " ", count: level) + "k:\n" }
    #expect(throws: Never.self) { try YAMLParser.parse(atLimit) }
  }

  @Test func limitsDocumentSize() throws {
    let line = "key_\(String(repeating: "x", count: 50)): 1\n"
    let big = Array(String(repeating: line, count: YAMLParser.maximumDocumentBytes / line.utf8.count + 1).utf8)
    let error = #expect(throws: YAMLLiteError.self) { try YAMLParser.parse(bytes: big, file: "big.yaml") }
    #expect(error?.description.hasPrefix("big.yaml:0:0: the document is \(big.count) bytes, above the limit") == true)
    // A file that size is refused before it is read (a sparse 1 GB file would take seconds to decode).
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("yaml-\(UUID().uuidString).yaml").path
    #expect(FileManager.default.createFile(atPath: path, contents: Data("a: 1\n".utf8)))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: 1 << 30)
    try handle.close()
    let fileError = #expect(throws: YAMLLiteError.self) { try YAMLParser.parse(contentsOfFile: path) }
    #expect(fileError?.message.contains("1073741824 bytes, above the limit of 1048576 bytes") == true)
  }

  @Test func keepsKeyOrderAndPositions() throws {
    let value = try YAMLParser.parse("z: 1\na:\n  m: 2\n")
    let mapping = try #require(value.mapping)
    #expect(mapping.keys == ["z", "a"])
    #expect(mapping.position(of: "a") == Position(line: 2, column: 1))
    #expect(mapping["a"]?.mapping?.position(of: "m") == Position(line: 3, column: 3))
    #expect(mapping["a"]?.mapping?.position == Position(line: 3, column: 3))
  }

  @Test func readsFilesAndNamesThemInErrors() throws {
    #expect(throws: YAMLLiteError.self) { try YAMLParser.parse(contentsOfFile: "/nonexistent/x.yaml") }
  }
}
