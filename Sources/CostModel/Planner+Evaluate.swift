import Records


extension Planner {
  /// Most replicas an option may need before it is excluded (keeps the sizing loop bounded).
  static let replicaLimit = 10_000_000

  /// The closed-form screen of one candidate at `request`: fast figures for every option of
  /// the table, and the starting point `DecisionPipeline` refines.
  ///
  ///     X(b)      = b / S(b)                                    throughput of a full-batch replica
  ///     c₀        = ceil(peak / (X(b) × u))                       u = target utilization (0.7)
  ///     c         = smallest c ≥ c₀ with ρ(c) ≤ u                 ρ from the closed form, since at
  ///                                                             low rates batches do not fill
  ///     instances, replicas, monthly: `Planner.priced` (whole instances; burstable surplus priced)
  ///     $/1M      = monthly ÷ (average rate × 3600 × hours ÷ 10⁶)
  ///
  /// The delay is the longest of `request.batchingDelays` for batches above 1.
  public func evaluate(
    _ candidate: ServingCandidate, for request: PlanRequest, predictor: any LatencyPredictor
  ) -> PlanOption {
    let service = candidate.curve.medianSeconds(at: Double(candidate.batchSize))
    let delay = candidate.batchSize > 1 ? request.maxBatchingDelaySeconds : 0
    var option = PlanOption(
      candidate: candidate, batchingDelaySeconds: delay, serviceTimeSeconds: service, replicas: 0, instances: 0, prediction: nil,
      monthlyUSD: nil, usdPerMillion: nil, meetsSLO: false, withinBudget: false, cpuLoad: nil,
      excludedReason: candidate.excludedReason)
    guard candidate.excludedReason == nil, candidate.replicasPerInstance >= 1 else { return option }
    let u = request.clampedUtilization
    let peak = request.peakRequestsPerSecond
    let throughput = Double(candidate.batchSize) / candidate.curve.meanSeconds(at: Double(candidate.batchSize))
    guard throughput.isFinite, throughput > 0 else {
      option.excludedReason = "no usable service time"
      return option
    }
    func predict(_ replicas: Int) -> LatencyPrediction? {
      try? predictor.predict(ServingSetup(
        curve: candidate.curve, maxBatchSize: candidate.batchSize,
        maxBatchingDelaySeconds: delay, replicas: replicas,
        requestsPerSecond: peak, relativeSpread: candidate.relativeSpread))
    }
    let start = peak / (throughput * u)
    guard start < Double(Self.replicaLimit) else {
      option.excludedReason = "would need more than \(Self.replicaLimit) replicas"
      return option
    }
    var replicas = max(1, Int(start.rounded(.up)))
    var prediction = predict(replicas)
    while let current = prediction, !current.stable || current.utilization > u {
      let grown = current.stable ? Double(replicas) * current.utilization / u : Double(replicas) * 2
      replicas = max(replicas + 1, Int(grown.rounded(.up)))
      guard replicas <= Self.replicaLimit else {
        option.excludedReason = "would need more than \(Self.replicaLimit) replicas"
        return option
      }
      prediction = predict(replicas)
    }
    let fleet = priced(candidate, replicas: replicas, delay: delay, at: request)
    prediction = predict(fleet.replicas)
    guard let prediction else {
      option.excludedReason = "no latency prediction"
      return option
    }
    option.replicas = fleet.replicas
    option.instances = fleet.instances
    option.prediction = prediction
    option.cpuLoad = fleet.cpuLoad
    option.meetsSLO = prediction.stable && (request.latencySLOSeconds.map { prediction.p99Seconds <= $0 } ?? true)
    if let slo = request.latencySLOSeconds, candidate.curve.medianSeconds(at: 1) > slo {
      option.sloMissReason = "its service time alone, \(ReadableNumber.duration(candidate.curve.medianSeconds(at: 1))) "
        + "at batch 1, is over the \(ReadableNumber.duration(slo)) SLO"
    }
    if candidate.usdPerHour != nil {
      option.monthlyUSD = fleet.monthlyUSD
      option.surplusUSDPerMonth = fleet.surplusUSDPerMonth
      option.usdPerMillion = request.requestsPerMonth > 0 ? fleet.monthlyUSD / (request.requestsPerMonth / 1e6) : nil
      option.withinBudget = request.budgetUSDPerMonth.map { fleet.monthlyUSD <= $0 + 1e-9 } ?? true
    }
    return option
  }
}
