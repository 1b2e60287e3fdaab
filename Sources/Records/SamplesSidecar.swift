import Foundation

/// The raw samples of a measurements table, in `<table>.samples.json` beside it.
///
/// Layout (JSON, snake_case):
/// ```
/// {"schema": 1, "tool_version": "0.1.0", "table": "m.csv", "unit": "ms",
///  "rows": [{"row": 1, "device_kind": "cpu", "device_name": "…", "hardware": "local",
///            "threads": 2, "batch_size": 1, "sequence_length": 0, "mode": "back-to-back",
///            "idle_gap_s": 0, "samples_ms": [0.412, 0.398, …]}, …]}
/// ```
/// `row` is the 1-based data row of the table (header excluded); the other keys repeat that
/// row's identity so a sidecar paired with the wrong table is caught. Samples are in
/// milliseconds, like the table's latency columns, so they round-trip exactly; they are in
/// the order the runs happened (the serving simulation resamples them in blocks).
public enum SamplesSidecar {
  /// The sidecar's schema version.
  public static let schema = 1

  /// `<tablePath>.samples.json`.
  public static func path(for tablePath: String) -> String { tablePath + ".samples.json" }

  struct File: Codable {
    var schema: Int
    var toolVersion: String
    var table: String
    var unit: String
    var rows: [Row]

    enum CodingKeys: String, CodingKey {
      case schema, table, unit, rows
      case toolVersion = "tool_version"
    }
  }

  struct Row: Codable {
    var row: Int
    var deviceKind: String
    var deviceName: String
    var hardware: String
    var threads: Int
    var batchSize: Int
    var sequenceLength: Int
    var mode: String
    var idleGapSeconds: Double
    var samplesMs: [Double]

    enum CodingKeys: String, CodingKey {
      case row, hardware, threads, mode
      case deviceKind = "device_kind"
      case deviceName = "device_name"
      case batchSize = "batch_size"
      case sequenceLength = "sequence_length"
      case idleGapSeconds = "idle_gap_s"
      case samplesMs = "samples_ms"
    }
  }

  /// The sidecar for `rows` (rows without samples are left out).
  public static func encode(_ rows: [Measurement], tablePath: String) throws -> Data {
    let file = File(
      schema: schema, toolVersion: rows.first?.toolVersion ?? "",
      table: URL(fileURLWithPath: tablePath).lastPathComponent, unit: "ms",
      rows: rows.enumerated().compactMap { index, m in
        m.samplesMs.isEmpty
          ? nil
          : Row(
            row: index + 1, deviceKind: m.deviceKind.rawValue, deviceName: m.deviceName, hardware: m.hardware,
            threads: m.threads, batchSize: m.batchSize, sequenceLength: m.sequenceLength, mode: m.mode.rawValue,
            idleGapSeconds: m.idleGapSeconds, samplesMs: m.samplesMs)
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do { return try encoder.encode(file) } catch {
      throw MeasurementsTableError.cannotWrite(path: path(for: tablePath), reason: "\(error)")
    }
  }

  /// Fills `samplesMs` of `rows` (read from `tablePath`) from the sidecar, if one exists.
  /// - Throws: `MeasurementsTableError.badSidecar` when it is unreadable, of a newer schema,
  ///   or does not match the table's rows.
  public static func attach(to rows: inout [Measurement], tablePath: String) throws {
    let sidecarPath = path(for: tablePath)
    guard FileManager.default.fileExists(atPath: sidecarPath) else { return }
    let file: File
    do {
      let data = try Data(contentsOf: URL(fileURLWithPath: sidecarPath))
      file = try JSONDecoder().decode(File.self, from: data)
    } catch {
      throw MeasurementsTableError.badSidecar(path: sidecarPath, reason: "not the expected JSON (\(describe(error)))")
    }
    guard file.schema <= schema else {
      throw MeasurementsTableError.badSidecar(
        path: sidecarPath, reason: "schema \(file.schema) is newer than this infer-plan reads (up to \(schema))")
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

  private static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, _): "missing key '\(key.stringValue)'"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
    case DecodingError.dataCorrupted(let context): context.debugDescription
    default: "\(error)"
    }
  }
}
