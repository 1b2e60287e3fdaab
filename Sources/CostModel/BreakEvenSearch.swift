import Foundation
import Records

/// Finds every average request rate where the cheapest CPU and the cheapest GPU option (each
/// meeting the SLO, budget ignored) swap places, and the cost of each class along the way.
///
/// Method: evaluate both at 8 log-spaced rates per decade over 0.01…10⁷ req/s (the volume
/// sweep); bisect every sign change of `cost_CPU − cost_GPU` in log space 30 times (to ~10⁻⁸
/// relative) and report the geometric midpoint. Costs are step functions of the rate (whole
/// instances), so each is where one class first undercuts the other.
public enum BreakEvenSearch {
  public static let lowestRate = 1e-2
  public static let highestRate = 1e7
  /// Rates scanned per decade.
  public static let ratesPerDecade = 8

  /// The scanned rates, ascending.
  public static var scanRates: [Double] {
    let decades = log10(highestRate) - log10(lowestRate)
    let steps = Int((decades * Double(ratesPerDecade)).rounded())
    return (0...steps).map { pow(10, log10(lowestRate) + decades * Double($0) / Double(steps)) }
  }

  /// Every break-even rate, ascending, and the volume sweep.
  public static func find(
    planner: Planner, candidates: [ServingCandidate], request: PlanRequest
  ) -> (breakEvens: [BreakEven], sweep: [VolumeSweepPoint]) {
    // Only priced candidates matter.
    let priced = candidates.filter { $0.profile != nil && $0.excludedReason == nil }
    func costs(_ rate: Double) -> (cpu: Double?, gpu: Double?) {
      let options = planner.evaluateAll(priced, for: request.atRate(rate))
      return (Recommender.cheapestMeetingSLO(options, kind: .cpu)?.monthlyUSD,
              Recommender.cheapestMeetingSLO(options, kind: .cuda)?.monthlyUSD)
    }
    func cheaperClass(_ rate: Double) -> DeviceKind? {
      let (cpu, gpu) = costs(rate)
      guard let cpu, let gpu else { return nil }
      return gpu < cpu ? .cuda : .cpu
    }
    var sweep: [VolumeSweepPoint] = []
    var previous: (Double, DeviceKind)?
    var changes: [(Double, Double, DeviceKind)] = []
    for rate in scanRates {
      let (cpu, gpu) = costs(rate)
      sweep.append(VolumeSweepPoint(rate: rate, cpuMonthlyUSD: cpu, gpuMonthlyUSD: gpu))
      guard let cpu, let gpu else { continue }
      let cheaper: DeviceKind = gpu < cpu ? .cuda : .cpu
      if let (last, lastClass) = previous, lastClass != cheaper { changes.append((log10(last), log10(rate), lastClass)) }
      previous = (rate, cheaper)
    }
    let breakEvens = changes.map { change -> BreakEven in
      var (low, high, below) = change
      for _ in 0..<30 {
        let middle = (low + high) / 2
        guard let cheaper = cheaperClass(pow(10, middle)) else { break }
        if cheaper == below { low = middle } else { high = middle }
      }
      return BreakEven(rate: pow(10, (low + high) / 2), cheaperAbove: below == .cpu ? .cuda : .cpu)
    }
    return (breakEvens, sweep)
  }
}
