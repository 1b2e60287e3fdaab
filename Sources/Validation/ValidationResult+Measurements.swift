import Foundation
import Records

extension ValidationResult {
  /// The in-load service times as measurements-table rows (mode `under-load`): one row per
  /// repeat × batch size served at least once, samples in run order (for the sidecar), so a
  /// later `plan --measurements` or `simulate --measurements` is calibrated by them.
  /// `sequenceLength` is the load test's tokens per sequence (0 for MLPs).
  public func underLoadMeasurements(
    labels: MeasurementLabels, device: DeviceDescription, threads: Int, sequenceLength: Int = 0, timestamp: String,
    build: BuildConfiguration = .current
  ) -> [Records.Measurement] {
    var rows: [Records.Measurement] = []
    for repeatResult in repeats {
      for (batchSize, sequence) in repeatResult.serviceSequences.sorted(by: { $0.key < $1.key }) {
        let samplesMs = sequence.map { $0 * 1000 }
        guard let stats = LatencyStats(samplesMs: samplesMs) else { continue }
        var row = Records.Measurement(
          toolVersion: labels.toolVersion, timestamp: timestamp, hostName: labels.hostName, hardware: labels.hardware,
          deviceKind: device.kind, deviceName: device.name, instructionSet: device.instructionSet, precision: .fp32,
          threads: threads, modelName: labels.modelName, modelHash: labels.modelHash, batchSize: batchSize,
          sequenceLength: sequenceLength, mode: .underLoad, idleGapSeconds: 0, stats: stats,
          throughput: stats.medianMs > 0 ? Double(batchSize) / (stats.medianMs / 1000) : 0, peakMemoryBytes: 0,
          buildConfiguration: build.rawValue, runs: samplesMs.count,
          warnings: build == .debug ? ["debug build: not representative; use -c release"] : [], host: labels.host)
        row.samplesMs = samplesMs
        row.inputShapes = labels.inputShapes
        rows.append(row)
      }
    }
    return rows
  }
}
