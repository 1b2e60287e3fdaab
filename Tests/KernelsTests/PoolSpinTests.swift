import CKernels
import Testing

@testable import Kernels

/// The pool's idle spin: parsing INFER_PLAN_SPIN_US, its CPU-cost formula, and pools that sleep
/// at once or spin.
@Suite("Pool spin")
struct PoolSpinTests {
  static let good: [(String?, Int?)] = [(nil, nil), ("", nil), ("  ", nil), ("0", 0), ("200", 200), (" 50 ", 50),
                                        ("1000000", 1_000_000)]

  @Test("INFER_PLAN_SPIN_US values that parse", arguments: good.indices)
  func parses(index: Int) throws {
    let (text, value) = Self.good[index]
    #expect(try PoolSpin.parse(text) == value)
  }

  @Test("INFER_PLAN_SPIN_US values that don't", arguments: ["-1", "1000001", "2.5", "abc", "200us", "0x10"])
  func rejects(text: String) {
    #expect(throws: PoolSpinError.invalid(text)) { try PoolSpin.parse(text) }
    #expect(
      PoolSpinError.invalid(text).description
        == "INFER_PLAN_SPIN_US='\(text)' is not a spin time; use a whole number of microseconds from 0 to "
        + "1000000 (0: workers sleep at once), or unset it for the default (\(PoolSpin.defaultMicroseconds)).")
  }

  @Test("the process default follows setProcessDefault and resets on nil")
  func processDefault() throws {
    try PoolSpin.setProcessDefault(environmentValue: "37")
    let pool = try #require(ip_pool_create(2))
    #expect(ip_pool_spin_us(pool) == 37)
    ip_pool_destroy(pool)
    #expect(throws: PoolSpinError.self) { try PoolSpin.setProcessDefault(environmentValue: "x") }
    #expect(PoolSpin.processDefault == 37, "a bad value changes nothing")
    try PoolSpin.setProcessDefault(environmentValue: nil)
    #expect(PoolSpin.processDefault == PoolSpin.defaultMicroseconds)
  }

  /// 1 − e^(−λs): small-rate limit λ·s, saturating at one core.
  @Test("spin CPU share", arguments: [(100.0, 200, 0.0198013), (0, 200, 0), (10, 0, 0), (1e6, 200, 1)])
  func coreFraction(rate: Double, spin: Int, expected: Double) {
    #expect(abs(PoolSpin.coreFraction(requestRate: rate, microseconds: spin) - expected) < 1e-6)
  }

  @Test("pools that sleep at once or spin run every share, many times", arguments: [0, 1, 500] as [Int32])
  func spins(spin: Int32) throws {
    let pool = try #require(ip_pool_create_spinning(3, spin))
    defer { ip_pool_destroy(pool) }
    #expect(ip_pool_spin_us(pool) == spin)
    var counts = [Int32](repeating: 0, count: 9)
    for _ in 0..<200 {
      counts.withUnsafeMutableBufferPointer { buffer in
        ip_pool_parallel_for(pool, 9, { context, index in
          context!.assumingMemoryBound(to: Int32.self)[Int(index)] += 1
        }, buffer.baseAddress)
      }
    }
    #expect(counts.allSatisfy { $0 == 200 })
  }

  @Test("the wake-up probe needs a worker, and reports a latency per trial")
  func wakeProbe() throws {
    var latencies = [Double](repeating: -1, count: 4)
    let single = try #require(ip_pool_create(1))
    #expect(ip_probe_pool_wake(single, 0, 4, &latencies) == -1)
    ip_pool_destroy(single)
    let pool = try #require(ip_pool_create_spinning(2, 0))
    defer { ip_pool_destroy(pool) }
    #expect(ip_probe_pool_wake(pool, 0.0001, 4, &latencies) == 0)
    #expect(latencies.allSatisfy { $0 >= 0 && $0 <= 0.1 })
  }
}

@Suite("Weight streaming")
struct WeightStreamingTests {
  static func dense(_ packed: Int) -> PlanStep {
    .dense(input: 0, output: 1, scope: .sample, inWidth: 4, outWidth: 4, packed: packed, bias: nil, activation: 0)
  }

  /// Budget 10 over weights of 4, 4, 4 (a softmax between): keep 1, 1, 0.5, then 0.
  @Test("keep in pass order until the budget, one step in part")
  func keepFractions() {
    let steps = [Self.dense(0), .softmax(input: 1, output: 1, scope: .sample, width: 4), Self.dense(1), Self.dense(2),
                 Self.dense(3)]
    let keep = WeightStreaming.keepFractions(steps: steps, weightBytes: { [4, 4, 4, 8][$0] }, budget: 10)
    #expect(keep == [1, 1, 1, 0.5, 0])
    #expect(WeightStreaming.keepFractions(steps: steps, weightBytes: { _ in 4 }, budget: 1 << 30).allSatisfy { $0 == 1 })
  }

  @Test("the budget is half of L3 per thread")
  func budget() {
    var caches = ip_cache_info()
    caches.l3.bytes = 8 << 20
    #expect(WeightStreaming.budgetBytes(threads: 1, caches: caches) == 4 << 20)
    #expect(WeightStreaming.budgetBytes(threads: 2, caches: caches) == 8 << 20)
  }
}
