import Foundation
import Records

/// The plan as one self-contained HTML page (`--html FILE`): the answer and why, three inline
/// SVG charts, the options table, the assumptions and the labels.
///
/// No script, no external asset, no web font: it reads the same with JavaScript off, offline
/// and on paper (a print style keeps each chart on one page). Every figure comes from the plan
/// document, the same one `--json` writes.
public enum PlanHTML {
  /// The whole page for `plan`.
  public static func page(for plan: PlanDocument) -> String {
    let e = SVGText.escape
    var body: [String] = []
    body.append("<header><h1>Serving plan: \(e(plan.inputs.modelName))</h1>")
    body.append("<p class=\"inputs\">\(e(PlanPageText.inputsLine(plan)))</p></header>")
    body += recommendationSection(plan)
    body += chartsSection(plan)
    body += optionsSection(plan)
    body.append("<section id=\"assumptions\"><h2>Assumptions</h2><ul>")
    body += PlanPageText.assumptions(plan).map { "<li>\(e($0))</li>" }
    body.append("</ul></section>")
    body.append("<section id=\"labels\"><h2>Labels</h2><dl>")
    for entry in PlanPageText.labels(plan) {
      let notes = entry.notes.isEmpty ? "" : " <span class=\"note\">(\(e(entry.notes.joined(separator: "; "))))</span>"
      body.append("<dt>\(e(entry.label))</dt><dd>\(e(entry.meaning)).\(notes)</dd>")
    }
    body.append("</dl></section>")
    if !plan.warnings.isEmpty {
      body.append("<section id=\"warnings\"><h2>Warnings</h2><ul>")
      body += plan.warnings.map { "<li>\(e($0))</li>" }
      body.append("</ul></section>")
    }
    body.append(
      "<footer>infer-plan \(e(plan.toolVersion)) · \(e(PlanDocument.schemaTag.description)) · every option is in the "
        + "plan's --json and --csv output.</footer>")
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
      <title>infer-plan: \(e(plan.inputs.modelName)) at \(e(ReadableNumber.rate(plan.inputs.volume)))</title>
      <style>
      \(style)
      </style>
      </head>
      <body>
      \(body.joined(separator: "\n"))
      </body>
      </html>

      """
  }

  static let style = """
    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #ffffff;
      max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.45; }
    h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
    .inputs { color: #444444; margin-top: 0; }
    .headline { font-size: 1.1rem; font-weight: bold; padding: 0.6rem 0.8rem; border-left: 6px solid #0072B2;
      background: #eef5fb; }
    .headline.miss { border-left-color: #D55E00; background: #fdf0e8; }
    figure { margin: 1.5rem 0; break-inside: avoid; page-break-inside: avoid; }
    figcaption { font-size: 0.9rem; color: #444444; max-width: 45rem; }
    svg { max-width: 100%; height: auto; }
    table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
    th, td { border-bottom: 1px solid #dddddd; padding: 0.25rem 0.5rem; text-align: right; white-space: nowrap; }
    th:nth-child(-n+4), td:nth-child(-n+4) { text-align: left; }
    .table { overflow-x: auto; }
    tr.recommended { background: #eef5fb; font-weight: bold; }
    .note { color: #555555; }
    footer { margin-top: 2rem; font-size: 0.8rem; color: #555555; }
    @media print { body { max-width: none; margin: 0; } .headline { background: none; } .table { overflow: visible; } }
    """

  static func recommendationSection(_ plan: PlanDocument) -> [String] {
    let e = SVGText.escape
    let fits = plan.recommendation != nil
    var lines = [
      "<section id=\"recommendation\"><h2>Recommendation</h2>",
      "<p class=\"headline\(fits ? "" : " miss")\">\(e(PlanPageText.headline(plan)))</p>",
    ]
    if let chosen = plan.recommendation?.option {
      lines.append("<p>Deploy \(e(PlanPageText.deployment(chosen))).</p>")
    }
    if let cheapest = plan.cheapestMeetingSLO, !fits {
      var text = "Cheapest meeting the SLO: \(PlanPageText.optionLine(cheapest.option))"
      if let excess = cheapest.budgetExcessUSD { text += ", \(ReadableNumber.usd(excess)) over the budget" }
      lines.append("<p>\(e(text)).</p>")
    }
    if let fastest = plan.fastestWithinBudget {
      lines.append("<p>Fastest within the budget: \(e(PlanPageText.optionLine(fastest))).</p>")
    }
    if !plan.relaxations.isEmpty {
      lines.append("<p>What relaxing one limit buys:</p><ul>")
      lines += plan.relaxations.map { "<li>\(e($0.text))</li>" }
      lines.append("</ul>")
    }
    if !plan.reasons.isEmpty {
      lines.append("<h3>Why</h3><ul>")
      lines += plan.reasons.map { "<li>\(e($0))</li>" }
      lines.append("</ul>")
    }
    if let other = plan.otherClass {
      lines.append("<p>Best of the other device class: \(e(PlanPageText.optionLine(other))).</p>")
    }
    lines.append("<p>Break-even: \(e(PlanPageText.breakEvenText(plan)))</p>")
    if let ten = plan.atTenTimesVolume {
      lines.append(
        "<p>At 10× the volume (\(e(ReadableNumber.rate(plan.inputs.volume * 10)))): "
          + "\(e(PlanPageText.optionLine(ten))).</p>")
    }
    lines.append("</section>")
    return lines
  }

  static func chartsSection(_ plan: PlanDocument) -> [String] {
    let charts: [(SVGChart?, String)] = [
      (
        PlanCharts.costVersusVolume(plan),
        "The cheapest CPU option (solid blue) and GPU option (dashed orange) meeting the SLO at each volume. "
          + "Where they cross is the break-even."
      ),
      (
        PlanCharts.latencyVersusCost(plan),
        "Every option evaluated: circles are CPU, squares GPU; filled ones meet both the SLO and the budget. "
          + "The black line is the Pareto front: each option on it is the fastest at its price."
      ),
      (
        PlanCharts.latencyVersusBatch(plan),
        "For the \(PlanCharts.maxBatchSeries) device × precision pairs with the cheapest options, on the hardware "
          + "of that option: p99 (thick) and p50 (thin) for each "
          + "largest batch size. Solid lines are measured; dashed lines are projected, calibrated or estimated, "
          + "with the p99 band shaded."
      ),
    ]
    var lines = ["<section id=\"charts\"><h2>Charts</h2>"]
    for (chart, caption) in charts {
      guard let chart else { continue }
      lines.append("<figure>")
      lines.append("<h3>\(SVGText.escape(chart.title))</h3>")
      lines.append(chart.render())
      lines.append("<figcaption>\(SVGText.escape(caption))</figcaption>")
      lines.append("</figure>")
    }
    lines.append("</section>")
    return lines
  }

  static func optionsSection(_ plan: PlanDocument) -> [String] {
    let e = SVGText.escape
    let rows = PlanPageText.rows(plan)
    var lines = [
      "<section id=\"options\"><h2>Options</h2>",
      "<p>The best option per hardware, device and precision, cheapest first (\(plan.options.count) options "
        + "evaluated in all). The recommended one is marked ★.</p>",
      "<div class=\"table\"><table><thead><tr><th scope=\"col\"><span class=\"note\">★</span></th>"
        + PlanPageText.columns.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead><tbody>",
    ]
    for row in rows {
      let mark = row.isRecommended ? "<td>★ recommended</td>" : "<td></td>"
      lines.append(
        "<tr\(row.isRecommended ? " class=\"recommended\"" : "")>\(mark)"
          + row.cells.map { "<td>\(e($0))</td>" }.joined() + "</tr>")
    }
    lines.append("</tbody></table></div></section>")
    return lines
  }
}
