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
  @Test("The deciding predictor makes every verdict of the options it decides", arguments: [(0.1, true), (0.5, false)])
  func decidingPredictor(p99: Double, fits: Bool) throws {
    let planner = PlannerFixtures.planner()
    let request = PlanRequest(requestsPerSecond: 100.0 / 60, budgetUSDPerMonth: 50, latencySLOSeconds: 0.2)
    let plan = planner.plan(for: request, predictor: FixedLatencyPredictor(p99Seconds: p99))
    let decided = plan.options.filter(\.isDecided)
    #expect(!decided.isEmpty)
    #expect(decided.allSatisfy { $0.prediction?.method == "fixed" && $0.meetsSLO == fits })
    #expect(plan.options.filter { !$0.isDecided }.allSatisfy { $0.prediction?.method != "fixed" })
    #expect(plan.notes.first?.contains("sized and predicted by a fixed predictor") == true)
    if fits {
      let chosen = try #require(plan.recommendation.chosen)
      #expect(chosen.prediction?.method == "fixed")
    } else {
      #expect(plan.recommendation.chosen == nil)
      #expect(plan.recommendation.outcome != .fits)
    }
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
