import Foundation
import Records

/// The page's three charts, drawn from the plan document alone (the same values as `--json`).
///
/// Colours are the Okabe–Ito palette (distinguishable with the common colour-vision
/// deficiencies, https://jfly.uni-koeln.de/color/); every colour difference also has a dash or
/// shape difference, and every chart has a text equivalent on the page.
enum PlanCharts {
  static let cpu = SVGChart.Style(color: "#0072B2", dash: nil)
  static let gpu = SVGChart.Style(color: "#D55E00", dash: "8 4")
  static let ink = SVGChart.Style(color: "#000000", dash: nil, width: 1.5)
  static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]

  /// Monthly cost of the cheapest CPU and GPU option meeting the SLO vs request volume (log–log,
  /// `volume_sweep`), with the user's volume and every break-even as vertical rules; nil when
  /// the plan has no sweep (a version-1 file, or no option at all).
  static func costVersusVolume(_ plan: PlanDocument) -> SVGChart? {
    let sweep = plan.volumeSweep
    let costs = sweep.flatMap { [$0.cpuMonthlyUSD, $0.gpuMonthlyUSD].compactMap { $0 } }.filter { $0 > 0 }
    guard !costs.isEmpty else { return nil }
    let rates = sweep.map(\.rate) + [plan.inputs.volume] + plan.breakEvens.map(\.rate)
    var chart = SVGChart(
      id: "cost-volume", title: "Monthly cost vs request volume",
      summary: "Cheapest CPU and GPU option meeting the SLO at each volume; vertical lines mark your volume and "
        + "each break-even.",
      x: ChartScale(covering: rates, isLog: true, pixels: SVGChart.xPixels),
      y: ChartScale(covering: costs, isLog: true, pixels: SVGChart.yPixels),
      xTitle: "requests per second (average, log scale)", yTitle: "USD per month (log scale)",
      xTickText: ReadableNumber.count, yTickText: { "$" + ReadableNumber.count($0) })
    for (name, style, values) in [
      ("cpu", cpu, sweep.map { ($0.rate, $0.cpuMonthlyUSD) }), ("gpu", gpu, sweep.map { ($0.rate, $0.gpuMonthlyUSD) }),
    ] {
      for run in runs(values) { chart.line(series: name, points: run, style: style) }
      chart.legendEntry("cheapest \(name.uppercased()) option meeting the SLO", style: style)
    }
    let volumeStyle = SVGChart.Style(color: "#000000", dash: nil, width: 1.5)
    let breakEvenStyle = SVGChart.Style(color: "#555555", dash: "2 3", width: 1.5)
    chart.verticalRule(
      "volume", at: plan.inputs.volume, text: "your volume \(ReadableNumber.rate(plan.inputs.volume))", style: volumeStyle)
    for breakEven in plan.breakEvens {
      chart.verticalRule(
        "break-even", at: breakEven.rate,
        text: "break-even ≈ \(ReadableNumber.rate(breakEven.rate)), \(breakEven.cheaperAbove.uppercased()) above",
        style: breakEvenStyle)
    }
    chart.legendEntry("your volume", style: volumeStyle)
    chart.legendEntry("break-even", style: breakEvenStyle)
    return chart
  }

  /// p99 vs monthly cost of every predicted option (log–log), CPU circles and GPU squares,
  /// filled when the option meets both limits; the SLO and budget as rules, the Pareto front
  /// (no other option both cheaper and faster) as a black line, the recommendation ringed.
  static func latencyVersusCost(_ plan: PlanDocument) -> SVGChart? {
    let options = plan.options.filter { ($0.monthlyUSD ?? 0) > 0 && ($0.p99 ?? 0) > 0 }
    guard !options.isEmpty else { return nil }
    var costs = options.compactMap(\.monthlyUSD)
    var latencies = options.compactMap(\.p99)
    if let budget = plan.inputs.budgetUSDPerMonth, budget > 0 { costs.append(budget) }
    if let slo = plan.inputs.latencySLO { latencies.append(slo) }
    var chart = SVGChart(
      id: "latency-cost", title: "p99 latency vs monthly cost of every option",
      summary: "Each option's predicted p99 against its monthly cost. The black line joins the options no other "
        + "option beats on both; dashed lines are the SLO and the budget.",
      x: ChartScale(covering: costs, isLog: true, pixels: SVGChart.xPixels),
      y: ChartScale(covering: latencies, isLog: true, pixels: SVGChart.yPixels),
      xTitle: "USD per month (log scale)", yTitle: "p99 latency (log scale)",
      xTickText: { "$" + ReadableNumber.count($0) }, yTickText: ReadableNumber.shortDuration)
    let front = paretoFront(plan.options)
    chart.line(series: "pareto", points: front.map { ($0.monthlyUSD ?? 0, $0.p99 ?? 0) }, style: ink)
    for option in options {
      let isCPU = option.deviceClass == "cpu"
      chart.marker(
        series: isCPU ? "option-cpu" : "option-gpu", x: option.monthlyUSD ?? 0, y: option.p99 ?? 0,
        shape: isCPU ? .circle : .square, style: isCPU ? cpu : gpu, filled: option.meetsSLO && option.withinBudget,
        tooltip: PlanPageText.optionLine(option))
    }
    if let slo = plan.inputs.latencySLO {
      chart.horizontalRule(
        "slo", at: slo, text: "SLO p99 ≤ \(ReadableNumber.duration(slo))",
        style: SVGChart.Style(color: "#009E73", dash: "6 3", width: 1.5))
    }
    if let budget = plan.inputs.budgetUSDPerMonth, budget > 0 {
      chart.verticalRule(
        "budget", at: budget, text: "budget \(ReadableNumber.usd(budget))/month",
        style: SVGChart.Style(color: "#CC79A7", dash: "6 3", width: 1.5))
    }
    if let chosen = plan.recommendation?.option, let usd = chosen.monthlyUSD, let p99 = chosen.p99 {
      chart.highlight(x: usd, y: p99, text: "recommended")
    }
    chart.legendEntry("CPU option (filled: meets SLO and budget)", style: cpu, shape: .circle)
    chart.legendEntry("GPU option (filled: meets SLO and budget)", style: gpu, shape: .square)
    chart.legendEntry("Pareto front: nothing cheaper is faster", style: ink)
    if plan.inputs.latencySLO != nil {
      chart.legendEntry("SLO", style: SVGChart.Style(color: "#009E73", dash: "6 3", width: 1.5))
    }
    if plan.inputs.budgetUSDPerMonth != nil {
      chart.legendEntry("budget", style: SVGChart.Style(color: "#CC79A7", dash: "6 3", width: 1.5))
    }
    return chart
  }

  /// p50 and p99 at the planned volume vs the largest batch, one series per device and
  /// precision (the hardware of its cheapest option). Measured series are solid; projected,
  /// calibrated and estimated ones dashed with their p99 band shaded.
  static func latencyVersusBatch(_ plan: PlanDocument) -> SVGChart? {
    let series = batchSeries(plan)
    guard !series.isEmpty else { return nil }
    let points = series.flatMap(\.options)
    let batches = points.map { Double($0.batch) }
    let latencies = points.flatMap { [$0.p50, $0.p99, $0.p99Low, $0.p99High].compactMap { $0 } }
    var chart = SVGChart(
      id: "latency-batch", title: "Latency vs batch size per device and precision",
      summary: "p50 (thin line) and p99 (thick line) at the planned volume for each largest batch size, for the "
        + "\(maxBatchSeries) device × precision pairs with the cheapest options. Solid lines "
        + "are measured; dashed lines are projected, calibrated or estimated, with their p99 band shaded.",
      x: ChartScale(covering: batches, isLog: true, pixels: SVGChart.xPixels),
      y: ChartScale(covering: latencies, isLog: true, pixels: SVGChart.yPixels),
      xTitle: "largest batch size (log scale)", yTitle: "latency at the planned volume (log scale)",
      xTickText: { String(Int($0.rounded())) }, yTickText: ReadableNumber.shortDuration)
    chart.xTicks = Array(Set(batches)).sorted()
    for (index, entry) in series.enumerated() {
      let color = palette[index % palette.count]
      let measured = entry.label == "measured"
      let style = SVGChart.Style(color: color, dash: measured ? nil : "7 4", width: 2.5)
      let thin = SVGChart.Style(color: color, dash: measured ? nil : "3 3", width: 1.2)
      if !measured {
        chart.band(
          series: entry.key,
          points: entry.options.compactMap { o in o.p99Low.flatMap { low in o.p99High.map { (Double(o.batch), low, $0) } } },
          color: color)
      }
      chart.line(series: entry.key + "|p50", points: entry.options.compactMap { o in o.p50.map { (Double(o.batch), $0) } }, style: thin)
      chart.line(series: entry.key + "|p99", points: entry.options.compactMap { o in o.p99.map { (Double(o.batch), $0) } }, style: style)
      chart.legendEntry("\(entry.name) (\(entry.label))", style: style)
    }
    return chart
  }

  /// One line of the batch chart: the options of one hardware × device × precision × threads,
  /// by batch.
  struct BatchSeries {
    var key: String
    var name: String
    var label: String
    var options: [PlanDocument.Option]
  }

  /// Lines of the batch chart: more would not be told apart.
  static let maxBatchSeries = 4

  /// For each device class × device × precision, the options sharing hardware and threads with
  /// its cheapest predicted option (the recommendation for its own pair; excluded options only
  /// when nothing else is left), by batch; the `maxBatchSeries` with the cheapest options
  /// (the recommendation's among them), cheapest first.
  static func batchSeries(_ plan: PlanDocument) -> [BatchSeries] {
    let predicted = plan.options.filter { $0.p50 != nil && $0.p99 != nil }
    // The recommendation first, then options not excluded, each cheapest first.
    let chosen = plan.recommendation?.option
    let rank = { (o: PlanDocument.Option) in (o == chosen ? 0 : o.excludedReason == nil ? 1 : 2, o.monthlyUSD ?? .infinity) }
    var cheapest: [String: PlanDocument.Option] = [:]
    var order: [String] = []
    for option in predicted {
      let key = "\(option.deviceClass)|\(option.device)|\(option.precision.rawValue)"
      guard let current = cheapest[key] else {
        cheapest[key] = option
        order.append(key)
        continue
      }
      if rank(option) < rank(current) { cheapest[key] = option }
    }
    var ranked = order.sorted { (cheapest[$0]?.monthlyUSD ?? .infinity) < (cheapest[$1]?.monthlyUSD ?? .infinity) }
    if let chosen {
      // The recommendation's device and precision always has its line.
      let key = "\(chosen.deviceClass)|\(chosen.device)|\(chosen.precision.rawValue)"
      if let index = ranked.firstIndex(of: key), index >= maxBatchSeries {
        ranked.remove(at: index)
        ranked.insert(key, at: maxBatchSeries - 1)
      }
    }
    return ranked.prefix(maxBatchSeries).compactMap { key in
      guard let best = cheapest[key] else { return nil }
      let members = predicted.filter {
        $0.hardware == best.hardware && $0.device == best.device && $0.precision == best.precision && $0.threads == best.threads
      }
      var byBatch: [Int: PlanDocument.Option] = [:]
      for option in members where byBatch[option.batch] == nil { byBatch[option.batch] = option }
      let threads = best.deviceClass == "cpu" ? ", \(best.threads) thread\(best.threads == 1 ? "" : "s")" : ""
      return BatchSeries(
        key: "\(best.hardware)|\(best.device)|\(best.precision.rawValue)|\(best.threads)",
        name: "\(best.device) \(best.precision.rawValue) on \(best.hardware)\(threads)", label: best.label,
        options: byBatch.keys.sorted().compactMap { byBatch[$0] })
    }
  }

  /// The options no other beats on both cost and p99 (excluded ones left out), cheapest first.
  static func paretoFront(_ options: [PlanDocument.Option]) -> [PlanDocument.Option] {
    let candidates = options.filter { $0.excludedReason == nil && ($0.monthlyUSD ?? 0) > 0 && ($0.p99 ?? 0) > 0 }
      .sorted { ($0.monthlyUSD ?? 0, $0.p99 ?? 0) < ($1.monthlyUSD ?? 0, $1.p99 ?? 0) }
    var front: [PlanDocument.Option] = []
    for option in candidates where option.p99 ?? .infinity < front.last?.p99 ?? .infinity {
      front.append(option)
    }
    return front
  }

  /// Consecutive non-nil values as separate runs, so a gap (no option meeting the SLO) breaks
  /// the line instead of bridging it.
  static func runs(_ values: [(Double, Double?)]) -> [[(x: Double, y: Double)]] {
    var result: [[(x: Double, y: Double)]] = [[]]
    for (x, y) in values {
      if let y, y > 0 {
        result[result.count - 1].append((x, y))
      } else if !(result.last?.isEmpty ?? true) {
        result.append([])
      }
    }
    return result.filter { !$0.isEmpty }
  }
}
