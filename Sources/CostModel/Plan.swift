import Records

/// The result of planning: every option evaluated, the recommendation and where it flips.
public struct Plan: Sendable {
  public var request: PlanRequest
  public var model: ModelWork
  /// Every hardware × device × precision × threads × batch evaluated, cheapest first.
  public var options: [PlanOption]
  public var recommendation: Recommendation
  /// Average rate (requests/s) where the cheapest CPU and GPU options swap places, searched over
  /// 0.01…10⁷ req/s; nil when they never swap in that range or one class has no option.
  public var breakEvenRequestsPerSecond: Double?
  /// The device class that is cheaper just above the break-even rate.
  public var cheaperAboveBreakEven: DeviceKind?
  /// What would be recommended at 10× the volume.
  public var atTenTimesVolume: PlanOption?
  /// How the figures were made beyond the closed form (e.g. finalists simulated).
  public var notes: [String]

  public init(
    request: PlanRequest, model: ModelWork, options: [PlanOption], recommendation: Recommendation,
    breakEvenRequestsPerSecond: Double?, cheaperAboveBreakEven: DeviceKind? = nil, atTenTimesVolume: PlanOption?,
    notes: [String]
  ) {
    self.cheaperAboveBreakEven = cheaperAboveBreakEven
    self.request = request
    self.model = model
    self.options = options
    self.recommendation = recommendation
    self.breakEvenRequestsPerSecond = breakEvenRequestsPerSecond
    self.atTenTimesVolume = atTenTimesVolume
    self.notes = notes
  }
}
