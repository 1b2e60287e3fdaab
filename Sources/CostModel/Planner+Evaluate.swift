import Records


extension Planner {
  /// Most replicas an option may need before it is excluded (keeps the sizing loop bounded).
  static let replicaLimit = 10_000_000

  /// Sizes and prices one candidate at `request`:
  ///
  ///     X(b)      = b / S(b)                                    throughput of a full-batch replica
  ///     c₀        = ceil(peak / (X(b) × u))                       u = target utilization (0.7)
  ///     c         = smallest c ≥ c₀ with ρ(c) ≤ u                 ρ from the predictor, since at low
  ///                                                             rates batches do not fill
  ///     instances = ceil(c / replicas per instance); replicas = instances × replicas per instance
  ///                                                             (every paid-for slot runs)
  ///     monthly   = instances × USD/hour × hours per month
  ///     $/1M      = monthly ÷ (average rate × 3600 × hours ÷ 10⁶)
  ///
  /// Burstable instances are excluded when the CPU load `replicas × ρ × threads ÷ (instances ×
  /// vCPUs)` exceeds their baseline share (unlimited mode bills the surplus).
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
    let u = min(max(request.targetUtilization, 0.01), 0.99)
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
    let perInstance = candidate.replicasPerInstance
    let instances = (replicas + perInstance - 1) / perInstance
    replicas = instances * perInstance
    prediction = predict(replicas)
    guard let prediction else {
      option.excludedReason = "no latency prediction"
      return option
    }
    option.replicas = replicas
    option.instances = instances
    option.prediction = prediction
    option.meetsSLO = prediction.stable && (request.latencySLOSeconds.map { prediction.p99Seconds <= $0 } ?? true)
    if let price = candidate.usdPerHour {
      let monthly = Double(instances) * price * request.hoursPerMonth
      option.monthlyUSD = monthly
      option.usdPerMillion = request.requestsPerMonth > 0 ? monthly / (request.requestsPerMonth / 1e6) : nil
      option.withinBudget = request.budgetUSDPerMonth.map { monthly <= $0 + 1e-9 } ?? true
    }
    if candidate.deviceKind == .cpu {
      let vCPUs = candidate.profile?.vCPUs ?? host?.measuring.physicalCores ?? candidate.threads
      let load = Double(replicas) * prediction.utilization * Double(candidate.threads) / Double(max(1, instances * vCPUs))
      option.cpuLoad = load
      if let baseline = candidate.profile?.burstableBaseline, load > baseline {
        option.excludedReason = "burstable: CPU load \(ReadableNumber.percent(load)) exceeds its "
          + "\(ReadableNumber.percent(baseline)) baseline (surplus CPU credits are billed)"
      }
    }
    return option
  }
}
