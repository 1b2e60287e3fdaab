/// RFC 4180 CSV: fields separated by commas, records by CRLF or LF; a field holding a comma,
/// quote, CR or LF is wrapped in double quotes, with each quote doubled.
public enum CSVText {
  /// One field, quoted only when RFC 4180 requires it.
  public static func field(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// One record (no line ending).
  public static func record(_ fields: [String]) -> String {
    fields.map(field).joined(separator: ",")
  }

  /// A parsed record and the 1-based line it starts on (a quoted field may span lines).
  public struct Record: Equatable, Sendable {
    public var line: Int
    public var fields: [String]
  }

  /// Where parsing failed.
  public struct ParseError: Error, Equatable, Sendable {
    public var line: Int
    public var reason: String
  }

  /// Splits `text` into records. Blank lines are skipped; a final line ending is optional.
  /// - Parameter maximumRecords: Stop once this many records and one more are read, so a caller
  ///   refusing long texts learns that without parsing (and holding) all of it.
  /// - Throws: `ParseError` for a quote that never closes or text right after a closing quote.
  public static func parse(_ text: String, maximumRecords: Int = .max) throws(ParseError) -> [Record] {
    var records: [Record] = []
    var fields: [String] = []
    var field = ""
    var line = 1
    var recordLine = 1
    var inQuotes = false
    var quoteLine = 1
    var afterClosingQuote = false
    // The scalar view is walked in place: a copy into an array would take 4 bytes per character.
    let chars = text.unicodeScalars

    func endRecord() {
      fields.append(field)
      if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
      fields = []
      field = ""
      afterClosingQuote = false
    }

    var index = chars.startIndex
    if chars.first == "\u{FEFF}" { index = chars.index(after: index) }  // a byte-order mark (Excel)
    while index < chars.endIndex, records.count <= maximumRecords {
      let c = chars[index]
      index = chars.index(after: index)
      if inQuotes {
        if c == "\"" {
          if index < chars.endIndex && chars[index] == "\"" {
            field.unicodeScalars.append("\"")
            index = chars.index(after: index)
          } else {
            inQuotes = false
            afterClosingQuote = true
          }
        } else {
          if c == "\n" { line += 1 }
          field.unicodeScalars.append(c)
        }
        continue
      }
      switch c {
      case ",":
        fields.append(field)
        field = ""
        afterClosingQuote = false
      case "\r":
        if index < chars.endIndex && chars[index] == "\n" { index = chars.index(after: index) }
        endRecord()
        line += 1
        recordLine = line
      case "\n":
        endRecord()
        line += 1
        recordLine = line
      case "\"" where field.isEmpty && !afterClosingQuote:
        inQuotes = true
        quoteLine = line
      default:
        if afterClosingQuote {
          throw ParseError(line: line, reason: "text after a closing quote; quote the whole field and double any quote inside it")
        }
        field.unicodeScalars.append(c)
      }
    }
    if records.count > maximumRecords { return records }
    if inQuotes { throw ParseError(line: quoteLine, reason: "a quoted field opened here never closes") }
    if !field.isEmpty || !fields.isEmpty || afterClosingQuote { endRecord() }
    return records
  }
}
