import Foundation
import Testing

@testable import CostModel
@testable import Reporting

@Suite("Reporting golden files")
struct ReportingGoldenTests {
  /// Compares with Golden/<name>; on a difference writes the actual text to
  /// /tmp/infer-plan-golden/<name> so a reviewer can diff it and, if right, copy it over.
  static func expectGolden(_ actual: String, _ name: String) throws {
    let parts = name.split(separator: ".")
    let url = try #require(Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Golden"))
    let expected = try String(contentsOf: url, encoding: .utf8)
    if actual != expected {
      let folder = URL(fileURLWithPath: "/tmp/infer-plan-golden")
      try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try? Data(actual.utf8).write(to: folder.appendingPathComponent(name))
    }
    #expect(actual == expected, "differs from Golden/\(name); actual written to /tmp/infer-plan-golden/\(name)")
  }

  @Test("Report text of the README case matches the golden file")
  func reportText() throws {
    let plan = ReportingFixtures.smallPlan()
    let text = TerminalReport(plan: plan, context: ReportingFixtures.context(warnings: ["debug build: not representative; use -c release"])).render()
    try Self.expectGolden(text, "plan-small.txt")
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      #expect(line.count <= 80, "line over 80 columns: \(line)")
    }
    #expect(!text.contains("\u{1B}"))
  }

  static let scenarios: [(String, Double, Double?, Double?, Bool)] = [
    // golden file, req/s, budget, SLO, large model
    ("plan-over-budget.txt", 5_000, 5, 0.05, false),
    ("plan-none-meets-slo.txt", 10, 50, 1e-5, false),
    ("plan-large-gpu.txt", 30_000, 5_000, 0.5, true),
  ]

  @Test("Reports of the other scenarios match their golden files", arguments: scenarios)
  func scenarioReports(_ c: (String, Double, Double?, Double?, Bool)) throws {
    let planner = c.4
      ? ReportingFixtures.planner(model: ReportingFixtures.large, measurements: ReportingFixtures.largeMeasurements)
      : ReportingFixtures.planner()
    let plan = planner.plan(for: PlanRequest(requestsPerSecond: c.1, budgetUSDPerMonth: c.2, latencySLOSeconds: c.3))
    var context = ReportingFixtures.context()
    context.modelPath = c.4 ? "large.bin" : "small.bin"
    context.volumeText = nil
    if c.4 { context.measurements = ReportingFixtures.largeMeasurements }
    let text = TerminalReport(plan: plan, context: context).render()
    try Self.expectGolden(text, c.0)
    #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
  }

  @Test("CSV of the README case matches the golden file")
  func csv() throws {
    try Self.expectGolden(PlanCSV.text(for: ReportingFixtures.smallPlan()), "plan-small.csv")
  }

  @Test("Plan JSON of the README case and of the large-model case match their golden files")
  func json() throws {
    var context = ReportingFixtures.context(warnings: ["debug build: not representative; use -c release"])
    try Self.expectGolden(PlanJSON.document(for: ReportingFixtures.smallPlan(), context: context).serialized(), "plan-small.json")
    let planner = ReportingFixtures.planner(model: ReportingFixtures.large, measurements: ReportingFixtures.largeMeasurements)
    let plan = planner.plan(for: PlanRequest(requestsPerSecond: 30_000, budgetUSDPerMonth: 5_000, latencySLOSeconds: 0.5))
    context.modelPath = "large.bin"
    context.measurements = ReportingFixtures.largeMeasurements
    try Self.expectGolden(PlanJSON.document(for: plan, context: context).serialized(), "plan-large-gpu.json")
  }

  @Test("Colour appears only when asked for")
  func colour() {
    var context = ReportingFixtures.context()
    context.useColor = true
    let text = TerminalReport(plan: ReportingFixtures.smallPlan(), context: context).render()
    #expect(text.contains("\u{1B}[1mRECOMMENDATION"))
  }
}
