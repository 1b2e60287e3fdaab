import Units

/// One option followed through the day: the fixed fleet sized for the peak, the autoscaled one,
/// and every way to pay for them that the profiles price.
public struct FleetComparison: Sendable {
  /// The plan option (sized at the peak rate: the fixed fleet).
  public var option: PlanOption
  public var policy: AutoscalingPolicy
  /// Replicas per instance, to turn the policy's instances into replicas.
  public var replicasPerInstance: Int
  public var fixed: FleetDay
  public var autoscaled: FleetDay
  /// Fixed on demand first, then autoscaled, committed and spot where priced.
  public var quotes: [PaymentQuote]

  /// The cheapest quote that meets the SLO and may be recommended; nil when none does.
  public var best: PaymentQuote? {
    quotes.filter { $0.meetsSLO && $0.isAllowed }.min { $0.monthlyUSD < $1.monthlyUSD }
  }
}

/// What the day of traffic changes: each finalist's fleets and ways to pay, and the cheapest
/// that meets the SLO.
public struct TrafficAnswer: Sendable {
  public var traffic: DailyTraffic
  /// The finalists (the cheapest options meeting the SLO at the peak, a few per device class).
  public var fleets: [FleetComparison]
  /// The fleet and quote that won: the cheapest allowed quote meeting the SLO (and the budget
  /// when one is met by any); nil when none meets the SLO.
  public var winner: (fleet: FleetComparison, quote: PaymentQuote)?
  /// The plan's answer before: the fixed on-demand fleet of the recommended (or headline) option.
  public var baseline: (fleet: FleetComparison, quote: PaymentQuote)?

  /// Serverless CPU platforms priced for the day (those the profiles describe and the model fits).
  public var serverless: [ServerlessEstimate] = []
  /// The serverless platform, when it beats every fleet's allowed quote and meets the SLO over
  /// the day (cold starts included) within the platform's concurrency limit.
  public var serverlessWinner: ServerlessEstimate? = nil

  /// Index of the winner's fleet in `fleets`; nil without a winner.
  public var winnerIndex: Int? {
    guard let winner else { return nil }
    return fleets.firstIndex { Planner.sameCandidate($0.option.candidate, winner.fleet.option.candidate) }
  }
}
