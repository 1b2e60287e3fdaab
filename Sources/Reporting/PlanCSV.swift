import Foundation
import CostModel

/// The plan as CSV (RFC 4180): a header, then one row per option (every hardware × device ×
/// precision × threads × batch evaluated, cheapest first), CRLF line ends.
///
/// Numbers are raw (seconds, USD, fractions; no `$`, no thousands separators; empty when
/// unknown or infinite); booleans are `true`/`false`. Text cells that a spreadsheet would run as
/// a formula (starting with `=`, `+`, `-`, `@`, tab or CR) get a leading `'`; numeric cells are
/// written as they are (OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection).
/// Columns are documented in docs/planning.md.
public enum PlanCSV {
  /// Column names, in order.
  public static let columns = [
    "hardware", "device_class", "device", "precision", "threads", "batch", "batching_delay", "service_time",
    "replicas", "instances", "replicas_per_instance", "utilization", "mean_batch", "p50", "p50_low", "p50_high",
    "p99", "p99_low", "p99_high", "usd_per_hour", "monthly_usd", "surplus_usd_per_month", "usd_per_million",
    "meets_slo", "slo_miss_reason", "within_budget", "cpu_load", "label", "label_note", "latency_method",
    "excluded_reason", "cloud", "region", "price_as_of", "recommended",
  ]

  /// The whole CSV text for `plan`.
  public static func text(for plan: Plan) -> String {
    var lines = [columns.joined(separator: ",")]
    let chosen = plan.recommendation.chosen.map { PlanJSON.identity($0) }
    for option in plan.options {
      let c = option.candidate
      let p = option.prediction
      let cells: [String] = [
        text(c.hardwareName), text(option.deviceKind == .cpu ? "cpu" : "gpu"), text(c.deviceName), text(c.precision.rawValue),
        String(c.threads), String(c.batchSize), number(option.batchingDelaySeconds), number(option.serviceTimeSeconds),
        p == nil ? "" : String(option.replicas), p == nil ? "" : String(option.instances), String(c.replicasPerInstance),
        number(p?.utilization), number(p?.meanBatchSize), number(p?.p50Seconds), number(p?.p50LowSeconds),
        number(p?.p50HighSeconds), number(p?.p99Seconds), number(p?.p99LowSeconds), number(p?.p99HighSeconds),
        number(c.usdPerHour), number(option.monthlyUSD), number(option.surplusUSDPerMonth), number(option.usdPerMillion),
        p == nil ? "" : String(option.meetsSLO), text(option.sloMissReason ?? ""),
        option.monthlyUSD == nil ? "" : String(option.withinBudget), number(option.cpuLoad), text(c.label.rawValue),
        text(c.labelNote), text(p == nil ? "" : option.isSimulated ? "simulated" : "screen"),
        text(option.excludedReason ?? ""),
        text(c.profile?.cloud ?? ""), text(c.profile?.region ?? ""), text(c.profile?.priceSource.asOf ?? ""),
        String(chosen == PlanJSON.identity(option)),
      ]
      lines.append(cells.joined(separator: ","))
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  /// A raw number with 12 significant digits (`%.12g`: no binary noise such as
  /// 0.00024375000000000004, far finer than any figure here); empty for nil or non-finite.
  static func number(_ value: Double?) -> String {
    guard let value, value.isFinite else { return "" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(format: "%.12g", value)
  }

  /// A text cell: neutralised (leading `'` before `=`, `+`, `-`, `@`, tab, CR), then quoted when
  /// it holds a comma, quote, CR or LF (quotes doubled).
  public static func text(_ value: String) -> String {
    var cell = value
    if let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
      cell = "'" + cell
    }
    if cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) {
      cell = "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return cell
  }
}
