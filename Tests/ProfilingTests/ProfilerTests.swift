import Foundation
import Records
import Testing

@testable import Profiling

@Suite("Profiler")
struct ProfilerTests {
  func options(_ change: (inout ProfilerOptions) -> Void = { _ in }) -> ProfilerOptions {
    var options = ProfilerOptions()
    change(&options)
    return options
  }

  @Test("timing excludes preparation: every sample is exactly the run time")
  func excludesPreparation() throws {
    let clock = FakeClock()
    let backend = CountingBackend(clock: clock) { _, _ in 0.001 }
    backend.prepareSeconds = 5
    let profiler = Profiler(options: options { $0.batchSizes = [1] }, clock: clock, build: .release)
    let rows = try profiler.measure(backend, batchSize: 1, labels: testLabels)
    let row = try #require(rows.first?.measurement)
    #expect(backend.prepared == [1])
    // 0.2 s of 1 ms warm-ups = 200, then 1 s of timed runs = 1000 (both minimums met exactly).
    #expect(backend.passes.first?.runs == 200 + 1000)
    #expect(row.runs == 1000)
    #expect(row.samplesMs.count == 1000)
    #expect(row.samplesMs.allSatisfy { $0 == 1.0 })
    #expect(row.stats.maxMs == 1.0)
    #expect(row.throughput == 1000)
    #expect(row.peakMemoryBytes == 1_000)
    #expect(rows.first?.warnings == [])
  }

  /// Run time → (warm-ups, timed runs): minimums 3 runs / 0.2 s warm-up, 10 runs / 1 s timed,
  /// cap 10 s per point.
  static let runCountCases: [(Double, Int, Int)] = [
    (0.001, 200, 1000),  // time-bound: 0.2 s and 1 s
    (0.3, 3, 10),  // count-bound: 3 warm-ups = 0.9 s, 10 runs = 3 s
    (2.0, 3, 5),  // capped: 5 runs reach the 10 s cap
  ]

  @Test("warm-up and timed-run counts follow the minimums and the cap", arguments: runCountCases)
  func runCounts(runSeconds: Double, warmups: Int, timed: Int) throws {
    let clock = FakeClock()
    let backend = CountingBackend(clock: clock) { _, _ in runSeconds }
    let profiler = Profiler(options: options(), clock: clock, build: .release)
    let row = try #require(try profiler.measure(backend, batchSize: 4, labels: testLabels).first)
    #expect(backend.passes.first?.runs == warmups + timed)
    #expect(row.measurement.runs == timed)
    #expect(row.warnings.contains(.fewRuns(runs: timed, wanted: 10, maxSeconds: 10)) == (timed < 10))
  }

  @Test("paced runs sleep the idle gap between runs and time only the run")
  func paced() throws {
    let clock = FakeClock()
    let backend = CountingBackend(clock: clock) { _, _ in 0.001 }
    let profiler = Profiler(
      options: options {
        $0.pacings = [.backToBack, .paced(idleGapSeconds: 0.0005)]
        $0.warmupSeconds = 0
        $0.minSeconds = 0.03
      }, clock: clock, build: .release)
    let rows = try profiler.measure(backend, batchSize: 2, labels: testLabels).map(\.measurement)
    #expect(backend.prepared == [2])
    #expect(rows.map(\.mode) == [.backToBack, .paced])
    #expect(rows.map(\.idleGapSeconds) == [0, 0.0005])
    // Back-to-back: 30 runs of 1 ms; paced: 1.5 ms per run (gap + run) → 20 runs for 30 ms.
    #expect(rows.map(\.runs) == [30, 20])
    #expect(clock.sleeps == Array(repeating: 500_000, count: 20))
    #expect(rows[1].samplesMs.allSatisfy { $0 == 1.0 })
  }

  @Test("sweep stops after the first batch size whose median exceeds --max-latency")
  func latencyStop() throws {
    let clock = FakeClock()
    let backend = CountingBackend(clock: clock) { batch, _ in Double(batch) * 0.001 }
    let profiler = Profiler(
      options: options {
        $0.maxLatencySeconds = 0.01
        $0.minSeconds = 0
      }, clock: clock, build: .release)
    let result = try profiler.sweep(backend, labels: testLabels)
    #expect(backend.prepared == [1, 2, 4, 8, 16])
    #expect(result.measurements.map(\.batchSize) == [1, 2, 4, 8, 16])
    #expect(result.measurements.map(\.stats.medianMs) == [1, 2, 4, 8, 16])
    #expect(result.stop == .latencyLimit(batchSize: 16, medianSeconds: 0.016, limitSeconds: 0.01))
  }

  @Test("sweep stops before a batch size that needs more memory than the device has")
  func memoryStop() throws {
    let clock = FakeClock()
    let backend = CountingBackend(clock: clock) { _, _ in 0.001 }
    backend.bytesPerSample = 1 << 20
    backend.device.memoryBytes = 20 << 20
    let profiler = Profiler(options: options { $0.minSeconds = 0 }, clock: clock, build: .release)
    let result = try profiler.sweep(backend, labels: testLabels)
    #expect(backend.prepared == [1, 2, 4, 8, 16])
    #expect(result.stop == .memoryLimit(batchSize: 32, neededBytes: 32 << 20, availableBytes: 20 << 20))
  }

  @Test("sweep measures every batch size (sorted, once each) when no limit is hit")
  func completes() throws {
    let clock = FakeClock()
    let backend = CountingBackend(clock: clock) { _, _ in 0.001 }
    let profiler = Profiler(options: options { $0.batchSizes = [32, 1, 8, 8]; $0.minSeconds = 0 }, clock: clock, build: .release)
    let result = try profiler.sweep(backend, labels: testLabels)
    #expect(result.measurements.map(\.batchSize) == [1, 8, 32])
    #expect(result.stop == .completed)
  }

  @Test("rows carry labels, device, threads, build and warnings")
  func rowFields() throws {
    let clock = FakeClock()
    let backend = CountingBackend(clock: clock) { _, run in run == 3 ? 0.01 : 0.001 }
    var opts = options { $0.warmupSeconds = 0; $0.minSeconds = 0; $0.sequenceLength = 128 }
    opts.batchSizes = [1]
    let profiler = Profiler(options: opts, clock: clock, build: .debug)
    profiler.now = { Date(timeIntervalSince1970: 1_795_000_000) }
    let result = try profiler.sweep(backend, labels: testLabels)
    let row = try #require(result.measurements.first)
    #expect(row.timestamp == "2026-11-18T11:06:40Z")
    #expect(row.hostName == "test-host" && row.modelHash == "abc123" && row.hardware == "local")
    #expect(row.deviceName == "Fake CPU, 2 cores" && row.instructionSet == "avx2" && row.threads == 2)
    #expect(row.sequenceLength == 128 && row.buildConfiguration == "debug")
    #expect(row.samplesMs.first == 10)
    #expect(row.warnings.contains("first run 10.0× median"))
    #expect(row.warnings.last == "debug build: not representative; use -c release")
    #expect(result.warnings.allSatisfy { $0.measurementIndex == 0 })
  }

  @Test("a backend failure names the device and batch size")
  func backendFailure() throws {
    struct Boom: Error, CustomStringConvertible { var description: String { "out of workspace" } }
    final class FailingBackend: Backend {
      var device = DeviceDescription(kind: .cpu, name: "Fake", instructionSet: "scalar", memoryBytes: 1 << 30)
      var threads = 1
      var precision = Precision.fp32
      func prepare(batchSize: Int, sequenceLength: Int) throws -> any PreparedPass { throw Boom() }
      func memoryNeeded(batchSize: Int, sequenceLength: Int) -> Int { 0 }
    }
    let profiler = Profiler(options: options { $0.batchSizes = [4] }, clock: FakeClock(), build: .release)
    #expect(throws: ProfilerError.backendFailed(device: "cpu (Fake)", batchSize: 4, reason: "out of workspace")) {
      try profiler.sweep(FailingBackend(), labels: testLabels)
    }
  }

  @Test("a backend failure after some batch sizes stops the sweep and keeps their rows")
  func failureStopsSweep() throws {
    struct OutOfMemory: Error, CustomStringConvertible { var description: String { "out of memory" } }
    final class FailsAbove8: Backend {
      let inner: CountingBackend
      init(_ inner: CountingBackend) { self.inner = inner }
      var device: DeviceDescription { inner.device }
      var threads: Int { inner.threads }
      var precision: Precision { inner.precision }
      func prepare(batchSize: Int, sequenceLength: Int) throws -> any PreparedPass {
        if batchSize > 8 { throw OutOfMemory() }
        return try inner.prepare(batchSize: batchSize, sequenceLength: sequenceLength)
      }
      func memoryNeeded(batchSize: Int, sequenceLength: Int) -> Int { 0 }
    }
    let clock = FakeClock()
    let backend = FailsAbove8(CountingBackend(clock: clock) { _, _ in 0.001 })
    let profiler = Profiler(options: options { $0.minSeconds = 0 }, clock: clock, build: .release)
    let result = try profiler.sweep(backend, labels: testLabels)
    #expect(result.measurements.map(\.batchSize) == [1, 2, 4, 8])
    #expect(result.stop == .failed(batchSize: 16, reason: "out of memory"))
    #expect(result.stop.description == "stopped at batch size 16: out of memory")
  }

  static let badOptions: [(String, String)] = [
    ("batch0", "invalid batch size: got 0; use whole numbers of 1 or more."),
    ("batchNegative", "invalid batch size: got -8; use whole numbers of 1 or more."),
    ("noBatches", "invalid batch sizes: got none; use at least one batch size, e.g. 1,8,32."),
    ("maxBelowMin", "invalid --max-time: got 0.5 s; use at least --min-time (1.0 s)."),
    ("latency0", "invalid --max-latency: got 0.0 s; use a duration above 0."),
    ("minRuns0", "invalid minimum runs: got 0; use 1 or more."),
    ("negativeGap", "invalid --paced: got -0.001 s; use gaps between 0 and 60 s."),
  ]

  @Test("bad options are rejected with a clear message before any run", arguments: badOptions)
  func badOption(name: String, message: String) {
    var o = ProfilerOptions()
    switch name {
    case "batch0": o.batchSizes = [1, 0]
    case "batchNegative": o.batchSizes = [-8]
    case "noBatches": o.batchSizes = []
    case "maxBelowMin": o.maxSeconds = 0.5
    case "latency0": o.maxLatencySeconds = 0
    case "minRuns0": o.minRuns = 0
    default: o.pacings = [.paced(idleGapSeconds: -0.001)]
    }
    let clock = FakeClock()
    let backend = CountingBackend(clock: clock) { _, _ in 0.001 }
    let profiler = Profiler(options: o, clock: clock, build: .release)
    #expect(performing: { try profiler.sweep(backend, labels: testLabels) }, throws: { error in
      (error as? ProfilerError)?.description == message
    })
    #expect(backend.prepared.isEmpty)
  }
}
