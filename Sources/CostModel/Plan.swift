import Records

/// A rate where the recommended device class changes.
public struct BreakEven: Sendable, Equatable {
  /// Average requests per second.
  public var rate: Double
  /// The class recommended just above `rate`.
  public var cheaperAbove: DeviceKind

  public init(rate: Double, cheaperAbove: DeviceKind) {
    self.rate = rate
    self.cheaperAbove = cheaperAbove
  }
}

/// The cheapest option of each class meeting the SLO at one rate (budget ignored).
public struct VolumeSweepPoint: Sendable, Equatable {
  /// Average requests per second.
  public var rate: Double
  /// USD per month; nil when no option of the class meets the SLO there.
  public var cpuMonthlyUSD: Double?
  public var gpuMonthlyUSD: Double?

  public init(rate: Double, cpuMonthlyUSD: Double?, gpuMonthlyUSD: Double?) {
    self.rate = rate
    self.cpuMonthlyUSD = cpuMonthlyUSD
    self.gpuMonthlyUSD = gpuMonthlyUSD
  }
}

/// The result of planning: every option evaluated, the recommendation and where it flips.
public struct Plan: Sendable {
  public var request: PlanRequest
  public var model: ModelWork
  /// Every hardware × device × precision × threads × batch evaluated, cheapest first.
  public var options: [PlanOption]
  public var recommendation: Recommendation
  /// Every average rate (requests/s) where the recommended device class changes, ascending,
  /// searched over `BreakEvenSearch.lowestRate…highestRate`; empty when it never does.
  public var breakEvens: [BreakEven]
  /// The cheapest CPU and GPU option meeting the SLO at each rate the break-even search scanned.
  public var volumeSweep: [VolumeSweepPoint]
  /// What would be recommended at 10× the volume.
  public var atTenTimesVolume: PlanOption?
  /// How the figures were made beyond the closed form (e.g. finalists simulated).
  public var notes: [String]
  /// The day of traffic followed by the finalists' fleets, and every way to pay; nil without a
  /// traffic shape.
  public var traffic: TrafficAnswer? = nil

  public init(
    request: PlanRequest, model: ModelWork, options: [PlanOption], recommendation: Recommendation,
    breakEvens: [BreakEven], volumeSweep: [VolumeSweepPoint] = [], atTenTimesVolume: PlanOption?, notes: [String]
  ) {
    self.request = request
    self.model = model
    self.options = options
    self.recommendation = recommendation
    self.breakEvens = breakEvens
    self.volumeSweep = volumeSweep
    self.atTenTimesVolume = atTenTimesVolume
    self.notes = notes
  }

  /// The lowest break-even rate; nil when the class never changes in range.
  public var breakEvenRequestsPerSecond: Double? { breakEvens.first?.rate }
  /// The class recommended just above the lowest break-even rate.
  public var cheaperAboveBreakEven: DeviceKind? { breakEvens.first?.cheaperAbove }
}
