import Foundation

/// The dict literal of a `.npy` header, parsed and checked:
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
struct NPYHeader {
  /// `<f4`, `<i4` or `<i8` (checked).
  var descr: String
  var shape: [Int]
  /// Product of `shape` (1 for a 0-d array), at most `NPYFile.maximumElements`.
  var elementCount: Int

  init(text: String, path: String) throws {
    var parser = LiteralParser(characters: Array(text))
    let fields: [String: LiteralParser.Value]
    do {
      fields = try parser.parseDictionary()
    } catch let problem as LiteralParser.Problem {
      throw NPYError.badHeader(path: path, detail: problem.message)
    }
    guard case let .string(descr)? = fields["descr"] else {
      throw NPYError.badHeader(path: path, detail: "no 'descr' string")
    }
    guard case let .boolean(fortranOrder)? = fields["fortran_order"] else {
      throw NPYError.badHeader(path: path, detail: "no 'fortran_order' True/False")
    }
    guard case let .tuple(rawShape)? = fields["shape"] else {
      throw NPYError.badHeader(path: path, detail: "no 'shape' tuple")
    }
    if descr.hasPrefix(">") { throw NPYError.bigEndian(path: path, descr: descr) }
    guard ["<f4", "<i4", "<i8"].contains(descr) else { throw NPYError.unsupportedDType(path: path, descr: descr) }
    guard !fortranOrder else { throw NPYError.fortranOrder(path: path) }
    let shapeText = "(" + rawShape.joined(separator: ", ") + ")"
    var shape: [Int] = []
    var count = 1
    for text in rawShape {
      guard let size = Int(text), size >= 0 else {
        // A digit string too long for Int is an absurd size, not a malformed one.
        if text.allSatisfy(\.isNumber) { throw NPYError.tooLarge(path: path, elements: shapeText, limit: NPYFile.maximumElements) }
        throw NPYError.badShape(path: path, shape: shapeText)
      }
      let (product, overflow) = count.multipliedReportingOverflow(by: size)
      guard !overflow, product <= NPYFile.maximumElements else {
        throw NPYError.tooLarge(path: path, elements: shapeText, limit: NPYFile.maximumElements)
      }
      shape.append(size)
      count = product
    }
    self.descr = descr
    self.shape = shape
    self.elementCount = count
  }
}

/// A parser for the small subset of Python literals `.npy` headers use: a dict with string
/// keys and string, True/False or tuple-of-integers values.
private struct LiteralParser {
  enum Value {
    case string(String)
    case boolean(Bool)
    /// The tuple's items as written (checked as integers by the caller).
    case tuple([String])
  }

  struct Problem: Error { var message: String }

  let characters: [Character]
  var index = 0

  init(characters: [Character]) { self.characters = characters }

  mutating func skipSpaces() {
    while index < characters.count, characters[index].isWhitespace { index += 1 }
  }

  mutating func expect(_ character: Character) throws {
    skipSpaces()
    guard index < characters.count, characters[index] == character else {
      throw Problem(message: "expected '\(character)' at character \(index)")
    }
    index += 1
  }

  mutating func peek() -> Character? {
    skipSpaces()
    return index < characters.count ? characters[index] : nil
  }

  mutating func parseDictionary() throws -> [String: Value] {
    try expect("{")
    var result: [String: Value] = [:]
    while peek() != "}" {
      guard case let .string(key) = try parseValue() else { throw Problem(message: "dict keys must be strings") }
      try expect(":")
      guard result[key] == nil else { throw Problem(message: "duplicate key '\(key)'") }
      result[key] = try parseValue()
      if peek() == "," { index += 1 } else { break }
    }
    try expect("}")
    return result
  }

  mutating func parseValue() throws -> Value {
    guard let first = peek() else { throw Problem(message: "unexpected end of header") }
    if first == "'" || first == "\"" {
      index += 1
      let start = index
      while index < characters.count, characters[index] != first { index += 1 }
      guard index < characters.count else { throw Problem(message: "unterminated string") }
      index += 1
      return .string(String(characters[start..<(index - 1)]))
    }
    if first == "(" {
      index += 1
      var items: [String] = []
      while peek() != ")" {
        let start = index
        while index < characters.count, !",)".contains(characters[index]) { index += 1 }
        let item = String(characters[start..<index]).trimmingCharacters(in: .whitespaces)
        guard !item.isEmpty else { throw Problem(message: "empty tuple item") }
        items.append(item)
        if peek() == "," { index += 1 } else { break }
      }
      try expect(")")
      return .tuple(items)
    }
    for (word, value) in [("True", true), ("False", false)] where characters[index...].starts(with: word) {
      index += word.count
      return .boolean(value)
    }
    throw Problem(message: "unexpected '\(first)' at character \(index)")
  }
}
