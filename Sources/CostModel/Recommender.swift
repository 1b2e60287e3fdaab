import Records

/// Picks the option to recommend and writes the reasons.
///
/// Rule (the same for the other device class): among eligible options (not excluded, priced,
/// stable), the cheapest that meets the SLO within budget; else the cheapest that meets the
/// SLO (over budget, by how much is said); else the fastest (lowest p99). Ties go to the lower
/// p99.
public enum Recommender {
  /// The recommendation for `options` evaluated at `request`.
  public static func recommend(_ options: [PlanOption], for request: PlanRequest) -> Recommendation {
    let (chosen, outcome) = best(of: options)
    guard let chosen else {
      return Recommendation(outcome: .noOptions, chosen: nil, otherClass: nil, reasons: [
        "No option could be evaluated: check that the measurements cover this model and that the "
          + "hardware profiles loaded."
      ])
    }
    let other = best(of: options.filter { $0.deviceKind != chosen.deviceKind }).0
    let reasons = RecommendationReasons.sentences(chosen: chosen, outcome: outcome, other: other, request: request)
    return Recommendation(
      outcome: outcome, chosen: chosen, otherClass: other, reasons: reasons,
      worthMeasuring: worthMeasuring(options, chosen: chosen))
  }

  /// The best option by the rule above, and which case applied. A CPU *estimated* from another
  /// instruction-set family (Arm from x86) is recommended only when no better-founded option
  /// fits as well: the report names it as worth measuring instead.
  public static func best(of options: [PlanOption]) -> (PlanOption?, RecommendationOutcome) {
    let founded = options.filter { !isCrossFamilyEstimate($0) }
    let (foundedBest, foundedOutcome) = bestByRule(founded)
    if foundedOutcome == .fits { return (foundedBest, foundedOutcome) }
    let (anyBest, anyOutcome) = bestByRule(options)
    if foundedBest != nil && rank(anyOutcome) >= rank(foundedOutcome) { return (foundedBest, foundedOutcome) }
    return (anyBest, anyOutcome)
  }

  /// A CPU option whose figure is estimated (another instruction-set family).
  public static func isCrossFamilyEstimate(_ option: PlanOption) -> Bool {
    option.deviceKind == .cpu && option.label == .estimated
  }

  /// The cheapest cross-family CPU estimate that fits and undercuts `chosen` (worth measuring).
  public static func worthMeasuring(_ options: [PlanOption], chosen: PlanOption?) -> PlanOption? {
    let cost = chosen?.monthlyUSD ?? .infinity
    return options.filter { isCrossFamilyEstimate($0) && $0.isEligible && $0.meetsSLO && $0.withinBudget }
      .filter { ($0.monthlyUSD ?? .infinity) < cost }
      .min { ($0.monthlyUSD ?? .infinity) < ($1.monthlyUSD ?? .infinity) }
  }

  private static func rank(_ outcome: RecommendationOutcome) -> Int {
    switch outcome {
    case .fits: 0
    case .overBudget: 1
    case .noneMeetsSLO: 2
    case .noOptions: 3
    }
  }

  private static func bestByRule(_ options: [PlanOption]) -> (PlanOption?, RecommendationOutcome) {
    let eligible = options.filter(\.isEligible)
    guard !eligible.isEmpty else { return (nil, .noOptions) }
    func cheaper(_ a: PlanOption, _ b: PlanOption) -> Bool {
      let costA = a.monthlyUSD ?? .infinity, costB = b.monthlyUSD ?? .infinity
      if costA != costB { return costA < costB }
      return (a.p99Seconds ?? .infinity) < (b.p99Seconds ?? .infinity)
    }
    if let fit = eligible.filter({ $0.meetsSLO && $0.withinBudget }).min(by: cheaper) { return (fit, .fits) }
    if let fast = eligible.filter(\.meetsSLO).min(by: cheaper) { return (fast, .overBudget) }
    let fastest = eligible.min { a, b in
      let p99A = a.p99Seconds ?? .infinity, p99B = b.p99Seconds ?? .infinity
      return p99A != p99B ? p99A < p99B : cheaper(a, b)
    }
    return (fastest, .noneMeetsSLO)
  }

  /// The cheapest eligible option of a device class meeting the SLO (budget ignored); the
  /// break-even search compares these.
  public static func cheapestMeetingSLO(_ options: [PlanOption], kind: DeviceKind) -> Double? {
    options.filter { $0.isEligible && $0.meetsSLO && $0.deviceKind == kind }.compactMap(\.monthlyUSD).min()
  }
}
