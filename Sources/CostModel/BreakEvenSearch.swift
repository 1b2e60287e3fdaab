import Foundation
import Records

/// Finds the average request rate where the cheapest CPU and the cheapest GPU option (each
/// meeting the SLO, budget ignored) swap places.
///
/// Method: evaluate both at 8 log-spaced rates per decade over 0.01…10⁷ req/s; take the sign
/// change of `cost_CPU − cost_GPU` closest (in log distance) to the planned rate; bisect it in
/// log space 30 times (to ~10⁻⁸ relative) and return the geometric midpoint. Costs are step
/// functions of the rate (whole instances), so this is where one class first undercuts the
/// other. nil when they never swap in range or a class has no option meeting the SLO there.
public enum BreakEvenSearch {
  public static let lowestRate = 1e-2
  public static let highestRate = 1e7

  /// The break-even rate and the device class that is cheaper just above it, or nil.
  public static func find(
    planner: Planner, candidates: [ServingCandidate], request: PlanRequest
  ) -> (rate: Double, cheaperAbove: DeviceKind)? {
    let hasCPU = candidates.contains { $0.deviceKind == .cpu && $0.profile != nil }
    let hasGPU = candidates.contains { $0.deviceKind == .cuda && $0.profile != nil }
    guard hasCPU, hasGPU else { return nil }
    // Only priced candidates matter, and one per hardware × precision × threads × batch.
    let priced = candidates.filter { $0.profile != nil && $0.excludedReason == nil }
    func gpuIsCheaper(_ rate: Double) -> Bool? {
      let options = planner.evaluateAll(priced, for: request.atRate(rate))
      guard let cpu = Recommender.cheapestMeetingSLO(options, kind: .cpu),
        let gpu = Recommender.cheapestMeetingSLO(options, kind: .cuda)
      else { return nil }
      return gpu < cpu
    }
    let steps = 72
    let logLow = log10(lowestRate), logHigh = log10(highestRate)
    var previous: (Double, Bool)?
    var changes: [(Double, Double)] = []
    for step in 0...steps {
      let logRate = logLow + (logHigh - logLow) * Double(step) / Double(steps)
      guard let cheaper = gpuIsCheaper(pow(10, logRate)) else { continue }
      if let (lastLog, lastCheaper) = previous, lastCheaper != cheaper { changes.append((lastLog, logRate)) }
      previous = (logRate, cheaper)
    }
    let target = log10(max(request.requestsPerSecond, lowestRate))
    guard var (low, high) = changes.min(by: { abs(($0.0 + $0.1) / 2 - target) < abs(($1.0 + $1.1) / 2 - target) }),
      let lowSide = gpuIsCheaper(pow(10, low))
    else { return nil }
    for _ in 0..<30 {
      let middle = (low + high) / 2
      guard let cheaper = gpuIsCheaper(pow(10, middle)) else { break }
      if cheaper == lowSide { low = middle } else { high = middle }
    }
    return (pow(10, (low + high) / 2), lowSide ? .cpu : .cuda)
  }
}
