import CKernels

/// Which dense weights a batch-1 pass reads through the caches and which it streams past them.
///
/// A batch-1 pass reads every weight once. When the model's weights are larger than the last-
/// level cache, plain loads evict each weight before the next pass needs it again (a loop over
/// more data than an LRU-like cache holds hits nothing), so every byte comes from DRAM. Keeping
/// the first `budget` bytes of the pass with ordinary loads and streaming the rest with a
/// non-temporal prefetch (`ip_sgemm_packed_keep`) lets the kept part survive until the next pass:
/// on the Zen 1 guest of docs/performance.md, mlp-large (12.6 MB of fp32 weights, 8 MiB L3) went
/// from 1.2 ms to 0.8 ms per pass at 1 thread.
enum WeightStreaming {
  /// The share of L3 a batch-1 pass keeps per pool thread. Half, not all: the kept part shares
  /// L3 with activations, code and other processes, and on the Zen 1 guest a 4 MiB budget
  /// (half of 8 MiB) did at least as well as 5 or 6 MiB (docs/performance.md).
  static let l3Share = 0.5

  /// Bytes of weights a batch-1 pass on `threads` threads keeps cached: `l3Share` of L3 for each
  /// thread. Counting one L3 per thread is right where the threads' cores have L3s of their
  /// own (the 2 vCPUs of the Zen 1 guest sit on two CCXs although sysfs reports one shared L3),
  /// and where they share one it only keeps more than fits, which is what plain loads do anyway.
  static func budgetBytes(threads: Int, caches: ip_cache_info) -> Int {
    Int(Double(caches.l3.bytes) * l3Share) * max(threads, 1)
  }

  /// The fraction of each step's weight read with ordinary loads in a batch-1 pass (1 for steps
  /// without a dense weight): dense steps keep theirs in full in pass order until `budget`
  /// bytes are kept, one step in part, the rest none. All 1 when the whole model fits.
  static func keepFractions(steps: [PlanStep], weightBytes: (Int) -> Int, budget: Int) -> [Float] {
    var kept = 0
    return steps.map { step in
      guard case let .dense(_, _, _, _, _, packed, _, _) = step else { return 1 }
      let bytes = weightBytes(packed)
      guard bytes > 0 else { return 1 }
      let keep = min(max(Double(budget - kept) / Double(bytes), 0), 1)
      kept += bytes
      return Float(keep)
    }
  }
}
