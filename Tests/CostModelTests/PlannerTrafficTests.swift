import PlanningFixtures
import Records
import Testing
import Units

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
