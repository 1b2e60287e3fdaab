/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator whose output depends only on
/// the seed, so preset weights, profiling and load-test inputs, GPU check models and test
/// fixtures are identical on every machine and toolchain. The one copy in the project; the
/// simulation's xoshiro256** seeds itself from it.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// Creates a generator; equal seeds give equal sequences.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A double uniform on [0, 1) from the top 53 bits (exact: an integer below 2^53 times 2^-53).
  public mutating func nextUnitDouble() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A float uniform on [-1, 1) built from the top 24 bits: every step (integer to float,
  /// scaling by 2^-23, subtracting 1) is exact, so results match bit for bit everywhere.
  public mutating func nextSignedUnitFloat() -> Float {
    Float(next() >> 40) * 0x1p-23 - 1
  }
}
