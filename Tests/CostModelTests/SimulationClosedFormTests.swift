import Foundation
import Testing

@testable import CostModel

/// The simulation against queueing closed forms: 2×10^5 requests, so debug builds stay fast,
/// with the tolerance from the replications' 95% interval, at most 5%; the 2% agreement at
/// 10^6+ requests is shown by the release-only suite and its figures in docs/latency.md.
@Suite("Serving simulation vs closed forms")
struct SimulationClosedFormTests {
  /// 10 replications × 20,000 requests = 2×10^5.
  static let options = SimulationOptions(requestsPerReplication: 20_000, replications: 10, seed: 42)

  /// Passes when `exact` lies within 1.5 × the 95% half-width of the estimate (about a 99.7%
  /// interval, so a correct simulation passes for nearly every seed) and that tolerance is at most
  /// 5% of `exact` (so a loose interval can't hide a wrong answer). Loads stay at or below 0.6:
  /// above that, 2×10^5 requests can't pin a mean wait to 5% (its variance grows like
  /// 1/(1 − ρ)⁴); the release benchmark covers ρ = 0.8 with 10^6+ requests.
  func expectAgrees(_ estimate: SimulationEstimate?, _ exact: Double, _ label: String) {
    guard let estimate else {
      Issue.record("\(label): no estimate")
      return
    }
    let tolerance = max(estimate.high - estimate.value, 1e-12) * 1.5
    #expect(tolerance <= 0.05 * exact, "\(label): interval ±\(tolerance) is over 5% of \(exact)")
    #expect(abs(estimate.value - exact) <= tolerance, "\(label): simulated \(estimate.value), exact \(exact)")
  }

  func simulate(
    service: ServiceTimeModel, rate: Double, replicas: Int, options: SimulationOptions = Self.options
  ) throws -> SimulationResult {
    try ServingSimulation(serviceTimes: service).run(
      ServingConfiguration(
        arrivals: .poisson(ratePerSecond: rate), replicas: replicas, maxBatchSize: 1, maxDelaySeconds: 0),
      options: options)
  }

  static let loads: [Double] = [0.3, 0.5]

  /// M/M/1: sojourn time is exponential with rate μ − λ, so its mean is 1/(μ − λ), the mean wait
  /// ρ/(μ − λ), and p99 = ln(100)/(μ − λ).
  @Test(arguments: loads)
  func mm1(load: Double) throws {
    let mu = 1000.0, lambda = load * mu
    let service = try ServiceTimeModel(meanSecondsByBatchSize: [(1, 1 / mu)], distribution: .exponential)
    let result = try simulate(service: service, rate: lambda, replicas: 1)
    expectAgrees(result.meanWait, load / (mu - lambda), "M/M/1 mean wait")
    expectAgrees(result.mean, 1 / (mu - lambda), "M/M/1 mean sojourn")
    expectAgrees(result.p99, log(100) / (mu - lambda), "M/M/1 p99 sojourn")
    #expect(abs(result.utilization - load) < 0.02)
  }

  /// M/D/1: Pollaczek–Khinchine with a fixed service time S: mean wait ρS / (2(1 − ρ)).
  @Test(arguments: loads)
  func md1(load: Double) throws {
    let seconds = 0.001, lambda = load / seconds
    let service = try ServiceTimeModel(meanSecondsByBatchSize: [(1, seconds)], distribution: .deterministic)
    let result = try simulate(service: service, rate: lambda, replicas: 1)
    expectAgrees(result.meanWait, load * seconds / (2 * (1 - load)), "M/D/1 mean wait")
  }

  /// Erlang C probability of waiting for c servers at offered load a = λ/μ (ρ = a/c):
  /// C = [aᶜ/c! · 1/(1−ρ)] / [Σ_{k<c} aᵏ/k! + aᶜ/c! · 1/(1−ρ)].
  static func erlangC(servers c: Int, offered a: Double) -> Double {
    var term = 1.0, sum = 0.0
    for k in 0..<c {
      sum += term
      term *= a / Double(k + 1)
    }
    let top = term / (1 - a / Double(c))
    return top / (sum + top)
  }

  /// M/M/c (shared queue): P(wait) = Erlang C, mean wait = C / (cμ − λ). Only a share C of the
  /// requests wait at all, so the mean wait is noisier than M/M/1's: 4×10^5 requests here.
  @Test(arguments: [(2, 0.5), (2, 0.6)])
  func mmc(servers: Int, load: Double) throws {
    let mu = 1000.0, lambda = load * Double(servers) * mu
    let service = try ServiceTimeModel(meanSecondsByBatchSize: [(1, 1 / mu)], distribution: .exponential)
    let result = try simulate(
      service: service, rate: lambda, replicas: servers,
      options: SimulationOptions(requestsPerReplication: 40_000, replications: 10, seed: 42))
    let waitProbability = Self.erlangC(servers: servers, offered: lambda / mu)
    expectAgrees(result.waitProbability, waitProbability, "Erlang C P(wait)")
    expectAgrees(result.meanWait, waitProbability / (Double(servers) * mu - lambda), "M/M/c mean wait")
  }

  /// Round-robin splits a Poisson stream into c Erlang-c streams, one per replica, so no replica
  /// can borrow another's idle time: its mean wait must exceed the shared queue's Erlang C wait.
  @Test func roundRobinWaitsLongerThanShared() throws {
    let mu = 1000.0, servers = 2, lambda = 0.7 * 2 * mu
    let service = try ServiceTimeModel(meanSecondsByBatchSize: [(1, 1 / mu)], distribution: .exponential)
    let simulation = ServingSimulation(serviceTimes: service)
    var configuration = ServingConfiguration(
      arrivals: .poisson(ratePerSecond: lambda), replicas: servers, maxBatchSize: 1, maxDelaySeconds: 0)
    let shared = try simulation.run(configuration, options: Self.options)
    configuration.routing = .roundRobin
    let roundRobin = try simulation.run(configuration, options: Self.options)
    let sharedWait = try #require(shared.meanWait), roundRobinWait = try #require(roundRobin.meanWait)
    #expect(roundRobinWait.low > sharedWait.high)
  }
}
