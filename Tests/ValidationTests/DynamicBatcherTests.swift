import CostModel
import Testing

@testable import Validation

@Suite("Dynamic batcher")
struct DynamicBatcherTests {
  static let decisions: [(waiting: Int, oldest: Double, now: Double, ended: Bool, delay: Double, expected: BatchingPolicy.Decision)] = [
    (0, 0, 0, false, 0.002, .waitForArrival),
    (4, 0, 0, false, 0.002, .take(4)),  // full batch at once
    (9, 0, 0, false, 0.002, .take(4)),  // never more than B
    (2, 1.0, 1.001, false, 0.002, .waitUntil(1.002)),  // oldest has waited 1 ms of 2
    (2, 1.0, 1.002, false, 0.002, .take(2)),  // its delay is up
    (1, 1.0, 1.0, false, 0, .take(1)),  // D = 0 takes what is there
    (3, 1.0, 5.0, false, .infinity, .waitForArrival),  // D = ∞ waits for a full batch…
    (3, 1.0, 5.0, true, .infinity, .take(3)),  // …until the arrivals end (final flush)
    (2, 1.0, 1.001, true, 0.002, .waitUntil(1.002)),  // a finite delay still runs out
  ]

  @Test(arguments: decisions)
  func policy(
    _ c: (waiting: Int, oldest: Double, now: Double, ended: Bool, delay: Double, expected: BatchingPolicy.Decision)
  ) {
    let policy = BatchingPolicy(maxBatchSize: 4, maxDelaySeconds: c.delay)
    #expect(policy.decide(waiting: c.waiting, oldestEnqueuedAt: c.oldest, now: c.now, arrivalsEnded: c.ended) == c.expected)
  }

  /// Runs the live batcher on a trace with the fake clock and model: S(b) = 1 ms + 0.5 ms·(b−1).
  static func serve(trace ms: [Double], maxBatch: Int, maxDelayMs: Double) throws -> (latenciesMs: [Double], sizes: [Int]) {
    let clock = FakeClock()
    let trace = ms.map { $0 / 1000 }
    let executor = FakeExecutor(clock: clock) { 0.001 + 0.0005 * Double($0 - 1) }
    let log = try DynamicBatcher(policy: BatchingPolicy(maxBatchSize: maxBatch, maxDelaySeconds: maxDelayMs / 1000))
      .serve(inbox: TraceInbox(clock: clock, trace: trace), executor: executor, clock: clock, requestCount: trace.count)
    let latencies = trace.indices.map { index in ((log.endSeconds[index] ?? .nan) - trace[index]) * 1e6 }
    return (latencies.map { $0.rounded() / 1000 }, executor.batchSizes)
  }

  static let trace: [Double] = [0, 0.5, 1.0, 5, 10, 10.1, 10.2, 10.3, 10.4]

  /// The same hand-computed cases as the simulation's batching tests: the live batcher and the
  /// simulation apply one rule.
  static let cases: [(Double, [Double], [Int])] = [
    (2, [3.0, 2.5, 2.0, 3.0, 2.2, 2.1, 2.0, 3.5, 3.4], [3, 1, 3, 2]),
    (0, [1.0, 2.0, 1.5, 1.0, 1.0, 2.9, 2.8, 2.7, 3.6], [1, 2, 1, 1, 3, 1]),
    (.infinity, [3.0, 2.5, 2.0, 7.1, 2.1, 2.0, 3.9, 3.8, 3.7], [3, 3, 3]),
  ]

  @Test(arguments: cases)
  func handComputedTrace(maxDelayMs: Double, expectedMs: [Double], sizes: [Int]) throws {
    let served = try Self.serve(trace: Self.trace, maxBatch: 3, maxDelayMs: maxDelayMs)
    #expect(served.latenciesMs == expectedMs)
    #expect(served.sizes == sizes)
  }

  /// D = ∞ with fewer than B left: flushed once the arrivals end.
  @Test func finalFlush() throws {
    let served = try Self.serve(trace: [0, 1], maxBatch: 3, maxDelayMs: .infinity)
    #expect(served.latenciesMs == [2.5, 1.5])
    #expect(served.sizes == [2])
  }

  /// On a random trace the live batcher and the simulation agree request by request.
  @Test(arguments: [(1, 0.0), (4, 0.001), (8, 0.002), (8, Double.infinity)])
  func agreesWithTheSimulation(maxBatch: Int, maxDelay: Double) throws {
    var random = SimulationRandom(seed: 99)
    var time = 0.0
    let trace = (0..<2_000).map { _ -> Double in
      time += random.nextExponential(mean: 1.0 / 900)
      return time
    }
    let live = try Self.serve(trace: trace.map { $0 * 1000 }, maxBatch: maxBatch, maxDelayMs: maxDelay * 1000)
    let service = try ServiceTimeModel(meanSecondsByBatchSize: [(1, 0.001), (8, 0.0045)], distribution: .deterministic)
    let configuration = ServingConfiguration(arrivals: .trace(trace), replicas: 1, maxBatchSize: maxBatch, maxDelaySeconds: maxDelay)
    let simulated = try ServingSimulation(serviceTimes: service).requestLatencies(configuration)
    let expected = simulated.map { ($0 * 1e6).rounded() / 1000 }
    #expect(live.latenciesMs == expected)
  }
}
