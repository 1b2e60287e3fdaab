import CostModel
import Testing

@testable import Reporting

@Suite("Report legibility")
struct ReportLegibilityTests {
  @Test("A ✓ or ✗ mark never starts a wrapped line", arguments: [60, 64, 65, 66, 67, 68])
  func markStaysWithItsWord(_ length: Int) {
    for mark in ["✓", "✗", Style(enabled: true).mark(true)] {
      let text = String(repeating: "x", count: length) + " $15.18/month " + mark + " more words"
      let lines = TextLayout.wrap(text, width: 80, firstIndent: "", indent: "  ")
      #expect(!lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(mark) }, "\(lines)")
      #expect(lines.joined(separator: " ").contains("$15.18/month " + mark))
    }
  }

  @Test("The options table marks the recommended row, shows precision and threads apart, and one mark per column")
  func optionsTable() {
    let report = TerminalReport(plan: ReportingFixtures.smallPlan(), context: ReportingFixtures.context()).render()
    let table = report.split(separator: "\n").drop { !$0.hasPrefix("OPTIONS") }.dropFirst().prefix { !$0.contains("options evaluated") }
    #expect(table.first?.hasSuffix("S B src") == true)
    let rows = table.dropFirst()
    #expect(rows.filter { $0.hasPrefix("* t3.small ") }.count == 1)
    #expect(rows.filter { $0.hasPrefix("*") }.count == 1)
    for row in rows {
      let cells = row.dropFirst(2).split(separator: " ")
      let precision = row.dropFirst(26).prefix(4)  // after "  ", hardware (13), dev (9), spaces
      #expect(["fp32", "fp16", "bf16", "tf32"].contains(String(precision)), "precision column: \(row)")
      #expect(["meas", "proj", "est", "cal"].contains(String(cells.last ?? "")), "\(row)")
    }
    let none = PlanRequest(requestsPerSecond: 10, budgetUSDPerMonth: 50, latencySLOSeconds: 1e-5)
    let missed = TerminalReport(plan: ReportingFixtures.planner().plan(for: none), context: ReportingFixtures.context()).render()
    #expect(!missed.split(separator: "\n").contains { $0.hasPrefix("* ") }, "no recommendation, no marked row")
  }
}
