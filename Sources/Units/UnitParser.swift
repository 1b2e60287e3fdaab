import Foundation

/// Parsers for the units the command line accepts. Each returns SI base units
/// (requests per second, seconds, USD per month) and throws a `UnitError` that
/// shows the accepted forms.
public enum UnitParser {
  /// Parses a request rate: a number with an optional `k` (10³) or `M` (10⁶) suffix, then
  /// `/s`, `/min`, `/hour` (or `/h`), `/day`, `/month`. Examples: `100/min`, `1.5k/min`,
  /// `20/s`, `2M/day`. A month is `BillingMonth.hours` hours.
  /// - Returns: requests per second, > 0.
  public static func rate(_ text: String, option: String = "--volume") throws -> Double {
    let help =
      "use a number per unit, e.g. 100/min, 1.5k/min, 20/s, 2M/day (units: /s, /min, /hour, /day, /month)."
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2 else { throw UnitError("\(option) '\(text)': missing unit; \(help)") }
    guard let count = try? scaledNumber(String(parts[0])), count.isFinite else {
      throw UnitError("\(option) '\(text)': '\(parts[0])' is not a number; \(help)")
    }
    guard count > 0 else { throw UnitError("\(option) '\(text)': the rate must be above 0.") }
    let seconds: Double
    switch parts[1].lowercased() {
    case "s", "sec", "second": seconds = 1
    case "min", "minute": seconds = 60
    case "h", "hour", "hr": seconds = 3600
    case "day", "d": seconds = 86400
    case "month", "mo": seconds = BillingMonth.hours * 3600
    default:
      throw UnitError("\(option) '\(text)': unknown unit '/\(parts[1])'; \(help)")
    }
    let perSecond = count / seconds
    guard perSecond <= largestRate else {
      throw UnitError(
        "\(option) '\(text)': \(String(format: "%g", perSecond)) requests/s is beyond \(String(format: "%g", largestRate)) requests/s, the largest rate "
          + "the planner sizes; check the number and its unit.")
    }
    return perSecond
  }

  /// Largest request rate accepted: 10¹² requests/s (a thousand times the busiest public web
  /// services); anything above is a typo, and replica counts would overflow long before.
  public static let largestRate = 1e12
  /// Largest monthly budget accepted: USD 10¹² per month.
  public static let largestBudget = 1e12

  /// Parses a duration: a number followed by `us`, `ms` or `s` (e.g. `200ms`, `1.5s`, `500us`).
  /// A bare `0` is accepted. - Returns: seconds, ≥ 0.
  public static func duration(_ text: String, option: String) throws -> Double {
    let help = "use a number with a unit, e.g. 200ms, 1.5s, 500us."
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let units: [(String, Double)] = [("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1)]
    var value: Double?
    for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
      if let n = Double(trimmed.dropLast(suffix.count)) { value = n * scale }
      break
    }
    if value == nil, let n = Double(trimmed), n == 0 { value = 0 }
    guard let seconds = value else {
      throw UnitError("\(option) '\(text)': not a duration; \(help)")
    }
    guard seconds.isFinite, seconds >= 0 else {
      throw UnitError("\(option) '\(text)': must be a finite duration of 0 or more.")
    }
    return seconds
  }

  /// Parses a budget: USD per month by default; `$` optional; `/month`, `/day`, `/hour` accepted
  /// (a day is 24 h, a month `BillingMonth.hours` h). Examples: `50`, `$50`, `50/month`, `2/day`.
  /// - Returns: USD per month, > 0 and ≤ `largestBudget`. A zero budget is refused: it is what
  ///   an unquoted `--budget $50` becomes in a shell (`$5` expands to an empty parameter).
  public static func budget(_ text: String, option: String = "--budget") throws -> Double {
    let help = "use USD per month (50, $50, 50/month) or per day/hour (2/day, 0.1/hour)."
    var body = text.trimmingCharacters(in: .whitespaces)
    if body.hasPrefix("$") { body.removeFirst() }
    var perMonth = 1.0
    if let slash = body.firstIndex(of: "/") {
      let unit = body[body.index(after: slash)...].lowercased()
      body = String(body[..<slash])
      switch unit {
      case "month", "mo": perMonth = 1
      case "day", "d": perMonth = BillingMonth.hours / 24
      case "hour", "h", "hr": perMonth = BillingMonth.hours
      default: throw UnitError("\(option) '\(text)': unknown unit '/\(unit)'; \(help)")
      }
    }
    guard let amount = try? scaledNumber(body), amount.isFinite else {
      throw UnitError("\(option) '\(text)': not an amount; \(help)")
    }
    guard amount >= 0 else { throw UnitError("\(option) '\(text)': a budget can't be negative.") }
    guard amount > 0 else {
      throw UnitError(
        "\(option) '\(text)': a budget of 0 fits nothing. If you typed --budget $50 unquoted, the shell "
          + "replaced '$5' with an empty variable: write --budget 50 or --budget '$50'.")
    }
    let monthly = amount * perMonth
    guard monthly <= largestBudget else {
      throw UnitError(
        "\(option) '\(text)': USD \(String(format: "%g", monthly)) per month is beyond the largest budget accepted (USD \(String(format: "%g", largestBudget))); "
          + "check the number and its unit.")
    }
    return monthly
  }

  /// "1.5k" → 1500, "2M" → 2e6, "40" → 40.
  static func scaledNumber(_ text: String) throws -> Double {
    var body = text.trimmingCharacters(in: .whitespaces)
    var scale = 1.0
    if body.hasSuffix("k") || body.hasSuffix("K") {
      scale = 1e3
      body.removeLast()
    } else if body.hasSuffix("M") {
      scale = 1e6
      body.removeLast()
    }
    guard let n = Double(body), !body.isEmpty, body.first != "+" else { throw UnitError("not a number") }
    return n * scale
  }
}
