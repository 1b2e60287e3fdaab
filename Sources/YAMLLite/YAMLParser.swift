import Foundation

/// Reads YAML-lite: the subset of YAML that `Profiles/` uses, parsed to the same values as
/// PyYAML's `yaml.safe_load` (see docs/profiles.md for the full list).
///
/// Supported: block mappings and lists nested by indentation (spaces only), lists of
/// mappings, one-line flow lists `[a, 1, "b"]` and flow mappings `{a: 1}`, plain,
/// 'single-quoted' and "double-quoted" strings, decimal integers and floats, `.inf`/`.nan`,
/// `true`/`false`, `null`/`~`/empty, comments, and one optional leading `---`.
///
/// Not supported (each a clear error): tabs, anchors `&`/aliases `*`, tags `!`, block scalars
/// `|`/`>`, multi-line plain or quoted scalars, multi-line flow collections, complex keys `?`,
/// several documents, directives `%`, non-string keys, duplicate keys, and the YAML 1.1
/// scalars that surprise readers (`yes`/`no`/`on`/`off`, octal, base 60, unquoted dates,
/// `1e-3` without a dot). Never traps or loops on any input; nesting is limited to
/// `maximumDepth` levels.
public enum YAMLParser {
  /// The deepest nesting of lists and mappings accepted (guards the recursion).
  public static let maximumDepth = 64
  /// The largest document accepted, in bytes: 1 MiB. The largest profile shipped is under
  /// 25 KB; the cap keeps a hostile or mistaken file (a log, a dump) from being decoded line by
  /// line into memory before the first error.
  public static let maximumDocumentBytes = 1 << 20

  /// Parses `text` as one YAML-lite document; `file` names it in errors.
  /// - Returns: the document's value (`.null` for an empty document).
  /// - Throws: `YAMLLiteError` with the line, column and what was expected.
  public static func parse(_ text: String, file: String = "<input>") throws(YAMLLiteError) -> Value {
    try parse(bytes: Array(text.utf8), file: file)
  }

  /// Parses UTF-8 `bytes` as one YAML-lite document; invalid UTF-8 is an error.
  public static func parse(bytes: [UInt8], file: String = "<input>") throws(YAMLLiteError) -> Value {
    guard bytes.count <= maximumDocumentBytes else { throw tooLarge(file: file, bytes: bytes.count) }
    let lines = try SourceText.lines(of: bytes, file: file)
    var parser = DocumentParser(file: file, lines: lines)
    return try parser.parseDocument()
  }

  /// Reads and parses the file at `path`; the error names `path`.
  public static func parse(contentsOfFile path: String) throws(YAMLLiteError) -> Value {
    // Checked before reading, so a huge file is refused without being loaded.
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
      size.int64Value > Int64(maximumDocumentBytes)
    {
      throw tooLarge(file: path, bytes: Int(clamping: size.int64Value))
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw YAMLLiteError(
        file: path, line: 0, column: 0, message: "can't read the file (missing or not readable).")
    }
    return try parse(bytes: [UInt8](data), file: path)
  }

  static func tooLarge(file: String, bytes: Int) -> YAMLLiteError {
    YAMLLiteError(
      file: file, line: 0, column: 0,
      message: "the document is \(bytes) bytes, above the limit of \(maximumDocumentBytes) bytes (1 MiB); "
        + "profiles are a few kilobytes, so check that this is the file you meant, or split it.")
  }
}
