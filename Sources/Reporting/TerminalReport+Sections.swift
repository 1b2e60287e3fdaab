import Foundation
import CostModel
import Records

extension TerminalReport {
  func optionsSection() -> [String] {
    var lines = [style.bold("OPTIONS") + " (best per hardware and precision, cheapest first)"]
    let header = "  " + TextLayout.cell("hardware", 13) + " " + TextLayout.cell("dev", 9) + " "
      + TextLayout.cell("prec", 4) + " " + TextLayout.cell("thr", 3, right: true) + " " + TextLayout.cell("b", 4, right: true) + " "
      + TextLayout.cell("n", 3, right: true) + " " + TextLayout.cell("util", 5, right: true) + " "
      + TextLayout.cell("p99", 6, right: true) + " " + TextLayout.cell("$/month", 7, right: true) + " "
      + TextLayout.cell("$/1M", 6, right: true) + " S B src"
    lines.append(header)
    let rows = bestPerHardware()
    let chosen = plan.recommendation.chosen.map(PlanJSON.identity)
    for option in rows.prefix(context.maxRows) {
      // The recommended row starts with "*" (the legend says so).
      let text = row(option)
      lines.append(PlanJSON.identity(option) == chosen ? "*" + text.dropFirst() : text)
    }
    let evaluated = plan.options.count
    let hidden = max(0, rows.count - context.maxRows)
    var footer = "\(evaluated) options evaluated"
    if hidden > 0 { footer += "; \(hidden) more hardware not shown" }
    footer += "; every option is in --csv and --json. * = recommended, thr = threads per replica, n = replicas,"
      + " S = meets the SLO, B = within the budget (— no price); src: meas = measured, proj = projected,"
      + " est = estimated (GPU roofline, or a CPU of another family), cal = calibrated."
    lines += TextLayout.wrap(footer)
    let impossible = impossibleHardware()
    if !impossible.isEmpty {
      lines += TextLayout.wrap("Not possible: " + impossible.joined(separator: "; ") + ".")
    }
    return lines
  }

  /// The best option per hardware × device × precision by the recommendation rule, sorted by cost.
  func bestPerHardware() -> [PlanOption] {
    var groups: [String: [PlanOption]] = [:]
    var order: [String] = []
    for option in plan.options where option.prediction != nil && (option.excludedReason == nil) {
      let key = "\(option.hardwareName)|\(option.deviceName)|\(option.candidate.precision)"
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(option)
    }
    let best = order.compactMap { key -> PlanOption? in
      guard let options = groups[key] else { return nil }
      if let chosen = Recommender.best(of: options) { return chosen }
      return options.min { ($0.p99Seconds ?? .infinity) < ($1.p99Seconds ?? .infinity) }
    }
    return Planner.ranked(best)
  }

  /// Hardware with no usable option at all, with the first reason.
  func impossibleHardware() -> [String] {
    var seen: [String] = []
    var reasons: [String: String] = [:]
    for option in plan.options {
      if reasons[option.hardwareName] == nil && !seen.contains(option.hardwareName) { seen.append(option.hardwareName) }
      if option.excludedReason == nil && option.prediction != nil { reasons[option.hardwareName] = "" }
      else if reasons[option.hardwareName] == nil, let reason = option.excludedReason {
        reasons[option.hardwareName] = reason
      }
    }
    return seen.compactMap { name in
      guard let reason = reasons[name], !reason.isEmpty else { return nil }
      return "\(name == "local" ? "this machine" : name) (\(reason))"
    }
  }

  func row(_ option: PlanOption) -> String {
    let c = option.candidate
    let threads = option.deviceKind == .cpu ? String(c.threads) : "—"
    let source: String
    switch c.label {
    case .measured: source = "meas"
    case .projected: source = "proj"
    case .calibrated: source = "cal"
    case .estimated: source = "est"
    }
    let ok = (option.meetsSLO ? "✓" : "✗") + " " + (option.monthlyUSD == nil ? "—" : option.withinBudget ? "✓" : "✗")
    return "  " + TextLayout.cell(c.displayName, 13) + " " + TextLayout.cell(c.deviceName, 9) + " "
      + TextLayout.cell(c.precision.rawValue, 4) + " " + TextLayout.cell(threads, 3, right: true) + " "
      + TextLayout.cell(String(c.batchSize), 4, right: true) + " "
      + TextLayout.cell(ReadableNumber.count(Double(option.replicas)), 3, right: true) + " "
      + TextLayout.cell(option.utilization.map(Self.tablePercent) ?? "—", 5, right: true) + " "
      + TextLayout.cell(option.p99Seconds.map(ReadableNumber.shortDuration) ?? "—", 6, right: true) + " "
      + TextLayout.cell(option.monthlyUSD.map(Self.money) ?? "—", 7, right: true) + " "
      + TextLayout.cell(option.usdPerMillion.map(Self.money) ?? "—", 6, right: true) + " " + ok + " " + source
  }

  /// A percentage in 5 columns: `<0.1%`, `0.2%`, `45%`.
  static func tablePercent(_ fraction: Double) -> String {
    let value = fraction * 100
    if value > 0 && value < 0.1 { return "<0.1%" }
    if value < 10 { return String(format: "%.1f%%", value) }
    return String(format: "%.0f%%", value)
  }

  /// Money in a table cell: 4 decimals below 0.1 (a GPU's cost per 10⁶ requests can be
  /// fractions of a cent), 2 below 1,000, whole dollars with k/M above.
  static func money(_ value: Double) -> String {
    guard value.isFinite else { return "∞" }
    if value >= 1e7 { return ReadableNumber.significant(value / 1e6) + "M" }
    if value >= 1e5 { return ReadableNumber.significant(value / 1e3) + "k" }
    if value >= 1000 { return ReadableNumber.grouped(Int(value.rounded())) }
    if value > 0 && value < 0.1 { return String(format: "%.4f", value) }
    return String(format: "%.2f", value)
  }
}
