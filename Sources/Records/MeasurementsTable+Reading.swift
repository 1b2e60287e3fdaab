import Foundation

extension MeasurementsTable {
  /// Reads and concatenates the tables at `paths`, attaching each one's sidecar samples.
  /// - Throws: `MeasurementsTableError` naming the file, line and column of the first problem.
  public static func read(paths: [String]) throws -> [Measurement] {
    var rows: [Measurement] = []
    for path in paths { rows += try read(path: path) }
    return rows
  }

  /// The most data rows a table may hold: 100,000. A profile run writes tens; the cap bounds the
  /// memory and time a hostile or mistaken file can take (a 10^6-row file is refused after
  /// reading its first 100,001 rows).
  public static let maximumRows = 100_000
  /// The largest table file read: 64 MiB, checked before reading (100,000 rows of the widest
  /// schema take about 40 MB).
  public static let maximumFileBytes = 64 << 20

  /// Reads one table (and its `<path>.samples.json`, if present).
  public static func read(path: String) throws -> [Measurement] {
    if let size = fileSize(path), size > maximumFileBytes {
      throw MeasurementsTableError.tooLarge(
        path: path, detail: "the file is \(size) bytes, above the limit of \(maximumFileBytes) bytes (64 MiB)")
    }
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      let reason = FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file"
      throw MeasurementsTableError.cannotRead(path: path, reason: reason)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw MeasurementsTableError.cannotRead(path: path, reason: "not UTF-8 text")
    }
    var rows = try parse(text, path: path)
    try SamplesSidecar.attach(to: &rows, tablePath: path)
    return rows
  }

  /// Parses table text; `path` only labels errors.
  ///
  /// Accepts columns in any order and ignores unknown ones. Optional columns take these
  /// defaults when absent or empty: schema 1, hardware "local", precision "fp32", mode
  /// "back-to-back", idle_gap_s 0, sequence_length 0, threads 0 (unknown), mean_ms = median,
  /// stddev_ms = cv = 0, throughput_per_s = batch_size / median, peak_memory_bytes 0, text
  /// columns "", calibration columns nil, host nil (the five `host_*` cells are all filled or
  /// all empty).
  public static func parse(_ text: String, path: String) throws -> [Measurement] {
    let records: [CSVText.Record]
    do { records = try CSVText.parse(text, maximumRecords: maximumRows + 1) } catch {
      throw MeasurementsTableError.malformed(path: path, line: error.line, reason: error.reason)
    }
    guard let header = records.first else { throw MeasurementsTableError.empty(path: path) }
    guard records.count <= maximumRows + 1 else {
      throw MeasurementsTableError.tooLarge(
        path: path, detail: "it holds more than \(maximumRows) data rows, the limit")
    }
    var index: [String: Int] = [:]
    for (position, name) in header.fields.enumerated() {
      let name = name.trimmingCharacters(in: .whitespaces)
      if index[name] != nil { throw MeasurementsTableError.duplicateColumn(path: path, column: name) }
      index[name] = position
    }
    for column in requiredColumns where index[column] == nil {
      throw MeasurementsTableError.missingColumn(path: path, column: column)
    }
    return try records.dropFirst().map { record in
      guard record.fields.count == header.fields.count else {
        throw MeasurementsTableError.wrongFieldCount(
          path: path, line: record.line, found: record.fields.count, expected: header.fields.count)
      }
      return try RowReader(path: path, line: record.line, fields: record.fields, index: index).measurement()
    }
  }
}

/// Reads the typed cells of one CSV row, with errors naming file, line and column.
struct RowReader {
  let path: String
  let line: Int
  let fields: [String]
  let index: [String: Int]

  /// The cell's text, or nil when the column is absent or the cell empty.
  func text(_ column: String) -> String? {
    guard let position = index[column] else { return nil }
    let value = fields[position]
    return value.isEmpty ? nil : value
  }

  func bad(_ column: String, _ expected: String) -> MeasurementsTableError {
    .badValue(path: path, line: line, column: column, value: fields[index[column] ?? 0], expected: expected)
  }

  func integer(_ column: String, default fallback: Int? = nil, minimum: Int = 0) throws -> Int {
    guard let value = text(column) else {
      if let fallback { return fallback }
      throw MeasurementsTableError.badValue(path: path, line: line, column: column, value: "", expected: "a whole number")
    }
    guard let n = Int(value), n >= minimum else { throw bad(column, "a whole number of \(minimum) or more") }
    return n
  }

  func number(_ column: String) throws -> Double? {
    guard let value = text(column) else { return nil }
    guard let x = Double(value), x.isFinite else { throw bad(column, "a finite number") }
    return x
  }

  /// A required latency, ≥ 0, in ms.
  func latency(_ column: String) throws -> Double {
    guard let x = try number(column) else {
      throw MeasurementsTableError.badValue(path: path, line: line, column: column, value: "", expected: "a latency in ms")
    }
    guard x >= 0 else { throw bad(column, "a latency of 0 ms or more") }
    return x
  }

  func measurement() throws -> Measurement {
    let schema = try integer("schema", default: 1, minimum: 1)
    guard schema <= MeasurementsTable.schema else {
      throw MeasurementsTableError.newerSchema(path: path, line: line, schema: schema, supported: MeasurementsTable.schema)
    }
    guard let kind = DeviceKind(rawValue: text("device_kind") ?? "") else {
      throw bad("device_kind", DeviceKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or "))
    }
    let mode: MeasurementMode
    if let modeText = text("mode") {
      guard let parsed = MeasurementMode(rawValue: modeText) else {
        throw bad("mode", MeasurementMode.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))
      }
      mode = parsed
    } else {
      mode = .backToBack
    }
    var precision = Precision.fp32
    if let precisionText = text("precision") {
      guard let parsed = Precision(rawValue: precisionText) else {
        throw bad("precision", Precision.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))
      }
      precision = parsed
    }
    let batchSize = try integer("batch_size", minimum: 1)
    let median = try latency("median_ms")
    let idleGap = try number("idle_gap_s") ?? 0
    guard idleGap >= 0 else { throw bad("idle_gap_s", "seconds, 0 or more") }
    let stats = LatencyStats(
      minMs: try latency("min_ms"), medianMs: median, meanMs: try number("mean_ms") ?? median,
      p90Ms: try latency("p90_ms"), p99Ms: try latency("p99_ms"), maxMs: try latency("max_ms"),
      stddevMs: try number("stddev_ms") ?? 0, cv: try number("cv") ?? 0)
    var row = Measurement(
      toolVersion: text("tool_version") ?? "", timestamp: text("timestamp") ?? "", hostName: text("host") ?? "",
      hardware: text("hardware") ?? "local", deviceKind: kind, deviceName: text("device_name") ?? "",
      instructionSet: text("instruction_set") ?? "", precision: precision,
      threads: try integer("threads", default: 0), modelName: text("model_name") ?? "",
      modelHash: text("model_hash") ?? "", batchSize: batchSize,
      sequenceLength: try integer("sequence_length", default: 0), mode: mode, idleGapSeconds: idleGap,
      stats: stats, throughput: try number("throughput_per_s") ?? (median > 0 ? Double(batchSize) / (median / 1000) : 0),
      peakMemoryBytes: try integer("peak_memory_bytes", default: 0), buildConfiguration: text("build") ?? "",
      runs: try integer("runs", minimum: 1),
      warnings: text("warnings").map { $0.components(separatedBy: MeasurementsTable.warningSeparator) } ?? [],
      computeEfficiency: try number("compute_efficiency"), memoryEfficiency: try number("memory_efficiency"),
      launchOverheadSeconds: try number("launch_overhead_s"), host: try host())
    row.schema = schema
    row.inputShapes = text("input_shapes") ?? ""
    return row
  }

  /// The measuring host, when every `host_*` cell is filled; nil when all are empty.
  func host() throws -> MeasuringHost? {
    let columns = MeasurementsTable.hostColumns
    let filled = columns.filter { text($0) != nil }
    guard !filled.isEmpty else { return nil }
    if let missing = columns.first(where: { text($0) == nil }) {
      throw MeasurementsTableError.badValue(
        path: path, line: line, column: missing, value: "",
        expected: "a value, as in '\(filled[0])' (the host columns are all filled or all empty)")
    }
    let cores = try integer("host_physical_cores", minimum: 1)
    guard let peak = try number("host_per_core_gflops"), peak > 0 else {
      throw bad("host_per_core_gflops", "GFLOP/s above 0")
    }
    guard let bandwidth = try number("host_memory_bandwidth_gbs"), bandwidth > 0 else {
      throw bad("host_memory_bandwidth_gbs", "GB/s above 0")
    }
    return MeasuringHost(
      cpuModel: text("host_cpu_model") ?? "", instructionSet: text("host_instruction_set") ?? "",
      physicalCores: cores, perCoreGFLOPS: peak, memoryBandwidthGBps: bandwidth)
  }
}
