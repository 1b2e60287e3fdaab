import Foundation
import Records
import Testing

@testable import Reporting

@Suite("export with a day of traffic")
struct TrafficExportTests {
  /// The small plan with a day of traffic whose fleet for the recommended option scales 2–7 replicas.
  static func plan() throws -> PlanDocument {
    var plan = try PageFixtures.small()
    let chosen = try #require(plan.recommendation?.option)
    let fleet = PlanDocument.Fleet(
      hardware: chosen.hardware, device: chosen.device, precision: chosen.precision.rawValue, batch: chosen.batch,
      threads: chosen.threads, replicasPerInstance: 1, minReplicas: 2, maxReplicas: 7, scaleUpDelay: 60, cooldown: 600,
      fixedInstances: 7, autoscaledBaseInstances: 2, autoscaledPeakInstances: 7, instanceHoursPerDay: 80, lagMinutes: 3,
      waysToPay: [])
    plan.traffic = PlanDocument.Traffic(
      origin: "shape diurnal, peak 3× the mean", meanRate: 1, peakRate: 3, peakToMean: 3, burstiness: nil,
      hourlyRates: [Double](repeating: 1, count: 24), fleets: [fleet], serverless: [], winner: nil)
    return plan
  }

  @Test("The HorizontalPodAutoscaler takes the simulated minimum, maximum and cooldown")
  func autoscalerUsesTheFleet() throws {
    let bundle = try DeploymentExport.bundle(
      for: Self.plan(), path: "plan.json", format: .kubernetes,
      settings: ExportSettings(image: nil, modelURI: nil, planHash: "0123456789ab"))
    let hpa = try #require(bundle.files.first { $0.path.hasSuffix("hpa.yaml") }?.text)
    #expect(hpa.contains("  minReplicas: 2\n  maxReplicas: 7\n"))
    #expect(hpa.contains("  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 600\n"))
    #expect(!hpa.contains("min = max"))
    let kserve = try DeploymentExport.bundle(
      for: Self.plan(), path: "plan.json", format: .kserve,
      settings: ExportSettings(image: nil, modelURI: nil, planHash: "0123456789ab"))
    #expect(kserve.files[0].text.contains("    minReplicas: 2\n    maxReplicas: 7\n"))
  }

  @Test("Without a day of traffic the autoscaler keeps the volume ÷ peak estimate and no behavior block")
  func autoscalerWithoutTraffic() throws {
    let bundle = try DeploymentExport.bundle(
      for: PageFixtures.small(), path: "plan.json", format: .kubernetes,
      settings: ExportSettings(image: nil, modelURI: nil, planHash: "0123456789ab"))
    let hpa = try #require(bundle.files.first { $0.path.hasSuffix("hpa.yaml") }?.text)
    #expect(!hpa.contains("behavior:"))
  }
}
