import Foundation
import Records

/// The simulation's seeded random number generator: xoshiro256** (Blackman & Vigna, 2018),
/// seeded through SplitMix64 so that nearby seeds give unrelated streams.
///
/// Why not `SystemRandomNumberGenerator`: it can't be seeded, and a simulation must give the same
/// figures for the same `--seed` on every machine. xoshiro256** is small, passes BigCrush and costs
/// a few nanoseconds per draw, which matters at 10^6 requests × several draws each.
public struct SimulationRandom: RandomNumberGenerator, Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// Creates a generator whose whole stream is fixed by `seed`.
  public init(seed: UInt64) {
    var seeder = SplitMix64(seed: seed)
    s0 = seeder.next()
    s1 = seeder.next()
    s2 = seeder.next()
    s3 = seeder.next()
  }

  /// The next 64 random bits.
  @inline(__always)
  public mutating func next() -> UInt64 {
    let result = rotate(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotate(s3, 45)
    return result
  }

  @inline(__always)
  private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

  /// A uniform draw in the open interval (0, 1): 53 random bits, offset by half a step so that
  /// neither 0 nor 1 can come out (both break `log`).
  @inline(__always)
  public mutating func nextOpenUnit() -> Double {
    (Double(next() >> 11) + 0.5) * 0x1.0p-53
  }

  /// An exponential draw with the given mean: `−mean · ln U` (inverse transform).
  @inline(__always)
  public mutating func nextExponential(mean: Double) -> Double {
    -mean * Foundation.log(nextOpenUnit())
  }

  /// A standard normal draw (Box–Muller; one of the pair is used, which keeps no state).
  @inline(__always)
  public mutating func nextStandardNormal() -> Double {
    let u1 = nextOpenUnit()
    let u2 = nextOpenUnit()
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }

  /// A uniform integer in `0..<upperBound` (upperBound ≥ 1), by Lemire's multiply-shift.
  @inline(__always)
  public mutating func nextIndex(below upperBound: Int) -> Int {
    Int(next().multipliedFullWidth(by: UInt64(upperBound)).high)
  }

  /// The seed of replication `index` derived from a base seed, so replications are independent
  /// and each one is reproducible on its own.
  public static func replicationSeed(base: UInt64, index: Int) -> UInt64 {
    var generator = SimulationRandom(seed: base ^ (0xA076_1D64_78BD_642F &* UInt64(index + 1)))
    return generator.next()
  }
}
