import ModelGraph
import Records

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

/// The seeded, portable RNG tests use: the same SplitMix64 the presets use, so fixtures are
/// reproducible everywhere (Swift's SystemRandomNumberGenerator is not seedable).
public typealias SeededGenerator = SplitMix64
