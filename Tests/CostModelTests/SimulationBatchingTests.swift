import Foundation
import Testing

@testable import CostModel

/// The batching rule on hand-computed traces, its edges (D = 0, D = ∞ with a final flush),
/// seeded determinism and unstable settings.
@Suite("Serving simulation: batching rule")
struct SimulationBatchingTests {
  /// Service time 1 ms + 0.5 ms per extra row, fixed: S(1) = 1, S(2) = 1.5, S(3) = 2 ms.
  static func linearService() throws -> ServiceTimeModel {
    try ServiceTimeModel(meanSecondsByBatchSize: [(1, 0.001), (4, 0.0025)], distribution: .deterministic)
  }

  static func latenciesMs(
    trace ms: [Double], replicas: Int = 1, maxBatch: Int, maxDelayMs: Double, routing: Routing = .shared
  ) throws -> [Double] {
    let configuration = ServingConfiguration(
      arrivals: .trace(ms.map { $0 / 1000 }), replicas: replicas, maxBatchSize: maxBatch,
      maxDelaySeconds: maxDelayMs / 1000, routing: routing)
    try configuration.validate()
    var random = SimulationRandom(seed: 1)
    let run = ServingSimulation.serveAll(
      arrivals: ms.map { $0 / 1000 }, configuration: configuration, model: try linearService(),
      warmupFraction: 0, random: &random)
    return run.latencies.map { ($0 * 1e6).rounded() / 1000 }  // ms, to the µs
  }

  static let trace: [Double] = [0, 0.5, 1.0, 5, 10, 10.1, 10.2, 10.3, 10.4]

  /// B = 3, D = 2 ms: {0, 0.5, 1.0} leave when the third arrives (1.0 → 3.0); {5} waits its 2 ms
  /// (7 → 8); {10, 10.1, 10.2} fill at 10.2 (→ 12.2); {10.3, 10.4} can't fill, so the oldest's
  /// delay ends at 12.3 (→ 13.8).
  @Test func delayedBatches() throws {
    let latencies = try Self.latenciesMs(trace: Self.trace, maxBatch: 3, maxDelayMs: 2)
    #expect(latencies == [3.0, 2.5, 2.0, 3.0, 2.2, 2.1, 2.0, 3.5, 3.4])
  }

  /// D = 0 takes what is waiting: {0} (→ 1), {0.5, 1.0} at 1 (→ 2.5), {5} (→ 6), {10} (→ 11),
  /// {10.1, 10.2, 10.3} at 11 (→ 13), {10.4} at 13 (→ 14).
  @Test func zeroDelayTakesWhatIsThere() throws {
    let latencies = try Self.latenciesMs(trace: Self.trace, maxBatch: 3, maxDelayMs: 0)
    #expect(latencies == [1.0, 2.0, 1.5, 1.0, 1.0, 2.9, 2.8, 2.7, 3.6])
  }

  /// D = ∞ waits for full batches: {0, 0.5, 1.0} (→ 3), {5, 10, 10.1} at 10.1 (→ 12.1),
  /// {10.2, 10.3, 10.4} at 12.1 (→ 14.1).
  @Test func infiniteDelayWaitsForFullBatches() throws {
    let latencies = try Self.latenciesMs(trace: Self.trace, maxBatch: 3, maxDelayMs: .infinity)
    #expect(latencies == [3.0, 2.5, 2.0, 7.1, 2.1, 2.0, 3.9, 3.8, 3.7])
  }

  /// D = ∞ with fewer than B left: the final flush sends them at the last arrival.
  /// {0, 1} → starts at 1 (→ 2.5); a lone request at 7 → 8.
  @Test(arguments: [([0.0, 1.0], [2.5, 1.5]), ([7.0], [1.0])])
  func infiniteDelayFlushesAtTheEnd(trace: [Double], expected: [Double]) throws {
    #expect(try Self.latenciesMs(trace: trace, maxBatch: 3, maxDelayMs: .infinity) == expected)
  }

  /// Two replicas, B = 1: 0 → r0 [0, 1], 0.1 → r1 [0.1, 1.1], 0.2 waits for r0 [1, 2],
  /// 0.3 waits for r1 [1.1, 2.1]; round-robin sends them the same way here.
  @Test(arguments: Routing.allCases)
  func twoReplicas(routing: Routing) throws {
    let latencies = try Self.latenciesMs(trace: [0, 0.1, 0.2, 0.3], replicas: 2, maxBatch: 1, maxDelayMs: 0, routing: routing)
    #expect(latencies == [1.0, 1.0, 1.8, 1.8])
  }

  /// Two replicas, B = 2, D = 1 ms: r0 takes {0, 0.4} when the second arrives (0.4 → 1.9, S(2) =
  /// 1.5); r1, free all along, holds 0.5 until a second arrives at 1.2, before the oldest's
  /// deadline 1.5, and takes {0.5, 1.2} (1.2 → 2.7).
  @Test func sharedQueueBatchesAcrossReplicas() throws {
    let latencies = try Self.latenciesMs(trace: [0, 0.4, 0.5, 1.2], replicas: 2, maxBatch: 2, maxDelayMs: 1)
    #expect(latencies == [1.9, 1.5, 2.2, 1.5])
  }

  static func poissonRun(seed: UInt64) throws -> SimulationResult {
    try ServingSimulation(serviceTimes: linearService()).run(
      ServingConfiguration(arrivals: .poisson(ratePerSecond: 1500), replicas: 2, maxBatchSize: 4, maxDelaySeconds: 0.002),
      options: SimulationOptions(requestsPerReplication: 5_000, replications: 4, seed: seed))
  }

  @Test func sameSeedSameResult() throws {
    #expect(try Self.poissonRun(seed: 7) == Self.poissonRun(seed: 7))
    #expect(try Self.poissonRun(seed: 7).p99 != Self.poissonRun(seed: 8).p99)
  }

  /// λ · S(B) / (B · c) = 5000 · 2.5 ms / 4 = 3.125 ≥ 1: reported unstable, nothing simulated
  /// (10^7 requests would take minutes in a debug build).
  @Test func unstableIsReportedNotSimulated() throws {
    let result = try ServingSimulation(serviceTimes: Self.linearService()).run(
      ServingConfiguration(arrivals: .poisson(ratePerSecond: 5000), replicas: 1, maxBatchSize: 4, maxDelaySeconds: 0),
      options: SimulationOptions(requestsPerReplication: 10_000_000, replications: 5))
    #expect(!result.stable)
    #expect(abs(result.utilization - 3.125) < 1e-9)
    #expect(result.p99 == nil)
    #expect(result.band(result.p99) == nil)
  }

  /// Batching raises capacity: at λ = 1500/s one replica with B = 1 (S = 1 ms) is unstable, with
  /// B = 4 it serves full-ish batches and stays stable.
  @Test func batchingMakesAHeavyLoadStable() throws {
    let simulation = ServingSimulation(serviceTimes: try Self.linearService())
    var configuration = ServingConfiguration(
      arrivals: .poisson(ratePerSecond: 1500), replicas: 1, maxBatchSize: 1, maxDelaySeconds: 0.002)
    #expect(try !simulation.run(configuration).stable)
    configuration.maxBatchSize = 4
    let result = try simulation.run(configuration, options: SimulationOptions(requestsPerReplication: 5_000, replications: 3))
    #expect(result.stable)
    #expect(result.meanBatchSize > 1.5)
    #expect(result.utilization < 1)
    #expect(abs(result.throughput - 1500) < 75)
  }
}
