import Testing

@testable import Validation

/// The live harness's plumbing with real threads on a tiny schedule (no timing is asserted:
/// only that every request is served once, after it was due, in batches the rule allows).
@Suite("Live run plumbing")
struct LiveRunTests {
  @Test(arguments: [(1, 0.0), (4, 0.001), (4, Double.infinity)])
  func servesEveryRequestOnce(maxBatch: Int, maxDelay: Double) throws {
    let schedule = (0..<40).map { Double($0) * 0.0005 }
    let batcher = DynamicBatcher(policy: BatchingPolicy(maxBatchSize: maxBatch, maxDelaySeconds: maxDelay))
    let run = try LiveRun.perform(
      generator: LoadGenerator(scheduleSeconds: schedule), batcher: batcher, executor: NoOpExecutor(), stop: StopFlag())
    #expect(!run.interrupted)
    #expect(run.latenessSeconds.count == 40)
    #expect(run.log.batches.reduce(0) { $0 + $1.size } == 40)
    #expect(run.log.batches.allSatisfy { $0.size >= 1 && $0.size <= maxBatch })
    for index in schedule.indices {
      let end = try #require(run.log.endSeconds[index])
      #expect(end >= schedule[index])
    }
    // Batches hold consecutive requests, in order.
    var next = 0
    for batch in run.log.batches {
      #expect(batch.firstIndex == next)
      next += batch.size
    }
  }

  /// A stop raised before the run: the client sends nothing, the run says it was interrupted.
  @Test func stopBeforeStart() throws {
    let stop = StopFlag()
    stop.raise()
    let run = try LiveRun.perform(
      generator: LoadGenerator(scheduleSeconds: [0.001, 0.002]), batcher: DynamicBatcher(policy: BatchingPolicy(maxBatchSize: 1, maxDelaySeconds: 0)),
      executor: NoOpExecutor(), stop: stop)
    #expect(run.interrupted)
    #expect(run.log.batches.isEmpty)
  }

  /// A failing pass ends the run with `passFailed`, after the client has been drained.
  @Test func failingPass() {
    final class Failing: BatchExecutor, Sendable {
      struct Broken: Error, CustomStringConvertible { var description: String { "broken kernel" } }
      func run(batchSize: Int) throws { throw Broken() }
    }
    #expect(throws: ValidationError.passFailed(reason: "broken kernel")) {
      try LiveRun.perform(
        generator: LoadGenerator(scheduleSeconds: [0, 0.001, 0.002]),
        batcher: DynamicBatcher(policy: BatchingPolicy(maxBatchSize: 1, maxDelaySeconds: 0)), executor: Failing(),
        stop: StopFlag())
    }
  }
}
