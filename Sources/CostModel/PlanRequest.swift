import Records
import Units

/// What the plan is asked to serve and under which limits, in SI units (requests per second,
/// seconds, USD per month).
public struct PlanRequest: Sendable, Equatable {
  /// Average request rate (the volume) in requests per second.
  public var requestsPerSecond: Double
  /// Peak rate ÷ average rate (≥ 1). Replicas are sized for the peak; cost per request uses the
  /// average. Default 1: the volume is the rate to plan for (docs/planning.md, "2. Cost model").
  public var peakFactor: Double
  /// Monthly budget in USD; nil = none.
  public var budgetUSDPerMonth: Double?
  /// Objective for the p99 latency in seconds; nil = none (the cheapest option wins).
  public var latencySLOSeconds: Double?
  /// Billed hours per month (default `BillingMonth.hours`, 730).
  public var hoursPerMonth: Double
  /// Highest planned utilization of a replica (default `PlanningDefaults.targetUtilization`).
  public var targetUtilization: Double
  /// The batching delay fixed for every option (`--max-delay`); nil: the planner's choice.
  public var fixedBatchingDelaySeconds: Double?
  /// The day of traffic (hourly rates, a named shape or a request log); nil: one constant rate.
  /// When set, `requestsPerSecond` is its mean and `peakFactor` its peak ÷ mean, so the fixed
  /// fleet is sized for the peak minute, and the plan adds the autoscaled fleet and the ways to pay.
  public var traffic: DailyTraffic? = nil
  /// How the autoscaled fleet follows `traffic`.
  public var autoscaling = AutoscalingSettings()
  /// Whether spot prices may be recommended (`--allow spot`); they are shown either way.
  public var allowsSpot = false

  public init(
    requestsPerSecond: Double, peakFactor: Double = 1, budgetUSDPerMonth: Double? = nil,
    latencySLOSeconds: Double? = nil, hoursPerMonth: Double = BillingMonth.hours,
    targetUtilization: Double = PlanningDefaults.targetUtilization, fixedBatchingDelaySeconds: Double? = nil
  ) {
    self.requestsPerSecond = requestsPerSecond
    self.peakFactor = peakFactor
    self.budgetUSDPerMonth = budgetUSDPerMonth
    self.latencySLOSeconds = latencySLOSeconds
    self.hoursPerMonth = hoursPerMonth
    self.targetUtilization = targetUtilization
    self.fixedBatchingDelaySeconds = fixedBatchingDelaySeconds
  }

  /// The batching delays tried for batches above 1, ascending: the fixed one when given (`--max-delay`);
  /// with an SLO, 0, a tenth and half of it (a request waits at most the delay before its batch
  /// starts, so a delay past half the SLO leaves too little for service and queueing); else
  /// `PlanningDefaults.maxBatchingDelaySeconds`.
  public var batchingDelays: [Double] {
    if let fixed = fixedBatchingDelaySeconds { return [fixed] }
    if let slo = latencySLOSeconds { return [0, slo / 10, slo / 2] }
    return [PlanningDefaults.maxBatchingDelaySeconds]
  }

  /// `targetUtilization` kept within 1%…99%.
  public var clampedUtilization: Double { min(max(targetUtilization, 0.01), 0.99) }

  /// The longest of `batchingDelays`.
  public var maxBatchingDelaySeconds: Double { batchingDelays.last ?? 0 }

  /// The rate replicas are sized for: `requestsPerSecond × peakFactor`.
  public var peakRequestsPerSecond: Double { requestsPerSecond * max(1, peakFactor) }

  /// Requests in a billed month: `requestsPerSecond × 3600 × hoursPerMonth`.
  public var requestsPerMonth: Double { requestsPerSecond * 3600 * hoursPerMonth }

  /// The same request following `traffic`: its mean becomes the volume and its peak ÷ mean the
  /// peak factor, so the fixed fleet is sized for the busiest minute.
  public func following(_ traffic: DailyTraffic) -> PlanRequest {
    var copy = self
    copy.traffic = traffic
    copy.requestsPerSecond = traffic.meanRequestsPerSecond
    copy.peakFactor = max(1, traffic.peakToMean)
    return copy
  }

  /// The same request at another average rate (used by the break-even search).
  public func atRate(_ requestsPerSecond: Double) -> PlanRequest {
    var copy = self
    copy.requestsPerSecond = requestsPerSecond
    return copy
  }
}
