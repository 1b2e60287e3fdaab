// Values on one line: quoted and plain scalars, and one-line flow collections.
extension DocumentParser {
  /// Parses the value that starts at `column` (not at the end of the line) in block context.
  mutating func parseInlineValue(_ line: SourceLine, _ column: inout Int) throws(YAMLLiteError) -> Value {
    let c = line.text[column]
    switch c {
    case "[", "{":
      return try parseFlowNode(line, &column)
    case "\"", "'":
      return .string(try parseQuoted(line, &column))
    case "-" where isBlank(line, column + 1):
      throw error(
        line, column, "a list item can't start on the line of its key; put '- item' on the next line, indented.")
    case "?" where isBlank(line, column + 1):
      throw error(line, column, "complex keys ('? key') are not supported; write 'key: value'.")
    case ":" where isBlank(line, column + 1):
      throw error(line, column, "unexpected ':'; a key is missing before it.")
    default:
      break
    }
    if let problem = DocumentParser.indicatorProblem(c) { throw error(line, column, problem) }
    guard startsPlain(line, column, inFlow: false) else {
      throw error(line, column, "unexpected '\(c)'; quote the value if it is text.")
    }
    let start = column
    let text = try scanPlain(line, &column, inFlow: false)
    return try resolvePlain(text, line, start)
  }

  func resolvePlain(_ text: String, _ line: SourceLine, _ column: Int) throws(YAMLLiteError) -> Value {
    switch ScalarResolver.resolve(text) {
    case .value(let value): return value
    case .rejected(let reason): throw error(line, column, reason)
    }
  }

  /// Reads a 'single-quoted' ('' is a quote) or "double-quoted" string (escapes: \0 \a \b \t
  /// \n \v \f \r \e \" \/ \\ \N \_ \L \P, space, \xHH, \uHHHH, \UHHHHHHHH) that ends on
  /// this line, leaving `column` after the closing quote.
  func parseQuoted(_ line: SourceLine, _ column: inout Int) throws(YAMLLiteError) -> String {
    let open = column
    let quote = line.text[column]
    column += 1
    var result = String.UnicodeScalarView()
    while true {
      guard let c = peek(line, column) else {
        throw error(
          line, open, "string opened with \(quote) is not closed on this line; multi-line strings are not supported.")
      }
      if c == quote {
        if quote == "'" && peek(line, column + 1) == "'" {
          result.append("'")
          column += 2
          continue
        }
        column += 1
        return String(result)
      }
      if c == "\\" && quote == "\"" {
        result.append(try parseEscape(line, &column))
        continue
      }
      result.append(c)
      column += 1
    }
  }

  /// Reads one escape sequence at `column` (the backslash) in a double-quoted string.
  func parseEscape(_ line: SourceLine, _ column: inout Int) throws(YAMLLiteError) -> Unicode.Scalar {
    let start = column
    guard let c = peek(line, column + 1) else {
      throw error(line, start, "a backslash at the end of a line (line continuation) is not supported.")
    }
    column += 2
    let simple: [Unicode.Scalar: Unicode.Scalar] = [
      "0": "\0", "a": "\u{07}", "b": "\u{08}", "t": "\t", "\t": "\t", "n": "\n", "v": "\u{0B}",
      "f": "\u{0C}", "r": "\r", "e": "\u{1B}", " ": " ", "\"": "\"", "/": "/", "\\": "\\",
      "N": "\u{85}", "_": "\u{A0}", "L": "\u{2028}", "P": "\u{2029}",
    ]
    if let scalar = simple[c] { return scalar }
    let digits: Int
    switch c {
    case "x": digits = 2
    case "u": digits = 4
    case "U": digits = 8
    default:
      throw error(line, start, "unknown escape '\\\(c)'; use \\\\ for a backslash, or \\\" \\n \\t \\uXXXX.")
    }
    var value: UInt32 = 0
    for _ in 0..<digits {
      guard let d = peek(line, column), let digit = Int(String(d), radix: 16) else {
        throw error(line, start, "escape '\\\(c)' needs \(digits) hexadecimal digits.")
      }
      value = value &* 16 &+ UInt32(digit)
      column += 1
    }
    guard let scalar = Unicode.Scalar(value) else {
      throw error(line, start, "escape '\\\(c)' names U+\(SourceText.hex(value)), which is not a Unicode scalar.")
    }
    return scalar
  }

  /// Parses a value inside (or starting) a flow collection: a nested `[..]`/`{..}`, a quoted
  /// string or a plain scalar (which stops at `,?[]{}`).
  mutating func parseFlowNode(_ line: SourceLine, _ column: inout Int) throws(YAMLLiteError) -> Value {
    guard let c = peek(line, column), !isEndOrComment(line, column) else {
      throw unclosed(line, column)
    }
    switch c {
    case "[", "{":
      depth += 1
      defer { depth -= 1 }
      if depth > YAMLParser.maximumDepth {
        throw error(line, column, "nesting deeper than \(YAMLParser.maximumDepth) levels is not supported.")
      }
      return c == "[" ? try parseFlowList(line, &column) : try parseFlowMapping(line, &column)
    case "\"", "'":
      return .string(try parseQuoted(line, &column))
    default:
      break
    }
    if let problem = DocumentParser.indicatorProblem(c) { throw error(line, column, problem) }
    guard startsPlain(line, column, inFlow: true) else {
      throw error(line, column, "expected a value, found '\(c)'.")
    }
    let start = column
    let text = try scanPlain(line, &column, inFlow: true)
    return try resolvePlain(text, line, start)
  }

  func unclosed(_ line: SourceLine, _ column: Int) -> YAMLLiteError {
    error(
      line, column,
      "flow collection not closed on this line; '[...]' and '{...}' must open and close on one line.")
  }

  mutating func parseFlowList(_ line: SourceLine, _ column: inout Int) throws(YAMLLiteError) -> Value {
    column += 1
    var items: [Value] = []
    try skipSpaces(line, &column)
    if peek(line, column) == "]" {
      column += 1
      return .list(items)
    }
    while true {
      try skipSpaces(line, &column)
      items.append(try parseFlowNode(line, &column))
      try skipSpaces(line, &column)
      guard let c = peek(line, column), !isEndOrComment(line, column) else { throw unclosed(line, column) }
      switch c {
      case ",":
        column += 1
        try skipSpaces(line, &column)
        if peek(line, column) == "]" {
          column += 1
          return .list(items)
        }
      case "]":
        column += 1
        return .list(items)
      case ":":
        throw error(line, column, "'key: value' pairs inside a flow list are not supported; use {key: value}.")
      default:
        throw error(line, column, "expected ',' or ']' in a flow list, found '\(c)'.")
      }
    }
  }

  mutating func parseFlowMapping(_ line: SourceLine, _ column: inout Int) throws(YAMLLiteError) -> Value {
    var mapping = Mapping(position: Position(line: line.number, column: column + 1))
    column += 1
    try skipSpaces(line, &column)
    if peek(line, column) == "}" {
      column += 1
      return .mapping(mapping)
    }
    while true {
      try skipSpaces(line, &column)
      guard let c = peek(line, column), !isEndOrComment(line, column) else { throw unclosed(line, column) }
      let keyColumn = column
      let key: String
      if c == "\"" || c == "'" {
        key = try parseQuoted(line, &column)
      } else if startsPlain(line, column, inFlow: true) {
        key = try plainKey(try scanPlain(line, &column, inFlow: true), line, keyColumn)
      } else {
        throw error(line, column, "expected a key in a flow mapping, found '\(c)'.")
      }
      try skipSpaces(line, &column)
      guard peek(line, column) == ":" else {
        throw error(line, column, "expected ':' after key '\(key)' in a flow mapping; write {key: value}.")
      }
      if mapping.contains(key) {
        throw error(line, keyColumn, "duplicate key '\(key)'; each key may appear once.")
      }
      column += 1
      try skipSpaces(line, &column)
      var value = Value.null
      if let next = peek(line, column), next != ",", next != "}" {
        value = try parseFlowNode(line, &column)
      }
      mapping.set(key, value, at: Position(line: line.number, column: keyColumn + 1))
      try skipSpaces(line, &column)
      guard let end = peek(line, column), !isEndOrComment(line, column) else { throw unclosed(line, column) }
      switch end {
      case ",":
        column += 1
        try skipSpaces(line, &column)
        if peek(line, column) == "}" {
          column += 1
          return .mapping(mapping)
        }
      case "}":
        column += 1
        return .mapping(mapping)
      default:
        throw error(line, column, "expected ',' or '}' in a flow mapping, found '\(end)'.")
      }
    }
  }
}
