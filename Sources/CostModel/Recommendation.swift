/// How the plan's options relate to the limits (the plan JSON's `outcome`).
public enum RecommendationOutcome: String, Sendable, Equatable {
  /// An option meets the SLO within the budget: the cheapest such is recommended.
  case fits
  /// Options meet the SLO, but none within the budget.
  case overBudget = "over_budget"
  /// No option meets the SLO; some are within the budget (or there is no budget).
  case noneMeetsSLO = "none_meets_slo"
  /// No option meets the SLO and none is within the budget.
  case infeasible
  /// No option could be evaluated at all.
  case noOptions = "no_options"
}

/// What relaxing one limit alone buys.
public struct Relaxation: Sendable {
  /// Which limit is relaxed.
  public enum Constraint: String, Sendable, Equatable {
    case latencySLO = "latency_slo"
    case budget
  }

  public var constraint: Constraint
  /// The relaxed limit: p99 seconds, or USD per month.
  public var value: Double
  /// The option it buys.
  public var option: PlanOption

  public init(constraint: Constraint, value: Double, option: PlanOption) {
    self.constraint = constraint
    self.value = value
    self.option = option
  }
}

/// What to run, why, and what each limit costs when nothing meets both.
public struct Recommendation: Sendable {
  public var outcome: RecommendationOutcome
  /// The recommended option: the cheapest meeting the SLO within the budget; nil unless
  /// `outcome == .fits`.
  public var chosen: PlanOption?
  /// The cheapest option meeting the SLO, budget ignored (the chosen one when it fits).
  public var cheapestMeetingSLO: PlanOption?
  /// The option with the lowest p99 within the budget; searched only when nothing fits.
  public var fastestWithinBudget: PlanOption?
  /// What relaxing the SLO or the budget alone buys; empty when the recommendation fits.
  public var relaxations: [Relaxation]
  /// The best option of the other device class than `headline`, picked by the same rule.
  public var otherClass: PlanOption?
  /// A few plain sentences with the figures behind the outcome.
  public var reasons: [String]
  /// A cheaper CPU option whose figure is only estimated (another instruction-set family):
  /// worth measuring before trusting.
  public var worthMeasuring: PlanOption?

  public init(
    outcome: RecommendationOutcome, chosen: PlanOption?, cheapestMeetingSLO: PlanOption? = nil,
    fastestWithinBudget: PlanOption? = nil, relaxations: [Relaxation] = [], otherClass: PlanOption?,
    reasons: [String], worthMeasuring: PlanOption? = nil
  ) {
    self.outcome = outcome
    self.chosen = chosen
    self.cheapestMeetingSLO = cheapestMeetingSLO
    self.fastestWithinBudget = fastestWithinBudget
    self.relaxations = relaxations
    self.otherClass = otherClass
    self.reasons = reasons
    self.worthMeasuring = worthMeasuring
  }

  /// The option the answer is about: the recommendation, else the cheapest meeting the SLO,
  /// else the fastest within the budget; nil when there is none.
  public var headline: PlanOption? { chosen ?? cheapestMeetingSLO ?? fastestWithinBudget }

  /// USD per month by which the cheapest option meeting the SLO exceeds the budget (nil when
  /// within it, without a budget, or when nothing meets the SLO).
  public func budgetExcessUSD(for request: PlanRequest) -> Double? {
    guard let budget = request.budgetUSDPerMonth, let monthly = cheapestMeetingSLO?.monthlyUSD, monthly > budget else {
      return nil
    }
    return monthly - budget
  }
}
