// What sits on one line: keys, scalars and one-line flow collections. A `column` is a
// 0-based index into `line.text`; errors report it 1-based.
extension DocumentParser {
  /// Characters that can't start a plain scalar, with the reason.
  static func indicatorProblem(_ c: Unicode.Scalar) -> String? {
    switch c {
    case "&": "anchors ('&name') are not supported; repeat the value instead."
    case "*": "aliases ('*name') are not supported; repeat the value instead."
    case "!": "tags ('!tag', '!!str') are not supported; quote the value for a string."
    case "|", ">": "block scalars ('|', '>') are not supported; write the text on one line in quotes."
    case "%", "@", "`": "'\(c)' can't start a plain value; quote the value."
    default: nil
    }
  }

  func skipSpaces(_ line: SourceLine, _ column: inout Int) throws(YAMLLiteError) {
    while column < line.text.count, line.text[column] == " " { column += 1 }
    if column < line.text.count, line.text[column] == "\t" {
      throw error(line, column, "tab character; YAML-lite separates values with spaces only.")
    }
  }

  /// End of line, or a comment: `#` at the start of the content or after a space.
  func isEndOrComment(_ line: SourceLine, _ column: Int) -> Bool {
    column >= line.text.count
      || (line.text[column] == "#" && (column == line.start || line.text[column - 1] == " "))
  }

  func expectLineEnd(_ line: SourceLine, _ column: Int) throws(YAMLLiteError) {
    var column = column
    try skipSpaces(line, &column)
    guard !isEndOrComment(line, column) else { return }
    if line.text[column] == ":" {
      throw error(
        line, column,
        "unexpected ':' after a value; a value containing ': ' must be quoted, and keys must be plain or quoted strings.")
    }
    throw error(line, column, "unexpected text after the value; quote the whole value or add '#' before a comment.")
  }

  func peek(_ line: SourceLine, _ column: Int) -> Unicode.Scalar? {
    column < line.text.count ? line.text[column] : nil
  }

  /// Whether the scalar at `column` is a space, a tab or the end of the line.
  func isBlank(_ line: SourceLine, _ column: Int) -> Bool {
    guard let c = peek(line, column) else { return true }
    return c == " " || c == "\t"
  }

  /// If the line's content is `key:` (followed by a space or the end of the line), returns
  /// the key, where it starts and the column after the colon.
  func scanKey(_ line: SourceLine) throws(YAMLLiteError) -> (String, Int, Int)? {
    var column = line.start
    let first = line.text[column]
    let key: String
    if first == "\"" || first == "'" {
      key = try parseQuoted(line, &column)
      try skipSpaces(line, &column)
    } else if first == "?" && isBlank(line, column + 1) {
      throw error(line, column, "complex keys ('? key') are not supported; write 'key: value'.")
    } else if startsPlain(line, column, inFlow: false) {
      let text = try scanPlain(line, &column, inFlow: false)
      guard peek(line, column) == ":" else { return nil }
      key = try plainKey(text, line, line.start)
    } else {
      return nil
    }
    guard peek(line, column) == ":", isBlank(line, column + 1) else { return nil }
    if column - line.start > 1024 {
      throw error(line, line.start, "key longer than 1024 characters; PyYAML refuses it, so YAML-lite does too.")
    }
    return (key, line.start, column + 1)
  }

  /// A plain key must resolve to a string: `1:`, `true:` or `null:` would be a number, a
  /// boolean or null in PyYAML.
  func plainKey(_ text: String, _ line: SourceLine, _ column: Int) throws(YAMLLiteError) -> String {
    switch ScalarResolver.resolve(text) {
    case .value(.string(let s)): return s
    case .value(let other):
      throw error(line, column, "key '\(text)' is \(other.kindDescription), not a string; quote it: \"\(text)\".")
    case .rejected(let reason): throw error(line, column, reason)
    }
  }

  /// Whether a plain scalar may start at `column` (PyYAML's `check_plain`).
  func startsPlain(_ line: SourceLine, _ column: Int, inFlow: Bool) -> Bool {
    guard let c = peek(line, column) else { return false }
    switch c {
    case "-":
      guard let next = peek(line, column + 1) else { return false }
      return !(next == " " || next == "\t" || (inFlow && ",[]{}".unicodeScalars.contains(next)))
    case "?", ":":
      return !inFlow && !isBlank(line, column + 1)
    case ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", " ", "\t":
      return false
    default:
      return true
    }
  }

  /// Reads a plain scalar from `column` and returns it without trailing spaces. Stops at the
  /// end of the line, at ' #', at ':' followed by a space (or, in a flow collection, by
  /// `,[]{}`), and in a flow collection at any of `,?[]{}` (PyYAML's `scan_plain`).
  func scanPlain(_ line: SourceLine, _ column: inout Int, inFlow: Bool) throws(YAMLLiteError) -> String {
    let start = column
    var end = column
    scanning: while let c = peek(line, column) {
      if c == "\t" {
        throw error(line, column, "tab character; YAML-lite separates values with spaces only.")
      }
      if c == "#" && column > 0 && line.text[column - 1] == " " { break }
      if c == ":" {
        guard let next = peek(line, column + 1) else { break scanning }
        if next == " " || next == "\t" || (inFlow && ",[]{}".unicodeScalars.contains(next)) { break }
      }
      if inFlow && ",?[]{}".unicodeScalars.contains(c) { break }
      column += 1
      if c != " " { end = column }
    }
    var text = ""
    text.unicodeScalars.append(contentsOf: line.text[start..<end])
    return text
  }
}
