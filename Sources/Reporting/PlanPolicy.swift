import Records

/// What `--fail-on slo,budget` checks: whether the plan's answer misses the SLO or the budget,
/// so a CI job can fail on it (exit 2), as infracost's policies fail a pull request.
public enum PlanPolicy: String, CaseIterable, Sendable, Equatable {
  case slo
  case budget

  /// The policies `plan` misses, in the order asked. No recommendation at all misses every
  /// policy; otherwise the outcome says which limit nothing could meet: `over_budget` misses
  /// the budget, `none_meets_slo` the SLO, `infeasible` and `no_options` both.
  public static func misses(_ plan: PlanDocument, checking policies: [PlanPolicy]) -> [PlanPolicy] {
    let outcome = PlanDocument.Outcome(rawValue: plan.outcome)
    return policies.filter { policy in
      switch outcome {
      case .fits: false
      case .overBudget: policy == .budget
      case .noneMeetsSLO: policy == .slo
      case .infeasible, .noOptions, nil: true
      }
    }
  }

  /// "the budget ($50.00/month)" or "the SLO (p99 ≤ 200 ms)", for the message on a miss.
  public func limitText(_ plan: PlanDocument) -> String {
    switch self {
    case .slo: "the SLO" + (plan.inputs.latencySLO.map { " (p99 ≤ \(ReadableNumber.duration($0)))" } ?? "")
    case .budget: "the budget" + (plan.inputs.budgetUSDPerMonth.map { " (\(ReadableNumber.usd($0))/month)" } ?? "")
    }
  }
}
