import Foundation
import Testing
import Records
import Units

@testable import CostModel
@testable import Reporting

@Suite("Reporting a day of traffic")
struct ReportingTrafficTests {
  static func plan() throws -> Plan {
    let traffic = try TrafficShape.diurnal.day(meanRequestsPerSecond: 300, peakToMean: 4)
    let request = PlanRequest(requestsPerSecond: 1, budgetUSDPerMonth: 5_000, latencySLOSeconds: 1).following(traffic)
    return ReportingFixtures.planner(model: ReportingFixtures.large, measurements: ReportingFixtures.largeMeasurements)
      .plan(for: request)
  }

  @Test("The traffic section matches its golden file and fits 80 columns")
  func trafficReport() throws {
    var context = ReportingFixtures.context()
    context.modelPath = "large.bin"
    context.volumeText = nil
    context.measurements = ReportingFixtures.largeMeasurements
    let text = TerminalReport(plan: try Self.plan(), context: context).render()
    try ReportingGoldenTests.expectGolden(text, "plan-traffic.txt")
    #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
    #expect(text.contains("TRAFFIC AND WAYS TO PAY"))
  }

  @Test("The plan JSON carries the day, every fleet's ways to pay and the winner, and reads back")
  func trafficJSON() throws {
    let plan = try Self.plan()
    let document = PlanJSON.document(for: plan, context: ReportingFixtures.context())
    let traffic = try #require(document.traffic)
    #expect(traffic.hourlyRates.count == 24)
    #expect(abs(traffic.meanRate - 300) < 1e-9)
    #expect(traffic.fleets.allSatisfy { $0.waysToPay.first?.way == "fixed_on_demand" })
    let winner = try #require(traffic.winner)
    #expect((winner.savingUSD ?? 0) > 0)
    let read = try PlanDocument.decode(Array(document.serialized().utf8), path: "plan.json")
    #expect(read.traffic == document.traffic)
  }
}
