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

  /// Plans `request`: evaluates every candidate with the closed form, re-predicts the
  /// `finalistCount` cheapest eligible options with `finalistPredictor` (the serving
  /// simulation) when given, then recommends and searches the break-even volume.
  public func plan(
    for request: PlanRequest, finalistPredictor: (any LatencyPredictor)? = nil, finalistCount: Int = 5
  ) -> Plan {
    let candidates = makeCandidates()
    var options = evaluateAll(candidates, for: request)
    var notes: [String] = []
    if let finalistPredictor {
      let refined = refine(&options, for: request, with: finalistPredictor, count: finalistCount)
      notes.append(refined)
    }
    options = Self.ranked(options)
    let recommendation = Recommender.recommend(options, for: request)
    let (breakEvens, sweep) = BreakEvenSearch.find(planner: self, candidates: candidates, request: request)
    let tenTimes = Recommender.recommend(evaluateAll(candidates, for: request.atRate(request.requestsPerSecond * 10)),
                                         for: request.atRate(request.requestsPerSecond * 10))
    return Plan(
      request: request, model: model, options: options, recommendation: recommendation, breakEvens: breakEvens,
      volumeSweep: sweep, atTenTimesVolume: tenTimes.headline, notes: notes)
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

  private func refine(
    _ options: inout [PlanOption], for request: PlanRequest, with predictor: any LatencyPredictor, count: Int
  ) -> String {
    // The cheapest eligible option of each hardware × device × precision, cheapest first.
    var seen = Set<String>()
    let order = Self.ranked(options).filter(\.isEligible).filter { option in
      seen.insert("\(option.hardwareName)|\(option.deviceName)|\(option.candidate.precision)").inserted
    }.prefix(count)
    var refined = 0
    for finalist in order {
      guard let index = options.firstIndex(where: { Self.sameCandidate($0.candidate, finalist.candidate) }) else { continue }
      let setup = ServingSetup(
        curve: finalist.candidate.curve, maxBatchSize: finalist.batchSize,
        maxBatchingDelaySeconds: request.maxBatchingDelaySeconds, replicas: finalist.replicas,
        requestsPerSecond: request.peakRequestsPerSecond, relativeSpread: finalist.candidate.relativeSpread)
      guard let prediction = try? predictor.predict(setup) else { continue }
      options[index].prediction = prediction
      options[index].meetsSLO = prediction.stable && request.latencySLOSeconds.map { prediction.p99Seconds <= $0 } ?? prediction.stable
      refined += 1
    }
    return "the \(refined) cheapest option\(refined == 1 ? "" : "s") re-predicted by \(predictor.name)"
  }

  static func sameCandidate(_ a: ServingCandidate, _ b: ServingCandidate) -> Bool {
    a.hardwareName == b.hardwareName && a.deviceName == b.deviceName && a.precision == b.precision
      && a.threads == b.threads && a.batchSize == b.batchSize && a.deviceKind == b.deviceKind
  }
}
