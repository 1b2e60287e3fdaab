import PlanningFixtures
import Testing

@testable import CostModel

/// A predictor that answers a fixed latency, to check the planner's seam.
private struct FixedLatencyPredictor: LatencyPredictor {
  var p99Seconds: Double
  var name: String { "a fixed predictor" }
  func predict(_ setup: ServingSetup) throws -> LatencyPrediction {
    LatencyPrediction(
      utilization: 0.1, meanBatchSize: 1, p50Seconds: p99Seconds / 2, p50LowSeconds: p99Seconds / 4,
      p50HighSeconds: p99Seconds, p99Seconds: p99Seconds, p99LowSeconds: p99Seconds / 2,
      p99HighSeconds: p99Seconds * 2, stable: true, method: "fixed")
  }
}

@Suite("Planner seam for the simulation")
struct PlannerSeamTests {
  @Test("Finalists re-predicted by another predictor: figures replaced, SLO re-checked, recommendation follows")
  func finalistsRepredicted() throws {
    let planner = PlannerFixtures.planner()
    let request = PlanRequest(requestsPerSecond: 100.0 / 60, budgetUSDPerMonth: 50, latencySLOSeconds: 0.2)
    let plan = planner.plan(for: request, finalistPredictor: FixedLatencyPredictor(p99Seconds: 0.5), finalistCount: 2)
    let refined = plan.options.filter { $0.prediction?.method == "fixed" }
    #expect(refined.count == 2)
    #expect(refined.allSatisfy { !$0.meetsSLO })
    #expect(plan.notes == ["the 2 cheapest options re-predicted by a fixed predictor"])
    let chosen = try #require(plan.recommendation.chosen)
    #expect(chosen.prediction?.method == "closed form")
    #expect(chosen.meetsSLO)
  }

  @Test("The simulation predictor agrees with the closed form at light load and says unstable when overloaded")
  func simulationPredictor() throws {
    let curve = BatchLatencyCurve(points: [
      BatchLatencyPoint(batchSize: 1, medianSeconds: 0.001, meanSeconds: 0.001, p99Seconds: 0.001, cv: 0),
      BatchLatencyPoint(batchSize: 8, medianSeconds: 0.002, meanSeconds: 0.002, p99Seconds: 0.002, cv: 0),
    ])
    let predictor = SimulatedLatencyPredictor(options: SimulationOptions(requestsPerReplication: 4_000, replications: 4, seed: 7))
    let light = try predictor.predict(ServingSetup(
      curve: curve, maxBatchSize: 1, maxBatchingDelaySeconds: 0, replicas: 1, requestsPerSecond: 10, relativeSpread: 0.1))
    #expect(light.stable)
    #expect(abs(light.p50Seconds - 0.001) < 1e-4)  // a fixed 1 ms service, almost never a queue
    #expect(light.p99LowSeconds <= light.p99Seconds && light.p99Seconds <= light.p99HighSeconds)
    let overloaded = try predictor.predict(ServingSetup(
      curve: curve, maxBatchSize: 8, maxBatchingDelaySeconds: 0.001, replicas: 1, requestsPerSecond: 10_000, relativeSpread: 0.1))
    #expect(!overloaded.stable)
  }
}
