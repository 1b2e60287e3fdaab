import Foundation
import Records

extension ServiceTimeModel {
  /// Builds the model a plan or `simulate --measurements` uses from measurements-table rows.
  ///
  /// Rows are those of `device` (and `hardware`, required when several hardware names hold that
  /// device; and `threads` when given, else the thread count with most rows). Among them:
  /// - `under-load` rows, when present, are used alone: they are service times recorded inside a
  ///   live load test, so they already hold the slowdowns of serving (calibrated).
  /// - otherwise `back-to-back` rows are resampled, and `paced` rows give the idle-gap slowdown
  ///   curve (paced median ÷ back-to-back median at the same batch size);
  /// - with only `paced` rows, those with the smallest gap per batch size are resampled.
  /// Rows without a samples sidecar fall back to a lognormal from their mean and CV.
  ///
  /// - Throws: `SimulationError.noRows` / `.severalHardware` when the rows don't single out one
  ///   device, and the errors of the initialisers above.
  public init(
    measurements: [Records.Measurement], device: DeviceKind, hardware: String? = nil, threads: Int? = nil,
    blockLength: Int? = nil, source: String = "the measurements"
  ) throws {
    var rows = measurements.filter { $0.deviceKind == device }
    let available = Array(Set(measurements.map { "\($0.deviceKind.rawValue) on \($0.hardware)" })).sorted()
    if let hardware { rows = rows.filter { $0.hardware == hardware } }
    guard !rows.isEmpty else {
      throw SimulationError.noRows(device: device.rawValue, hardware: hardware, available: available)
    }
    let names = Array(Set(rows.map(\.hardware))).sorted()
    if names.count > 1 { throw SimulationError.severalHardware(device: device.rawValue, names: names) }
    if let threads {
      rows = rows.filter { $0.threads == threads }
      guard !rows.isEmpty else {
        throw SimulationError.noRows(device: "\(device.rawValue) with \(threads) threads", hardware: hardware, available: available)
      }
    } else {
      let counts = Dictionary(grouping: rows, by: \.threads).mapValues(\.count)
      if let chosen = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key })?.key {
        rows = rows.filter { $0.threads == chosen }
      }
    }

    let underLoad = rows.filter { $0.mode == .underLoad }
    let backToBack = rows.filter { $0.mode == .backToBack }
    let paced = rows.filter { $0.mode == .paced }
    var curve: IdleSlowdownCurve?
    let base: [Records.Measurement]
    let modeWords: String
    if !underLoad.isEmpty {
      base = underLoad
      modeWords = "under-load service times (calibrated)"
    } else if !backToBack.isEmpty {
      base = backToBack
      curve = try Self.slowdownCurve(paced: paced, backToBack: backToBack)
      modeWords = "back-to-back measurements" + (curve == nil ? "" : " with an idle-gap slowdown from paced runs")
    } else {
      let smallestGap = Dictionary(grouping: paced, by: \.batchSize).mapValues { $0.map(\.idleGapSeconds).min() ?? 0 }
      base = paced.filter { $0.idleGapSeconds == smallestGap[$0.batchSize] }
      modeWords = "paced measurements"
    }
    let threadWords = "\(rows.first?.threads ?? 0) thread\(rows.first?.threads == 1 ? "" : "s")"
    let sizes = Array(Set(base.map(\.batchSize))).sorted().map(String.init).joined(separator: ", ")

    if base.allSatisfy({ !$0.samplesMs.isEmpty }) {
      var sequences: [Int: [[Double]]] = [:]
      for row in base { sequences[row.batchSize, default: []].append(row.samplesMs.map { $0 / 1000 }) }
      let sampleCount = base.reduce(0) { $0 + $1.samplesMs.count }
      try self.init(
        sequencesByBatchSize: sequences, blockLength: blockLength, idleSlowdown: curve,
        basis: "\(modeWords), \(device.rawValue) \(threadWords), batch sizes \(sizes), "
          + "\(sampleCount) samples resampled in blocks",
        source: source)
    } else {
      // No sidecar: the table's mean and its largest CV (the cautious choice).
      var means: [Int: [Double]] = [:]
      for row in base { means[row.batchSize, default: []].append(row.stats.meanMs / 1000) }
      let table = means.map { (batchSize: $0.key, seconds: $0.value.reduce(0, +) / Double($0.value.count)) }
      let cv = base.map(\.stats.cv).filter(\.isFinite).max() ?? 0
      try self.init(meanSecondsByBatchSize: table, distribution: .lognormal(cv: cv), idleSlowdown: curve, source: source)
      self.basis = (
        "\(modeWords), \(device.rawValue) \(threadWords), batch sizes \(sizes); no samples sidecar, "
          + "so lognormal with CV \(String(format: "%.2f", cv)) (i.i.d.: slow phases are lost)")
    }
  }

  /// The idle-gap curve: for each batch size with both kinds of row, paced median ÷
  /// back-to-back median per measured gap. Nil when there are no paced rows.
  static func slowdownCurve(paced: [Records.Measurement], backToBack: [Records.Measurement]) throws -> IdleSlowdownCurve? {
    var points: [Int: [IdleSlowdownCurve.Point]] = [:]
    for row in paced where row.idleGapSeconds > 0 {
      let reference = backToBack.filter { $0.batchSize == row.batchSize }.map(\.stats.medianMs)
      guard !reference.isEmpty else { continue }
      let median = reference.reduce(0, +) / Double(reference.count)
      guard median > 0 else { continue }
      points[row.batchSize, default: []].append(
        IdleSlowdownCurve.Point(gapSeconds: row.idleGapSeconds, factor: row.stats.medianMs / median))
    }
    return points.isEmpty ? nil : try IdleSlowdownCurve(pointsByBatchSize: points)
  }
}
