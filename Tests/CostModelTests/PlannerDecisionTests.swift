import PlanningFixtures
import Records
import Testing

@testable import CostModel

/// One latency model decides every verdict: sizing to the SLO, the batching delay, the
/// break-even volumes, burstable pricing, and a simulation whose cost does not grow with the fleet.
@Suite("Planner decisions")
struct PlannerDecisionTests {
  /// (name, SLO seconds, budget USD/month): SLO-bound, budget-bound and unconstrained.
  static let scenarios: [(String, Double?, Double?)] = [
    ("SLO-bound", 0.02, nil),
    ("budget-bound", 0.5, 2_000),
    ("unconstrained", nil, nil),
  ]

  @Test("Plans at 0.9× and 1.1× of every break-even pick the classes it names, on the sides stated", arguments: scenarios)
  func breakEvenSelfCheck(_ scenario: (String, Double?, Double?)) throws {
    let planner = PlannerFixtures.planner()
    let request = PlanRequest(requestsPerSecond: 10, budgetUSDPerMonth: scenario.2, latencySLOSeconds: scenario.1)
    let plan = planner.plan(for: request)
    try #require(!plan.breakEvens.isEmpty, "\(scenario.0): no crossing in range")
    for crossing in plan.breakEvens {
      let below = planner.plan(for: request.atRate(crossing.rate * 0.9))
      let above = planner.plan(for: request.atRate(crossing.rate * 1.1))
      let cheaperBelow: DeviceKind = crossing.cheaperAbove == .cpu ? .cuda : .cpu
      #expect(Self.cheapestClass(below) == cheaperBelow, "\(scenario.0) at \(crossing.rate * 0.9)/s")
      #expect(Self.cheapestClass(above) == crossing.cheaperAbove, "\(scenario.0) at \(crossing.rate * 1.1)/s")
      // where the recommendation fits the budget, it is that option
      for side in [below, above] {
        if let chosen = side.recommendation.chosen { #expect(chosen.deviceKind == Self.cheapestClass(side)) }
      }
    }
  }

  /// The class of the cheapest option meeting the SLO (budget ignored), as the break-even compares.
  static func cheapestClass(_ plan: Plan) -> DeviceKind? {
    let cpu = Recommender.cheapestMeetingSLO(plan.options, kind: .cpu)?.monthlyUSD
    let gpu = Recommender.cheapestMeetingSLO(plan.options, kind: .cuda)?.monthlyUSD
    guard let cpu, let gpu else { return cpu != nil ? .cpu : gpu != nil ? .cuda : nil }
    return gpu < cpu ? .cuda : .cpu
  }

  @Test("The recommended monthly cost never falls as the volume rises (burstable surplus priced, no SLO)")
  func costNeverFalls() throws {
    let planner = PlannerFixtures.planner()
    var previous = 0.0
    for rate in [1.0, 100, 1_000, 3_000, 5_000, 6_000, 8_000, 12_000, 20_000, 50_000, 100_000] {
      let plan = planner.plan(for: PlanRequest(requestsPerSecond: rate))
      let cost = try #require(plan.recommendation.chosen?.monthlyUSD)
      #expect(cost >= previous - 1e-9, "\(rate) req/s: $\(cost) after $\(previous)")
      previous = cost
    }
  }

  @Test("A burstable instance over its baseline pays the cheaper of its surplus credits and staying under it",
        arguments: [1_000.0, 6_000, 20_000, 60_000])
  func burstablePriced(rate: Double) throws {
    let planner = PlannerFixtures.planner()
    let request = PlanRequest(requestsPerSecond: rate)
    var candidate = try #require(planner.makeCandidates().first { $0.hardwareName == "t3.small" && $0.batchSize == 1 })
    candidate.profile?.surplusUSDPerVCPUHour = 0.05
    let profile = try #require(candidate.profile)
    let baseline = try #require(profile.burstableBaseline)
    let work = planner.busyVCPUs(candidate, replicas: 1, delay: 0, at: request)
    let fleet = planner.priced(candidate, replicas: 1, delay: 0, at: request)
    let vCPUs = Double(profile.vCPUs)
    let hours = request.hoursPerMonth
    let paying = profile.usdPerHour * hours + max(0, work / vCPUs - baseline) * vCPUs * 0.05 * hours
    let staying = max(1, (work / (baseline * vCPUs)).rounded(.up)) * profile.usdPerHour * hours
    #expect(abs(fleet.monthlyUSD - min(paying, staying)) < 1e-6, "work \(work) vCPUs")
    #expect(fleet.surplusUSDPerMonth != nil)
    if paying < staying { #expect(abs((fleet.surplusUSDPerMonth ?? 0) - (paying - profile.usdPerHour * hours)) < 1e-6) }
  }

  @Test("Replicas grow until the predicted p99 meets the SLO, beyond what the utilization target needs")
  func replicasGrowForTheSLO() throws {
    let planner = PlannerFixtures.planner()
    let candidate = try #require(planner.makeCandidates().first { $0.hardwareName == "c7i.large" && $0.batchSize == 1 })
    let service = candidate.curve.medianSeconds(at: 1)
    let rate = 5_000.0
    let loose = PlanRequest(requestsPerSecond: rate)
    let tight = PlanRequest(requestsPerSecond: rate, latencySLOSeconds: service * 1.6)
    let pipeline = DecisionPipeline(
      planner: planner, predictor: ClosedFormLatencyPredictor(), searchPredictor: ClosedFormLatencyPredictor(),
      cache: ReplicaCapacityCache())
    let screen = planner.evaluate(candidate, for: loose, predictor: ClosedFormLatencyPredictor())
    let byUtilization = pipeline.option(candidate, at: loose, screen: screen)
    let bySLO = pipeline.option(candidate, at: tight, screen: screen)
    #expect(bySLO.meetsSLO)
    #expect(try #require(bySLO.p99Seconds) <= service * 1.6)
    #expect(bySLO.replicas > byUtilization.replicas)
    #expect(try #require(byUtilization.utilization) <= 0.7 + 1e-9)
  }

  @Test("The batching delay is searched over 0, a tenth and half of the SLO; --max-delay fixes it")
  func batchingDelays() throws {
    #expect(PlanRequest(requestsPerSecond: 1, latencySLOSeconds: 0.1).batchingDelays == [0, 0.01, 0.05])
    #expect(PlanRequest(requestsPerSecond: 1).batchingDelays == [PlanningDefaults.maxBatchingDelaySeconds])
    #expect(PlanRequest(requestsPerSecond: 1, latencySLOSeconds: 0.1, fixedBatchingDelaySeconds: 0.002).batchingDelays == [0.002])
    let plan = PlannerFixtures.planner().plan(for: PlanRequest(requestsPerSecond: 30_000, latencySLOSeconds: 0.1))
    let decided = plan.options.filter { $0.isDecided && $0.batchSize > 1 }
    #expect(!decided.isEmpty)
    #expect(decided.allSatisfy { [0, 0.01, 0.05].contains($0.batchingDelaySeconds) })
  }

  @Test("One replica's share is simulated: utilization agrees with λ·S/(c·b) at any fleet size", arguments: [1e6, 1e9])
  func simulationScalesWithTheFleet(rate: Double) throws {
    // 0.5 ms per request at every batch size, so the busy fraction does not depend on how full
    // the batches are
    let curve = BatchLatencyCurve(points: [
      BatchLatencyPoint(batchSize: 1, medianSeconds: 0.0005, meanSeconds: 0.0005, p99Seconds: 0.0005, cv: 0.05),
      BatchLatencyPoint(batchSize: 8, medianSeconds: 0.004, meanSeconds: 0.004, p99Seconds: 0.004, cv: 0.05),
    ])
    let replicas = Int((rate * 0.004 / (8 * 0.66)).rounded(.up))
    let predictor = SimulatedLatencyPredictor(options: SimulationOptions(requestsPerReplication: 5_000, replications: 4, seed: 3))
    let prediction = try predictor.predict(ServingSetup(
      curve: curve, maxBatchSize: 8, maxBatchingDelaySeconds: 0.01, replicas: replicas, requestsPerSecond: rate,
      relativeSpread: 0.1))
    let expected = rate * 0.004 / (Double(replicas) * 8)
    #expect(prediction.stable)
    #expect(abs(prediction.utilization - expected) / expected < 0.05, "\(prediction.utilization) vs \(expected)")
  }
}
