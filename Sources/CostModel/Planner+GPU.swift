import Profiles
import Records

extension Planner {
  /// GPU candidates for one GPU instance type, per precision and batch size: measured where a
  /// row names this hardware and batch, calibrated where any GPU row carries efficiencies,
  /// estimated from datasheet figures otherwise. A batch whose weights + activations exceed
  /// the GPU's memory is kept, excluded, with the reason.
  /// - Parameter calibrations: `calibration(precision:groups:)` per precision, fitted once per plan.
  func gpuCandidates(
    _ profile: HardwareProfile, gpu: GPUSpec, groups: [MeasuredGroup],
    calibrations: [Precision: (RooflineEfficiencies, String?)]
  ) -> [ServingCandidate] {
    var result: [ServingCandidate] = []
    for precision in gpuPrecisions {
      let own = groups.first { $0.hardware == profile.name && $0.deviceKind == .cuda && $0.precision == precision }
      let (efficiencies, calibrationSource) = calibrations[precision] ?? calibration(precision: precision, groups: groups)
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

  /// The roofline's figures for `precision`, calibrated from GPU rows (same precision preferred):
  ///
  /// 1. Rows of a hardware profile that names its GPU: `e_c`, `e_m` and `t_launch` refitted to
  ///    the rows' medians with this plan's own counts and that profile's peaks
  ///    (`RooflineCalibration`), and no separate fixed cost per pass (the fit has none), so the
  ///    estimate reproduces the sweep it came from.
  /// 2. Otherwise the figures the rows carry (`compute_efficiency`, …; medians over the rows),
  ///    fitted by `profile` against the driver's peaks; the fixed cost per pass is dropped when
  ///    they carry a launch overhead (which that fit absorbed it into).
  ///
  /// Returns the documented defaults and nil when no GPU row helps, else the source's name.
  func calibration(precision: Precision, groups: [MeasuredGroup]) -> (RooflineEfficiencies, String?) {
    let gpuGroups = groups.filter { $0.deviceKind == .cuda }
    let samePrecision = gpuGroups.filter { $0.precision == precision }
    let usable = samePrecision.isEmpty ? gpuGroups : samePrecision
    func name(_ group: MeasuredGroup) -> String {
      group.hardware == "local" ? "\(localMachineName(group))'s \(group.deviceName)" : "\(group.hardware) (\(group.deviceName))"
    }
    for group in usable {
      guard let gpu = hardware.first(where: { $0.name == group.hardware })?.gpu else { continue }
      let points = group.curve.points.map { (ops: model.ops(batchSize: $0.batchSize), seconds: $0.medianSeconds) }
      guard let fit = RooflineCalibration.fit(points, gpu: gpu, precision: group.precision) else { continue }
      var calibrated = efficiencies
      calibrated.setComputeEfficiency(fit.computeEfficiency, for: precision)
      calibrated.memoryEfficiency = fit.memoryEfficiency
      calibrated.launchOverheadSeconds = fit.launchOverheadSeconds
      calibrated.perForwardOverheadSeconds = 0
      return (calibrated, name(group))
    }
    let rows = usable.flatMap(\.rows)
      .filter { $0.computeEfficiency != nil || $0.memoryEfficiency != nil || $0.launchOverheadSeconds != nil }
    guard let first = rows.first else { return (efficiencies, nil) }
    func median(_ values: [Double]) -> Double? { Quantiles.median(values.filter { $0.isFinite && $0 > 0 }) }
    var calibrated = efficiencies
    if let compute = median(rows.compactMap(\.computeEfficiency)) {
      calibrated.setComputeEfficiency(min(compute, 1), for: precision)
    }
    if let memory = median(rows.compactMap(\.memoryEfficiency)) { calibrated.memoryEfficiency = min(memory, 1) }
    if let launch = median(rows.compactMap(\.launchOverheadSeconds)) {
      calibrated.launchOverheadSeconds = launch
      calibrated.perForwardOverheadSeconds = 0
    }
    let source = usable.first { group in group.rows.contains { $0 == first } } ?? usable[0]
    return (calibrated, name(source))
  }
}
