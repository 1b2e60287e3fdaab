import Profiles
import Records

extension Planner {
  /// A CPU that measurements can be scaled from: this machine or a measured profile.
  struct ProjectionSource {
    var name: String
    var architecture: String
    var perCoreGFLOPS: Double
    var physicalCores: Int
    var groups: [MeasuredGroup]
  }

  /// CPU candidates for one CPU-only instance type: measured when rows name it, else projected
  /// from a CPU of the same architecture family, else estimated from one of another family.
  func cpuCandidates(_ profile: HardwareProfile, groups: [MeasuredGroup]) -> [ServingCandidate] {
    let own = groups.filter { $0.hardware == profile.name && $0.deviceKind == .cpu }
    if !own.isEmpty {
      return own.flatMap { group in
        group.curve.points.map { point in
          cpuCandidate(profile, threads: group.threads, batchSize: point.batchSize, curve: group.curve,
                       label: .measured, note: "measured on \(profile.name)", spread: measuredSpread(group),
                       precision: group.precision)
        }
      }
    }
    let sources = projectionSources(groups)
    guard let source = sources.first(where: { Self.sameFamily($0.architecture, profile.cpu.architecture) }) ?? sources.first
    else {
      return []
    }
    let sameFamily = Self.sameFamily(source.architecture, profile.cpu.architecture)
    let label: LatencyLabel = sameFamily ? .projected : .estimated
    let note = sameFamily
      ? "from \(source.name)" : "\(Self.familyName(profile.cpu.architecture)), from \(Self.familyName(source.architecture)) \(source.name)"
    let spread = sameFamily ? LatencyLabel.projected.baseRelativeSpread : LatencyLabel.estimated.baseRelativeSpread
    let fp32Groups = source.groups.filter { $0.precision == .fp32 }
    let usable = fp32Groups.isEmpty ? source.groups : fp32Groups
    let threadsCap = usable.map { min($0.threads, source.physicalCores) }
    var result: [ServingCandidate] = []
    for threads in CPUProjection.threadCounts(measuredThreads: threadsCap, physicalCores: profile.physicalCores) {
      // The measured group closest from above: scaling down in threads is pessimistic, up is not done.
      guard let group = usable.filter({ min($0.threads, source.physicalCores) >= threads })
        .min(by: { $0.threads < $1.threads }) else { continue }
      let factor = CPUProjection.timeFactor(
        perCoreGFLOPSHere: source.perCoreGFLOPS, coresUsedHere: min(group.threads, source.physicalCores),
        perCoreGFLOPSOther: profile.cpu.perCoreGFLOPS, coresUsedOther: threads)
      let curve = BatchLatencyCurve(points: group.curve.points.map { $0.scaled(by: factor) })
      for point in curve.points {
        result.append(cpuCandidate(profile, threads: threads, batchSize: point.batchSize, curve: curve,
                                   label: label, note: note, spread: max(spread, group.worstCV),
                                   precision: group.precision))
      }
    }
    return result
  }

  /// Sources to project from: this machine first (when its CPU is known), then measured profiles.
  func projectionSources(_ groups: [MeasuredGroup]) -> [ProjectionSource] {
    var sources: [ProjectionSource] = []
    let local = groups.filter { $0.hardware == "local" && $0.deviceKind == .cpu }
    if let host, !local.isEmpty, host.perCoreGFLOPS > 0 {
      sources.append(ProjectionSource(name: "this machine", architecture: host.architecture,
                                      perCoreGFLOPS: host.perCoreGFLOPS, physicalCores: host.physicalCores, groups: local))
    }
    for profile in hardware where profile.gpuCount == 0 && profile.cpu.perCoreGFLOPS > 0 {
      let own = groups.filter { $0.hardware == profile.name && $0.deviceKind == .cpu }
      if !own.isEmpty {
        sources.append(ProjectionSource(name: profile.name, architecture: profile.cpu.architecture,
                                        perCoreGFLOPS: profile.cpu.perCoreGFLOPS,
                                        physicalCores: profile.physicalCores, groups: own))
      }
    }
    return sources
  }

  private func cpuCandidate(
    _ profile: HardwareProfile, threads: Int, batchSize: Int, curve: BatchLatencyCurve, label: LatencyLabel,
    note: String, spread: Double, precision: Precision
  ) -> ServingCandidate {
    let needed = model.memoryBytes(batchSize: batchSize, bytesPerValue: precision.bytesPerElement)
    let byCores = profile.physicalCores / max(1, threads)
    let perInstance = min(byCores, profile.memoryBytes / max(1, needed))
    return ServingCandidate(
      hardwareName: profile.name, profile: profile, deviceKind: .cpu, deviceName: "cpu",
      precision: precision, threads: threads, batchSize: batchSize, curve: curve, label: label,
      labelNote: note, relativeSpread: spread, replicasPerInstance: perInstance,
      memoryNeededBytes: needed, memoryAvailableBytes: profile.memoryBytes,
      excludedReason: Self.fitReason(needed: needed, available: profile.memoryBytes, perInstance: perInstance,
                                     threads: threads, cores: profile.physicalCores, kind: .cpu))
  }

  /// Whether two architecture names are one instruction-set family (x86_64 = amd64, arm64 = aarch64).
  static func sameFamily(_ a: String, _ b: String) -> Bool { familyName(a) == familyName(b) }

  /// "Arm" for arm64/aarch64, "x86" for x86_64.
  public static func familyName(_ architecture: String) -> String {
    switch architecture.lowercased() {
    case "arm64", "aarch64", "arm": "Arm"
    case "x86_64", "x86-64", "amd64", "x86": "x86"
    default: architecture
    }
  }
}
