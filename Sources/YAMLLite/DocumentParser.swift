/// Parses the block structure of one document (mappings and lists nested by indentation);
/// `DocumentParser+Inline.swift` reads what sits on one line (scalars, flow collections).
struct DocumentParser {
  let file: String
  var lines: [SourceLine]
  /// Index of the next unread line.
  var index = 0
  var depth = 0

  init(file: String, lines: [SourceLine]) {
    self.file = file
    self.lines = lines
  }

  func error(_ line: SourceLine, _ column: Int, _ message: String) -> YAMLLiteError {
    YAMLLiteError(file: file, line: line.number, column: column + 1, message: message)
  }

  var current: SourceLine? { index < lines.count ? lines[index] : nil }

  /// Whether the line holds a document marker (`---` or `...` at column 1, alone or
  /// followed by a space).
  func isMarker(_ line: SourceLine, _ marker: String) -> Bool {
    let scalars = Array(marker.unicodeScalars)
    guard line.start == 0, line.text.count >= 3, Array(line.text[0..<3]) == scalars else { return false }
    return line.text.count == 3 || line.text[3] == " "
  }

  mutating func parseDocument() throws(YAMLLiteError) -> Value {
    if let first = current {
      if first.text[first.start] == "%" {
        throw error(first, first.start, "directives ('%YAML', '%TAG') are not supported; remove the line.")
      }
      if isMarker(first, "---") {
        var column = 3
        try skipSpaces(first, &column)
        if !isEndOrComment(first, column) {
          throw error(
            first, column, "content on the '---' line is not supported; start the document on the next line.")
        }
        index += 1
      }
    }
    for line in lines[index...] {
      if isMarker(line, "---") {
        throw error(line, 0, "a second document ('---') is not supported; use one document per file.")
      }
      if isMarker(line, "...") {
        throw error(line, 0, "the document end marker '...' is not supported; remove it.")
      }
    }
    let value = try parseBlockNode(parentIndent: -1, allowsSameIndentList: false)
    if let line = current {
      throw error(
        line, line.start, "unexpected content at indentation \(line.start); it does not belong to the document above.")
    }
    return value
  }

  /// Parses the node that starts on the current line if that line is indented deeper than
  /// `parentIndent` (or is a `- ` item at the same indent, for `key:` followed by a list).
  /// Otherwise the node is empty: `.null`.
  mutating func parseBlockNode(parentIndent: Int, allowsSameIndentList: Bool) throws(YAMLLiteError) -> Value {
    guard let line = current else { return .null }
    let isItem = isListItem(line)
    guard line.start > parentIndent || (allowsSameIndentList && isItem && line.start == parentIndent) else {
      return .null
    }
    depth += 1
    defer { depth -= 1 }
    if depth > YAMLParser.maximumDepth {
      throw error(line, line.start, "nesting deeper than \(YAMLParser.maximumDepth) levels is not supported.")
    }
    if isItem { return try parseList(indent: line.start) }
    if try scanKey(line) != nil { return try parseMapping(indent: line.start) }
    var column = line.start
    let value = try parseInlineValue(line, &column)
    try expectLineEnd(line, column)
    index += 1
    try rejectContinuation(after: line, parentIndent: parentIndent)
    return value
  }

  /// A line indented deeper right after a complete value would continue a multi-line scalar.
  func rejectContinuation(after line: SourceLine, parentIndent: Int) throws(YAMLLiteError) {
    if let next = current, next.start > parentIndent {
      throw error(
        next, next.start,
        "unexpected indentation after the value on line \(line.number); multi-line values are not "
          + "supported (quote the value on one line), and nested keys need a 'key:' line with no value.")
    }
  }

  func isListItem(_ line: SourceLine) -> Bool {
    line.text[line.start] == "-" && (line.start + 1 == line.text.count || line.text[line.start + 1] == " "
      || line.text[line.start + 1] == "\t")
  }

  mutating func parseList(indent: Int) throws(YAMLLiteError) -> Value {
    var items: [Value] = []
    while let line = current, line.start == indent, isListItem(line) {
      var column = line.start + 1
      try skipSpaces(line, &column)
      if isEndOrComment(line, column) {
        index += 1
        items.append(try parseBlockNode(parentIndent: indent, allowsSameIndentList: false))
      } else {
        // Re-read the rest of the line as a line indented to where its content starts, so
        // "- key: v" followed by "  key2: w" is a mapping at that indentation.
        lines[index] = SourceLine(number: line.number, text: line.text, start: column)
        items.append(try parseBlockNode(parentIndent: indent, allowsSameIndentList: false))
      }
    }
    if let line = current, line.start > indent {
      throw error(line, line.start, "bad indentation: expected \(indent) spaces like the list above, found \(line.start).")
    }
    return .list(items)
  }

  mutating func parseMapping(indent: Int) throws(YAMLLiteError) -> Value {
    var mapping = Mapping(position: current.map { Position(line: $0.number, column: indent + 1) })
    while let line = current, line.start == indent {
      guard let (key, keyColumn, afterColon) = try scanKey(line) else {
        if isListItem(line) {
          throw error(line, line.start, "expected 'key: value' here, found a list item; indent it under a key.")
        }
        throw error(line, line.start, "expected 'key: value' like the lines above.")
      }
      if mapping.contains(key) {
        let first = mapping.position(of: key).map { " (first on line \($0.line))" } ?? ""
        throw error(line, keyColumn, "duplicate key '\(key)'\(first); each key may appear once.")
      }
      let position = Position(line: line.number, column: keyColumn + 1)
      var column = afterColon
      try skipSpaces(line, &column)
      if isEndOrComment(line, column) {
        index += 1
        mapping.set(key, try parseBlockNode(parentIndent: indent, allowsSameIndentList: true), at: position)
      } else {
        let value = try parseInlineValue(line, &column)
        try expectLineEnd(line, column)
        index += 1
        try rejectContinuation(after: line, parentIndent: indent)
        mapping.set(key, value, at: position)
      }
    }
    if let line = current, line.start > indent {
      throw error(
        line, line.start, "bad indentation: expected \(indent) spaces like the keys above, found \(line.start).")
    }
    return .mapping(mapping)
  }
}
