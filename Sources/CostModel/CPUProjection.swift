/// Scales a CPU measurement to another CPU.
///
///     t_other = t_here × (g_here × n_here) / (g_other × n_other)
///
/// with `g` the per-core FP32 peak (GFLOP/s) and `n` the cores a replica uses: on the measured
/// machine `min(threads, physical cores)` (hardware threads beyond the cores add no FMA units),
/// on the other CPU its thread count. This holds for compute-bound work; memory-bound and
/// overhead-bound passes (tiny models at batch 1) scale less, which the *projected* band
/// (±25%) covers.
///
/// Thread scaling is capped: a projection never uses more threads than the measurement did
/// (`n_other ≤ n_here`), because intra-op scaling is sublinear and unknown beyond what was
/// measured. Using fewer threads scales linearly, which is pessimistic (a measured speed-up from
/// n to 2n is never better than 2×), so the projected figure errs slow, not fast.
public enum CPUProjection {
  /// The factor `(g_here × n_here) / (g_other × n_other)` that multiplies a measured time.
  public static func timeFactor(
    perCoreGFLOPSHere: Double, coresUsedHere: Int, perCoreGFLOPSOther: Double, coresUsedOther: Int
  ) -> Double {
    (perCoreGFLOPSHere * Double(max(1, coresUsedHere)))
      / (perCoreGFLOPSOther * Double(max(1, coresUsedOther)))
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
