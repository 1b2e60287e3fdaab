import CostModel
import PlanningFixtures
import Reporting

/// The planner tests' fixed inputs (Tests/PlanningFixtures), plus the report's context.
typealias ReportingFixtures = PlannerFixtures

extension ReportingFixtures {
  /// The README case: `small`, 100/min, $50/month, p99 ≤ 200 ms.
  static func smallPlan() -> Plan {
    planner().plan(for: PlanRequest(requestsPerSecond: 100.0 / 60, budgetUSDPerMonth: 50, latencySLOSeconds: 0.2))
  }

  static func context(warnings: [String] = []) -> PlanReportContext {
    PlanReportContext(
      toolVersion: "0.1.0", modelPath: "small.bin", volumeText: "100/min", host: host,
      measurements: smallMeasurements, measurementSources: ["fixed.csv"], hardware: hardware,
      profilesDirectory: "Profiles (./Profiles)", warnings: warnings)
  }
}
