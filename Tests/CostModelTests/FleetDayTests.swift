import Foundation
import PlanningFixtures
import Profiles
import Records
import Testing
import Units

@testable import CostModel

/// The day simulation with a latency model simple enough to follow by hand: every request of a
/// replica below saturation takes 10 ms, so the only waits are the backlog's.
@Suite struct FleetDayTests {
  static let latency = 0.01
  /// 3 requests/s per replica within the limits, 5/s with full batches, one replica per instance.
  static let simulator = FleetDaySimulator(
    capacityPerReplica: 3, saturationRatePerSecond: 5, replicasPerInstance: 1, latencies: { _ in [latency] })

  @Test func aConstantRateGivesTheFixedFleetsAnswer() throws {
    let traffic = try DailyTraffic(hourlyRates: [Double](repeating: 10, count: 24))
    let policy = AutoscalingPolicy(scaleUpDelaySeconds: 120)
    let fixed = Self.simulator.fixed(traffic, instances: Self.simulator.wantedInstances(10))
    let autoscaled = Self.simulator.autoscaled(traffic, policy: policy)
    #expect(fixed.peakInstances == 4)  // ⌈10 / 3⌉
    #expect(autoscaled.servingInstances == fixed.servingInstances)
    #expect(autoscaled.instanceHoursPerDay == 96)
    #expect(autoscaled.p99Seconds == fixed.p99Seconds)
    #expect(autoscaled.lagMinutes == 0)
    #expect(WaysToPay.autoscaled(autoscaled, usdPerHour: 1, hoursPerMonth: 730)
      == WaysToPay.fixedOnDemand(instances: 4, usdPerHour: 1, hoursPerMonth: 730))
  }

  /// 3/s all day, 9/s from 12:00 to 14:00. The rule wants 1 instance, then 3; with a 300 s
  /// scale-up delay the 2 new ones serve from 12:05, so 12:00–12:04 run on 1 replica taking 5/s:
  /// the backlog grows 240 a minute to 1,200, then drains at 15 − 9 = 6/s by 12:09. Each
  /// minute's wait is its mean backlog ÷ the serving rate: 24, 72, 120, 168, 216 s on 1 replica,
  /// then 68, 44, 20, 4 s on 3. The day has 302,400 requests, so the p99 leaves out the 3,024
  /// slowest: the 4 worst minutes hold 2,160 (540 each), the 68-s minute takes it to 2,700 and
  /// the 44-s minute past 3,024. The p99 is therefore 44 s + 10 ms.
  @Test func aStepGivesTheExpectedLagAndP99Bump() throws {
    let hourly = (0..<24).map { (12..<14).contains($0) ? 9.0 : 3.0 }
    let traffic = try DailyTraffic(hourlyRates: hourly)
    let policy = AutoscalingPolicy(scaleUpDelaySeconds: 300, scaleDownCooldownSeconds: 300)
    let day = Self.simulator.autoscaled(traffic, policy: policy)
    #expect(day.servingInstances[719] == 1)
    #expect(day.servingInstances[724] == 1)
    #expect(day.servingInstances[725] == 3)
    #expect(day.billedInstances[720] == 3)  // billed from launch
    #expect(day.lagMinutes == 5)
    #expect(day.overloadedMinutes == 5)
    #expect(abs(day.p99Seconds - 44.01) < 1e-6)
    // Scale-down waits until the last 5 minutes all want 1: at 14:04.
    #expect(day.billedInstances[843] == 3)
    #expect(day.billedInstances[844] == 1)
    #expect(abs(day.instanceHoursPerDay - (1316.0 + 124 * 3) / 60) < 1e-9)
    #expect(day.baseInstances == 1)
    #expect(day.peakInstances == 3)

    let fixed = Self.simulator.fixed(traffic, instances: 3)
    #expect(fixed.p99Seconds == Self.latency)
    #expect(fixed.lagMinutes == 0)
  }

  @Test func aMaximumCapsTheFleetAndTheBacklogNeverDrains() throws {
    let traffic = try DailyTraffic(hourlyRates: [Double](repeating: 9, count: 24))
    let day = Self.simulator.autoscaled(traffic, policy: AutoscalingPolicy(maxInstances: 1, scaleUpDelaySeconds: 60))
    #expect(day.peakInstances == 1)
    #expect(day.overloadedMinutes == 1440)
    #expect(day.p99Seconds > 3600)
  }

  @Test(arguments: [(10.0, 1, 4), (10.0, 4, 1), (13.0, 4, 2), (0.0, 1, 1)])
  func wantedInstancesRoundUpToWholeInstances(rate: Double, perInstance: Int, instances: Int) {
    let simulator = FleetDaySimulator(
      capacityPerReplica: 3, saturationRatePerSecond: 5, replicasPerInstance: perInstance, latencies: { _ in [0.01] })
    #expect(simulator.wantedInstances(rate) == instances)
  }
}

/// Each way to pay on the step day above, by hand: p = $1/h on demand, $0.60 committed 1 year,
/// $0.45 for 3 years, $0.30 spot; H = 730 h; the autoscaled fleet bills 28.1333 instance-hours a
/// day (1 base instance, 3 for 124 minutes), the fixed one 3 instances.
@Suite struct WaysToPayTests {
  static func stepDay() throws -> (fixed: FleetDay, autoscaled: FleetDay) {
    let traffic = try DailyTraffic(hourlyRates: (0..<24).map { (12..<14).contains($0) ? 9.0 : 3.0 })
    let policy = AutoscalingPolicy(scaleUpDelaySeconds: 300)
    return (FleetDayTests.simulator.fixed(traffic, instances: 3), FleetDayTests.simulator.autoscaled(traffic, policy: policy))
  }

  static let hours = 730.0
  static let extraHours = (1316.0 + 124 * 3) / 60 - 24  // 4.1333 h a day above the base

  @Test func onDemandFixedAndAutoscaled() throws {
    let (_, autoscaled) = try Self.stepDay()
    #expect(WaysToPay.fixedOnDemand(instances: 3, usdPerHour: 1, hoursPerMonth: Self.hours) == 2190)
    #expect(abs(WaysToPay.autoscaled(autoscaled, usdPerHour: 1, hoursPerMonth: Self.hours) - 28.133333 * 730 / 24) < 1e-3)
  }

  @Test func commitmentCoversTheBaseOnly() throws {
    let (_, autoscaled) = try Self.stepDay()
    // base 1 × 0.60 × 730 = 438, plus 4.1333 h × $1 × 730/24 = 125.72: 563.72 < 3 × 0.60 × 730 = 1,314.
    let committed = WaysToPay.committed(
      fixedInstances: 3, autoscaled: autoscaled, usdPerHour: 1, committedUSDPerHour: 0.6, hoursPerMonth: Self.hours)
    #expect(!committed.wholeFixedFleet)
    #expect(abs(committed.monthlyUSD - (438 + Self.extraHours * 730 / 24)) < 1e-9)
  }

  @Test func aFlatFleetIsCommittedWhole() throws {
    let traffic = try DailyTraffic(hourlyRates: [Double](repeating: 9, count: 24))
    let day = FleetDayTests.simulator.autoscaled(traffic, policy: AutoscalingPolicy(scaleUpDelaySeconds: 60))
    let committed = WaysToPay.committed(
      fixedInstances: 3, autoscaled: day, usdPerHour: 1, committedUSDPerHour: 0.45, hoursPerMonth: Self.hours)
    #expect(abs(committed.monthlyUSD - 3 * 0.45 * 730) < 1e-9)  // 985.5 either way
  }

  @Test func spotKeepsTheMinimumOnDemand() throws {
    let (_, autoscaled) = try Self.stepDay()
    // 1 × $1 × 730 = 730 on demand, plus 4.1333 h × $0.30 × 730/24 = 37.72 on spot.
    let cost = WaysToPay.spot(autoscaled, minInstances: 1, usdPerHour: 1, spotUSDPerHour: 0.3, hoursPerMonth: Self.hours)
    #expect(abs(cost - (730 + Self.extraHours * 0.3 * 730 / 24)) < 1e-9)
  }

  static let note = SourceNote(source: "test", asOf: "2026-12-05")

  @Test(arguments: [false, true])
  func quotesRecommendSpotOnlyWhenAllowed(allowsSpot: Bool) throws {
    let (fixed, autoscaled) = try Self.stepDay()
    var profile = PlannerFixtures.hardware[2]
    profile.usdPerHour = 1
    profile.prices = PriceOptions(
      spot: PriceOption(usdPerHour: 0.3, interruption: "5-10%", source: Self.note),
      commit1Year: PriceOption(usdPerHour: 0.6, source: Self.note), commit3Year: PriceOption(usdPerHour: 0.45, source: Self.note))
    var request = PlanRequest(requestsPerSecond: 3.5, latencySLOSeconds: 60)
    request.allowsSpot = allowsSpot
    let quotes = Planner.quotes(
      fixed: fixed, autoscaled: autoscaled, fixedInstances: 3, policy: AutoscalingPolicy(scaleUpDelaySeconds: 300),
      profile: profile, usdPerHour: 1, request: request)
    #expect(quotes.map(\.way) == [.fixedOnDemand, .autoscaled, .commit1Year, .commit3Year, .spot])
    #expect(quotes.allSatisfy { $0.meetsSLO })  // p99 44 s against a 60 s objective
    let curve = BatchLatencyCurve(points: [BatchLatencyPoint(batchSize: 1, medianSeconds: 0.01, meanSeconds: 0.01, p99Seconds: 0.01, cv: 0)])
    let candidate = ServingCandidate(
      hardwareName: profile.name, profile: profile, deviceKind: .cpu, deviceName: "cpu", precision: .fp32, threads: 1,
      batchSize: 1, curve: curve, label: .measured, labelNote: "", relativeSpread: 0.1, replicasPerInstance: 1,
      memoryNeededBytes: 1, memoryAvailableBytes: 2)
    let option = PlanOption(
      candidate: candidate, serviceTimeSeconds: 0.01, replicas: 3, instances: 3, prediction: nil, monthlyUSD: 2190,
      usdPerMillion: nil, meetsSLO: true, withinBudget: true, cpuLoad: nil, excludedReason: nil)
    let best = FleetComparison(
      option: option, policy: AutoscalingPolicy(scaleUpDelaySeconds: 300), replicasPerInstance: 1, fixed: fixed,
      autoscaled: autoscaled, quotes: quotes
    ).best
    // 3-year on the base: 1 × 0.45 × 730 + 125.72 = 454.22, below 1-year 563.72, spot 767.72,
    // autoscaled 855.72 and fixed 2,190.
    #expect(abs((best?.monthlyUSD ?? 0) - (328.5 + Self.extraHours * 730 / 24)) < 1e-9)
    #expect(best?.way == .commit3Year)
    #expect(quotes.last?.isAllowed == allowsSpot)
    #expect(quotes.last?.tradeOff?.contains("--allow spot") == !allowsSpot)
  }

  @Test func aTightObjectiveRulesOutTheLaggingFleet() throws {
    let (fixed, autoscaled) = try Self.stepDay()
    let request = PlanRequest(requestsPerSecond: 3.5, latencySLOSeconds: 1)
    let quotes = Planner.quotes(
      fixed: fixed, autoscaled: autoscaled, fixedInstances: 3, policy: AutoscalingPolicy(scaleUpDelaySeconds: 300),
      profile: nil, usdPerHour: 1, request: request)
    #expect(quotes.map(\.meetsSLO) == [true, false])
  }
}
