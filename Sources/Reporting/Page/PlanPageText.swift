import Foundation
import Records

/// The words and table rows the HTML page and the Markdown summary share, from the plan
/// document alone, so both say what the JSON says.
enum PlanPageText {
  /// What each latency label means.
  static let labelMeanings: [(label: String, meaning: String)] = [
    ("measured", "timed on that hardware itself"),
    ("projected", "measured on another CPU of the same family, scaled by its peak and memory bandwidth"),
    ("calibrated", "an estimate whose efficiencies come from a measurement"),
    ("estimated", "from the specification alone (GPU roofline) or from a CPU of another family"),
  ]

  /// "t3.small · cpu fp32 · 1 thread · batch 1: $15.18/month, p99 95.4 µs (projected)".
  static func optionLine(_ option: PlanDocument.Option) -> String {
    var text = "\(option.hardware) · \(option.device) \(option.precision.rawValue)"
    if option.deviceClass == "cpu" { text += " · \(option.threads) thread\(option.threads == 1 ? "" : "s")" }
    text += " · batch \(option.batch): "
    text += option.monthlyUSD.map { ReadableNumber.usd($0) + "/month" } ?? "no price"
    text += ", p99 " + (option.p99.map(ReadableNumber.duration) ?? "—") + " (\(option.label))"
    return text
  }

  /// "2 × c7i.xlarge (CPU, batch 8, 1 thread per replica, 2 replicas)".
  static func deployment(_ option: PlanDocument.Option) -> String {
    let instances = option.instances.map { "\($0) × " } ?? ""
    var details = ["\(option.deviceClass.uppercased())", "batch \(option.batch)"]
    if option.deviceClass == "cpu" {
      details.append("\(option.threads) thread\(option.threads == 1 ? "" : "s") per replica")
    } else {
      details.append("\(option.device) \(option.precision.rawValue)")
    }
    if let replicas = option.replicas, replicas != option.instances { details.append("\(replicas) replicas") }
    return "\(instances)\(option.hardware) (\(details.joined(separator: ", ")))"
  }

  /// One row of the options table.
  struct Row {
    var option: PlanDocument.Option
    var isRecommended: Bool
    /// hardware, device, precision, threads, batch, replicas, utilization, p50, p99, p99 band,
    /// USD/month, USD per 10⁶ requests, SLO met, within budget, label.
    var cells: [String]
  }

  static let columns = [
    "hardware", "device", "precision", "threads", "batch", "replicas", "utilization", "p50", "p99", "p99 band",
    "$/month", "$/1M req", "meets SLO", "within budget", "source",
  ]

  /// The best option per hardware × device × precision, cheapest first: the one meeting both
  /// limits at the lowest cost, else the cheapest meeting the SLO, else the fastest.
  static func rows(_ plan: PlanDocument) -> [Row] {
    var groups: [String: [PlanDocument.Option]] = [:]
    var order: [String] = []
    for option in plan.options where option.p99 != nil && option.excludedReason == nil {
      let key = "\(option.hardware)|\(option.device)|\(option.precision.rawValue)"
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(option)
    }
    let cost = { (o: PlanDocument.Option) in o.monthlyUSD ?? .infinity }
    let p99 = { (o: PlanDocument.Option) in o.p99 ?? .infinity }
    let best = order.compactMap { key -> PlanDocument.Option? in
      guard let options = groups[key] else { return nil }
      let byCost = options.sorted { (cost($0), p99($0)) < (cost($1), p99($1)) }
      return byCost.first { $0.meetsSLO && $0.withinBudget } ?? byCost.first { $0.meetsSLO }
        ?? options.min { p99($0) < p99($1) }
    }
    let recommended = plan.recommendation?.option
    return best.sorted { (cost($0), p99($0)) < (cost($1), p99($1)) }.map { option in
      Row(option: option, isRecommended: option == recommended, cells: cells(option, plan: plan))
    }
  }

  static func cells(_ o: PlanDocument.Option, plan: PlanDocument) -> [String] {
    let band = o.p99Low.flatMap { low in o.p99High.map { "\(ReadableNumber.duration(low))–\(ReadableNumber.duration($0))" } }
    return [
      o.hardware, o.device, o.precision.rawValue, String(o.threads), String(o.batch),
      o.replicas.map(String.init) ?? "—", o.utilization.map(ReadableNumber.percent) ?? "—",
      o.p50.map(ReadableNumber.duration) ?? "—", o.p99.map(ReadableNumber.duration) ?? "—", band ?? "—",
      o.monthlyUSD.map(ReadableNumber.usd) ?? "—", o.usdPerMillion.map { "$" + TerminalReport.money($0) } ?? "—",
      plan.inputs.latencySLO == nil ? "no SLO" : o.meetsSLO ? "yes" : "no",
      o.monthlyUSD == nil ? "—" : o.withinBudget ? "yes" : "no", o.label,
    ]
  }

  /// The inputs line: model, volume, budget and SLO.
  static func inputsLine(_ plan: PlanDocument) -> String {
    let i = plan.inputs
    var text = "\(i.model) (\(i.architecture), \(ReadableNumber.count(Double(i.parameters))) parameters"
    if i.sequenceLength > 0 { text += ", \(i.sequenceLength) tokens" }
    text += ") · volume \(ReadableNumber.rate(i.volume))"
    if i.peakFactor > 1 { text += " (peak ×\(ReadableNumber.significant(i.peakFactor)))" }
    text += " · budget " + (i.budgetUSDPerMonth.map { ReadableNumber.usd($0) + "/month" } ?? "none")
    text += " · SLO " + (i.latencySLO.map { "p99 ≤ " + ReadableNumber.duration($0) } ?? "none")
    return text
  }

  /// The answer in one sentence: the headline, or one built from the recommendation when the
  /// document (version 1) has none.
  static func headline(_ plan: PlanDocument) -> String {
    if !plan.headline.isEmpty { return plan.headline }
    guard let chosen = plan.recommendation?.option else { return "No option meets both the SLO and the budget." }
    return "Recommended: \(deployment(chosen)), \(chosen.monthlyUSD.map(ReadableNumber.usd) ?? "no price")/month."
  }

  /// "CPU is cheaper below and GPU above ≈ 172k req/s", or that the classes never swap.
  static func breakEvenText(_ plan: PlanDocument) -> String {
    guard let first = plan.breakEvens.first else {
      return "CPU and GPU do not swap places in the volumes scanned (or one class has no option meeting the SLO)."
    }
    let below = first.cheaperAbove == "cpu" ? "GPU" : "CPU"
    var text = "\(below) is cheaper below ≈ \(ReadableNumber.rate(first.rate))"
    for (crossing, next) in zip(plan.breakEvens, plan.breakEvens.dropFirst()) {
      text += ", \(crossing.cheaperAbove.uppercased()) from there to ≈ \(ReadableNumber.rate(next.rate))"
    }
    return text + ", \(plan.breakEvens[plan.breakEvens.count - 1].cheaperAbove.uppercased()) above "
      + "(the cheapest option of each class meeting the SLO)."
  }

  /// What the figures rest on, one sentence each.
  static func assumptions(_ plan: PlanDocument) -> [String] {
    let i = plan.inputs
    var lines = [
      "A month is \(ReadableNumber.significant(i.hoursPerMonth)) hours; replicas are sized for "
        + "\(ReadableNumber.rate(i.peakRate)) (volume × peak factor \(ReadableNumber.significant(i.peakFactor))) at "
        + "\(ReadableNumber.percent(i.targetUtilization)) target utilization per replica.",
    ]
    if i.batchingDelays.count > 1 {
      lines.append(
        "Batching delay searched per option among "
          + i.batchingDelays.map(ReadableNumber.duration).joined(separator: ", ") + ".")
    } else {
      lines.append("Batching delay at most \(ReadableNumber.duration(i.maxBatchingDelay)).")
    }
    lines.append("Hardware and prices from the profiles in \(i.profiles).")
    if !i.measurements.isEmpty { lines.append("Measurements: \(i.measurements.joined(separator: ", ")).") }
    if let host = i.host {
      var text = "CPU rows measured on \(host.cpu) (\(host.architecture), \(host.instructionSet), \(host.physicalCores) "
        + "cores, \(ReadableNumber.significant(host.perCoreGFLOPS)) GFLOP/s per core"
      if let bandwidth = host.memoryBandwidthGBps { text += ", \(ReadableNumber.significant(bandwidth)) GB/s triad" }
      lines.append(text + ").")
    }
    lines.append(
      "p50 and p99 come from the serving simulation for options that could be recommended (latency method "
        + "\"simulated\") and from a closed-form screen for the rest (\"screen\").")
    if let workload = i.workload { lines.append("Workload profile: \(workload).") }
    return lines
  }

  /// The labels the plan's options carry, each with its meaning and the notes seen with it.
  static func labels(_ plan: PlanDocument) -> [(label: String, meaning: String, notes: [String])] {
    labelMeanings.compactMap { entry in
      let options = plan.options.filter { $0.label == entry.label }
      guard !options.isEmpty else { return nil }
      var notes: [String] = []
      for option in options where !option.labelNote.isEmpty && !notes.contains(option.labelNote) {
        notes.append(option.labelNote)
      }
      return (entry.label, entry.meaning, notes)
    }
  }
}
