/// A CPU's figures as the projection needs them: the measuring host's (from its rows) or a
/// target's (from its hardware profile).
public struct CPUFigures: Sendable, Equatable {
  /// FP32 GFLOP/s of one physical core.
  public var perCoreGFLOPS: Double
  public var physicalCores: Int
  /// STREAM-style triad over all physical cores, GB/s; nil when unknown (a profile without it).
  public var memoryBandwidthGBps: Double?

  public init(perCoreGFLOPS: Double, physicalCores: Int, memoryBandwidthGBps: Double?) {
    self.perCoreGFLOPS = perCoreGFLOPS
    self.physicalCores = physicalCores
    self.memoryBandwidthGBps = memoryBandwidthGBps
  }

  /// Cores `threads` threads use: `min(threads, physical cores)` (hardware threads beyond the
  /// cores add no FMA units).
  public func coresUsed(threads: Int) -> Int { max(1, min(threads, physicalCores)) }

  /// Bandwidth `threads` threads get: the all-core triad × `min(threads, cores) / cores`. A
  /// single thread cannot use the whole socket's bandwidth, and the tables hold no figure for
  /// fewer threads, so the share is taken as proportional.
  public func bandwidthGBps(threads: Int) -> Double? {
    memoryBandwidthGBps.map { $0 * Double(coresUsed(threads: threads)) / Double(max(1, physicalCores)) }
  }
}

/// The work of one forward pass at one batch size, as the projection counts it.
public struct PassWork: Sendable, Equatable {
  /// FLOPs of the pass (the graph analysis at the planned sequence length).
  public var flops: Double
  /// Bytes the pass moves: every op's reads and writes at fp32 (weights read once, activations
  /// written and read back), from the same analysis.
  public var bytes: Double

  public init(flops: Double, bytes: Double) {
    self.flops = flops
    self.bytes = bytes
  }

  /// Seconds of the compute term at 100% of `figures`' peak with `threads` threads.
  func computeSeconds(on figures: CPUFigures, threads: Int) -> Double {
    flops / (figures.perCoreGFLOPS * 1e9 * Double(figures.coresUsed(threads: threads)))
  }

  /// Seconds of the memory term at `figures`' bandwidth share for `threads`; nil when unknown.
  func memorySeconds(on figures: CPUFigures, threads: Int) -> Double? {
    figures.bandwidthGBps(threads: threads).map { bytes / ($0 * 1e9) }
  }
}

/// Moves CPU measurements to another CPU with the fitted pass model (`CPUPassModel`).
///
/// Per measured thread count `n_m` the model is fitted on the host's measured batch sizes; each
/// measured point is then multiplied by `t_target(b) / t_host(b)`, both from the model, so the
/// point's own spread and its residual from the fit carry over, and projecting onto the host
/// itself changes nothing.
///
/// **Thread scaling comes from measured thread counts, not a linear rule.** A target thread count
/// that was measured uses that count's fit. Another count `n` uses the fit of the nearest
/// measured count above it, `n_m`, with the compute term scaled by `n_m / n` (the target's
/// `g · n` in the compute term) and the memory and overhead terms as at `n_m`; a projection never
/// uses more threads than were measured (intra-op scaling beyond that is unknown). Where the
/// memory and fixed parts do slow down with fewer threads this errs fast: 2-thread rows projected
/// onto 1 thread of the same 2-vCPU Zen 1 came out 44% fast for mlp-large at batch 1 and within
/// ±13% from batch 16 up (docs/planning.md, "CPU projection").
public enum CPUProjection {
  /// The factor that multiplies a measured point at `work` to move it from `host` with
  /// `measuredThreads` onto `target` with `threads` (see the type's rule for `threads ≠
  /// measuredThreads`). 1 when the model gives the host no time.
  public static func timeFactor(
    model: CPUPassModel, work: PassWork, host: CPUFigures, measuredThreads: Int, target: CPUFigures, threads: Int
  ) -> Double {
    let hostSeconds = model.seconds(work, on: host, threads: measuredThreads)
    guard hostSeconds > 0 else { return 1 }
    let hostMemory = work.memorySeconds(on: host, threads: measuredThreads)
    // Memory as at the measured count (the rule above): the target's share for n_m threads.
    let targetMemory = work.memorySeconds(on: target, threads: measuredThreads) ?? hostMemory ?? 0
    let targetSeconds = model.computeFactor * work.computeSeconds(on: target, threads: threads)
      + model.memoryFactor * targetMemory + model.overheadSeconds
    return targetSeconds / hostSeconds
  }

  /// Thread counts worth planning on a CPU with `physicalCores` when the measurements used
  /// `measuredThreads`: the powers of two and measured counts up to the measured maximum (the
  /// cap above) and the other CPU's cores.
  public static func threadCounts(measuredThreads: [Int], physicalCores: Int) -> [Int] {
    guard let most = measuredThreads.max(), most >= 1, physicalCores >= 1 else { return [] }
    let limit = min(most, physicalCores)
    var counts = Set(measuredThreads.filter { $0 >= 1 && $0 <= limit })
    var t = 1
    while t <= limit {
      counts.insert(t)
      t *= 2
    }
    return counts.sorted()
  }
}
