import CKernels
import Foundation
import Records

/// One measured GEMM case: c = a·wᵀ with packed weights, m×n×k, at a thread count.
struct GemmResult {
  let m: Int, n: Int, k: Int, threads: Int32
  /// Fastest round's seconds per call, and the median over rounds.
  let bestSeconds: Double, medianSeconds: Double
  var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
  var gflops: Double { flops / bestSeconds / 1e9 }
  var medianGflops: Double { flops / medianSeconds / 1e9 }
}

/// Times the packed GEMM on serving-sized shapes. Each case: pack once, one warm-up call, then
/// `rounds` rounds of back-to-back calls lasting at least `roundSeconds` each.
struct GemmBenchmark {
  /// (M, N, K): batch-1 and batch-8 serving, MiniLM-sized layers, square, wide.
  static let shapes: [(m: Int, n: Int, k: Int)] = [
    (1, 384, 384), (8, 384, 384), (128, 384, 384), (128, 1536, 384), (128, 384, 1536),
    (1024, 1024, 1024), (64, 4096, 1024),
  ]

  let isa: Int32
  let roundSeconds: Double
  let rounds: Int

  func run(m: Int, n: Int, k: Int, pool: OpaquePointer) -> GemmResult {
    var generator = SplitMix64(seed: UInt64(m * 131 + n * 7 + k))
    let a = (0..<(m * k)).map { _ in generator.nextSignedUnitFloat() }
    let w = (0..<(n * k)).map { _ in generator.nextSignedUnitFloat() }
    let bias = (0..<n).map { _ in generator.nextSignedUnitFloat() }
    var packed = [Float](repeating: 0, count: ip_sgemm_packed_floats(isa, Int32(n), Int32(k)))
    ip_sgemm_pack_w(isa, Int32(n), Int32(k), w, Int32(k), &packed)
    var c = [Float](repeating: 0, count: m * n)
    let threads = ip_pool_threads(pool)
    let seconds: [Double] = a.withUnsafeBufferPointer { aBuffer in
      packed.withUnsafeBufferPointer { packedBuffer in
        bias.withUnsafeBufferPointer { biasBuffer in
          c.withUnsafeMutableBufferPointer { cBuffer in
            let (aPointer, packedPointer, biasPointer, cPointer) =
              (aBuffer.baseAddress, packedBuffer.baseAddress, biasBuffer.baseAddress, cBuffer.baseAddress)
            let call = {
              ip_sgemm_packed(isa, pool, Int32(m), Int32(n), Int32(k), aPointer, Int32(k), packedPointer,
                              biasPointer, 0, cPointer, Int32(n))
            }
            call()
            return (0..<rounds).map { _ in BenchClock.secondsPerCall(minimumSeconds: roundSeconds, call) }
          }
        }
      }
    }
    let sorted = seconds.sorted()
    return GemmResult(m: m, n: n, k: k, threads: threads, bestSeconds: sorted[0],
                      medianSeconds: sorted[sorted.count / 2])
  }
}

/// Monotonic timing helpers.
enum BenchClock {
  static func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }

  /// CPU time of this process, all threads (user + system), in seconds.
  static func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
  }

  /// Sleeps for `seconds` (nanosleep; resumes after a signal).
  static func sleep(seconds: Double) {
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
  }

  /// Calls `body` back to back (doubling the count) until a batch lasts `minimumSeconds`;
  /// returns that batch's seconds per call.
  static func secondsPerCall(minimumSeconds: Double, _ body: () -> Void) -> Double {
    var repetitions = 1
    while true {
      let start = now()
      for _ in 0..<repetitions { body() }
      let elapsed = now() - start
      if elapsed >= minimumSeconds || repetitions >= 1 << 24 { return elapsed / Double(repetitions) }
      // Aim straight for the target with some headroom instead of many doublings.
      let factor = elapsed > 0 ? min(max(2, minimumSeconds / elapsed * 1.2), 1000) : 1000
      repetitions = Int(Double(repetitions) * factor)
    }
  }
}
