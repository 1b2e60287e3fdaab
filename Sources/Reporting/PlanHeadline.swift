import CostModel
import Records

/// The one-line answer of a plan (the report's first line when nothing meets both limits, and
/// the JSON's `headline`), and the words for each relaxation.
public enum PlanHeadline {
  /// "Recommended: 1 × t3.small (CPU, batch 1), $15.18/month, p99 1.20 ms." or, when nothing
  /// meets both limits, which one cannot be met and what meeting it costs.
  public static func text(_ plan: Plan) -> String {
    let request = plan.request
    let recommendation = plan.recommendation
    let slo = request.latencySLOSeconds.map { "the p99 ≤ \(ReadableNumber.duration($0)) SLO" } ?? "the SLO"
    let budget = request.budgetUSDPerMonth.map { "the \(ReadableNumber.usd($0))/month budget" } ?? "the budget"
    switch recommendation.outcome {
    case .fits:
      guard let chosen = recommendation.chosen else { return "" }
      return "Recommended: \(shortName(chosen)), \(cost(chosen)), p99 \(p99(chosen))."
    case .overBudget:
      let cheapest = recommendation.cheapestMeetingSLO
      let what = request.latencySLOSeconds == nil ? "Nothing fits \(budget)" : "Nothing meets both \(slo) and \(budget)"
      return what + (cheapest.map { ": meeting the SLO costs at least \(cost($0)) (\(shortName($0)))." } ?? ".")
    case .noneMeetsSLO:
      let fastest = recommendation.fastestWithinBudget
      let within = request.budgetUSDPerMonth == nil ? "" : " within \(budget)"
      let what = request.budgetUSDPerMonth == nil ? "Nothing meets \(slo)" : "Nothing meets both \(slo) and \(budget)"
      return what + (fastest.map { ": the fastest option\(within) has p99 \(p99($0)) (\(shortName($0)))." } ?? ".")
    case .infeasible:
      return "Nothing meets \(slo), and nothing fits \(budget)."
    case .noOptions:
      return "No option could be evaluated."
    }
  }

  /// "SLO 470 µs → 1 × t3.small (CPU, batch 1), $15.18/month" or
  /// "budget $130/month → 1 × c7i.xlarge (CPU, batch 1), p99 92 ms".
  public static func relaxationText(_ relaxation: Relaxation) -> String {
    let option = relaxation.option
    switch relaxation.constraint {
    case .latencySLO:
      return "SLO \(ReadableNumber.duration(relaxation.value)) → \(shortName(option)), \(cost(option))"
    case .budget:
      return "budget \(ReadableNumber.usd(relaxation.value))/month → \(shortName(option)), p99 \(p99(option))"
    }
  }

  /// "2 × c7i.xlarge (CPU, batch 8)".
  static func shortName(_ option: PlanOption) -> String {
    "\(option.instances) × \(option.displayName) (\(option.deviceClassName), batch \(option.batchSize))"
  }

  static func cost(_ option: PlanOption) -> String { option.monthlyUSD.map { ReadableNumber.usd($0) + "/month" } ?? "no price" }

  static func p99(_ option: PlanOption) -> String { option.p99Seconds.map(ReadableNumber.duration) ?? "—" }
}
