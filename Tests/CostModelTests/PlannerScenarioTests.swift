import PlanningFixtures
import Testing

@testable import CostModel

@Suite("Planner scenarios")
struct PlannerScenarioTests {
  @Test("Small model, 100/min, $50/month → CPU, small batch, one instance within budget")
  func smallLowVolume() throws {
    let plan = PlannerFixtures.planner().plan(
      for: PlanRequest(requestsPerSecond: 100.0 / 60, budgetUSDPerMonth: 50, latencySLOSeconds: 0.2))
    let chosen = try #require(plan.recommendation.chosen)
    #expect(plan.recommendation.outcome == .fits)
    #expect(chosen.deviceKind == .cpu)
    #expect(chosen.batchSize <= 8)
    #expect(chosen.instances == 1)
    #expect(chosen.hardwareName == "t3.small")  // the Arm t4g.small is cheaper but only estimated
    #expect(chosen.label == .projected)
    #expect(abs((chosen.monthlyUSD ?? 0) - 0.0208 * 730) < 1e-9)
    #expect(abs((chosen.usdPerMillion ?? 0) - 0.0208 * 730 / (100.0 / 60 * 3600 * 730 / 1e6)) < 1e-9)
    #expect(plan.recommendation.worthMeasuring?.hardwareName == "t4g.small")
    #expect(plan.recommendation.otherClass?.deviceKind == .cuda)
    #expect(plan.recommendation.reasons.count >= 3)
  }

  @Test("Large model at 30k req/s → GPU with a large batch")
  func largeHighVolume() throws {
    let planner = PlannerFixtures.planner(model: PlannerFixtures.large, measurements: PlannerFixtures.largeMeasurements)
    let plan = planner.plan(for: PlanRequest(requestsPerSecond: 30_000, latencySLOSeconds: 0.5))
    let chosen = try #require(plan.recommendation.chosen)
    #expect(chosen.deviceKind == .cuda)
    #expect(chosen.batchSize >= 32)
    #expect(chosen.candidate.precision == .fp16)
    let cpu = try #require(plan.recommendation.otherClass)
    #expect(cpu.deviceKind == .cpu)
    #expect((cpu.monthlyUSD ?? 0) > (chosen.monthlyUSD ?? 0))
    let breakEven = try #require(plan.breakEvenRequestsPerSecond)
    #expect(breakEven < 30_000)
    #expect(plan.cheaperAboveBreakEven == .cuda)
    // just below the break-even rate the CPU is cheaper, just above the GPU
    let below = planner.plan(for: PlanRequest(requestsPerSecond: breakEven / 1.2, latencySLOSeconds: 0.5))
    let above = planner.plan(for: PlanRequest(requestsPerSecond: breakEven * 1.2, latencySLOSeconds: 0.5))
    let cpuBelow = try #require(Recommender.cheapestMeetingSLO(below.options, kind: .cpu)?.monthlyUSD)
    let gpuBelow = try #require(Recommender.cheapestMeetingSLO(below.options, kind: .cuda)?.monthlyUSD)
    let cpuAbove = try #require(Recommender.cheapestMeetingSLO(above.options, kind: .cpu)?.monthlyUSD)
    let gpuAbove = try #require(Recommender.cheapestMeetingSLO(above.options, kind: .cuda)?.monthlyUSD)
    #expect(cpuBelow <= gpuBelow)
    #expect(gpuAbove < cpuAbove)
  }

  @Test("A GPU slower than the CPU at batch 1 is cheaper per request at large batches")
  func gpuSlowerAtBatchOneCheaperAtScale() throws {
    let planner = PlannerFixtures.planner()
    let candidates = planner.makeCandidates()
    let gpuBatchOne = try #require(candidates.first { $0.hardwareName == "g4dn.xlarge" && $0.batchSize == 1 && $0.precision == .fp16 })
    let cpuBatchOne = try #require(candidates.first { $0.hardwareName == "c7i.large" && $0.batchSize == 1 })
    #expect(gpuBatchOne.curve.medianSeconds(at: 1) > cpuBatchOne.curve.medianSeconds(at: 1))
    // (burstable t3.small fleets, priced with their CPU credits, stay cheaper up to ~250k req/s)
    let plan = planner.plan(for: PlanRequest(requestsPerSecond: 2_000_000, latencySLOSeconds: 0.1))
    let chosen = try #require(plan.recommendation.chosen)
    #expect(chosen.deviceKind == .cuda)
    #expect(chosen.batchSize >= 64)
    let cpu = try #require(plan.recommendation.otherClass)
    #expect((chosen.usdPerMillion ?? .infinity) < (cpu.usdPerMillion ?? 0))
    // and at the README's volume the same GPU loses to the CPU
    let low = planner.plan(for: PlanRequest(requestsPerSecond: 100.0 / 60))
    #expect(low.recommendation.chosen?.deviceKind == .cpu)
    let breakEven = try #require(plan.breakEvenRequestsPerSecond)
    #expect(breakEven > 100.0 / 60 && breakEven < 2_000_000)
  }

  @Test("Nothing within budget → no recommendation; the cheapest meeting the SLO, over budget, said plainly")
  func nothingWithinBudget() throws {
    let plan = PlannerFixtures.planner().plan(
      for: PlanRequest(requestsPerSecond: 5_000, budgetUSDPerMonth: 5, latencySLOSeconds: 0.05))
    #expect(plan.recommendation.outcome == .overBudget)
    #expect(plan.recommendation.chosen == nil)
    let chosen = try #require(plan.recommendation.cheapestMeetingSLO)
    #expect(chosen.meetsSLO)
    #expect(!chosen.withinBudget)
    let cheapestMeeting = plan.options.filter { $0.isEligible && $0.meetsSLO && !Recommender.isCrossFamilyEstimate($0) }
      .compactMap(\.monthlyUSD).min()
    #expect(chosen.monthlyUSD == cheapestMeeting)
    #expect(plan.recommendation.budgetExcessUSD(for: plan.request).map { $0 > 0 } == true)
    #expect(plan.recommendation.reasons.contains { $0.hasPrefix("Nothing fits the budget") })
    let budget = try #require(plan.recommendation.relaxations.first { $0.constraint == .budget })
    #expect(budget.value >= (chosen.monthlyUSD ?? .infinity))
  }

  @Test("Nothing meets the SLO → no recommendation; the fastest option, said plainly")
  func nothingMeetsSLO() throws {
    let plan = PlannerFixtures.planner().plan(for: PlanRequest(requestsPerSecond: 10, latencySLOSeconds: 1e-5))
    #expect(plan.recommendation.outcome == .noneMeetsSLO)
    #expect(plan.recommendation.chosen == nil)
    let chosen = try #require(plan.recommendation.fastestWithinBudget)
    let fastest = plan.options.filter { $0.isEligible && !Recommender.isCrossFamilyEstimate($0) }
      .compactMap(\.p99Seconds).min()
    #expect(chosen.p99Seconds == fastest)
    #expect(plan.recommendation.reasons.contains { $0.hasPrefix("No option meets the p99 SLO") })
    let slo = try #require(plan.recommendation.relaxations.first { $0.constraint == .latencySLO })
    #expect(slo.value >= (chosen.p99Seconds ?? .infinity))
  }

  @Test("Replicas carry the peak at ≤ 70% utilization; instances round up; every slot runs")
  func sizing() throws {
    let planner = PlannerFixtures.planner()
    let candidate = try #require(planner.makeCandidates().first {
      $0.hardwareName == "c7i.2xlarge" && $0.batchSize == 1 && $0.threads == 1 })
    // c7i.2xlarge: 4 physical cores → 4 one-thread replicas per instance.
    #expect(candidate.replicasPerInstance == 4)
    // The projected service time itself is checked in CPUProjectionTests.
    let request = PlanRequest(requestsPerSecond: 100_000, peakFactor: 1.5)
    let option = planner.evaluate(candidate, for: request, predictor: ClosedFormLatencyPredictor())
    let throughput = 1 / candidate.curve.meanSeconds(at: 1)
    let needed = Int((150_000 / (throughput * 0.7)).rounded(.up))
    #expect(option.instances == (needed + 3) / 4)
    #expect(option.replicas == option.instances * 4)
    #expect((option.utilization ?? 1) <= 0.7)
    #expect(abs((option.monthlyUSD ?? 0) - Double(option.instances) * 0.357 * 730) < 1e-9)
  }

  @Test("Burstable instances are excluded once CPU load passes their baseline")
  func burstable() throws {
    let plan = PlannerFixtures.planner().plan(for: PlanRequest(requestsPerSecond: 3_000))
    let burstable = plan.options.filter { $0.hardwareName == "t3.small" && $0.prediction != nil }
    #expect(!burstable.isEmpty)
    for option in burstable {
      let load = try #require(option.cpuLoad)
      #expect((load > 0.2) == (option.excludedReason?.hasPrefix("burstable: CPU load") ?? false))
    }
    if let chosen = plan.recommendation.chosen, chosen.hardwareName == "t3.small" {
      #expect((chosen.cpuLoad ?? 1) <= 0.2)
    }
  }

  @Test("Does it fit: a batch whose weights + activations exceed memory is excluded with the reason")
  func memoryFit() throws {
    let planner = PlannerFixtures.planner(model: PlannerFixtures.large, measurements: PlannerFixtures.largeMeasurements)
    let candidates = planner.makeCandidates()
    // large: 268 MB of fp32 weights; t3.small has 2 GiB, so batch 128 (activations 11 MB) fits…
    #expect(candidates.first { $0.hardwareName == "t3.small" && $0.batchSize == 128 }?.excludedReason == nil)
    // …and a GPU with 64 MB does not.
    var tiny = PlannerFixtures.hardware[4]
    tiny.name = "tiny-gpu"
    tiny.gpu?.memoryBytes = 64_000_000
    let small = PlannerFixtures.planner(model: PlannerFixtures.large, measurements: PlannerFixtures.largeMeasurements,
                                        hardware: [tiny]).makeCandidates()
    let reason = try #require(small.first { $0.batchSize == 1 && $0.precision == .fp16 }?.excludedReason)
    #expect(reason == "needs 134.4 MB for weights + activations; the GPU has 64.0 MB")
  }
}
