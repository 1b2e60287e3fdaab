/// Matches the two number forms YAML-lite accepts without building a regular expression:
/// `ScalarResolver.integer` (`[-+]?(0|[1-9][0-9]*)`) and `ScalarResolver.decimal`
/// (`[-+]?[0-9]+.[0-9]*` or `.[0-9]+`, each with an optional exponent that has a sign).
/// Profiles are mostly numbers, so this is the path nearly every scalar takes.
enum PlainNumberScanner {
  /// True when `text` is a whole decimal integer: an optional sign, then `0` or a digit
  /// string without a leading zero.
  static func isInteger(_ text: String) -> Bool {
    var bytes = Substring(text).utf8[...]
    if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
      bytes = bytes.dropFirst()
    }
    guard let first = bytes.first, isDigit(first) else { return false }
    if first == UInt8(ascii: "0") { return bytes.count == 1 }
    return bytes.allSatisfy(isDigit)
  }

  /// True when `text` is a whole decimal with a dot: `[-+]?[0-9]+\.[0-9]*` or `\.[0-9]+`
  /// (no sign before a leading dot), then optionally `[eE][-+][0-9]+`.
  static func isDecimal(_ text: String) -> Bool {
    var bytes = Substring(text).utf8[...]
    let signed = bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-")
    if signed { bytes = bytes.dropFirst() }
    let integerDigits = bytes.prefix(while: isDigit).count
    bytes = bytes.dropFirst(integerDigits)
    guard bytes.first == UInt8(ascii: ".") else { return false }
    bytes = bytes.dropFirst()
    let fractionDigits = bytes.prefix(while: isDigit).count
    bytes = bytes.dropFirst(fractionDigits)
    if integerDigits == 0 && (signed || fractionDigits == 0) { return false }
    if bytes.isEmpty { return true }
    guard bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") else { return false }
    bytes = bytes.dropFirst()
    guard bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") else { return false }
    bytes = bytes.dropFirst()
    return !bytes.isEmpty && bytes.allSatisfy(isDigit)
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }
}
