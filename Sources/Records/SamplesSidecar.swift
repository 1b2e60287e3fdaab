import Foundation

/// The raw samples of a measurements table, in `<table>.samples.json` beside it.
///
/// Layout (JSON, snake_case, written compactly):
/// ```
/// {"schema": "infer-plan.samples/1", "tool_version": "0.1.0", "table": "m.csv", "unit": "ms",
///  "rows": [{"row": 1, "device_kind": "cpu", "device_name": "…", "hardware": "local",
///            "threads": 2, "batch_size": 1, "sequence_length": 0, "mode": "back-to-back",
///            "idle_gap_s": 0, "samples_ms": [0.412, 0.398, …]}, …]}
/// ```
/// `row` is the 1-based data row of the table (header excluded); the other keys repeat that
/// row's identity so a sidecar paired with the wrong table is caught. Samples are in
/// milliseconds, like the table's latency columns, so they round-trip exactly; they are in
/// the order the runs happened (the serving simulation resamples them in blocks). Sidecars
/// written before string tags (the integer schema 1) read as version 1.
public struct SamplesSidecar: VersionedDocument, Equatable {
  public static let name = "samples"
  public static let title = "a samples sidecar"
  public static let readableVersions = [1]
  public static let legacyIntegerVersions = [1]
  public static func remedy(path: String) -> String {
    "delete it to read the table without raw samples, or re-run `infer-plan profile`"
  }

  public var toolVersion: String
  /// The table's file name (no folder), for a person reading the sidecar.
  public var table: String
  public var unit: String
  public var rows: [Row]

  enum CodingKeys: String, CodingKey {
    case toolVersion = "tool_version"
    case table, unit, rows
  }

  /// The samples of one table row, with that row's identity.
  public struct Row: Codable, Sendable, Equatable {
    public var row: Int
    public var deviceKind: String
    public var deviceName: String
    public var hardware: String
    public var threads: Int
    public var batchSize: Int
    public var sequenceLength: Int
    public var mode: String
    public var idleGapSeconds: Double
    public var samplesMs: [Double]

    enum CodingKeys: String, CodingKey {
      case row
      case deviceKind = "device_kind"
      case deviceName = "device_name"
      case hardware, threads
      case batchSize = "batch_size"
      case sequenceLength = "sequence_length"
      case mode
      case idleGapSeconds = "idle_gap_s"
      case samplesMs = "samples_ms"
    }
  }

  /// The largest sidecar read: 64 MiB, checked before reading. A profile run's sidecar holds
  /// at most a few hundred thousand samples (a few MB); parsing is done in memory, several
  /// times the file's size, so a 1 GB file is refused rather than read.
  public static let maximumFileBytes = 64 << 20

  /// `<tablePath>.samples.json`.
  public static func path(for tablePath: String) -> String { tablePath + ".samples.json" }

  /// The sidecar of `rows` (rows without samples are left out).
  public init(_ rows: [Measurement], tablePath: String) {
    toolVersion = rows.first?.toolVersion ?? ""
    table = URL(fileURLWithPath: tablePath).lastPathComponent
    unit = "ms"
    self.rows = rows.enumerated().compactMap { index, m in
      m.samplesMs.isEmpty
        ? nil
        : Row(
          row: index + 1, deviceKind: m.deviceKind.rawValue, deviceName: m.deviceName, hardware: m.hardware,
          threads: m.threads, batchSize: m.batchSize, sequenceLength: m.sequenceLength, mode: m.mode.rawValue,
          idleGapSeconds: m.idleGapSeconds, samplesMs: m.samplesMs)
    }
  }

  /// The sidecar file's text: compact JSON (sidecars hold thousands of samples).
  public var text: String { jsonValue.serialized(pretty: false) }

  /// Fills `samplesMs` of `rows` (read from `tablePath`) from the sidecar, if one exists.
  /// - Throws: `MeasurementsTableError.badSidecar` when it is unreadable, of an unknown schema,
  ///   or does not match the table's rows.
  public static func attach(to rows: inout [Measurement], tablePath: String) throws {
    let sidecarPath = path(for: tablePath)
    guard FileManager.default.fileExists(atPath: sidecarPath) else { return }
    if let size = fileSize(sidecarPath), size > maximumFileBytes {
      throw MeasurementsTableError.badSidecar(
        path: sidecarPath, reason: "it is \(size) bytes, above the limit of \(maximumFileBytes) bytes (64 MiB)")
    }
    let file: SamplesSidecar
    do { file = try read(from: sidecarPath) } catch {
      throw MeasurementsTableError.badSidecar(path: sidecarPath, reason: error.reason)
    }
    guard file.unit == "ms" else {
      throw MeasurementsTableError.badSidecar(path: sidecarPath, reason: "unit '\(file.unit)', expected 'ms'")
    }
    for entry in file.rows {
      guard entry.row >= 1, entry.row <= rows.count else {
        throw MeasurementsTableError.badSidecar(
          path: sidecarPath, reason: "row \(entry.row) does not exist; the table has \(rows.count) rows")
      }
      let m = rows[entry.row - 1]
      let matches =
        entry.deviceKind == m.deviceKind.rawValue && entry.deviceName == m.deviceName
        && entry.batchSize == m.batchSize && entry.sequenceLength == m.sequenceLength
        && entry.mode == m.mode.rawValue && entry.idleGapSeconds == m.idleGapSeconds
        && entry.threads == m.threads && entry.hardware == m.hardware
      guard matches else {
        throw MeasurementsTableError.badSidecar(
          path: sidecarPath,
          reason: "row \(entry.row) is \(entry.deviceKind) batch \(entry.batchSize) \(entry.mode), "
            + "but the table's row \(entry.row) is \(m.deviceKind.rawValue) batch \(m.batchSize) \(m.mode.rawValue)")
      }
      guard entry.samplesMs.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
        throw MeasurementsTableError.badSidecar(path: sidecarPath, reason: "row \(entry.row) has a negative or non-finite sample")
      }
      rows[entry.row - 1].samplesMs = entry.samplesMs
    }
  }
}
