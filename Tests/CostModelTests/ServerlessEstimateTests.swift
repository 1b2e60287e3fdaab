@testable import Profiles
import Testing
import Units

@testable import CostModel

/// Serverless prices by hand, with the figures of Profiles/serverless (us-east-1 Lambda x86 and
/// Cloud Run request-based billing).
@Suite struct ServerlessEstimateTests {
  static let note = SourceNote(source: "test", asOf: "2026-12-05")

  static func platform(_ billing: ServerlessProfile.Billing) -> ServerlessProfile {
    let isFunction = billing == .function
    return ServerlessProfile(
      name: isFunction ? "lambda" : "run", cloud: "test", region: "r", platform: "p", architecture: "x86_64",
      billing: billing,
      prices: .init(
        usdPerMillionRequests: isFunction ? 0.2 : 0.4, usdPerGiBSecond: isFunction ? 0.0000166667 : 0.0000025,
        usdPerVCPUSecond: isFunction ? nil : 0.000024, source: note),
      memory: .init(minMiB: 128, maxMiB: isFunction ? 10240 : 32768, stepMiB: 1, source: note),
      cpu: .init(
        mibPerVCPU: isFunction ? 1769 : nil, maxVCPUs: isFunction ? 6 : 8,
        choices: isFunction ? [] : [.init(vcpus: 1, minMemoryMiB: 128, maxMemoryMiB: 4096)], source: note),
      limits: .init(perInstance: isFunction ? 1 : 80, maxPerInstance: 80, maxInstances: isFunction ? 1000 : 100, minInstances: 0,
        timeoutSeconds: nil, source: note),
      coldStart: .init(platformSeconds: isFunction ? 0.2 : nil, keepWarmSeconds: isFunction ? nil : 900, source: note),
      gpu: nil)
  }

  static let mib = 1_048_576

  @Test func lambdaAtOneRequestASecond() throws {
    // 1,769 MiB (one vCPU) for a 100 MiB model; 10 ms billed per request:
    // 0.2/10⁶ + 0.010 × 1769/1024 × 0.0000166667 = 4.87923e-7 USD; × 2,628,000 requests = $1.2822.
    let traffic = try DailyTraffic(hourlyRates: [Double](repeating: 1, count: 24))
    let estimate = try #require(ServerlessEstimate.estimate(
      Self.platform(.function), traffic: traffic, serviceSeconds: 0.01, neededBytes: 100 * Self.mib,
      weightBytes: 100 * Self.mib, hoursPerMonth: 730))
    #expect(estimate.memoryMiB == 1769 && estimate.vCPUs == 1)
    #expect(abs(estimate.monthlyUSD - 2_628_000 * (0.2e-6 + 0.01 * 1769.0 / 1024 * 0.0000166667)) < 1e-9)
    #expect(estimate.keepWarmAssumed && estimate.keepWarmSeconds == 300)
    #expect(estimate.coldShare < 1e-100)  // e^(−300)
    #expect(estimate.p99Seconds == 0.01)
  }

  @Test func rareRequestsMeetColdInstances() throws {
    // 3.6 requests an hour: e^(−0.001 × 300) = 74% meet a cold instance, so the p99 is
    // 10 ms + 0.2 s platform + 125 MiB ÷ 125 MiB/s load = 1.21 s.
    let traffic = try DailyTraffic(hourlyRates: [Double](repeating: 0.001, count: 24))
    let estimate = try #require(ServerlessEstimate.estimate(
      Self.platform(.function), traffic: traffic, serviceSeconds: 0.01, neededBytes: 125 * Self.mib,
      weightBytes: 125 * Self.mib, hoursPerMonth: 730))
    #expect(abs(estimate.coldShare - 0.7408182206817179) < 1e-12)
    #expect(abs((estimate.p99Seconds ?? 0) - 1.21) < 1e-12)
  }

  @Test func cloudRunBillsInTenthsOfASecond() throws {
    // 228 MiB (100 MiB + 128 runtime) at 1 vCPU; 10 ms billed as 100 ms:
    // 0.4/10⁶ + 0.1 × (228/1024 × 0.0000025 + 0.000024) per request, × 2,628,000.
    let traffic = try DailyTraffic(hourlyRates: [Double](repeating: 1, count: 24))
    let estimate = try #require(ServerlessEstimate.estimate(
      Self.platform(.request), traffic: traffic, serviceSeconds: 0.01, neededBytes: 100 * Self.mib,
      weightBytes: 100 * Self.mib, hoursPerMonth: 730))
    #expect(estimate.memoryMiB == 228)
    #expect(abs(estimate.monthlyUSD - 2_628_000 * (0.4e-6 + 0.1 * (228.0 / 1024 * 0.0000025 + 0.000024))) < 1e-9)
  }

  @Test func anUnknownColdStartLeavesTheP99Unknown() throws {
    let traffic = try DailyTraffic(hourlyRates: [Double](repeating: 0.001, count: 24))
    let estimate = try #require(ServerlessEstimate.estimate(
      Self.platform(.request), traffic: traffic, serviceSeconds: 0.01, neededBytes: Self.mib, weightBytes: Self.mib,
      hoursPerMonth: 730))
    #expect(estimate.coldStartSeconds == nil && estimate.p99Seconds == nil)
  }

  @Test func instanceBillingIsLeftToTheFleets() throws {
    let traffic = try DailyTraffic(hourlyRates: [Double](repeating: 1, count: 24))
    #expect(ServerlessEstimate.estimate(
      Self.platform(.instance), traffic: traffic, serviceSeconds: 0.01, neededBytes: Self.mib, weightBytes: Self.mib,
      hoursPerMonth: 730) == nil)
  }

  @Test func thePeakMustFitTheConcurrencyLimit() throws {
    // 2,000/s × 1 s = 2,000 in flight against Lambda's default 1,000.
    let traffic = try DailyTraffic(hourlyRates: [Double](repeating: 2000, count: 24))
    let estimate = try #require(ServerlessEstimate.estimate(
      Self.platform(.function), traffic: traffic, serviceSeconds: 1, neededBytes: Self.mib, weightBytes: Self.mib,
      hoursPerMonth: 730))
    #expect(!estimate.fitsConcurrency)
  }
}
