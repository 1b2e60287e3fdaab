import Records

/// A candidate evaluated at a request rate: replicas, latency, cost and the verdicts.
public struct PlanOption: Sendable {
  public var candidate: ServingCandidate
  /// Longest the batcher holds the oldest request for a batch to fill (0 for batch 1).
  public var batchingDelaySeconds: Double
  /// Median service time of a full batch (seconds per batch, before any queueing).
  public var serviceTimeSeconds: Double
  /// Replicas actually run: every slot of the instances paid for.
  public var replicas: Int
  /// Whole instances paid for: `ceil(replicas needed / replicas per instance)`.
  public var instances: Int
  /// The latency prediction; nil when the candidate was excluded before predicting.
  public var prediction: LatencyPrediction?
  /// `instances × USD/hour × hours per month` plus `surplusUSDPerMonth`; nil without a price
  /// (this machine).
  public var monthlyUSD: Double?
  /// Surplus CPU credits a burstable instance is billed in unlimited mode; nil when not burstable.
  public var surplusUSDPerMonth: Double?
  /// `monthlyUSD ÷ (requests per month ÷ 10⁶)`.
  public var usdPerMillion: Double?
  public var meetsSLO: Bool
  /// Why no replica count meets the SLO (the service time alone is over it); nil otherwise.
  public var sloMissReason: String?
  public var withinBudget: Bool
  /// Share of the instances' vCPUs the CPU replicas keep busy: `replicas × ρ × threads ÷
  /// (instances × vCPUs)`; nil for GPU options.
  public var cpuLoad: Double?
  /// Why the option is not a candidate for the recommendation; nil when it is.
  public var excludedReason: String?
  /// Whether the deciding latency model sized and predicted it (false: screen figures only,
  /// because a cheaper option of its class already met the SLO or it cannot be recommended).
  public var isDecided = false

  public init(
    candidate: ServingCandidate, batchingDelaySeconds: Double = 0, serviceTimeSeconds: Double, replicas: Int,
    instances: Int, prediction: LatencyPrediction?, monthlyUSD: Double?, surplusUSDPerMonth: Double? = nil,
    usdPerMillion: Double?, meetsSLO: Bool, sloMissReason: String? = nil, withinBudget: Bool, cpuLoad: Double?,
    excludedReason: String?
  ) {
    self.candidate = candidate
    self.batchingDelaySeconds = batchingDelaySeconds
    self.surplusUSDPerMonth = surplusUSDPerMonth
    self.sloMissReason = sloMissReason
    self.serviceTimeSeconds = serviceTimeSeconds
    self.replicas = replicas
    self.instances = instances
    self.prediction = prediction
    self.monthlyUSD = monthlyUSD
    self.usdPerMillion = usdPerMillion
    self.meetsSLO = meetsSLO
    self.withinBudget = withinBudget
    self.cpuLoad = cpuLoad
    self.excludedReason = excludedReason
  }

  /// Profiles hardware name, or "local".
  public var hardwareName: String { candidate.hardwareName }
  /// "this machine" for local, else the hardware name.
  public var displayName: String { candidate.displayName }
  /// CPU or CUDA.
  public var deviceKind: DeviceKind { candidate.deviceKind }
  /// "cpu" or the GPU's short name.
  public var deviceName: String { candidate.deviceName }
  /// Largest batch the batcher forms.
  public var batchSize: Int { candidate.batchSize }
  /// Where the service time comes from.
  public var label: LatencyLabel { candidate.label }
  /// Fraction of time a replica is busy; nil when not predicted.
  public var utilization: Double? { prediction?.utilization }
  /// Median latency in seconds; nil when not predicted.
  public var p50Seconds: Double? { prediction.map(\.p50Seconds) }
  /// p99 latency in seconds; nil when not predicted.
  public var p99Seconds: Double? { prediction.map(\.p99Seconds) }

  /// Whether the option can be recommended: not excluded, priced and stable.
  public var isEligible: Bool {
    excludedReason == nil && monthlyUSD != nil && (prediction?.stable ?? false)
  }

  /// Whether the serving simulation made the latency figures (else the closed-form screen).
  public var isSimulated: Bool { prediction?.method.hasPrefix("simulation") ?? false }

  /// "CPU" or "GPU".
  public var deviceClassName: String { deviceKind == .cpu ? "CPU" : "GPU" }
}
