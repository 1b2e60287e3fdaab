import Foundation
import Testing

import CostModel

/// True in `swift test -c release` builds (no DEBUG condition), where 10^6+ requests take a
/// second or two; debug runs skip these.
let isReleaseBuild: Bool = {
  #if DEBUG
    return false
  #else
    return true
  #endif
}()

/// The closed forms at 4×10^6 requests each, within 2% (too slow for a debug build, so shown in
/// the release build; the figures are in docs/latency.md, "Figures"). Run with `swift test -c release -Xswiftc -enable-testing --filter SimulationReleaseAgreement`;
/// each case prints its figures for docs/latency.md.
@Suite("Serving simulation vs closed forms, 4×10^6 requests (release only)", .enabled(if: isReleaseBuild))
struct SimulationReleaseAgreementTests {
  static let options = SimulationOptions(requestsPerReplication: 100_000, replications: 40, seed: 2026)

  func check(_ label: String, _ estimate: SimulationEstimate?, _ exact: Double) {
    guard let estimate else {
      Issue.record("\(label): no estimate")
      return
    }
    let error = (estimate.value - exact) / exact
    print(String(format: "agreement: %@: simulated %.6g (95%% %.6g–%.6g), exact %.6g, error %+.2f%%",
                 label, estimate.value, estimate.low, estimate.high, exact, error * 100))
    #expect(abs(error) <= 0.02, "\(label)")
  }

  func simulate(_ distribution: ServiceTimeModel.Distribution, mu: Double, lambda: Double, servers: Int) throws -> SimulationResult {
    let model = try ServiceTimeModel(meanSecondsByBatchSize: [(1, 1 / mu)], distribution: distribution)
    return try ServingSimulation(serviceTimes: model).run(
      ServingConfiguration(arrivals: .poisson(ratePerSecond: lambda), replicas: servers, maxBatchSize: 1, maxDelaySeconds: 0),
      options: Self.options)
  }

  @Test func mm1AtLoad08() throws {
    let mu = 1000.0, lambda = 800.0
    let result = try simulate(.exponential, mu: mu, lambda: lambda, servers: 1)
    check("M/M/1 rho 0.8 mean wait", result.meanWait, 0.8 / (mu - lambda))
    check("M/M/1 rho 0.8 mean sojourn", result.mean, 1 / (mu - lambda))
    check("M/M/1 rho 0.8 p99 sojourn", result.p99, log(100) / (mu - lambda))
  }

  @Test func md1AtLoad08() throws {
    let result = try simulate(.deterministic, mu: 1000, lambda: 800, servers: 1)
    check("M/D/1 rho 0.8 mean wait", result.meanWait, 0.8 * 0.001 / (2 * 0.2))
  }

  @Test func mmcAtLoad08() throws {
    let mu = 1000.0, servers = 4, lambda = 0.8 * 4 * mu
    let result = try simulate(.exponential, mu: mu, lambda: lambda, servers: servers)
    let c = SimulationClosedFormTests.erlangC(servers: servers, offered: lambda / mu)
    check("M/M/4 rho 0.8 Erlang C P(wait)", result.waitProbability, c)
    check("M/M/4 rho 0.8 mean wait", result.meanWait, c / (Double(servers) * mu - lambda))
  }
}
