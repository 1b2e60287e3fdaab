extension PlanDocument {
  /// One evaluated option (the same keys for every option).
  public struct Option: Codable, Sendable, Equatable {
    /// Profiles hardware name, or `local` for this machine.
    public var hardware: String
    /// `cpu` or `gpu`.
    public var deviceClass: String
    /// `cpu` or the GPU's short name (`T4`, `A100-40GB`).
    public var device: String
    public var precision: Precision
    public var threads: Int
    /// Largest batch the batcher forms.
    public var batch: Int
    /// Seconds per full batch, before any queueing.
    public var serviceTime: Double
    /// nil when the option was excluded before predicting.
    public var replicas: Int?
    public var instances: Int?
    /// Fraction of time a replica is busy.
    public var utilization: Double?
    public var meanBatch: Double?
    public var p50: Double?
    public var p50Low: Double?
    public var p50High: Double?
    public var p99: Double?
    public var p99Low: Double?
    public var p99High: Double?
    public var usdPerHour: Double?
    public var monthlyUSD: Double?
    public var usdPerMillion: Double?
    public var meetsSLO: Bool
    public var withinBudget: Bool
    /// Share of the instances' vCPUs the CPU replicas keep busy; nil for GPU options.
    public var cpuLoad: Double?
    /// `measured`, `projected`, `estimated` or `calibrated`.
    public var label: String
    public var labelNote: String
    public var latencyMethod: String?
    public var excludedReason: String?

    enum CodingKeys: String, CodingKey {
      case hardware
      case deviceClass = "device_class"
      case device, precision, threads, batch
      case serviceTime = "service_time"
      case replicas, instances, utilization
      case meanBatch = "mean_batch"
      case p50
      case p50Low = "p50_low"
      case p50High = "p50_high"
      case p99
      case p99Low = "p99_low"
      case p99High = "p99_high"
      case usdPerHour = "usd_per_hour"
      case monthlyUSD = "monthly_usd"
      case usdPerMillion = "usd_per_million"
      case meetsSLO = "meets_slo"
      case withinBudget = "within_budget"
      case cpuLoad = "cpu_load"
      case label
      case labelNote = "label_note"
      case latencyMethod = "latency_method"
      case excludedReason = "excluded_reason"
    }

    public init(
      hardware: String, deviceClass: String, device: String, precision: Precision, threads: Int, batch: Int,
      serviceTime: Double, replicas: Int?, instances: Int?, utilization: Double?, meanBatch: Double?, p50: Double?,
      p50Low: Double?, p50High: Double?, p99: Double?, p99Low: Double?, p99High: Double?, usdPerHour: Double?,
      monthlyUSD: Double?, usdPerMillion: Double?, meetsSLO: Bool, withinBudget: Bool, cpuLoad: Double?,
      label: String, labelNote: String, latencyMethod: String?, excludedReason: String?
    ) {
      self.hardware = hardware
      self.deviceClass = deviceClass
      self.device = device
      self.precision = precision
      self.threads = threads
      self.batch = batch
      self.serviceTime = serviceTime
      self.replicas = replicas
      self.instances = instances
      self.utilization = utilization
      self.meanBatch = meanBatch
      self.p50 = p50
      self.p50Low = p50Low
      self.p50High = p50High
      self.p99 = p99
      self.p99Low = p99Low
      self.p99High = p99High
      self.usdPerHour = usdPerHour
      self.monthlyUSD = monthlyUSD
      self.usdPerMillion = usdPerMillion
      self.meetsSLO = meetsSLO
      self.withinBudget = withinBudget
      self.cpuLoad = cpuLoad
      self.label = label
      self.labelNote = labelNote
      self.latencyMethod = latencyMethod
      self.excludedReason = excludedReason
    }
  }

  /// The recommended option, with why: its keys plus `outcome`, `budget_excess_usd`, `reasons`.
  public struct Recommendation: Codable, Sendable, Equatable {
    public var option: Option
    /// `fits`, `over_budget`, `none_meets_slo` or `no_options`.
    public var outcome: String
    /// USD per month over the budget; nil when within it or without one.
    public var budgetExcessUSD: Double?
    public var reasons: [String]

    enum CodingKeys: String, CodingKey {
      case outcome
      case budgetExcessUSD = "budget_excess_usd"
      case reasons
    }

    public init(option: Option, outcome: String, budgetExcessUSD: Double?, reasons: [String]) {
      self.option = option
      self.outcome = outcome
      self.budgetExcessUSD = budgetExcessUSD
      self.reasons = reasons
    }

    public init(from decoder: any Decoder) throws {
      option = try Option(from: decoder)
      let container = try decoder.container(keyedBy: CodingKeys.self)
      outcome = try container.decode(String.self, forKey: .outcome)
      budgetExcessUSD = try container.decodeIfPresent(Double.self, forKey: .budgetExcessUSD)
      reasons = try container.decode([String].self, forKey: .reasons)
    }

    public func encode(to encoder: any Encoder) throws {
      try option.encode(to: encoder)
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(outcome, forKey: .outcome)
      try container.encodeIfPresent(budgetExcessUSD, forKey: .budgetExcessUSD)
      try container.encode(reasons, forKey: .reasons)
    }
  }
}
