import Foundation

/// Numbers as people read them: `$38.40`, `12.4 ms`, `1.2k req/s`, `0.2%`, `4.2 MB`,
/// `2.1 MFLOP`, `1,055,242`. The one formatter for every report and message; the CSV and JSON
/// keep raw values.
public enum ReadableNumber {
  /// `$15.18`, `$1,234`, `$2.1M` (cents below $1,000).
  public static func usd(_ value: Double) -> String {
    guard value.isFinite else { return "—" }
    if abs(value) >= 1e6 { return "$" + String(format: "%.1fM", value / 1e6) }
    if abs(value) >= 1000 { return "$" + grouped(Int(value.rounded())) }
    return "$" + String(format: "%.2f", value)
  }

  /// Seconds as `850 µs`, `12.4 ms`, `1.25 s` (3 significant figures).
  public static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "∞" }
    if seconds < 1e-3 { return significant(seconds * 1e6) + " µs" }
    if seconds < 1 { return significant(seconds * 1e3) + " ms" }
    return significant(seconds) + " s"
  }

  /// Compact duration for tables: `850us`, `12.4ms`, `1.25s`.
  public static func shortDuration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "∞" }
    if seconds < 1e-3 { return significant(seconds * 1e6) + "us" }
    if seconds < 1 { return significant(seconds * 1e3) + "ms" }
    return significant(seconds) + "s"
  }

  /// A rate in the unit that reads best: `1.7 req/s`, `100 req/min` below 1/s, `1.2k req/s`.
  public static func rate(_ perSecond: Double) -> String {
    guard perSecond.isFinite else { return "∞" }
    if perSecond < 1 {
      let perMinute = perSecond * 60
      if perMinute >= 1 { return significant(perMinute) + " req/min" }
      return significant(perSecond * 3600) + " req/hour"
    }
    return count(perSecond) + " req/s"
  }

  /// `950`, `1.2k`, `41k`, `3.5M`.
  public static func count(_ value: Double) -> String {
    guard value.isFinite else { return "∞" }
    if value >= 1e6 { return significant(value / 1e6) + "M" }
    if value >= 1e3 { return significant(value / 1e3) + "k" }
    return significant(value)
  }

  /// `0.2%`, `45%`, `0.003%`.
  public static func percent(_ fraction: Double) -> String {
    guard fraction.isFinite else { return "∞" }
    let value = fraction * 100
    if value == 0 { return "0%" }
    if value < 0.01 { return "<0.01%" }
    if value < 10 { return String(format: value < 1 ? "%.2f%%" : "%.1f%%", value) }
    return String(format: "%.0f%%", value)
  }

  /// `512 B`, `4.2 MB`, `1.5 GB` (decimal units, as memory sizes are sold).
  public static func bytes(_ value: Double) -> String { decimal(value, unit: "B") }

  /// `950 FLOP`, `2.1 MFLOP`, `21.7 GFLOP`.
  public static func flops(_ value: Double) -> String { decimal(value, unit: "FLOP") }

  /// `value` with a decimal SI prefix (k, M, G, T, P) and one decimal, or whole below 1000.
  public static func decimal(_ value: Double, unit: String) -> String {
    guard value.isFinite else { return "∞" }
    // One division by an exact power of ten, so the rounding matches "%.1f" of value / 10^3k.
    let prefixes: [(String, Double)] = [("P", 1e15), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3)]
    guard let (prefix, scale) = prefixes.first(where: { abs(value) >= $0.1 }) else {
      return String(format: "%.0f %@", value, unit)
    }
    return String(format: "%.1f %@%@", value / scale, prefix, unit)
  }

  /// Three significant figures without trailing noise: 1.10 → "1.1", 123.4 → "123", 0.5 → "0.5".
  public static func significant(_ value: Double) -> String {
    guard value.isFinite else { return "∞" }
    let magnitude = abs(value)
    let decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3
    var text = String(format: "%.\(decimals)f", value)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text
  }

  /// 1234567 → "1,234,567".
  public static func grouped(_ value: Int) -> String {
    let digits = String(abs(value))
    var result = ""
    for (index, character) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
      result.append(character)
    }
    return (value < 0 ? "-" : "") + result
  }
}
