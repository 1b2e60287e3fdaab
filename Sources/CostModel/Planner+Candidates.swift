import Profiles
import Records

/// A group of measurement rows for one hardware × device × precision × threads (CPU rows also by
/// measuring host and kernel level), as a curve.
struct MeasuredGroup {
  var hardware: String
  /// The machine that measured the rows (nil in tables before schema 2), and the level the
  /// kernels ran at ("" for GPU groups, whose host plays no part).
  var host: MeasuringHost?
  var instructionSet: String
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
    var calibrations: [Precision: (RooflineEfficiencies, String?)] = [:]
    for precision in gpuPrecisions { calibrations[precision] = calibration(precision: precision, groups: groups) }
    for profile in hardware {
      if profile.gpuCount > 0, let gpu = profile.gpu {
        candidates += gpuCandidates(profile, gpu: gpu, groups: groups, calibrations: calibrations)
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
      /// The measuring machine (CPU, best level, cores; not its run-to-run figures).
      var machine: String?, instructionSet: String
    }
    var byKey: [Key: [Measurement]] = [:]
    var order: [Key] = []
    for row in measurements {
      let isCPU = row.deviceKind == .cpu
      let key = Key(hardware: row.hardware, kind: row.deviceKind, precision: row.precision,
                    threads: isCPU ? row.threads : 1,
                    machine: isCPU ? row.host.map { "\($0.cpuModel)|\($0.instructionSet)|\($0.physicalCores)" } : nil,
                    instructionSet: isCPU ? row.instructionSet : "")
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
        hardware: key.hardware, host: MeasuringHost.combined(rows.compactMap(\.host)),
        instructionSet: key.instructionSet, deviceKind: key.kind, deviceName: chosen[0].deviceName,
        precision: key.precision, threads: key.threads, curve: BatchLatencyCurve(points: points),
        worstCV: chosen.map(\.stats.cv).max() ?? 0, backToBack: chosen.contains { $0.mode == .backToBack },
        rows: chosen)
    }
  }

  /// Spread of a measured service time: its cv, at least 0.1, at least 0.3 when back to back.
  func measuredSpread(_ group: MeasuredGroup) -> Double {
    max(group.worstCV, group.backToBack ? 0.3 : LatencyLabel.measured.baseRelativeSpread)
  }

  /// How the machine behind "local" rows is named: "this machine" when the plan measured it in
  /// this run, else by the rows' own host ("AMD EPYC 7551 (avx2)"), falling back to the CPU row's
  /// device name.
  func localMachineName(_ group: MeasuredGroup) -> String {
    if group.deviceKind == .cpu, let host, group.host == host.measuring { return "this machine" }
    if group.deviceKind == .cuda {
      return group.host.map { "the \($0.shortCPUName) host" } ?? "the measuring machine"
    }
    let cpu = group.host.map(\.shortCPUName) ?? MeasuringHost.shortName(group.deviceName)
    return group.instructionSet.isEmpty ? cpu : "\(cpu) (\(group.instructionSet))"
  }

  private func localCandidates(_ group: MeasuredGroup) -> [ServingCandidate] {
    let measuredHere = group.deviceKind == .cpu && host.map { group.host == $0.measuring } == true
    let cores = group.host?.physicalCores ?? max(1, group.threads)
    let memory = measuredHere ? host?.memoryBytes ?? Int.max : Int.max
    let bytesPerValue = group.precision.bytesPerElement
    let name = localMachineName(group)
    return group.curve.points.map { point in
      let needed = model.memoryBytes(batchSize: point.batchSize, bytesPerValue: bytesPerValue)
      let perInstance = group.deviceKind == .cpu
        ? min(max(0, cores / max(1, group.threads)), memory / max(1, needed)) : 1
      return ServingCandidate(
        hardwareName: "local", profile: nil, deviceKind: group.deviceKind,
        deviceName: group.deviceKind == .cpu ? "cpu" : group.deviceName, precision: group.precision,
        threads: group.threads, batchSize: point.batchSize, curve: group.curve, label: .measured,
        labelNote: name, relativeSpread: measuredSpread(group),
        replicasPerInstance: perInstance, memoryNeededBytes: needed, memoryAvailableBytes: memory,
        excludedReason: Self.fitReason(needed: needed, available: memory, perInstance: perInstance,
                                       threads: group.threads, cores: cores, kind: group.deviceKind),
        displayName: name)
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
