import PlanningFixtures
import Records
import Testing
import Units

@testable import Profiles

@testable import CostModel

/// The planner with a day of traffic, on the fixed inputs (closed form deciding, so it stays fast).
@Suite struct PlannerTrafficTests {
  static func plan(_ traffic: DailyTraffic, slo: Double? = 0.2, large: Bool = false) -> Plan {
    let request = PlanRequest(requestsPerSecond: 1, latencySLOSeconds: slo).following(traffic)
    let planner = large
      ? PlannerFixtures.planner(model: PlannerFixtures.large, measurements: PlannerFixtures.largeMeasurements)
      : PlannerFixtures.planner()
    return planner.plan(for: request)
  }

  @Test func aFlatDayGivesTheFixedFleetsAnswer() throws {
    let plan = Self.plan(try TrafficShape.flat.day(meanRequestsPerSecond: 2000, peakToMean: 1))
    let answer = try #require(plan.traffic)
    #expect(!answer.fleets.isEmpty)
    for fleet in answer.fleets {
      let price = try #require(fleet.option.candidate.usdPerHour)
      #expect(fleet.autoscaled.peakInstances == fleet.fixed.peakInstances, "\(fleet.option.hardwareName)")
      #expect(fleet.autoscaled.baseInstances == fleet.autoscaled.peakInstances)
      #expect(abs(WaysToPay.autoscaled(fleet.autoscaled, usdPerHour: price, hoursPerMonth: 730)
        - WaysToPay.fixedOnDemand(instances: fleet.fixed.peakInstances, usdPerHour: price, hoursPerMonth: 730)) < 1e-9)
      #expect(fleet.autoscaled.lagMinutes == 0)
    }
  }

  @Test func aDailyWaveMakesAutoscalingCheaperThanTheFixedFleet() throws {
    // The large model needs several instances at the peak, so following the wave saves some.
    let plan = Self.plan(try TrafficShape.diurnal.day(meanRequestsPerSecond: 300, peakToMean: 4), slo: 1, large: true)
    #expect(abs(plan.request.peakFactor - 4) < 1e-6)
    let answer = try #require(plan.traffic)
    let winner = try #require(answer.winner)
    let baseline = try #require(answer.baseline)
    #expect(winner.quote.monthlyUSD < baseline.quote.monthlyUSD)
    #expect(winner.quote.way != .fixedOnDemand && winner.quote.way != .spot)
    #expect(answer.fleets.contains { $0.autoscaled.instanceHoursPerDay < 24 * Double($0.fixed.peakInstances) })
  }

  @Test func theSamePlanTwice() throws {
    let traffic = try TrafficShape.businessHours.day(meanRequestsPerSecond: 500, peakToMean: 2.5)
    let first = try #require(Self.plan(traffic).traffic)
    let second = try #require(Self.plan(traffic).traffic)
    #expect(first.fleets.map(\.autoscaled) == second.fleets.map(\.autoscaled))
    #expect(first.fleets.map(\.quotes) == second.fleets.map(\.quotes))
  }
}

/// A per-second GPU endpoint joins the comparison as one more fleet.
@Suite struct GPUEndpointTests {
  @Test func aPerSecondGPUEndpointIsPricedAsAFleet() throws {
    let note = PlannerFixtures.note
    var platform = ServerlessEstimateTests.platform(.instance)
    platform.name = "gpu-endpoint"
    platform.prices = .init(usdPerMillionRequests: 0, usdPerGiBSecond: 0.000002, usdPerVCPUSecond: 0.000018, source: note)
    platform.gpu = .init(name: "T4", usdPerSecond: 0.0001, minVCPUs: 4, minMemoryMiB: 16384, startSeconds: 5, source: note)
    var planner = PlannerFixtures.planner(model: PlannerFixtures.large, measurements: PlannerFixtures.largeMeasurements)
    planner.serverless = [platform]
    let traffic = try TrafficShape.diurnal.day(meanRequestsPerSecond: 300, peakToMean: 4)
    let plan = planner.plan(for: PlanRequest(requestsPerSecond: 1, latencySLOSeconds: 1).following(traffic))
    let fleet = try #require(plan.traffic?.fleets.first { $0.option.hardwareName == "gpu-endpoint" })
    // (4 × 0.000018 + 16 × 0.000002 + 0.0001) × 3600 = $0.7344 an hour.
    let usdPerHour = try #require(fleet.option.candidate.usdPerHour)
    #expect(abs(usdPerHour - 0.7344) < 1e-12)
    #expect(fleet.option.deviceName == "T4")
    // The platform's 5 s start plus the large model's 268.7 MB at 125 MiB/s.
    #expect(abs(fleet.policy.scaleUpDelaySeconds - (5 + Double(PlannerFixtures.large.weightBytes) / (125 * 1_048_576))) < 1e-9)
    #expect(abs(fleet.quotes[0].monthlyUSD - Double(fleet.fixed.peakInstances) * 0.7344 * 730) < 1e-6)
  }
}
