import Profiles
import Records

extension Planner {
  /// GPU candidates for one GPU instance type, per precision and batch size: measured where a
  /// row names this hardware and batch, calibrated where any GPU row carries efficiencies,
  /// estimated from datasheet figures otherwise. A batch whose weights + activations exceed
  /// the GPU's memory is kept, excluded, with the reason.
  func gpuCandidates(_ profile: HardwareProfile, gpu: GPUSpec, groups: [MeasuredGroup]) -> [ServingCandidate] {
    var result: [ServingCandidate] = []
    for precision in gpuPrecisions {
      let own = groups.first { $0.hardware == profile.name && $0.deviceKind == .cuda && $0.precision == precision }
      let (efficiencies, calibrationSource) = calibration(precision: precision, groups: groups)
      let bytesPerValue = precision.bytesPerElement
      var points: [BatchLatencyPoint] = []
      var labels: [Int: (LatencyLabel, String, Double)] = [:]
      for batch in gpuBatchSizes {
        if let own, let measured = own.curve.point(at: batch) {
          points.append(measured)
          labels[batch] = (.measured, "measured on \(profile.name)", measuredSpread(own))
          continue
        }
        let seconds = RooflineEstimator.forwardSeconds(
          ops: model.ops(batchSize: batch), gpu: gpu, precision: precision, efficiencies: efficiencies)
        // An estimate has no measured spread: assume cv 0.05 and p99 = 1.1 × the mean, the
        // usual jitter of a synchronized GPU forward pass.
        points.append(BatchLatencyPoint(batchSize: batch, medianSeconds: seconds, meanSeconds: seconds,
                                        p99Seconds: seconds * 1.1, cv: 0.05))
        if let calibrationSource {
          labels[batch] = (.calibrated, "efficiencies from \(calibrationSource)", LatencyLabel.calibrated.baseRelativeSpread)
        } else {
          labels[batch] = (.estimated, "roofline, default efficiencies", LatencyLabel.estimated.baseRelativeSpread)
        }
      }
      guard !points.isEmpty else { continue }
      let curve = BatchLatencyCurve(points: points)
      for batch in gpuBatchSizes {
        guard let (label, note, spread) = labels[batch] else { continue }
        let needed = model.memoryBytes(batchSize: batch, bytesPerValue: bytesPerValue)
        result.append(ServingCandidate(
          hardwareName: profile.name, profile: profile, deviceKind: .cuda, deviceName: gpu.name,
          precision: precision, threads: 1, batchSize: batch, curve: curve, label: label, labelNote: note,
          relativeSpread: spread, replicasPerInstance: profile.gpuCount, memoryNeededBytes: needed,
          memoryAvailableBytes: gpu.memoryBytes,
          excludedReason: Self.fitReason(needed: needed, available: gpu.memoryBytes, perInstance: profile.gpuCount,
                                         threads: 1, cores: 1, kind: .cuda)))
      }
    }
    return result
  }

  /// Efficiencies from GPU measurement rows (median of each figure over the rows that carry
  /// it, same precision preferred), else the documented defaults. Returns the source's name
  /// (nil when defaults are used). The per-forward overhead keeps its default.
  func calibration(precision: Precision, groups: [MeasuredGroup]) -> (RooflineEfficiencies, String?) {
    let gpuRows = groups.filter { $0.deviceKind == .cuda }.flatMap(\.rows)
      .filter { $0.computeEfficiency != nil || $0.memoryEfficiency != nil || $0.launchOverheadSeconds != nil }
    let samePrecision = gpuRows.filter { $0.precision == precision }
    let rows = samePrecision.isEmpty ? gpuRows : samePrecision
    guard !rows.isEmpty else { return (efficiencies, nil) }
    func median(_ values: [Double]) -> Double? { Quantiles.median(values.filter { $0.isFinite && $0 > 0 }) }
    var calibrated = efficiencies
    if let compute = median(rows.compactMap(\.computeEfficiency)) {
      calibrated.setComputeEfficiency(min(compute, 1), for: precision)
    }
    if let memory = median(rows.compactMap(\.memoryEfficiency)) { calibrated.memoryEfficiency = min(memory, 1) }
    if let launch = median(rows.compactMap(\.launchOverheadSeconds)) { calibrated.launchOverheadSeconds = launch }
    let first = rows[0]
    let name = first.hardware == "local" ? "this machine's \(first.deviceName)" : "\(first.hardware) (\(first.deviceName))"
    return (calibrated, name)
  }
}
