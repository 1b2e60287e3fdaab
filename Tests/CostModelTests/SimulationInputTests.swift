import Foundation
import Records
import Testing

@testable import CostModel

/// Bad input to the simulation and its service-time model: each case its own exact message.
@Suite("Serving simulation: bad input")
struct SimulationInputTests {
  static func tableModel() throws -> ServiceTimeModel {
    try ServiceTimeModel(meanSecondsByBatchSize: [(1, 0.001), (8, 0.002)], distribution: .lognormal(cv: 0.1))
  }

  static let badConfigurations: [(ServingConfiguration, String)] = [
    (.init(arrivals: .poisson(ratePerSecond: 0), replicas: 1, maxBatchSize: 1, maxDelaySeconds: 0),
     "the arrival rate must be a finite number above 0 requests/s; got 0.0."),
    (.init(arrivals: .poisson(ratePerSecond: -5), replicas: 1, maxBatchSize: 1, maxDelaySeconds: 0),
     "the arrival rate must be a finite number above 0 requests/s; got -5.0."),
    (.init(arrivals: .poisson(ratePerSecond: .nan), replicas: 1, maxBatchSize: 1, maxDelaySeconds: 0),
     "the arrival rate must be a finite number above 0 requests/s; got nan."),
    (.init(arrivals: .poisson(ratePerSecond: 10), replicas: 0, maxBatchSize: 1, maxDelaySeconds: 0),
     "replicas must be at least 1; got 0."),
    (.init(arrivals: .poisson(ratePerSecond: 10), replicas: 1, maxBatchSize: 0, maxDelaySeconds: 0),
     "the max batch size must be at least 1; got 0."),
    (.init(arrivals: .poisson(ratePerSecond: 10), replicas: 1, maxBatchSize: 1, maxDelaySeconds: -0.001),
     "the max batching delay must be 0 or more seconds (or infinite); got -0.001."),
    (.init(arrivals: .trace([]), replicas: 1, maxBatchSize: 1, maxDelaySeconds: 0),
     "the arrival trace is not usable: it holds no arrival."),
    (.init(arrivals: .trace([0, 2, 1]), replicas: 1, maxBatchSize: 1, maxDelaySeconds: 0),
     "the arrival trace is not usable: arrival 3 comes before arrival 2; sort the times."),
    (.init(arrivals: .poisson(ratePerSecond: 10), replicas: 1, maxBatchSize: 16, maxDelaySeconds: 0),
     "the service table has batch sizes 1, 8, but batches of 16 are needed; measure batch size 16 "
       + "(e.g. `infer-plan profile --batch-sizes 1,16`) or lower --max-batch."),
  ]

  @Test(arguments: badConfigurations)
  func rejectsConfiguration(configuration: ServingConfiguration, message: String) throws {
    let simulation = ServingSimulation(serviceTimes: try Self.tableModel())
    #expect { try simulation.run(configuration) } throws: { error in
      (error as? SimulationError)?.description == message
    }
  }

  static let badOptions: [(SimulationOptions, String)] = [
    (.init(requestsPerReplication: 0, replications: 1), "requests per replication must be between 1 and 50000000; got 0. Use fewer requests or fewer replications."),
    (.init(requestsPerReplication: 10_000_000, replications: 10), "requests per replication must be between 1 and 5000000; got 10000000. Use fewer requests or fewer replications."),
    (.init(requestsPerReplication: 10, replications: 0), "replications must be between 1 and 1000; got 0."),
  ]

  @Test(arguments: badOptions)
  func rejectsOptions(options: SimulationOptions, message: String) throws {
    let simulation = ServingSimulation(serviceTimes: try Self.tableModel())
    let configuration = ServingConfiguration(arrivals: .poisson(ratePerSecond: 10), replicas: 1, maxBatchSize: 1, maxDelaySeconds: 0)
    #expect { try simulation.run(configuration, options: options) } throws: { error in
      (error as? SimulationError)?.description == message
    }
  }

  static let badTables: [(String, String)] = [
    ("", "the service table is empty; write entries as BATCH:TIME, e.g. \"1:1.2ms,8:1.9ms\"."),
    ("1=1ms", "service table entry '1=1ms': expected one ':'; write entries as BATCH:TIME, e.g. \"1:1.2ms,8:1.9ms\"."),
    ("x:1ms", "service table entry 'x:1ms': 'x' is not a whole number; write entries as BATCH:TIME, e.g. \"1:1.2ms,8:1.9ms\"."),
    ("0:1ms", "service table entry '0:1ms': the batch size must be at least 1; write entries as BATCH:TIME, e.g. \"1:1.2ms,8:1.9ms\"."),
    ("1:1.2", "service table entry '1:1.2': '1.2' is not a time with a unit (us, ms, s); write entries as BATCH:TIME, e.g. \"1:1.2ms,8:1.9ms\"."),
    ("1:-1ms", "service table entry '1:-1ms': the time must be finite and above 0; write entries as BATCH:TIME, e.g. \"1:1.2ms,8:1.9ms\"."),
    ("1:nanms", "service table entry '1:nanms': the time must be finite and above 0; write entries as BATCH:TIME, e.g. \"1:1.2ms,8:1.9ms\"."),
    ("1:1ms,1:2ms", "batch size 1 is given twice; give each batch size once."),
  ]

  @Test(arguments: badTables)
  func rejectsTable(text: String, message: String) {
    #expect { try ServiceTimeTable.parse(text) } throws: { error in
      (error as? SimulationError)?.description == message
    }
  }

  @Test func goodTable() throws {
    let table = try ServiceTimeTable.parse("1:1.2ms, 8:1900us,32:0.01s")
    #expect(table.map(\.batchSize) == [1, 8, 32])
    #expect(table.map(\.seconds) == [0.0012, 0.0019, 0.01])
    let model = try ServiceTimeModel(meanSecondsByBatchSize: table, distribution: .deterministic)
    #expect(abs(model.meanSeconds(batchSize: 4) - (0.0012 + 0.0007 * 3 / 7)) < 1e-15)
  }

  static func row(
    device: DeviceKind = .cpu, hardware: String = "local", batch: Int, mode: MeasurementMode = .backToBack,
    gap: Double = 0, medianMs: Double, samplesMs: [Double] = []
  ) -> Records.Measurement {
    var row = Records.Measurement(
      toolVersion: "0.1.0", timestamp: "2026-11-26T12:00:00Z", hostName: "test", hardware: hardware,
      deviceKind: device, deviceName: "test cpu", instructionSet: "avx2", precision: .fp32, threads: 1,
      modelName: "mlp-large", modelHash: "00", batchSize: batch, sequenceLength: 0, mode: mode, idleGapSeconds: gap,
      stats: LatencyStats(
        minMs: medianMs, medianMs: medianMs, meanMs: medianMs, p90Ms: medianMs, p99Ms: medianMs, maxMs: medianMs,
        stddevMs: 0, cv: 0.05),
      throughput: Double(batch) / medianMs * 1000, peakMemoryBytes: 0, buildConfiguration: "release", runs: 10,
      warnings: [])
    row.samplesMs = samplesMs
    return row
  }

  static let badMeasurements: [([Records.Measurement], DeviceKind, String?, String)] = [
    ([row(batch: 1, medianMs: 1)], .cuda, nil,
     "the measurements have no rows for device 'cuda'; they hold: cpu on local. Measure it with `infer-plan profile --devices cuda` or pick one of those."),
    ([row(batch: 1, medianMs: 1), row(hardware: "c7i.large", batch: 1, medianMs: 1)], .cpu, nil,
     "the measurements hold device 'cpu' for several hardware names (c7i.large, local); choose one with --hardware NAME."),
    ([row(batch: 1, medianMs: 1)], .cpu, "m7i.large",
     "the measurements have no rows for device 'cpu' on hardware 'm7i.large'; they hold: cpu on local. Measure it with `infer-plan profile --devices cpu` or pick one of those."),
  ]

  @Test(arguments: badMeasurements)
  func rejectsMeasurements(rows: [Records.Measurement], device: DeviceKind, hardware: String?, message: String) {
    #expect { try ServiceTimeModel(measurements: rows, device: device, hardware: hardware) } throws: { error in
      (error as? SimulationError)?.description == message
    }
  }

  /// Measurements at batch 2 and 8 can't serve a batch of 1.
  @Test func measurementsLackingBatchOne() throws {
    let model = try ServiceTimeModel(
      measurements: [Self.row(batch: 2, medianMs: 1, samplesMs: [1, 1.1]), Self.row(batch: 8, medianMs: 2, samplesMs: [2, 2.1])],
      device: .cpu, source: "m.csv")
    #expect { try model.checkCovers(maxBatchSize: 8) } throws: { error in
      (error as? SimulationError)?.description
        == "m.csv has batch sizes 2, 8, but batches of 1 are needed; measure batch size 1 (e.g. `infer-plan profile --batch-sizes 1,2`) or lower --max-batch."
    }
  }

  /// Under-load rows win; otherwise back-to-back rows are resampled and paced rows give the
  /// idle-gap curve (paced median ÷ back-to-back median).
  @Test func modelFromMeasurementsPicksRowsByMode() throws {
    let backToBack = Self.row(batch: 1, medianMs: 1, samplesMs: [1, 1, 1, 1])
    let paced = Self.row(batch: 1, mode: .paced, gap: 0.001, medianMs: 1.25, samplesMs: [1.25])
    let model = try ServiceTimeModel(measurements: [backToBack, paced], device: .cpu)
    #expect(model.meanSeconds(batchSize: 1) == 0.001)
    #expect(model.idleSlowdown?.factor(gapSeconds: 0.001, batchSize: 1) == 1.25)
    #expect(model.idleSlowdown?.factor(gapSeconds: 0.0005, batchSize: 1) == 1.125)
    #expect(model.idleSlowdown?.factor(gapSeconds: 1, batchSize: 4) == 1.25)
    #expect(model.basis.hasPrefix("back-to-back measurements with an idle-gap slowdown from paced runs"))

    let underLoad = Self.row(batch: 1, mode: .underLoad, medianMs: 1.5, samplesMs: [1.5, 1.5])
    let calibrated = try ServiceTimeModel(measurements: [backToBack, paced, underLoad], device: .cpu)
    #expect(calibrated.meanSeconds(batchSize: 1) == 0.0015)
    #expect(calibrated.idleSlowdown == nil)
    #expect(calibrated.basis.hasPrefix("under-load service times (calibrated)"))
  }

  /// The idle slowdown stretches a fixed 1 ms service after each idle gap: with trace arrivals
  /// 10 ms apart every batch starts idle, so every latency is 1.25 ms.
  @Test func idleSlowdownScalesServiceAfterAGap() throws {
    let curve = try IdleSlowdownCurve(pointsByBatchSize: [1: [.init(gapSeconds: 0.001, factor: 1.25)]])
    let model = try ServiceTimeModel(meanSecondsByBatchSize: [(1, 0.001)], distribution: .deterministic, idleSlowdown: curve)
    let configuration = ServingConfiguration(
      arrivals: .trace([0.01, 0.02, 0.03]), replicas: 1, maxBatchSize: 1, maxDelaySeconds: 0)
    var random = SimulationRandom(seed: 1)
    let run = ServingSimulation.serveAll(
      arrivals: [0.01, 0.02, 0.03], configuration: configuration, model: model, warmupFraction: 0, random: &random)
    #expect(run.latencies.map { ($0 * 1e9).rounded() } == [1_250_000, 1_250_000, 1_250_000])
  }
}
