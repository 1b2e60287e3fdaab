import CostModel
import Foundation
import Records
import Testing

@testable import Reporting

@Suite("Markdown summary and --fail-on policy")
struct PlanMarkdownTests {
  @Test("The Markdown of the fixed plans matches the golden files")
  func golden() throws {
    try PageFixtures.expectGolden(PlanMarkdown.text(for: PageFixtures.small()), "plan-small.md")
    try PageFixtures.expectGolden(PlanMarkdown.text(for: PageFixtures.large()), "plan-large-gpu.md")
  }

  @Test("The table holds at most ten rows, cheapest first, every row with every column, the recommendation marked")
  func table() throws {
    for plan in [try PageFixtures.small(), try PageFixtures.large()] {
      let lines = PlanMarkdown.text(for: plan).split(separator: "\n").map(String.init)
      let rows = lines.filter { $0.hasPrefix("| ") }.dropFirst()  // the header row
      #expect(rows.count == min(10, PlanPageText.rows(plan).count))
      for row in rows {
        #expect(row.components(separatedBy: " | ").count == PlanPageText.columns.count + 1, "\(row)")
      }
      #expect(rows.filter { $0.hasPrefix("| ★ |") }.count == 1)
      let costs = PlanPageText.rows(plan).prefix(10).compactMap(\.option.monthlyUSD)
      #expect(costs == costs.sorted())
    }
  }

  @Test("Markdown escapes table pipes and HTML")
  func escaping() throws {
    var plan = try PageFixtures.small()
    plan.warnings = ["a | b <img src=x>"]
    let text = PlanMarkdown.text(for: plan)
    #expect(text.contains("a \\| b &lt;img src=x&gt;"))
  }

  static let outcomes: [(PlanDocument.Outcome, [PlanPolicy], [PlanPolicy])] = [
    // outcome, checked, missed
    (.fits, [.slo, .budget], []),
    (.overBudget, [.slo, .budget], [.budget]),
    (.overBudget, [.slo], []),
    (.noneMeetsSLO, [.slo, .budget], [.slo]),
    (.noneMeetsSLO, [.budget], []),
    (.infeasible, [.budget], [.budget]),
    (.noOptions, [.slo, .budget], [.slo, .budget]),
    (.fits, [], []),
  ]

  @Test("--fail-on misses follow the outcome", arguments: outcomes)
  func policy(_ c: (PlanDocument.Outcome, [PlanPolicy], [PlanPolicy])) throws {
    var plan = try PageFixtures.small()
    plan.outcome = c.0.rawValue
    #expect(PlanPolicy.misses(plan, checking: c.1) == c.2)
  }

  @Test("A planned over-budget case misses the budget policy only")
  func plannedOverBudget() {
    let plan = ReportingFixtures.planner().plan(for: PlanRequest(requestsPerSecond: 5_000, budgetUSDPerMonth: 5, latencySLOSeconds: 0.05))
    let document = PlanJSON.document(for: plan, context: ReportingFixtures.context())
    #expect(PlanPolicy.misses(document, checking: [.slo, .budget]) == [.budget])
  }
}
