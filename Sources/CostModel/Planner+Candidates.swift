import Profiles
import Records

/// A group of measurement rows for one hardware × device × precision × threads, as a curve.
struct MeasuredGroup {
  var hardware: String
  var deviceKind: DeviceKind
  var deviceName: String
  var precision: Precision
  var threads: Int
  var curve: BatchLatencyCurve
  /// Largest measured coefficient of variation, and whether the rows ran back to back.
  var worstCV: Double
  var backToBack: Bool
  var rows: [Measurement]
}

extension Planner {
  /// Every candidate: measured rows as they are, every CPU profile projected (or estimated) from
  /// a CPU measurement, every GPU profile measured, calibrated or estimated at each batch size
  /// and precision.
  public func makeCandidates() -> [ServingCandidate] {
    let groups = measuredGroups()
    var candidates: [ServingCandidate] = []
    for group in groups where group.hardware == "local" {
      candidates += localCandidates(group)
    }
    for profile in hardware {
      if profile.gpuCount > 0, let gpu = profile.gpu {
        candidates += gpuCandidates(profile, gpu: gpu, groups: groups)
      } else {
        candidates += cpuCandidates(profile, groups: groups)
      }
    }
    return candidates
  }

  /// Groups rows by hardware × device × precision × threads. Per batch size, the most realistic
  /// mode wins: under-load, then paced, then back-to-back (which runs fast; see the bands).
  func measuredGroups() -> [MeasuredGroup] {
    func rank(_ mode: MeasurementMode) -> Int {
      switch mode {
      case .underLoad: 0
      case .paced: 1
      case .backToBack: 2
      }
    }
    struct Key: Hashable {
      var hardware: String, kind: DeviceKind, precision: Precision, threads: Int
    }
    var byKey: [Key: [Measurement]] = [:]
    var order: [Key] = []
    for row in measurements {
      let key = Key(hardware: row.hardware, kind: row.deviceKind, precision: row.precision,
                    threads: row.deviceKind == .cpu ? row.threads : 1)
      if byKey[key] == nil { order.append(key) }
      byKey[key, default: []].append(row)
    }
    return order.compactMap { key in
      guard let rows = byKey[key] else { return nil }
      var best: [Int: Measurement] = [:]
      for row in rows where row.batchSize >= 1 && row.stats.medianMs > 0 {
        if let current = best[row.batchSize], rank(current.mode) <= rank(row.mode) { continue }
        best[row.batchSize] = row
      }
      guard !best.isEmpty else { return nil }
      let chosen = best.values.sorted { $0.batchSize < $1.batchSize }
      let points = chosen.map { row in
        BatchLatencyPoint(
          batchSize: row.batchSize, medianSeconds: row.stats.medianMs / 1000,
          meanSeconds: (row.stats.meanMs > 0 ? row.stats.meanMs : row.stats.medianMs) / 1000,
          p99Seconds: max(row.stats.p99Ms, row.stats.medianMs) / 1000, cv: max(0, row.stats.cv),
          runs: row.runs, samplesSeconds: row.samplesMs.map { $0 / 1000 })
      }
      return MeasuredGroup(
        hardware: key.hardware, deviceKind: key.kind, deviceName: chosen[0].deviceName,
        precision: key.precision, threads: key.threads, curve: BatchLatencyCurve(points: points),
        worstCV: chosen.map(\.stats.cv).max() ?? 0, backToBack: chosen.contains { $0.mode == .backToBack },
        rows: chosen)
    }
  }

  /// Spread of a measured service time: its cv, at least 0.1, at least 0.3 when back to back.
  func measuredSpread(_ group: MeasuredGroup) -> Double {
    max(group.worstCV, group.backToBack ? 0.3 : LatencyLabel.measured.baseRelativeSpread)
  }

  private func localCandidates(_ group: MeasuredGroup) -> [ServingCandidate] {
    let cores = host?.physicalCores ?? max(1, group.threads)
    let memory = host?.memoryBytes ?? Int.max
    let bytesPerValue = group.precision.bytesPerElement
    return group.curve.points.map { point in
      let needed = model.memoryBytes(batchSize: point.batchSize, bytesPerValue: bytesPerValue)
      let perInstance = group.deviceKind == .cpu
        ? min(max(0, cores / max(1, group.threads)), memory / max(1, needed)) : 1
      return ServingCandidate(
        hardwareName: "local", profile: nil, deviceKind: group.deviceKind,
        deviceName: group.deviceKind == .cpu ? "cpu" : group.deviceName, precision: group.precision,
        threads: group.threads, batchSize: point.batchSize, curve: group.curve, label: .measured,
        labelNote: "this machine", relativeSpread: measuredSpread(group),
        replicasPerInstance: perInstance, memoryNeededBytes: needed, memoryAvailableBytes: memory,
        excludedReason: Self.fitReason(needed: needed, available: memory, perInstance: perInstance,
                                       threads: group.threads, cores: cores, kind: group.deviceKind))
    }
  }

  /// Why a replica cannot run: not enough memory for weights + activations, or too few cores.
  static func fitReason(needed: Int, available: Int, perInstance: Int, threads: Int, cores: Int, kind: DeviceKind) -> String? {
    if needed > available {
      return "needs \(ReadableNumber.bytes(Double(needed))) for weights + activations; "
        + "\(kind == .cpu ? "the instance has" : "the GPU has") \(ReadableNumber.bytes(Double(available)))"
    }
    if kind == .cpu && threads > cores {
      return "\(threads) threads need \(threads) physical cores; it has \(cores)"
    }
    if perInstance < 1 { return "no replica fits on one instance" }
    return nil
  }
}
