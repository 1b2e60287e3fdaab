import Foundation

/// How much slower a pass runs after the core has idled for a while, per batch size.
///
/// Measured here (1 kernel thread, batch 1): ×1.11 after 0.28 ms idle, ×1.23 after 1 ms, ×1.35
/// after 16 ms; batch 8: ×1.05–1.18 (docs/latency.md, "What a benchmark table misses"). The curve comes from paced
/// measurements: factor(gap) = median of paced runs with that idle gap ÷ median back to back, at
/// the same batch size.
///
/// Between points the factor is interpolated linearly in log(gap); below the smallest gap it falls
/// linearly to 1 at gap 0; beyond the largest gap it stays at the last factor (idle longer than
/// measured is not extrapolated).
public struct IdleSlowdownCurve: Sendable, Equatable {
  /// One point: after `gapSeconds` of idle time a pass takes `factor` × its back-to-back time.
  public struct Point: Sendable, Equatable {
    public var gapSeconds: Double
    public var factor: Double
    public init(gapSeconds: Double, factor: Double) {
      self.gapSeconds = gapSeconds
      self.factor = factor
    }
  }

  /// Points per measured batch size, each list sorted by gap.
  public let pointsByBatchSize: [Int: [Point]]

  /// Creates a curve from points per batch size.
  /// - Throws: `SimulationError.badSlowdownPoint` for a gap or factor that is not finite and > 0.
  public init(pointsByBatchSize: [Int: [Point]]) throws {
    var sorted: [Int: [Point]] = [:]
    for (batchSize, points) in pointsByBatchSize where !points.isEmpty {
      for point in points where !(point.gapSeconds.isFinite && point.gapSeconds > 0
        && point.factor.isFinite && point.factor > 0)
      {
        throw SimulationError.badSlowdownPoint(gapSeconds: point.gapSeconds, factor: point.factor)
      }
      sorted[batchSize] = points.sorted { $0.gapSeconds < $1.gapSeconds }
    }
    self.pointsByBatchSize = sorted
  }

  /// The measured batch size whose curve applies to `batchSize`: the nearest one (ties: smaller).
  public func curveBatchSize(for batchSize: Int) -> Int? {
    pointsByBatchSize.keys.min { a, b in
      let da = abs(a - batchSize), db = abs(b - batchSize)
      return da != db ? da < db : a < b
    }
  }

  /// Slowdown factor (≥ 0, usually ≥ 1) after `gapSeconds` idle, for a batch of `batchSize`.
  public func factor(gapSeconds: Double, batchSize: Int) -> Double {
    guard gapSeconds > 0, let key = curveBatchSize(for: batchSize), let points = pointsByBatchSize[key]
    else { return 1 }
    return Self.interpolate(points, gapSeconds: gapSeconds)
  }

  static func interpolate(_ points: [Point], gapSeconds: Double) -> Double {
    guard let first = points.first, let last = points.last, gapSeconds > 0 else { return 1 }
    if gapSeconds <= first.gapSeconds {
      return 1 + (first.factor - 1) * gapSeconds / first.gapSeconds
    }
    if gapSeconds >= last.gapSeconds { return last.factor }
    var upper = 1
    while points[upper].gapSeconds < gapSeconds { upper += 1 }
    let lo = points[upper - 1], hi = points[upper]
    let t = log(gapSeconds / lo.gapSeconds) / log(hi.gapSeconds / lo.gapSeconds)
    return lo.factor + (hi.factor - lo.factor) * t
  }
}
