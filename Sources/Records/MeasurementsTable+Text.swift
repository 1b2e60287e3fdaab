import Foundation

extension MeasurementsTable {
  /// The rows as an aligned text table for a terminal: device, batch, mode, latency
  /// percentiles in ms, throughput in samples/s, runs, peak memory in MiB and a "!" on rows
  /// with quality warnings (listed on stderr).
  public static func textTable(_ rows: [Measurement]) -> String {
    let header = ["device", "batch", "seq", "mode", "median ms", "p90 ms", "p99 ms", "max ms", "samples/s", "runs", "memory MiB", ""]
    var lines = [header]
    for row in rows {
      let mode = row.mode == .paced ? "paced \(milliseconds(row.idleGapSeconds * 1000)) ms" : row.mode.rawValue
      lines.append([
        "\(row.deviceKind.rawValue) ×\(row.threads)", "\(row.batchSize)", "\(row.sequenceLength)", mode,
        milliseconds(row.stats.medianMs), milliseconds(row.stats.p90Ms), milliseconds(row.stats.p99Ms),
        milliseconds(row.stats.maxMs), String(format: "%.1f", row.throughput), "\(row.runs)",
        String(format: "%.1f", Double(row.peakMemoryBytes) / 1_048_576), row.warnings.isEmpty ? "" : "!",
      ])
    }
    var widths = [Int](repeating: 0, count: header.count)
    for line in lines { for (i, cell) in line.enumerated() { widths[i] = max(widths[i], cell.count) } }
    return lines.map { line in
      line.enumerated().map { i, cell in
        let pad = String(repeating: " ", count: widths[i] - cell.count)
        return i <= 0 || i == 3 ? cell + pad : pad + cell  // text left, numbers right
      }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }.joined(separator: "\n") + "\n"
  }

  /// Milliseconds with 4 significant digits (0.4123, 12.35, 1234).
  static func milliseconds(_ value: Double) -> String {
    if value == 0 { return "0" }
    let digits = max(0, 3 - Int(floor(log10(abs(value)))))
    return String(format: "%.\(min(digits, 6))f", value)
  }
}
