/// Turns a plain (unquoted) scalar into a value exactly as PyYAML's `safe_load` does (YAML 1.1
/// implicit resolvers), or rejects it where YAML 1.1 would surprise a reader.
///
/// Supported: `null`/`Null`/`NULL`/`~`/empty → null; `true`/`false` (also `True`, `TRUE`, …) →
/// bool; decimal integers `[-+]?(0|[1-9][0-9]*)`; decimals with a dot `[-+]?[0-9]+.[0-9]*`
/// or `.[0-9]+`, optionally with an exponent that has a sign (`1.0e-3`, `2.5E+6`); `.inf`,
/// `-.inf`, `+.inf`, `.nan`.
///
/// Rejected with an error (so a value never differs from PyYAML's): YAML 1.1 booleans
/// `yes`/`no`/`on`/`off`; octal `012`, hex `0x1F`, binary `0b1`, underscores `1_000` and
/// base-60 `1:30` numbers; dates and timestamps (PyYAML makes them `date` objects: quote
/// them); `=` and `<<`; and anything else a reader would take for a number but PyYAML reads
/// as a string: `1e-3`, `1e3`, `-.5`, `09`. (`inf` and `nan` stay strings, as in PyYAML.)
enum ScalarResolver {
  // `integer` and `decimal` are the supported forms, matched by `PlainNumberScanner` (a
  // Swift `Regex` is rebuilt on every use here, which made every profile number cost a
  // regex compilation); the expressions stay as their specification and the tests check
  // that the scanner agrees with them.
  static var integer: Regex<Substring> { /^[-+]?(?:0|[1-9][0-9]*)$/ }
  static var decimal: Regex<Substring> { /^(?:[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?|\.[0-9]+(?:[eE][-+][0-9]+)?)$/ }
  // PyYAML 6.0's resolver.py, unchanged: anything these match but the forms above don't is
  // a number form we don't support.
  static var yamlFloat: Regex<Substring> {
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/ }
  static var yamlInteger: Regex<Substring> {
    /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/ }
  static var timestamp: Regex<Substring> {
    /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/ }

  /// The outcome of resolving a plain scalar: a value, or the reason it is rejected.
  enum Resolution: Equatable {
    case value(Value)
    case rejected(String)
  }

  /// Resolves the plain scalar `text` (already trimmed).
  static func resolve(_ text: String) -> Resolution {
    switch text {
    case "", "~", "null", "Null", "NULL": return .value(.null)
    case "true", "True", "TRUE": return .value(.bool(true))
    case "false", "False", "FALSE": return .value(.bool(false))
    case "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF":
      return .rejected(
        "'\(text)' is a boolean in YAML 1.1 (PyYAML) but a string in YAML 1.2; "
          + "write true or false, or quote it ('\(text)') for a string.")
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .value(.double(.infinity))
    case "-.inf", "-.Inf", "-.INF": return .value(.double(-.infinity))
    case ".nan", ".NaN", ".NAN": return .value(.double(.nan))
    case "=", "<<":
      return .rejected("'\(text)' has a special meaning in YAML 1.1 and is not supported; quote it.")
    default: break
    }
    // Every number and date form starts with one of these; skip the regular expressions
    // (slow to build) for everything else.
    guard let first = text.unicodeScalars.first, "+-.0123456789".unicodeScalars.contains(first) else {
      return .value(.string(text))
    }
    if PlainNumberScanner.isInteger(text) {
      guard let value = Int(text) else {
        return .rejected("integer '\(text)' is out of range (\(Int.min)...\(Int.max)).")
      }
      return .value(.int(value))
    }
    if PlainNumberScanner.isDecimal(text), let value = Double(text) {
      return .value(.double(value))
    }
    if text.wholeMatch(of: yamlInteger) != nil || text.wholeMatch(of: yamlFloat) != nil {
      return .rejected(
        "number '\(text)' uses a YAML 1.1 form that is not supported (octal, hex, binary, "
          + "underscores or base 60); write a plain decimal number, or quote it for a string.")
    }
    if text.wholeMatch(of: timestamp) != nil {
      return .rejected("'\(text)' is a date or time to PyYAML, not a string; quote it: \"\(text)\".")
    }
    if Double(text) != nil {
      return .rejected(
        "'\(text)' looks like a number but YAML 1.1 (PyYAML) reads it as a string; write a digit "
          + "before the dot and a dot before any signed exponent (0.5, -0.5, 1.0e-3, 2.0e+6), or quote it.")
    }
    return .value(.string(text))
  }
}
