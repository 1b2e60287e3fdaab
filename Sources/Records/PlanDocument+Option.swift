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
    /// Longest the batcher holds the oldest request for a batch to fill, seconds (0 for batch
    /// 1); nil when read from a version-1 file (then `inputs.max_batching_delay` applied).
    public var batchingDelay: Double?
    /// Seconds per full batch, before any queueing.
    public var serviceTime: Double
    /// nil when the option was excluded before predicting.
    public var replicas: Int?
    public var instances: Int?
    /// Fraction of time one replica is busy (its own share of the traffic).
    public var utilization: Double?
    public var meanBatch: Double?
    public var p50: Double?
    public var p50Low: Double?
    public var p50High: Double?
    public var p99: Double?
    public var p99Low: Double?
    public var p99High: Double?
    public var usdPerHour: Double?
    /// Instances plus, for a burstable instance, the surplus CPU credits.
    public var monthlyUSD: Double?
    /// Surplus CPU credits billed in unlimited mode, USD per month (in `monthlyUSD`); nil
    /// when not burstable.
    public var surplusUSDPerMonth: Double?
    public var usdPerMillion: Double?
    public var meetsSLO: Bool
    /// Why the option misses the SLO at any replica count (e.g. its service time alone is
    /// over it); nil when it meets the SLO or more replicas would.
    public var sloMissReason: String?
    public var withinBudget: Bool
    /// Share of the instances' vCPUs the CPU replicas keep busy; nil for GPU options.
    public var cpuLoad: Double?
    /// `measured`, `projected`, `estimated` or `calibrated`.
    public var label: String
    public var labelNote: String
    /// `simulated` (the serving simulation decided p99 and the replicas) or `screen` (the
    /// closed form only: clearly out, or priced above the best simulated option); nil when
    /// not predicted.
    public var latencyMethod: String?
    public var excludedReason: String?

    enum CodingKeys: String, CodingKey {
      case hardware
      case deviceClass = "device_class"
      case device, precision, threads, batch
      case batchingDelay = "batching_delay"
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
      case surplusUSDPerMonth = "surplus_usd_per_month"
      case usdPerMillion = "usd_per_million"
      case meetsSLO = "meets_slo"
      case sloMissReason = "slo_miss_reason"
      case withinBudget = "within_budget"
      case cpuLoad = "cpu_load"
      case label
      case labelNote = "label_note"
      case latencyMethod = "latency_method"
      case excludedReason = "excluded_reason"
    }

    public init(
      hardware: String, deviceClass: String, device: String, precision: Precision, threads: Int, batch: Int,
      batchingDelay: Double?, serviceTime: Double, replicas: Int?, instances: Int?, utilization: Double?,
      meanBatch: Double?, p50: Double?, p50Low: Double?, p50High: Double?, p99: Double?, p99Low: Double?,
      p99High: Double?, usdPerHour: Double?, monthlyUSD: Double?, surplusUSDPerMonth: Double?, usdPerMillion: Double?,
      meetsSLO: Bool, sloMissReason: String?, withinBudget: Bool, cpuLoad: Double?, label: String, labelNote: String,
      latencyMethod: String?, excludedReason: String?
    ) {
      self.hardware = hardware
      self.deviceClass = deviceClass
      self.device = device
      self.precision = precision
      self.threads = threads
      self.batch = batch
      self.batchingDelay = batchingDelay
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
      self.surplusUSDPerMonth = surplusUSDPerMonth
      self.usdPerMillion = usdPerMillion
      self.meetsSLO = meetsSLO
      self.sloMissReason = sloMissReason
      self.withinBudget = withinBudget
      self.cpuLoad = cpuLoad
      self.label = label
      self.labelNote = labelNote
      self.latencyMethod = latencyMethod
      self.excludedReason = excludedReason
    }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      hardware = try container.decode(String.self, forKey: .hardware)
      deviceClass = try container.decode(String.self, forKey: .deviceClass)
      device = try container.decode(String.self, forKey: .device)
      precision = try container.decode(Precision.self, forKey: .precision)
      threads = try container.decode(Int.self, forKey: .threads)
      batch = try container.decode(Int.self, forKey: .batch)
      batchingDelay = try container.decodeIfPresent(Double.self, forKey: .batchingDelay)
      serviceTime = try container.decode(Double.self, forKey: .serviceTime)
      replicas = try container.decodeIfPresent(Int.self, forKey: .replicas)
      instances = try container.decodeIfPresent(Int.self, forKey: .instances)
      utilization = try container.decodeIfPresent(Double.self, forKey: .utilization)
      meanBatch = try container.decodeIfPresent(Double.self, forKey: .meanBatch)
      p50 = try container.decodeIfPresent(Double.self, forKey: .p50)
      p50Low = try container.decodeIfPresent(Double.self, forKey: .p50Low)
      p50High = try container.decodeIfPresent(Double.self, forKey: .p50High)
      p99 = try container.decodeIfPresent(Double.self, forKey: .p99)
      p99Low = try container.decodeIfPresent(Double.self, forKey: .p99Low)
      p99High = try container.decodeIfPresent(Double.self, forKey: .p99High)
      usdPerHour = try container.decodeIfPresent(Double.self, forKey: .usdPerHour)
      monthlyUSD = try container.decodeIfPresent(Double.self, forKey: .monthlyUSD)
      surplusUSDPerMonth = try container.decodeIfPresent(Double.self, forKey: .surplusUSDPerMonth)
      usdPerMillion = try container.decodeIfPresent(Double.self, forKey: .usdPerMillion)
      meetsSLO = try container.decode(Bool.self, forKey: .meetsSLO)
      sloMissReason = try container.decodeIfPresent(String.self, forKey: .sloMissReason)
      withinBudget = try container.decode(Bool.self, forKey: .withinBudget)
      cpuLoad = try container.decodeIfPresent(Double.self, forKey: .cpuLoad)
      label = try container.decode(String.self, forKey: .label)
      labelNote = try container.decode(String.self, forKey: .labelNote)
      let method = try container.decodeIfPresent(String.self, forKey: .latencyMethod)
      // Version 1 wrote "closed form" or "simulation (K × N requests)".
      latencyMethod = decoder.documentVersion == 1 ? method.map { $0.hasPrefix("simulation") ? "simulated" : "screen" } : method
      excludedReason = try container.decodeIfPresent(String.self, forKey: .excludedReason)
    }
  }

  /// The recommended option, with why: its keys plus `outcome`, `budget_excess_usd`, `reasons`.
  /// In version 2 it always meets both limits (`outcome` is `fits`, `budget_excess_usd` null);
  /// the keys stay for readers of version 1.
  public struct Recommendation: Codable, Sendable, Equatable {
    public var option: Option
    /// `fits` (version 1 also wrote `over_budget`, `none_meets_slo` here).
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

extension PlanDocument {
  /// The cheapest option meeting the SLO: its keys plus `budget_excess_usd`.
  public struct CheapestMeetingSLO: Codable, Sendable, Equatable {
    public var option: Option
    /// USD per month over the budget; nil when within it or without one.
    public var budgetExcessUSD: Double?

    enum CodingKeys: String, CodingKey { case budgetExcessUSD = "budget_excess_usd" }

    public init(option: Option, budgetExcessUSD: Double?) {
      self.option = option
      self.budgetExcessUSD = budgetExcessUSD
    }

    public init(from decoder: any Decoder) throws {
      option = try Option(from: decoder)
      budgetExcessUSD = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Double.self, forKey: .budgetExcessUSD)
    }

    public func encode(to encoder: any Encoder) throws {
      try option.encode(to: encoder)
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encodeIfPresent(budgetExcessUSD, forKey: .budgetExcessUSD)
    }
  }

  /// What relaxing one limit alone buys: "SLO 500 µs → t3.small, $15.18/month".
  public struct Relaxation: Codable, Sendable, Equatable {
    /// `latency_slo` or `budget`.
    public var constraint: String
    /// The relaxed limit: seconds of p99 (`latency_slo`) or USD per month (`budget`).
    public var value: Double
    /// The option that limit buys.
    public var option: Option
    /// The same in words, as the report prints it.
    public var text: String

    public init(constraint: String, value: Double, option: Option, text: String) {
      self.constraint = constraint
      self.value = value
      self.option = option
      self.text = text
    }
  }

  /// A rate where the recommended device class changes.
  public struct BreakEven: Codable, Sendable, Equatable {
    /// Requests per second (average).
    public var rate: Double
    /// `cpu` or `gpu`: the class recommended just above `rate`.
    public var cheaperAbove: String

    enum CodingKeys: String, CodingKey {
      case rate
      case cheaperAbove = "cheaper_above"
    }

    public init(rate: Double, cheaperAbove: String) {
      self.rate = rate
      self.cheaperAbove = cheaperAbove
    }
  }

  /// The cheapest option of each class meeting the SLO at one rate (the cost-vs-volume chart).
  public struct VolumeSweepPoint: Codable, Sendable, Equatable {
    /// Requests per second (average).
    public var rate: Double
    /// USD per month; nil when no option of that class meets the SLO at this rate.
    public var cpuMonthlyUSD: Double?
    public var gpuMonthlyUSD: Double?

    enum CodingKeys: String, CodingKey {
      case rate
      case cpuMonthlyUSD = "cpu_monthly_usd"
      case gpuMonthlyUSD = "gpu_monthly_usd"
    }

    public init(rate: Double, cpuMonthlyUSD: Double?, gpuMonthlyUSD: Double?) {
      self.rate = rate
      self.cpuMonthlyUSD = cpuMonthlyUSD
      self.gpuMonthlyUSD = gpuMonthlyUSD
    }
  }
}
