extension Measurement {
  /// Builds a table row from raw samples (milliseconds, in run order): statistics, throughput
  /// (batch size / median) and quality-warning summaries are derived here, so every producer of
  /// rows (the profiler's back-to-back and paced series, `validate`'s under-load sequences)
  /// fills them the same way. `samplesMs` is kept on the row for the sidecar.
  ///
  /// - Parameters:
  ///   - wantedRuns: runs the caller aimed for; fewer adds a "only n of m runs" warning.
  ///   - maxSeconds: the time cap that stopped the series early, for that warning's hint.
  /// - Returns: nil when `samplesMs` is empty (no statistics without samples).
  public static func fromSamples(
    _ samplesMs: [Double], labels: MeasurementLabels, device: DeviceDescription, precision: Precision, threads: Int,
    batchSize: Int, sequenceLength: Int, mode: MeasurementMode, idleGapSeconds: Double, peakMemoryBytes: Int,
    build: BuildConfiguration, timestamp: String, wantedRuns: Int = 1, maxSeconds: Double = .infinity
  ) -> (measurement: Measurement, warnings: [QualityWarning])? {
    guard let stats = LatencyStats(samplesMs: samplesMs) else { return nil }
    let warnings = QualityWarning.check(
      samplesMs: samplesMs, stats: stats, wantedRuns: wantedRuns, maxSeconds: maxSeconds, build: build)
    var row = Measurement(
      toolVersion: labels.toolVersion, timestamp: timestamp, hostName: labels.hostName, hardware: labels.hardware,
      deviceKind: device.kind, deviceName: device.name, instructionSet: device.instructionSet, precision: precision,
      threads: threads, modelName: labels.modelName, modelHash: labels.modelHash, batchSize: batchSize,
      sequenceLength: sequenceLength, mode: mode, idleGapSeconds: idleGapSeconds, stats: stats,
      throughput: stats.medianMs > 0 ? Double(batchSize) / (stats.medianMs / 1000) : 0,
      peakMemoryBytes: peakMemoryBytes, buildConfiguration: build.rawValue, runs: samplesMs.count,
      warnings: warnings.map(\.summary), host: labels.host)
    row.samplesMs = samplesMs
    row.inputShapes = labels.inputShapes
    return (row, warnings)
  }
}
