extension PlanDocument {
  /// A plan made with a day of traffic (`--traffic`, `--shape`, a workload's `hourly_rates` or
  /// `shape`): the day, each finalist's fixed and autoscaled fleets and every way to pay, and the
  /// winner. Rates in requests per second, money in USD per month, times in seconds.
  public struct Traffic: Codable, Sendable, Equatable {
    /// Where the day came from: "shape diurnal, peak 3× the mean", "request log …".
    public var origin: String
    public var meanRate: Double
    public var peakRate: Double
    public var peakToMean: Double
    /// Index of dispersion of per-second counts within a minute (1 = Poisson); request logs only.
    public var burstiness: Double?
    /// The 24 hourly means of the day (requests per second), 00:00 UTC first.
    public var hourlyRates: [Double]
    public var fleets: [Fleet]
    /// Serverless CPU platforms priced for the day.
    public var serverless: [Serverless]
    /// The cheapest allowed way to pay meeting the SLO over the day; nil when none does.
    public var winner: Winner?

    enum CodingKeys: String, CodingKey {
      case origin, burstiness, fleets, winner, serverless
      case meanRate = "mean_rate"
      case peakRate = "peak_rate"
      case peakToMean = "peak_to_mean"
      case hourlyRates = "hourly_rates"
    }

    public init(
      origin: String, meanRate: Double, peakRate: Double, peakToMean: Double, burstiness: Double?, hourlyRates: [Double],
      fleets: [Fleet], serverless: [Serverless], winner: Winner?
    ) {
      self.origin = origin
      self.meanRate = meanRate
      self.peakRate = peakRate
      self.peakToMean = peakToMean
      self.burstiness = burstiness
      self.hourlyRates = hourlyRates
      self.fleets = fleets
      self.serverless = serverless
      self.winner = winner
    }
  }

  /// One finalist followed through the day.
  public struct Fleet: Codable, Sendable, Equatable {
    /// The option's `hardware`, `device`, `precision`, `batch` and `threads`, as in `options`.
    public var hardware: String
    public var device: String
    public var precision: String
    public var batch: Int
    public var threads: Int
    public var replicasPerInstance: Int
    /// The autoscaling policy in replicas (whole instances × replicas per instance): what an
    /// exported HorizontalPodAutoscaler uses.
    public var minReplicas: Int
    public var maxReplicas: Int
    public var scaleUpDelay: Double
    public var cooldown: Double
    public var fixedInstances: Int
    public var autoscaledBaseInstances: Int
    public var autoscaledPeakInstances: Int
    public var instanceHoursPerDay: Double
    /// Minutes a day with fewer instances serving than the rule wanted (lag after ramps).
    public var lagMinutes: Int
    public var waysToPay: [Quote]

    enum CodingKeys: String, CodingKey {
      case hardware, device, precision, batch, threads, cooldown
      case replicasPerInstance = "replicas_per_instance"
      case minReplicas = "min_replicas"
      case maxReplicas = "max_replicas"
      case scaleUpDelay = "scale_up_delay"
      case fixedInstances = "fixed_instances"
      case autoscaledBaseInstances = "autoscaled_base_instances"
      case autoscaledPeakInstances = "autoscaled_peak_instances"
      case instanceHoursPerDay = "instance_hours_per_day"
      case lagMinutes = "lag_minutes"
      case waysToPay = "ways_to_pay"
    }

    public init(
      hardware: String, device: String, precision: String, batch: Int, threads: Int, replicasPerInstance: Int,
      minReplicas: Int, maxReplicas: Int, scaleUpDelay: Double, cooldown: Double, fixedInstances: Int,
      autoscaledBaseInstances: Int, autoscaledPeakInstances: Int, instanceHoursPerDay: Double, lagMinutes: Int,
      waysToPay: [Quote]
    ) {
      self.hardware = hardware
      self.device = device
      self.precision = precision
      self.batch = batch
      self.threads = threads
      self.replicasPerInstance = replicasPerInstance
      self.minReplicas = minReplicas
      self.maxReplicas = maxReplicas
      self.scaleUpDelay = scaleUpDelay
      self.cooldown = cooldown
      self.fixedInstances = fixedInstances
      self.autoscaledBaseInstances = autoscaledBaseInstances
      self.autoscaledPeakInstances = autoscaledPeakInstances
      self.instanceHoursPerDay = instanceHoursPerDay
      self.lagMinutes = lagMinutes
      self.waysToPay = waysToPay
    }
  }

  /// One way to pay for a fleet.
  public struct Quote: Codable, Sendable, Equatable {
    /// `fixed_on_demand`, `autoscaled`, `commit_1y`, `commit_3y` or `spot`.
    public var way: String
    public var monthlyUSD: Double
    /// p99 over the day (seconds; ramps included).
    public var p99: Double
    public var meetsSLO: Bool
    /// False for spot without `--allow spot`.
    public var allowed: Bool
    public var summary: String
    public var tradeOff: String?
    public var priceSource: String?
    public var priceAsOf: String?

    enum CodingKeys: String, CodingKey {
      case way, p99, allowed, summary
      case monthlyUSD = "monthly_usd"
      case meetsSLO = "meets_slo"
      case tradeOff = "trade_off"
      case priceSource = "price_source"
      case priceAsOf = "price_as_of"
    }

    public init(
      way: String, monthlyUSD: Double, p99: Double, meetsSLO: Bool, allowed: Bool, summary: String, tradeOff: String?,
      priceSource: String?, priceAsOf: String?
    ) {
      self.way = way
      self.monthlyUSD = monthlyUSD
      self.p99 = p99
      self.meetsSLO = meetsSLO
      self.allowed = allowed
      self.summary = summary
      self.tradeOff = tradeOff
      self.priceSource = priceSource
      self.priceAsOf = priceAsOf
    }
  }

  /// One serverless platform priced for the day.
  public struct Serverless: Codable, Sendable, Equatable {
    public var platform: String
    public var memoryMiB: Int
    public var vcpus: Double
    /// Seconds one warm request takes.
    public var duration: Double
    /// Seconds a cold start adds; nil when the platform's start is unknown.
    public var coldStart: Double?
    /// Share of the day's requests meeting a cold instance.
    public var coldShare: Double
    public var keepWarm: Double
    public var keepWarmAssumed: Bool
    public var monthlyUSD: Double
    /// nil when cold starts reach the p99 and their length is unknown.
    public var p99: Double?
    public var peakConcurrency: Double
    public var concurrencyLimit: Int

    enum CodingKeys: String, CodingKey {
      case platform, vcpus, duration, p99
      case memoryMiB = "memory_mib"
      case coldStart = "cold_start"
      case coldShare = "cold_share"
      case keepWarm = "keep_warm"
      case keepWarmAssumed = "keep_warm_assumed"
      case monthlyUSD = "monthly_usd"
      case peakConcurrency = "peak_concurrency"
      case concurrencyLimit = "concurrency_limit"
    }

    public init(
      platform: String, memoryMiB: Int, vcpus: Double, duration: Double, coldStart: Double?, coldShare: Double,
      keepWarm: Double, keepWarmAssumed: Bool, monthlyUSD: Double, p99: Double?, peakConcurrency: Double,
      concurrencyLimit: Int
    ) {
      self.platform = platform
      self.memoryMiB = memoryMiB
      self.vcpus = vcpus
      self.duration = duration
      self.coldStart = coldStart
      self.coldShare = coldShare
      self.keepWarm = keepWarm
      self.keepWarmAssumed = keepWarmAssumed
      self.monthlyUSD = monthlyUSD
      self.p99 = p99
      self.peakConcurrency = peakConcurrency
      self.concurrencyLimit = concurrencyLimit
    }
  }

  /// The way of paying that won, and against what.
  public struct Winner: Codable, Sendable, Equatable {
    /// Index into `fleets`; nil when a serverless platform won.
    public var fleet: Int?
    /// The serverless platform that won; nil when a fleet won.
    public var platform: String?
    public var way: String
    public var monthlyUSD: Double
    /// The plan's fixed on-demand fleet (the recommendation before the day was considered).
    public var baselineMonthlyUSD: Double?
    /// `baselineMonthlyUSD − monthlyUSD`.
    public var savingUSD: Double?

    enum CodingKeys: String, CodingKey {
      case fleet, way, platform
      case monthlyUSD = "monthly_usd"
      case baselineMonthlyUSD = "baseline_monthly_usd"
      case savingUSD = "saving_usd"
    }

    public init(
      fleet: Int?, platform: String? = nil, way: String, monthlyUSD: Double, baselineMonthlyUSD: Double?, savingUSD: Double?
    ) {
      self.fleet = fleet
      self.platform = platform
      self.way = way
      self.monthlyUSD = monthlyUSD
      self.baselineMonthlyUSD = baselineMonthlyUSD
      self.savingUSD = savingUSD
    }
  }
}
