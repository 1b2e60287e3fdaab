import Profiles
import Records

extension Planner {
  /// CPU rows of one measuring host (and one hardware name) that other CPUs are projected from.
  struct ProjectionSource {
    /// How notes name it: "this machine", the host ("AMD EPYC 7551 (avx2)") or the `--as` name.
    var name: String
    var host: MeasuringHost
    /// fp32 groups, one per measured thread count.
    var groups: [MeasuredGroup]

    var figures: CPUFigures {
      CPUFigures(perCoreGFLOPS: host.perCoreGFLOPS, physicalCores: host.physicalCores,
                 memoryBandwidthGBps: host.memoryBandwidthGBps)
    }
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
    guard let source = sources.first(where: { Self.sameFamily($0.host.architecture, profile.cpu.architecture) }) ?? sources.first
    else {
      return []
    }
    let sameFamily = Self.sameFamily(source.host.architecture, profile.cpu.architecture)
    let label: LatencyLabel = sameFamily ? .projected : .estimated
    let note = sameFamily
      ? "from \(source.name)"
      : "\(Self.familyName(profile.cpu.architecture)) from an \(Self.familyName(source.host.architecture)) measurement on \(source.name)"
    let target = CPUFigures(
      perCoreGFLOPS: profile.cpu.perCoreGFLOPS, physicalCores: profile.physicalCores,
      memoryBandwidthGBps: profile.cpu.memoryBandwidthGBps)
    let models = fittedModels(source)
    let fitted = source.groups.compactMap { group in models[group.threads].map { (group: group, model: $0) } }
    let measuredCounts = fitted.map { source.figures.coresUsed(threads: $0.group.threads) }
    var result: [ServingCandidate] = []
    for threads in CPUProjection.threadCounts(measuredThreads: measuredCounts, physicalCores: profile.physicalCores) {
      // The measured count nearest from above: scaling down in threads errs slow; up is not done.
      guard let (group, model) = fitted.filter({ source.figures.coresUsed(threads: $0.group.threads) >= threads })
        .min(by: { $0.group.threads < $1.group.threads })
      else { continue }
      let points = group.curve.points.map { point in
        point.scaled(by: CPUProjection.timeFactor(
          model: model, work: passWork(batchSize: point.batchSize), host: source.figures,
          measuredThreads: source.figures.coresUsed(threads: group.threads), target: target, threads: threads))
      }
      let curve = BatchLatencyCurve(points: points)
      for point in curve.points {
        result.append(cpuCandidate(profile, threads: threads, batchSize: point.batchSize, curve: curve,
                                   label: label, note: note, spread: max(label.baseRelativeSpread, group.worstCV),
                                   precision: group.precision))
      }
    }
    return result
  }

  /// The pass model of each measured thread count of `source`, fitted on its host
  /// (`CPUPassModel.fit(_:host:)`), keyed by thread count.
  func fittedModels(_ source: ProjectionSource) -> [Int: CPUPassModel] {
    CPUPassModel.fit(
      source.groups.map { group in
        (threads: group.threads,
         points: group.curve.points.map { (work: passWork(batchSize: $0.batchSize), seconds: $0.medianSeconds) })
      },
      host: source.figures)
  }

  /// FLOPs and bytes of one pass at `batchSize` (fp32, the planned sequence length).
  func passWork(batchSize: Int) -> PassWork {
    let ops = model.ops(batchSize: batchSize)
    return PassWork(flops: ops.reduce(0) { $0 + $1.flops }, bytes: ops.reduce(0) { $0 + $1.bytes })
  }

  /// Sources to project from, each one measuring host's CPU rows: this machine first (when
  /// measured in this run), then other "local" hosts in row order, then measured profiles in
  /// profile order. Rows without host figures are no source (`cpuRowsMissingHostFigures`).
  func projectionSources(_ groups: [MeasuredGroup]) -> [ProjectionSource] {
    var sources: [ProjectionSource] = []
    func add(_ hardware: String, name: (MeasuredGroup) -> String) {
      for group in groups where group.hardware == hardware && group.deviceKind == .cpu {
        guard let groupHost = group.host else { continue }
        if let index = sources.firstIndex(where: {
          $0.host.isSameMachine(as: groupHost) && $0.groups[0].hardware == hardware
            && $0.groups[0].instructionSet == group.instructionSet
        }) {
          sources[index].groups.append(group)
          sources[index].host = MeasuringHost.combined(sources[index].groups.flatMap(\.rows).compactMap(\.host)) ?? groupHost
        } else {
          sources.append(ProjectionSource(name: name(group), host: groupHost, groups: [group]))
        }
      }
    }
    add("local", name: localMachineName)
    if let here = host, let index = sources.firstIndex(where: { $0.host.isSameMachine(as: here.measuring) && $0.name == "this machine" }) {
      sources.insert(sources.remove(at: index), at: 0)
    }
    for profile in hardware where profile.gpuCount == 0 {
      add(profile.name) { _ in profile.name }
    }
    return sources.map { source in
      var source = source
      let fp32 = source.groups.filter { $0.precision == .fp32 }
      if !fp32.isEmpty { source.groups = fp32 }
      return source
    }
  }

  /// Hardware names ("local" or an `--as` name) of CPU rows that carry no host figures (tables
  /// before schema 2), when some CPU instance would be projected from CPU rows. The command
  /// refuses such a plan with the command that re-profiles them; empty when nothing is missing.
  public func cpuRowsMissingHostFigures() -> [String] {
    let groups = measuredGroups().filter { $0.deviceKind == .cpu }
    let projects = hardware.contains { profile in
      profile.gpuCount == 0 && !groups.contains { $0.hardware == profile.name }
    }
    guard projects else { return [] }
    var names: [String] = []
    for group in groups where group.host == nil && !names.contains(group.hardware) { names.append(group.hardware) }
    return names
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
