import Foundation
import Records

/// Finds every average request rate where the cheapest CPU and the cheapest GPU option (each
/// meeting the SLO, budget ignored) swap places, and the cost of each class along the way.
///
/// The costs come from the plan's own pipeline (`DecisionPipeline.cheapestMeetingSLO`: the
/// same per-replica capacities, sizing and prices as the options), so a plan just below a
/// crossing and one just above recommend the two classes the crossing names.
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
  static func find(
    pipeline: DecisionPipeline, candidates: [ServingCandidate], request: PlanRequest
  ) -> (breakEvens: [BreakEven], sweep: [VolumeSweepPoint]) {
    let decidable = candidates.filter { DecisionPipeline.isDecidable($0) }
    func costs(_ rate: Double) -> (cpu: Double?, gpu: Double?) {
      let at = request.atRate(rate)
      return (pipeline.cheapestMeetingSLO(decidable, kind: .cpu, at: at),
              pipeline.cheapestMeetingSLO(decidable, kind: .cuda, at: at))
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
