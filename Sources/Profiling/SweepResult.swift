/// Why a batch-size sweep ended.
import Records

public enum SweepStop: Equatable, Sendable, CustomStringConvertible {
  /// Every requested batch size was measured.
  case completed
  /// The point at `batchSize` had a median above the limit; larger batches were skipped.
  case latencyLimit(batchSize: Int, medianSeconds: Double, limitSeconds: Double)
  /// `batchSize` would need more memory than the device has; it and larger were skipped.
  case memoryLimit(batchSize: Int, neededBytes: Int, availableBytes: Int)
  /// The backend failed at `batchSize` after smaller batch sizes were measured (e.g. the GPU
  /// ran out of memory); those rows are kept.
  case failed(batchSize: Int, reason: String)

  public var description: String {
    switch self {
    case .completed:
      "all batch sizes measured"
    case let .latencyLimit(batchSize, median, limit):
      "stopped after batch size \(batchSize): median \(median * 1000) ms exceeds --max-latency \(limit * 1000) ms"
    case let .memoryLimit(batchSize, needed, available):
      "stopped before batch size \(batchSize): it needs \(needed) bytes, the device has \(available) bytes available"
    case let .failed(batchSize, reason):
      "stopped at batch size \(batchSize): \(reason)"
    }
  }
}

/// A quality warning tied to the row it was found in.
public struct PointWarning: Equatable, Sendable {
  /// Index into `SweepResult.measurements`.
  public var measurementIndex: Int
  public var warning: QualityWarning

  public init(measurementIndex: Int, warning: QualityWarning) {
    self.measurementIndex = measurementIndex
    self.warning = warning
  }
}

/// What a sweep over batch sizes measured on one backend.
public struct SweepResult: Equatable, Sendable {
  /// One row per batch size × pacing, in the order measured.
  public var measurements: [Measurement]
  public var stop: SweepStop
  /// Every quality warning, for stderr (rows carry their short forms too).
  public var warnings: [PointWarning]

  public init(measurements: [Measurement], stop: SweepStop, warnings: [PointWarning]) {
    self.measurements = measurements
    self.stop = stop
    self.warnings = warnings
  }
}

/// Progress of a sweep, for a live line on a terminal.
public enum ProfilerEvent: Equatable, Sendable {
  case preparing(batchSize: Int)
  case warmingUp(batchSize: Int)
  case measuring(batchSize: Int, pacing: Pacing)
  case measured(Measurement)
}
