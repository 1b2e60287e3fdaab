/// One line of a document as Unicode scalars, with where its content starts.
struct SourceLine {
  /// 1-based line number.
  var number: Int
  var text: [Unicode.Scalar]
  /// Index of the first content character; also the line's indentation. A list item's
  /// content ("- key: v") is re-read as a line whose `start` is after the dash.
  var start: Int
}

/// Decodes bytes into lines, rejecting what YAML-lite never accepts: invalid UTF-8,
/// non-printable characters, Unicode line separators and tabs in indentation. Blank and
/// comment-only lines are dropped.
enum SourceText {
  static func lines(of bytes: [UInt8], file: String) throws(YAMLLiteError) -> [SourceLine] {
    var lines: [SourceLine] = []
    var current: [Unicode.Scalar] = []
    var lineNumber = 1
    var decoder = UTF8()
    var iterator = bytes.makeIterator()
    var previousWasCR = false
    var isFirst = true
    func finishLine() throws(YAMLLiteError) {
      var start = 0
      while start < current.count, current[start] == " " { start += 1 }
      if start < current.count, current[start] == "\t" {
        throw YAMLLiteError(
          file: file, line: lineNumber, column: start + 1,
          message: "tab character in indentation; YAML-lite indents with spaces only.")
      }
      if start < current.count, current[start] != "#" {
        lines.append(SourceLine(number: lineNumber, text: current, start: start))
      }
      current.removeAll(keepingCapacity: true)
      lineNumber += 1
    }
    decoding: while true {
      switch decoder.decode(&iterator) {
      case let .scalarValue(scalar):
        defer { isFirst = false }
        if scalar == "\n" {
          if !previousWasCR { try finishLine() }
          previousWasCR = false
          continue
        }
        previousWasCR = false
        if scalar == "\r" {
          try finishLine()
          previousWasCR = true
          continue
        }
        if scalar == "\u{FEFF}" && isFirst { continue }
        if let problem = problem(with: scalar) {
          throw YAMLLiteError(file: file, line: lineNumber, column: current.count + 1, message: problem)
        }
        current.append(scalar)
      case .emptyInput:
        break decoding
      case .error:
        throw YAMLLiteError(
          file: file, line: lineNumber, column: current.count + 1,
          message: "invalid UTF-8; save the file as UTF-8.")
      }
    }
    try finishLine()
    return lines
  }

  /// Why `scalar` can't appear in a document, or nil. Printable follows PyYAML's reader
  /// (tab, 0x20–0x7E, 0xA0–0xD7FF, 0xE000–0xFFFD, above 0xFFFF); NEL, LS, PS and a byte
  /// order mark after the start are refused too.
  static func problem(with scalar: Unicode.Scalar) -> String? {
    let v = scalar.value
    switch v {
    case 0x85, 0x2028, 0x2029:
      return "Unicode line separator U+\(hex(v)) is not supported; use a plain newline."
    case 0xFEFF:
      return "byte order mark U+FEFF is only allowed at the start of the file."
    case 0x09, 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...:
      return nil
    default:
      return "control character U+\(hex(v)) is not allowed; remove it or write it as an escape in a \"double-quoted\" string."
    }
  }

  static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }
}
