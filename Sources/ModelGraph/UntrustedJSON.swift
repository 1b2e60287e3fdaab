import Foundation
import Records

/// Helpers for reading untrusted values out of `JSONSerialization` results.
enum UntrustedJSON {
  /// The value as an exact whole number within ±2^53, or nil (booleans, fractions, huge numbers,
  /// strings). Foundation bridges JSON `true` to an `NSNumber` that also casts to `Int`, so
  /// booleans are excluded by their class.
  static func integer(_ value: Any) -> Int? {
    guard let number = value as? NSNumber, !isBoolean(number) else { return nil }
    let double = number.doubleValue
    guard double.isFinite, double == double.rounded(), abs(double) <= 9_007_199_254_740_992 else { return nil }
    if let exact = value as? Int { return exact }
    return Int(double)
  }

  /// The value as a finite number, or nil.
  static func number(_ value: Any) -> Double? {
    guard let number = value as? NSNumber, !isBoolean(number) else { return nil }
    let double = number.doubleValue
    return double.isFinite ? double : nil
  }

  static func isBoolean(_ number: NSNumber) -> Bool {
    String(describing: type(of: number)).contains("Boolean")
  }

  /// A JSON-like rendering of a list of numbers for messages: `[2, -3]`.
  static func listText(_ values: [Any]) -> String {
    "[" + values.map { value in
      if let number = value as? NSNumber, !isBoolean(number) { return number.stringValue }
      return String(describing: value)
    }.joined(separator: ", ") + "]"
  }
}
