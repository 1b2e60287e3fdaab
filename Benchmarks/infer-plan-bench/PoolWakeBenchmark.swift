import CKernels
import Foundation

/// One wake-up latency row: a 2-thread pool with `spinMicroseconds`, `gapSeconds` idle before
/// each job.
struct PoolWakeResult: Encodable {
  let spinMicroseconds: Int
  let gapSeconds: Double
  let medianSeconds: Double, p90Seconds: Double, trials: Int
}

/// Wake-up latency of a pool worker (`ip_probe_pool_wake`): with the worker spinning (no gap,
/// or a gap shorter than the spin) and asleep (a gap longer than the spin), for spins of 0 and
/// the pool default (or --spin-us).
struct PoolWakeBenchmark {
  let options: BenchOptions

  func run(log: (String) -> Void) -> [PoolWakeResult] {
    let spins = Array(Set([0, options.spinMicroseconds ?? Int(ip_pool_default_spin_us())])).sorted()
    let gaps: [(seconds: Double, trials: Int)] =
      options.quick ? [(0, 50), (0.001, 20)] : [(0, 2000), (0.0001, 500), (0.001, 300), (0.016, 100)]
    log("\nPool wake-up: time from a job's start to worker 1 starting its share (2-thread pool)")
    log("  spin µs   gap ms   median µs   p90 µs")
    var results: [PoolWakeResult] = []
    for spin in spins {
      guard let pool = ip_pool_create_spinning(2, Int32(spin)) else { continue }
      defer { ip_pool_destroy(pool) }
      for gap in gaps {
        var latencies = [Double](repeating: 0, count: gap.trials)
        guard ip_probe_pool_wake(pool, gap.seconds, Int32(gap.trials), &latencies) == 0 else { continue }
        latencies.sort()
        let result = PoolWakeResult(
          spinMicroseconds: spin, gapSeconds: gap.seconds, medianSeconds: latencies[latencies.count / 2],
          p90Seconds: latencies[latencies.count * 9 / 10], trials: gap.trials)
        results.append(result)
        log(String(format: "%9d %8.1f %11.1f %8.1f", spin, gap.seconds * 1e3, result.medianSeconds * 1e6,
                   result.p90Seconds * 1e6))
      }
    }
    return results
  }
}
