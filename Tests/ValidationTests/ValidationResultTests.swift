import CostModel
import Foundation
import Profiling
import Records
import Testing

@testable import Validation

@Suite("Validation results")
struct ValidationResultTests {
  /// A run of 4 requests served in two batches: figures computed by hand.
  static func run() -> LiveRun {
    var log = BatcherLog(requestCount: 4)
    log.batches = [
      BatchRecord(startSeconds: 0.010, endSeconds: 0.012, size: 2, firstIndex: 0),
      BatchRecord(startSeconds: 0.030, endSeconds: 0.031, size: 1, firstIndex: 2),
      BatchRecord(startSeconds: 0.040, endSeconds: 0.041, size: 1, firstIndex: 3),
    ]
    log.endSeconds = [0.012, 0.012, 0.031, 0.041]
    return LiveRun(scheduleSeconds: [0.009, 0.010, 0.0295, 0.039], latenessSeconds: [0.0001, 0.0002, 0.0001, 0.0003], log: log, interrupted: false)
  }

  @Test func observedFigures() throws {
    let observed = try #require(Validator.observe(Self.run(), warmupFraction: 0))
    // Latencies 3, 2, 1.5, 2 ms → sorted 1.5, 2, 2, 3: p50 = 2nd = 2 ms, p90 = p99 = 4th = 3 ms.
    #expect(abs(observed.p50 - 0.002) < 1e-12)
    #expect(abs(observed.p99 - 0.003) < 1e-12)
    #expect(abs(observed.mean - 0.002125) < 1e-12)
    // 4 requests over 9 → 41 ms; busy 4 ms of 32.
    #expect(abs(observed.throughput - 4 / 0.032) < 1e-9)
    #expect(abs(observed.utilization - 0.004 / 0.032) < 1e-9)
    #expect(observed.meanBatchSize == 4.0 / 3)
    #expect(abs(observed.latenessP99 - 0.0003) < 1e-12)
    #expect(Validator.serviceSequences(Self.run().log).mapValues { $0.map { ($0 * 1e6).rounded() } } == [2: [2000], 1: [1000, 1000]])
  }

  /// Request-path delay = start − max(previous end, due); with D = 0 a lone request is due at its
  /// scheduled arrival: batch 2 started 0.5 ms after 29.5 ms, batch 3 1 ms after 39 ms; the full
  /// first batch was due at its last arrival (10 ms) and started then.
  @Test func requestPathDelays() {
    let run = Self.run()
    let policy = BatchingPolicy(maxBatchSize: 2, maxDelaySeconds: 0)
    let delays = Validator.requestPathDelays(run.log, schedule: run.scheduleSeconds, policy: policy)
    #expect(delays.map { ($0 * 1e7).rounded() } == [0, 5_000, 10_000])
    let sequences = Validator.effectiveServiceSequences(run.log, schedule: run.scheduleSeconds, policy: policy)
    #expect(sequences.mapValues { $0.map { ($0 * 1e7).rounded() } } == [2: [20_000], 1: [15_000, 20_000]])
    // With a 2 ms delay the lone requests were due at 31.5 and 41 ms: no delay beyond that.
    let delayed = Validator.requestPathDelays(
      run.log, schedule: run.scheduleSeconds, policy: BatchingPolicy(maxBatchSize: 2, maxDelaySeconds: 0.002))
    #expect(delayed == [0, 0, 0])
  }

  /// `--save-measurements` rows go through the measurements table and sidecar and come back as
  /// a calibrated service-time model.
  @Test func underLoadRowsRoundTripIntoACalibratedModel() throws {
    let sequences: [Int: [Double]] = [1: (0..<50).map { 0.001 + 0.0001 * Double($0 % 5) }, 8: (0..<20).map { _ in 0.003 }]
    let observed = try #require(Validator.observe(Self.run(), warmupFraction: 0))
    let settings = ValidationSettings(ratePerSecond: 100, maxBatchSize: 8, maxDelaySeconds: 0.002, threads: 1)
    let offline = try #require(PredictedFigures(
      ServingSimulation(serviceTimes: ServiceTimeModel(meanSecondsByBatchSize: [(1, 0.001), (8, 0.003)], distribution: .deterministic))
        .run(ServingConfiguration(arrivals: .poisson(ratePerSecond: 100), replicas: 1, maxBatchSize: 8, maxDelaySeconds: 0.002),
             options: SimulationOptions(requestsPerReplication: 1_000, replications: 3))))
    let result = ValidationResult(
      settings: settings, predictedOffline: offline,
      repeats: [RepeatResult(number: 1, observed: observed, predictedCalibrated: nil, serviceSequences: sequences)], warnings: [])
    let rows = result.underLoadMeasurements(
      labels: MeasurementLabels(toolVersion: "0.1.0", hostName: "test", modelName: "mlp-large", modelHash: "ab"),
      device: DeviceDescription(kind: .cpu, name: "test cpu", instructionSet: "avx2", memoryBytes: 1 << 30),
      threads: 1, timestamp: "2026-11-26T12:00:00Z", build: .release)
    #expect(rows.map(\.batchSize) == [1, 8])
    #expect(rows.allSatisfy { $0.mode == .underLoad })

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latency-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("live.csv").path
    try MeasurementsTable.write(rows, to: path)
    let model = try ServiceTimeModel(measurements: MeasurementsTable.read(path: path), device: .cpu)
    #expect(model.basis.hasPrefix("under-load service times (calibrated)"))
    #expect(abs(model.meanSeconds(batchSize: 1) - 0.0012) < 1e-9)
    #expect(abs(model.meanSeconds(batchSize: 8) - 0.003) < 1e-9)
    try model.checkCovers(maxBatchSize: 8)
  }

  @Test func profilePlan() {
    let settings = ValidationSettings(ratePerSecond: 400, maxBatchSize: 8, maxDelaySeconds: 0.002, threads: 1)
    #expect(settings.profileBatchSizes == [1, 2, 4, 8])
    #expect(settings.profileIdleGapsSeconds == [0.00125, 0.005])
    #expect(ValidationSettings(ratePerSecond: 1, maxBatchSize: 6, maxDelaySeconds: 0, threads: 1).profileBatchSizes == [1, 2, 4, 6])
    #expect(ValidationSettings(ratePerSecond: 1, maxBatchSize: 1, maxDelaySeconds: 0, threads: 1).profileIdleGapsSeconds == [0.1, 0.1])
  }
}
