
/// How the timed runs of a measurement were spaced.
public enum MeasurementMode: String, Sendable, Codable, CaseIterable {
  /// Each run starts as soon as the previous one ends.
  case backToBack = "back-to-back"
  /// Runs separated by a fixed idle gap (`idleGapSeconds`), as a lightly loaded server sees.
  case paced
  /// Service times recorded inside a live load test (`infer-plan validate`).
  case underLoad = "under-load"
}

/// Latency statistics of one measurement point, in **milliseconds** (the unit the measurements
/// table stores, so a CSV round trip is exact).
///
/// Percentiles use the nearest-rank definition on the sorted samples: `pq` is the sample at
/// 1-based rank `ceil(q/100 · n)` (so p50 of [1,2,3,4] is 2, and p100 is the max); the median
/// is the usual midpoint-averaged median. `stddev` is the sample standard deviation (n − 1);
/// `cv` = stddev / mean.
public struct LatencyStats: Equatable, Sendable {
  public var minMs: Double
  public var medianMs: Double
  public var meanMs: Double
  public var p90Ms: Double
  public var p99Ms: Double
  public var maxMs: Double
  public var stddevMs: Double
  public var cv: Double

  public init(
    minMs: Double, medianMs: Double, meanMs: Double, p90Ms: Double, p99Ms: Double, maxMs: Double,
    stddevMs: Double, cv: Double
  ) {
    self.minMs = minMs
    self.medianMs = medianMs
    self.meanMs = meanMs
    self.p90Ms = p90Ms
    self.p99Ms = p99Ms
    self.maxMs = maxMs
    self.stddevMs = stddevMs
    self.cv = cv
  }
}

/// One row of the measurements table: a device × batch size (× mode) point.
public struct Measurement: Equatable, Sendable {
  /// The table schema the row was read with (`MeasurementsTable.schema` for a new row).
  public var schema: Int = MeasurementsTable.schema
  public var toolVersion: String
  /// ISO 8601 UTC, e.g. "2026-11-26T12:00:00Z".
  public var timestamp: String
  public var hostName: String
  /// Profiles hardware name this row stands for (`profile --as NAME`); "local" = this machine.
  public var hardware: String
  public var deviceKind: DeviceKind
  public var deviceName: String
  public var instructionSet: String
  public var precision: Precision
  public var threads: Int
  public var modelName: String
  /// SHA-256 (hex) of the model's graph + weights, so rows from another model are not mixed in.
  public var modelHash: String
  public var batchSize: Int
  /// Tokens per sequence for encoders; 0 for MLPs.
  public var sequenceLength: Int
  /// Per-sample dims of an ONNX model's float inputs as measured (`image=3x224x224`, written by
  /// `MeasurementLabels.inputShapesText`); empty for other models and older tables. The ONNX
  /// model hash does not cover them, so a plan matches rows on them too.
  public var inputShapes = ""
  public var mode: MeasurementMode
  /// Idle time between runs in seconds (0 for back-to-back).
  public var idleGapSeconds: Double
  public var stats: LatencyStats
  /// Samples per second at the median: batchSize / median.
  public var throughput: Double
  public var peakMemoryBytes: Int
  /// "release" or "debug".
  public var buildConfiguration: String
  /// Timed runs behind the statistics.
  public var runs: Int
  /// Quality warnings (high CV, heavy tail, first-run outlier, debug build).
  public var warnings: [String]
  /// GPU calibration figures fitted over the sweep this point belongs to (`CUDACalibration`,
  /// docs/gpu.md); nil when not measured.
  public var computeEfficiency: Double?
  public var memoryEfficiency: Double?
  public var launchOverheadSeconds: Double?
  /// The machine that measured this row (schema 2); nil in older tables. The CPU projection
  /// transfers a row's times from these figures, never from the planning machine's.
  public var host: MeasuringHost?
  /// Every timed run's latency in milliseconds, in the order they ran. Not a CSV column: it
  /// travels in the `<measurements>.samples.json` sidecar, which the serving simulation resamples.
  public var samplesMs: [Double] = []

  public init(
    toolVersion: String, timestamp: String, hostName: String, hardware: String,
    deviceKind: DeviceKind, deviceName: String, instructionSet: String, precision: Precision,
    threads: Int, modelName: String, modelHash: String, batchSize: Int, sequenceLength: Int,
    mode: MeasurementMode, idleGapSeconds: Double, stats: LatencyStats, throughput: Double,
    peakMemoryBytes: Int, buildConfiguration: String, runs: Int, warnings: [String],
    computeEfficiency: Double? = nil, memoryEfficiency: Double? = nil,
    launchOverheadSeconds: Double? = nil, host: MeasuringHost? = nil
  ) {
    self.toolVersion = toolVersion
    self.timestamp = timestamp
    self.hostName = hostName
    self.hardware = hardware
    self.deviceKind = deviceKind
    self.deviceName = deviceName
    self.instructionSet = instructionSet
    self.precision = precision
    self.threads = threads
    self.modelName = modelName
    self.modelHash = modelHash
    self.batchSize = batchSize
    self.sequenceLength = sequenceLength
    self.mode = mode
    self.idleGapSeconds = idleGapSeconds
    self.stats = stats
    self.throughput = throughput
    self.peakMemoryBytes = peakMemoryBytes
    self.buildConfiguration = buildConfiguration
    self.runs = runs
    self.warnings = warnings
    self.computeEfficiency = computeEfficiency
    self.memoryEfficiency = memoryEfficiency
    self.launchOverheadSeconds = launchOverheadSeconds
    self.host = host
  }
}
