import Profiles
import Records

/// Turns measurements, hardware profiles and a request volume into a ranked plan.
///
/// `makeCandidates()` decides, per hardware, where each service time comes from (measured,
/// projected, estimated, calibrated); `evaluate(_:for:)` sizes replicas and instances and
/// predicts latency and cost at a rate; `plan(for:)` ranks, recommends and finds the
/// break-even volume.
public struct Planner: Sendable {
  public var model: ModelWork
  public var hardware: [HardwareProfile]
  public var measurements: [Measurement]
  /// This machine, when the plan measured it in this run; nil otherwise. Projection never uses
  /// it: every CPU row is projected from its own host figures (`Measurement.host`).
  public var host: PlanningHost?
  public var efficiencies: RooflineEfficiencies
  /// Batch sizes evaluated on GPUs: 1, 2, 4 … 1024 (limited by memory).
  public var gpuBatchSizes: [Int]
  /// Precisions evaluated on GPUs: fp16 (how GPUs are served) and fp32 (CUDA-core FP32, as the
  /// GPU backend runs it).
  public var gpuPrecisions: [Precision]
  /// Serverless platforms priced when the request has a day of traffic (`Profiles/serverless`).
  public var serverless: [ServerlessProfile] = []

  public init(
    model: ModelWork, hardware: [HardwareProfile], measurements: [Measurement], host: PlanningHost?,
    efficiencies: RooflineEfficiencies = .defaults,
    gpuBatchSizes: [Int] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
    gpuPrecisions: [Precision] = [.fp16, .fp32]
  ) {
    self.model = model
    self.hardware = hardware
    self.measurements = measurements
    self.host = host
    self.efficiencies = efficiencies
    self.gpuBatchSizes = gpuBatchSizes
    self.gpuPrecisions = gpuPrecisions
  }

  /// Plans `request`: screens every candidate with the closed form, then decides the ones that
  /// could be recommended with `predictor` (the serving simulation in the tool; the closed form
  /// when nil), recommends, and finds the break-even volumes and the 10× answer with the same
  /// pipeline (see `DecisionPipeline`).
  ///
  /// - Parameters:
  ///   - predictor: predicts each decided fleet (figures and SLO verdict).
  ///   - searchPredictor: the same model with a smaller sample for capacity searches; default
  ///     `predictor`.
  public func plan(
    for request: PlanRequest, predictor: (any LatencyPredictor)? = nil, searchPredictor: (any LatencyPredictor)? = nil
  ) -> Plan {
    let deciding = predictor ?? ClosedFormLatencyPredictor()
    let candidates = makeCandidates()
    let pipeline = DecisionPipeline(
      planner: self, predictor: deciding, searchPredictor: searchPredictor ?? deciding, cache: ReplicaCapacityCache())
    let options = Self.ranked(decidedOptions(candidates, at: request, pipeline: pipeline))
    let recommendation = Recommender.recommend(options, for: request)
    let (breakEvens, sweep) = BreakEvenSearch.find(pipeline: pipeline, candidates: candidates, request: request)
    let tenTimesRequest = request.atRate(request.requestsPerSecond * 10)
    let tenTimes = Recommender.recommend(decidedOptions(candidates, at: tenTimesRequest, pipeline: pipeline), for: tenTimesRequest)
    let decided = options.filter(\.isDecided).count
    let rule = request.latencySLOSeconds == nil ? "" : " (replicas added until its p99 meets the SLO)"
    let note = "\(decided) option\(decided == 1 ? "" : "s") sized and predicted by \(deciding.name)\(rule); "
      + "\(options.count - decided) with closed-form screen figures only (a cheaper option of their class "
      + "already met the SLO, or they cannot be recommended)"
    var plan = Plan(
      request: request, model: model, options: options, recommendation: recommendation, breakEvens: breakEvens,
      volumeSweep: sweep, atTenTimesVolume: tenTimes.headline, notes: [note])
    plan.traffic = trafficAnswer(options, recommendation: recommendation, request: request, pipeline: pipeline)
    return plan
  }

  /// Every candidate screened at `request`, then the founded ones decided by `pipeline`.
  func decidedOptions(_ candidates: [ServingCandidate], at request: PlanRequest, pipeline: DecisionPipeline) -> [PlanOption] {
    pipeline.decide(evaluateAll(candidates, for: request), at: request)
  }

  /// Every candidate evaluated at `request` with the closed form.
  public func evaluateAll(_ candidates: [ServingCandidate], for request: PlanRequest) -> [PlanOption] {
    let predictor = ClosedFormLatencyPredictor()
    return candidates.map { evaluate($0, for: request, predictor: predictor) }
  }

  /// Options sorted cheapest first (unpriced last), then by p99, then by name and batch.
  public static func ranked(_ options: [PlanOption]) -> [PlanOption] {
    options.sorted { a, b in
      let costA = a.monthlyUSD ?? .infinity, costB = b.monthlyUSD ?? .infinity
      if costA != costB { return costA < costB }
      let p99A = a.p99Seconds ?? .infinity, p99B = b.p99Seconds ?? .infinity
      if p99A != p99B { return p99A < p99B }
      if a.hardwareName != b.hardwareName { return a.hardwareName < b.hardwareName }
      if a.candidate.precision != b.candidate.precision { return a.candidate.precision.rawValue < b.candidate.precision.rawValue }
      if a.candidate.threads != b.candidate.threads { return a.candidate.threads < b.candidate.threads }
      return a.batchSize < b.batchSize
    }
  }

  static func sameCandidate(_ a: ServingCandidate, _ b: ServingCandidate) -> Bool {
    a.hardwareName == b.hardwareName && a.deviceName == b.deviceName && a.precision == b.precision
      && a.threads == b.threads && a.batchSize == b.batchSize && a.deviceKind == b.deviceKind
  }
}
