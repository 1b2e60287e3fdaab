import Records

/// The plan as GitHub-flavoured Markdown (`--markdown FILE`), short enough for a pull-request
/// comment: the answer and why, the ten cheapest options as a table, and the assumptions.
/// Every figure comes from the plan document, the same one `--json` writes.
public enum PlanMarkdown {
  /// Rows of the options table.
  public static let maxRows = 10

  /// The whole Markdown text for `plan`, ending with a newline.
  public static func text(for plan: PlanDocument) -> String {
    var lines = ["## infer-plan: \(escape(plan.inputs.modelName))", ""]
    lines.append("**\(escape(PlanPageText.headline(plan)))**")
    lines.append("")
    lines.append(escape(PlanPageText.inputsLine(plan)))
    lines.append("")
    if let chosen = plan.recommendation?.option {
      lines.append("Deploy \(escape(PlanPageText.deployment(chosen))).")
      lines.append("")
    }
    if let cheapest = plan.cheapestMeetingSLO, plan.recommendation == nil {
      var text = "Cheapest meeting the SLO: \(PlanPageText.optionLine(cheapest.option))"
      if let excess = cheapest.budgetExcessUSD { text += ", \(ReadableNumber.usd(excess)) over the budget" }
      lines.append("- \(escape(text)).")
    }
    if let fastest = plan.fastestWithinBudget {
      lines.append("- Fastest within the budget: \(escape(PlanPageText.optionLine(fastest))).")
    }
    for relaxation in plan.relaxations { lines.append("- Relax the \(escape(relaxation.text)).") }
    if plan.recommendation == nil && (plan.cheapestMeetingSLO != nil || plan.fastestWithinBudget != nil || !plan.relaxations.isEmpty) {
      lines.append("")
    }
    if !plan.reasons.isEmpty {
      lines.append("**Why**")
      lines.append("")
      lines += plan.reasons.map { "- " + escape($0) }
      lines.append("")
    }
    lines.append("**Break-even:** \(escape(PlanPageText.breakEvenText(plan)))")
    lines.append("")
    lines += optionsTable(plan)
    lines.append("")
    lines.append("### Assumptions")
    lines.append("")
    lines += PlanPageText.assumptions(plan).map { "- " + escape($0) }
    for entry in PlanPageText.labels(plan) {
      let notes = entry.notes.isEmpty ? "" : " (\(entry.notes.joined(separator: "; ")))"
      lines.append("- *\(entry.label)*: \(escape(entry.meaning + notes)).")
    }
    if !plan.warnings.isEmpty {
      lines.append("")
      lines.append("### Warnings")
      lines.append("")
      lines += plan.warnings.map { "- " + escape($0) }
    }
    lines.append("")
    lines.append("<sub>infer-plan \(escape(plan.toolVersion)) · \(PlanDocument.schemaTag.description)</sub>")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The ten cheapest rows of the options table, the recommended one marked ★.
  static func optionsTable(_ plan: PlanDocument) -> [String] {
    let rows = PlanPageText.rows(plan)
    let shown = rows.prefix(maxRows)
    var lines = [
      "### Options (\(shown.count) of \(rows.count) hardware × precision, cheapest first; \(plan.options.count) evaluated)",
      "",
    ]
    let numeric = Set(["threads", "batch", "replicas", "utilization", "p50", "p99", "$/month", "$/1M req"])
    lines.append("| | " + PlanPageText.columns.map(escape).joined(separator: " | ") + " |")
    lines.append("|---|" + PlanPageText.columns.map { numeric.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|")
    for row in shown {
      lines.append("| \(row.isRecommended ? "★" : "") | " + row.cells.map(escape).joined(separator: " | ") + " |")
    }
    return lines
  }

  /// Text safe in a Markdown table cell or line: `|` escaped, and `<`, `>`, `&` as entities
  /// so nothing reads as HTML in a pull-request comment.
  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "|", with: "\\|")
      .replacingOccurrences(of: "\n", with: " ")
  }
}
