/// How the recommendation relates to the limits.
public enum RecommendationOutcome: String, Sendable, Equatable {
  /// The cheapest option that meets the SLO within the budget.
  case fits
  /// Nothing meets the SLO within budget: the cheapest option meeting the SLO, over budget.
  case overBudget = "over_budget"
  /// Nothing meets the SLO: the fastest option (lowest p99).
  case noneMeetsSLO = "none_meets_slo"
  /// No option could be evaluated at all.
  case noOptions = "no_options"
}

/// What to run, why, and the best of the other device class.
public struct Recommendation: Sendable {
  public var outcome: RecommendationOutcome
  /// The recommended option; nil only when `outcome == .noOptions`.
  public var chosen: PlanOption?
  /// The best option of the other device class (GPU when a CPU is chosen, and vice versa),
  /// picked by the same rule.
  public var otherClass: PlanOption?
  /// A few plain sentences with the figures behind the choice.
  public var reasons: [String]
  /// A cheaper CPU option whose figure is only estimated (another instruction-set family):
  /// worth measuring before trusting.
  public var worthMeasuring: PlanOption?

  public init(
    outcome: RecommendationOutcome, chosen: PlanOption?, otherClass: PlanOption?, reasons: [String],
    worthMeasuring: PlanOption? = nil
  ) {
    self.outcome = outcome
    self.chosen = chosen
    self.otherClass = otherClass
    self.reasons = reasons
    self.worthMeasuring = worthMeasuring
  }

  /// USD per month by which the chosen option exceeds the budget (nil when within or no budget).
  public func budgetExcessUSD(for request: PlanRequest) -> Double? {
    guard let budget = request.budgetUSDPerMonth, let monthly = chosen?.monthlyUSD, monthly > budget else { return nil }
    return monthly - budget
  }
}
