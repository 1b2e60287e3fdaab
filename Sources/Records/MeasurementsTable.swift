import Foundation

/// The measurements table: one CSV row per device × batch size × mode, written by
/// `infer-plan profile --out FILE` and read back by the planner (`--measurements FILE…`).
///
/// Numbers are written with Swift's `description` (the shortest text that parses back to the
/// same `Double`), so a write → read round trip is exact. Empty cell = no value (nil). Raw
/// samples go to the sidecar `<FILE>.samples.json` (see `SamplesSidecar`). Columns and units
/// are documented in docs/profiling.md.
public enum MeasurementsTable {
  /// The schema this version writes in the `schema` column: an integer (JSON documents carry a
  /// string tag instead, see `VersionedDocument`). Readers take every schema up to this one.
  ///
  /// To add a column: append it to `columns` and `cells(of:)`, read it in `RowReader.measurement()`
  /// with a default for older tables (then add it to docs/profiling.md), and raise `schema` when a
  /// reader of the previous schema would misread the new table.
  ///
  /// Schema 2 added the measuring host's figures (`host_*`); schema-1 tables read with none.
  public static let schema = 2

  /// Every column, in the order written.
  public static let columns = [
    "schema", "tool_version", "timestamp", "host", "hardware", "device_kind", "device_name",
    "instruction_set", "precision", "threads", "model_name", "model_hash", "batch_size",
    "sequence_length", "input_shapes", "mode", "idle_gap_s", "min_ms", "median_ms", "mean_ms", "p90_ms", "p99_ms",
    "max_ms", "stddev_ms", "cv", "throughput_per_s", "peak_memory_bytes", "build", "runs",
    "warnings", "compute_efficiency", "memory_efficiency", "launch_overhead_s", "host_cpu_model",
    "host_instruction_set", "host_physical_cores", "host_per_core_gflops", "host_memory_bandwidth_gbs",
  ]

  /// The measuring host's columns: all filled (schema 2) or all empty (older tables).
  public static let hostColumns = Array(columns.suffix(5))

  /// Columns a table must have to be read; the others are optional (defaults in `read`).
  public static let requiredColumns = [
    "device_kind", "device_name", "model_name", "batch_size", "min_ms", "median_ms", "p90_ms",
    "p99_ms", "max_ms", "runs",
  ]

  /// Separator of the `warnings` cell.
  public static let warningSeparator = "; "

  /// The table as CSV text: header, then one line per row, each ending in "\n".
  public static func render(_ rows: [Measurement]) -> String {
    var text = CSVText.record(columns) + "\n"
    for row in rows { text += CSVText.record(cells(of: row)) + "\n" }
    return text
  }

  /// The cells of one row, in `columns` order.
  public static func cells(of row: Measurement) -> [String] {
    func number(_ x: Double?) -> String { x.map { $0.description } ?? "" }
    let s = row.stats
    return [
      "\(schema)", row.toolVersion, row.timestamp, row.hostName, row.hardware,
      row.deviceKind.rawValue, row.deviceName, row.instructionSet, row.precision.rawValue, "\(row.threads)",
      row.modelName, row.modelHash, "\(row.batchSize)", "\(row.sequenceLength)", row.inputShapes,
      row.mode.rawValue,
      number(row.idleGapSeconds), number(s.minMs), number(s.medianMs), number(s.meanMs), number(s.p90Ms),
      number(s.p99Ms), number(s.maxMs), number(s.stddevMs), number(s.cv), number(row.throughput),
      "\(row.peakMemoryBytes)", row.buildConfiguration, "\(row.runs)",
      row.warnings.joined(separator: warningSeparator), number(row.computeEfficiency),
      number(row.memoryEfficiency), number(row.launchOverheadSeconds), row.host?.cpuModel ?? "",
      row.host?.instructionSet ?? "", row.host.map { "\($0.physicalCores)" } ?? "", number(row.host?.perCoreGFLOPS),
      number(row.host?.memoryBandwidthGBps),
    ]
  }

  /// Writes `rows` to `path` and their samples to `SamplesSidecar.path(for: path)`, each
  /// through a temporary file in the same folder renamed into place, so a reader never sees
  /// a half-written file. Rows without samples leave no sidecar (an old one is removed, so it
  /// cannot be paired with the wrong table).
  /// - Throws: `AtomicFileError`.
  /// Both files are written under `TerminationGuard.whileWriting`, so a SIGINT or SIGTERM
  /// never leaves a new sidecar beside the old table.
  public static func write(_ rows: [Measurement], to path: String) throws {
    let sidecarPath = SamplesSidecar.path(for: path)
    let sidecar = rows.contains(where: { !$0.samplesMs.isEmpty }) ? SamplesSidecar(rows, tablePath: path).text : nil
    let table = render(rows)
    try TerminationGuard.whileWriting {
      if let sidecar {
        try AtomicFile.write(sidecar, to: sidecarPath)
      } else if FileManager.default.fileExists(atPath: sidecarPath) {
        try? FileManager.default.removeItem(atPath: sidecarPath)
      }
      try AtomicFile.write(table, to: path)
    }
  }
}
