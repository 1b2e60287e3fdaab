import Foundation

/// The most requests per second one replica of a candidate can take while the latency model
/// keeps it within the plan's limits, and the batching delay that allows it.
///
/// Limits, one rule for every option: the replica is stable, its busy fraction is at most the
/// target utilization, and — when an SLO is given — its predicted p99 (the point estimate, not
/// the band's edge) is at most the SLO. A fleet at average×peak rate `λ` then needs
/// `c = ⌈λ / rate⌉` replicas. Replicas behind a balancer that spreads requests at random each see
/// a Poisson stream of `λ / c`, so one replica's share is what is predicted; that is exact for
/// random routing and errs long for round-robin, whose per-replica gaps are more regular.
public struct ReplicaCapacity: Sendable, Equatable {
  /// Requests per second one replica takes within the limits.
  public var ratePerSecond: Double
  /// The batching delay (seconds) chosen for that rate; 0 for batch 1.
  public var batchingDelaySeconds: Double
}

/// Finds `ReplicaCapacity` by asking a latency predictor about one replica at trial rates.
///
/// Search, per batching delay: the highest rate any batching can sustain at the target
/// utilization is `r_max = u × b / S(b)` (full batches); try `r_max`, then halve until the
/// limits hold (at most 14 halvings, a factor 16,000), then bisect the last factor of 2 in log
/// space 5 times (to within 2.2%). The chosen delay is the one with the highest rate (ties: the
/// shorter delay). A rate-limited search is exact only where the p99 grows with the rate; below
/// the batching knee it need not (requests wait out the delay), so the planner predicts the
/// sized fleet once more and keeps that verdict.
struct ReplicaCapacitySearch {
  var predictor: any LatencyPredictor
  var targetUtilization: Double
  var latencySLOSeconds: Double?

  /// Halvings tried below `r_max` before giving up on a delay.
  static let maxHalvings = 14
  /// Bisection steps inside the last factor of 2.
  static let bisections = 5

  /// The capacity of `candidate` over `delays` (batch 1 uses delay 0 only); nil when no rate
  /// keeps it within the limits (e.g. its service time alone exceeds the SLO).
  func capacity(of candidate: ServingCandidate, delays: [Double]) -> ReplicaCapacity? {
    let tried = candidate.batchSize > 1 ? delays : [0]
    var best: ReplicaCapacity?
    for delay in tried {
      guard let rate = highestRate(candidate, delay: delay) else { continue }
      if rate > (best?.ratePerSecond ?? 0) * (1 + 1e-9) {
        best = ReplicaCapacity(ratePerSecond: rate, batchingDelaySeconds: delay)
      }
    }
    return best
  }

  /// Whether one replica at `rate` stays within the limits.
  func holds(_ candidate: ServingCandidate, delay: Double, rate: Double) -> Bool {
    guard let prediction = predict(candidate, delay: delay, rate: rate), prediction.stable else { return false }
    guard prediction.utilization <= targetUtilization * (1 + 1e-9) else { return false }
    guard let slo = latencySLOSeconds else { return true }
    return prediction.p99Seconds <= slo
  }

  /// One replica of `candidate` at `rate` requests/s.
  func predict(_ candidate: ServingCandidate, delay: Double, rate: Double) -> LatencyPrediction? {
    try? predictor.predict(ServingSetup(
      curve: candidate.curve, maxBatchSize: candidate.batchSize, maxBatchingDelaySeconds: delay, replicas: 1,
      requestsPerSecond: rate, relativeSpread: candidate.relativeSpread))
  }

  private func highestRate(_ candidate: ServingCandidate, delay: Double) -> Double? {
    let b = Double(candidate.batchSize)
    let full = candidate.curve.meanSeconds(at: b)
    guard full.isFinite, full > 0 else { return nil }
    var high = targetUtilization * b / full
    if holds(candidate, delay: delay, rate: high) { return high }
    // One look at the slowest rate tried first: an option out of reach (its service time alone
    // over the SLO) then costs two predictions, not fifteen.
    guard holds(candidate, delay: delay, rate: high / pow(2, Double(Self.maxHalvings))) else { return nil }
    var low = high / 2
    var halvings = 1
    while !holds(candidate, delay: delay, rate: low) {
      halvings += 1
      guard halvings <= Self.maxHalvings else { return nil }
      high = low
      low /= 2
    }
    for _ in 0..<Self.bisections {
      let middle = (low * high).squareRoot()
      if holds(candidate, delay: delay, rate: middle) { low = middle } else { high = middle }
    }
    return low
  }
}

/// Capacities already searched in one plan, keyed by candidate (the break-even scan and the
/// 10× answer reuse them: a capacity does not depend on the fleet's rate).
typealias ReplicaCapacityCache = SharedMemo<String, ReplicaCapacity?>
