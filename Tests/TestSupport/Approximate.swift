/// Largest absolute difference between two equal-length arrays (∞ if lengths differ).
public func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
  guard a.count == b.count else { return .infinity }
  var worst: Float = 0
  for i in a.indices {
    let d = abs(a[i] - b[i])
    if d.isNaN { return .infinity }
    worst = max(worst, d)
  }
  return worst
}

/// A small, seeded, portable RNG (SplitMix64) so fixtures and tests are reproducible
/// everywhere (Swift's SystemRandomNumberGenerator is not seedable).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: UInt64
  public init(seed: UInt64) { state = seed }
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
