/// A forward pass on a CPU as compute + memory traffic + a fixed overhead, fitted on the host that
/// measured it at one thread count:
///
///     t(b) = a · F(b) / (g · n) + m · M(b) / BW(n) + o
///
/// `F` FLOPs and `M` bytes per pass (`PassWork`), `g` the per-core peak, `n` the cores used,
/// `BW(n)` the triad share of `n` threads (`CPUFigures.bandwidthGBps(threads:)`); `a`, `m`, `o` ≥ 0
/// are fitted by `fit(_:host:)` (CPUPassModel+Fit.swift). Transferred to another CPU, the same
/// `a`, `m`, `o` run with that CPU's `g`, `BW` and thread count (`seconds(_:on:threads:)`).
public struct CPUPassModel: Sendable, Equatable {
  /// `a`: the measured time's compute part as a multiple of the time at peak FLOP rate.
  public var computeFactor: Double
  /// `m`: the memory part as a multiple of the time at triad bandwidth.
  public var memoryFactor: Double
  /// `o`: seconds per pass that neither FLOPs nor bytes explain (dispatch, thread wake-up).
  public var overheadSeconds: Double
  /// What could not be told apart from the points and was fixed instead, in words; nil when
  /// nothing was.
  public var fixedNote: String?

  public init(computeFactor: Double, memoryFactor: Double, overheadSeconds: Double, fixedNote: String? = nil) {
    self.computeFactor = computeFactor
    self.memoryFactor = memoryFactor
    self.overheadSeconds = overheadSeconds
    self.fixedNote = fixedNote
  }

  /// The modelled time of a pass doing `work` on `figures` with `threads` threads. Without a
  /// known bandwidth the memory term falls back to `fallbackMemorySeconds` (the host's term).
  public func seconds(_ work: PassWork, on figures: CPUFigures, threads: Int, fallbackMemorySeconds: Double? = nil) -> Double {
    let memory = work.memorySeconds(on: figures, threads: threads) ?? fallbackMemorySeconds ?? 0
    return computeFactor * work.computeSeconds(on: figures, threads: threads) + memoryFactor * memory + overheadSeconds
  }
}
