import Foundation
import Records

/// Picks the option to recommend, what each limit costs when nothing meets both, and the
/// reasons.
///
/// Only founded options count: eligible (not excluded, priced, stable) and not a CPU estimated
/// from another instruction-set family (Arm from x86), which is at most "worth measuring".
///
/// - recommendation: the cheapest option meeting the SLO within the budget (ties: lower p99);
/// - `cheapestMeetingSLO`: the cheapest meeting the SLO, budget ignored;
/// - `fastestWithinBudget` (only when nothing fits): the lowest p99 within the budget;
/// - outcome: `fits` when there is a recommendation; else `over_budget` when something meets
///   the SLO; else `none_meets_slo` when something is within the budget; else `infeasible`;
///   `no_options` when no founded option was evaluated.
public enum Recommender {
  /// The recommendation for `options` evaluated at `request`.
  public static func recommend(_ options: [PlanOption], for request: PlanRequest) -> Recommendation {
    let founded = options.filter { $0.isEligible && !isCrossFamilyEstimate($0) }
    guard !founded.isEmpty else {
      return Recommendation(outcome: .noOptions, chosen: nil, otherClass: nil, reasons: [
        "No option could be evaluated: check that the measurements cover this model and that the "
          + "hardware profiles loaded."
      ])
    }
    let meeting = founded.filter(\.meetsSLO)
    let chosen = meeting.filter(\.withinBudget).min(by: cheaper)
    let cheapestMeeting = meeting.min(by: cheaper)
    let fastestWithin = chosen == nil ? founded.filter(\.withinBudget).min(by: faster) : nil
    let outcome: RecommendationOutcome
    if chosen != nil {
      outcome = .fits
    } else if cheapestMeeting != nil {
      outcome = .overBudget
    } else if fastestWithin != nil {
      outcome = .noneMeetsSLO
    } else {
      outcome = .infeasible
    }
    var recommendation = Recommendation(
      outcome: outcome, chosen: chosen, cheapestMeetingSLO: cheapestMeeting, fastestWithinBudget: fastestWithin,
      otherClass: nil, reasons: [])
    if outcome != .fits {
      let cheapestWithin = founded.filter(\.withinBudget).min(by: cheaper)
      recommendation.relaxations = relaxations(
        cheapestMeetingSLO: cheapestMeeting, fastestWithinBudget: fastestWithin, cheapestWithinBudget: cheapestWithin,
        request: request)
    }
    let headline = recommendation.headline ?? founded.min(by: faster)
    if let headline {
      recommendation.otherClass = best(of: founded.filter { $0.deviceKind != headline.deviceKind })
      recommendation.worthMeasuring = worthMeasuring(options, chosen: headline)
    }
    recommendation.reasons = RecommendationReasons.sentences(recommendation, request: request)
    return recommendation
  }

  /// The best of `options` by the rule: the cheapest meeting the SLO within the budget, else the
  /// cheapest meeting the SLO, else the fastest. Used for the other device class.
  public static func best(of options: [PlanOption]) -> PlanOption? {
    let eligible = options.filter(\.isEligible)
    return eligible.filter { $0.meetsSLO && $0.withinBudget }.min(by: cheaper)
      ?? eligible.filter(\.meetsSLO).min(by: cheaper) ?? eligible.min(by: faster)
  }

  /// A CPU option whose figure is estimated (another instruction-set family).
  public static func isCrossFamilyEstimate(_ option: PlanOption) -> Bool {
    option.deviceKind == .cpu && option.label == .estimated
  }

  /// Whether an option can be recommended at all: eligible and not a cross-family estimate.
  public static func isFounded(_ option: PlanOption) -> Bool { option.isEligible && !isCrossFamilyEstimate(option) }

  /// The cheapest cross-family CPU estimate that fits and undercuts `chosen` (worth measuring).
  public static func worthMeasuring(_ options: [PlanOption], chosen: PlanOption?) -> PlanOption? {
    let cost = chosen?.monthlyUSD ?? .infinity
    return options.filter { isCrossFamilyEstimate($0) && $0.isEligible && $0.meetsSLO && $0.withinBudget }
      .filter { ($0.monthlyUSD ?? .infinity) < cost }
      .min(by: cheaper)
  }

  /// The cheapest founded option of a device class meeting the SLO (budget ignored): the
  /// break-even search and the volume sweep compare these.
  public static func cheapestMeetingSLO(_ options: [PlanOption], kind: DeviceKind) -> PlanOption? {
    options.filter { isFounded($0) && $0.meetsSLO && $0.deviceKind == kind }.min(by: cheaper)
  }

  /// Cheaper, then lower p99.
  static func cheaper(_ a: PlanOption, _ b: PlanOption) -> Bool {
    let costA = a.monthlyUSD ?? .infinity, costB = b.monthlyUSD ?? .infinity
    if costA != costB { return costA < costB }
    return (a.p99Seconds ?? .infinity) < (b.p99Seconds ?? .infinity)
  }

  /// Lower p99, then cheaper.
  static func faster(_ a: PlanOption, _ b: PlanOption) -> Bool {
    let p99A = a.p99Seconds ?? .infinity, p99B = b.p99Seconds ?? .infinity
    return p99A != p99B ? p99A < p99B : cheaper(a, b)
  }

  /// What relaxing one limit alone buys: the budget raised to the cheapest option meeting the
  /// SLO; the SLO raised to the p99 of the fastest option within the budget, and to that of
  /// the cheapest within it (each rounded up to 2 significant digits).
  static func relaxations(
    cheapestMeetingSLO: PlanOption?, fastestWithinBudget: PlanOption?, cheapestWithinBudget: PlanOption?,
    request: PlanRequest
  ) -> [Relaxation] {
    var result: [Relaxation] = []
    if request.budgetUSDPerMonth != nil, let option = cheapestMeetingSLO, let monthly = option.monthlyUSD {
      result.append(Relaxation(constraint: .budget, value: roundedUp(monthly), option: option))
    }
    guard request.latencySLOSeconds != nil else { return result }
    for option in [fastestWithinBudget, cheapestWithinBudget].compactMap({ $0 }) {
      guard let p99 = option.p99Seconds, p99.isFinite else { continue }
      let value = roundedUp(p99)
      if result.contains(where: { $0.constraint == .latencySLO && $0.value == value }) { continue }
      result.append(Relaxation(constraint: .latencySLO, value: value, option: option))
    }
    return result
  }

  /// `value` rounded up to 2 significant digits (466 µs → 470 µs, $129.21 → $130).
  static func roundedUp(_ value: Double) -> Double {
    guard value > 0, value.isFinite else { return value }
    let scale = pow(10, log10(value).rounded(.down) - 1)
    // The factor keeps a value already on 2 digits (130 = 13.000000000001 × 10) where it is.
    return ((value / scale) * (1 - 1e-12)).rounded(.up) * scale
  }
}
