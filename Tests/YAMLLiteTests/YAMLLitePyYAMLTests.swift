import Foundation
import TestSupport
import Testing

@testable import YAMLLite

/// Checks that every document YAML-lite accepts gives the value PyYAML's `safe_load` gives:
/// the `Profiles/` files, the valid snippets of the parser table, and random documents.
@Suite(.enabled(if: PyYAMLOracle.isAvailable, "python3 with PyYAML (import yaml) not found: PyYAML comparison skipped"))
struct YAMLLitePyYAMLTests {
  /// The repository's Profiles folder (found from this file's path).
  static let profilesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Profiles")

  static func profileFiles() -> [URL] {
    guard let walker = FileManager.default.enumerator(at: profilesDirectory, includingPropertiesForKeys: nil)
    else { return [] }
    return walker.compactMap { $0 as? URL }
      .filter { ["yaml", "yml"].contains($0.pathExtension) }
      .sorted { $0.path < $1.path }
  }

  /// The oracle really runs PyYAML: YAML 1.1 reads `yes` as a boolean, and floats come back
  /// as `float.hex()`.
  @Test func oracleSpeaksPyYAML() throws {
    let results = try PyYAMLOracle.load(["a: yes\nb: 1.5\n", "[1, x"])
    #expect(results[0] == #"["ok",["map",[[["str","a"],["bool","true"]],[["str","b"],["float","0x1.8000000000000p+0"]]]]]"#)
    #expect(results[1].hasPrefix(#"["error""#))
    #expect(PyYAMLOracle.canonical(.mapping(Mapping([("a", .bool(true)), ("b", .double(1.5))]))) == results[0])
  }

  @Test func profilesMatchPyYAML() throws {
    let files = Self.profileFiles()
    #expect(files.count >= 3, "expected hardware and workload files under \(Self.profilesDirectory.path)")
    let texts = try files.map { try String(contentsOf: $0, encoding: .utf8) }
    let python = try PyYAMLOracle.load(texts)
    for (index, file) in files.enumerated() {
      let ours = try YAMLParser.parse(texts[index], file: file.lastPathComponent)
      #expect(PyYAMLOracle.canonical(ours) == python[index], "\(file.path)")
    }
  }

  @Test func validSnippetsMatchPyYAML() throws {
    let texts = YAMLLiteParserTests.validCases.map(\.0)
    let python = try PyYAMLOracle.load(texts)
    for (index, text) in texts.enumerated() {
      let ours = try YAMLParser.parse(text)
      #expect(PyYAMLOracle.canonical(ours) == python[index], "\(text.debugDescription)")
    }
  }

  /// Structures the random documents rarely build; each must parse and match PyYAML.
  static let structuralCases = [
    "key:   # comment\n  - a\n  - b\n", "a:\n- b\n- c\nd:\n  e: 1\n", "a  : 1\n\"b\"  : 2\n",
    "a: b #c\nd: b# c\n", "- - - a\n    - b\n  - c\n- d\n", "-   - a\n    - b\n", "--- \nfoo\n",
    "{a: [1, {b: c}], 'd': \"e\"}\n", "\"a\\tb\": 'c''d'\n", "--- # c\n# d\n", "ключ: значение\n",
    "- name: x\n  tags: [a, b]\n  gpu:\n    count: 1\n- name: y\n", "a:\n  b:\n  c:\n    - 1\n",
    "a: [ ]\nb: { }\n", "a: [1, 2, ]\n", "url: http://x.org:8080/a?b=c#d\n", "a: 1 # x: y\n",
    "a: -1.5\nb: +0.5\nc: 0.0\nd: -0.0\n", "s: 'a: b'\n", "-\n-\n", "a:\n\n\n  b: 1\n",
    "a:\r\n  - 1\r\n", "x: \"\\u00e9\\x41\\/\\ \"\n",
  ]

  @Test func structuralCasesMatchPyYAML() throws {
    let python = try PyYAMLOracle.load(Self.structuralCases)
    for (index, text) in Self.structuralCases.enumerated() {
      let ours = try YAMLParser.parse(text)
      #expect(PyYAMLOracle.canonical(ours) == python[index], "\(text.debugDescription)")
    }
  }

  /// Pieces that random documents are built from: structure, scalars of every kind, and
  /// characters with special meaning.
  static let pieces = [
    "a", "b", "key", "x y", ": ", ":", "\n", "\n  ", "\n    ", " ", "  ", "- ", "-", "#", " # c", "\"",
    "'", "\\", "[", "]", "{", "}", ", ", ",", "1", "-2", "0", "1.5", ".5", "1.0e-3", "1e3", "true", "yes",
    "no", "null", "~", "2026-01-02", ".inf", "?", "&a", "*a", "!t", "|", "%", "@", "é", "\t", "'s'", "\"d\"",
    "---", "...", "012", "1:2", "_", "=", "<<", "0x1",
  ]

  @Test func randomDocumentsMatchPyYAMLWhenAccepted() throws {
    var generator = SeededGenerator(seed: 20_261_126)
    var accepted: [(String, Value)] = []
    for _ in 0..<3000 {
      var text = ""
      for _ in 0..<Int.random(in: 1...14, using: &generator) {
        text += Self.pieces.randomElement(using: &generator) ?? ""
      }
      if let value = try? YAMLParser.parse(text) { accepted.append((text, value)) }
    }
    #expect(accepted.count > 100)
    let python = try PyYAMLOracle.load(accepted.map(\.0))
    for (index, (text, value)) in accepted.enumerated() {
      #expect(PyYAMLOracle.canonical(value) == python[index], "\(text.debugDescription)")
    }
  }
}

@Suite struct YAMLLiteFuzzTests {
  /// Random bytes (and random mixes of YAML pieces) must give a value or a `YAMLLiteError`,
  /// never a trap or a hang.
  @Test func randomBytesNeverCrash() {
    var generator = SeededGenerator(seed: 7)
    var errors = 0
    for round in 0..<3000 {
      let count = Int.random(in: 0...80, using: &generator)
      var bytes: [UInt8] = []
      for _ in 0..<count {
        // Half the rounds favour YAML's own characters, so parsing gets past the first line.
        if round % 2 == 0 {
          let alphabet = Array("ab1:- \n\t#'\"[]{},.\\&*!|>?%~".utf8)
          bytes.append(alphabet.randomElement(using: &generator) ?? 0)
        } else {
          bytes.append(UInt8.random(in: 0...255, using: &generator))
        }
      }
      do { _ = try YAMLParser.parse(bytes: bytes) } catch { errors += 1 }
    }
    #expect(errors > 0)
  }
}
