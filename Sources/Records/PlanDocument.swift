/// The plan as JSON (`infer-plan … --json FILE`), schema `infer-plan.plan/2` (reads `/1` too).
///
/// snake_case keys; times in seconds, money in USD, rates in requests per second; null where a
/// figure is unknown or unbounded. `options` lists every hardware × batch size evaluated.
/// `outcome` says whether anything meets both the SLO and the budget; `recommendation` is
/// non-null only for an option that does (`fits`). When nothing does, `cheapest_meeting_slo`,
/// `fastest_within_budget` and `relaxations` say what each limit costs. Written by `PlanJSON`
/// (Reporting) and read back by `infer-plan validate --plan`; the keys are documented in
/// docs/planning.md.
///
/// Version 2 added `outcome`, `headline`, `reasons`, `cheapest_meeting_slo`,
/// `fastest_within_budget`, `relaxations`, `break_evens`, `volume_sweep`, the inputs'
/// `batching_delays`, and per option `batching_delay`, `surplus_usd_per_month` and
/// `slo_miss_reason`; `latency_method` became `screen` or `simulated`, and `recommendation`
/// only ever holds an option meeting both limits. A version-1 file reads into the same
/// type: its over-budget recommendation becomes `cheapest_meeting_slo`, its keys that version 2
/// added read as null (lists as empty), and its `latency_method` text maps to the new words.
public struct PlanDocument: VersionedDocument, Equatable {
  public static let name = "plan"
  public static let title = "a plan"
  public static let readableVersions = [1, 2]
  public static func remedy(path: String) -> String {
    "write one with `infer-plan --model MODEL --volume RATE --budget USD --json \(path)`"
  }

  public var toolVersion: String
  public var inputs: Inputs
  /// `fits`, `over_budget`, `none_meets_slo`, `infeasible` or `no_options` (`Outcome`).
  public var outcome: String
  /// The report's first line: the answer, or that nothing meets both limits and why.
  public var headline: String
  /// The option meeting both the SLO and the budget; nil otherwise.
  public var recommendation: Recommendation?
  /// The cheapest option meeting the SLO, budget ignored, with its excess over the budget.
  public var cheapestMeetingSLO: CheapestMeetingSLO?
  /// The option with the lowest p99 among those within the budget; nil when the
  /// recommendation fits (it is then not searched) or nothing is within the budget.
  public var fastestWithinBudget: Option?
  /// What relaxing one limit buys, when nothing meets both.
  public var relaxations: [Relaxation]
  /// Plain sentences with the figures behind the outcome.
  public var reasons: [String]
  public var options: [Option]
  /// The best option of the other device class.
  public var otherClass: Option?
  /// The lowest rate in `break_evens`; nil when the classes never swap.
  public var breakEvenRate: Double?
  /// `cpu` or `gpu`: the class that is cheaper just above `breakEvenRate`.
  public var cheaperAboveBreakEven: String?
  /// Every rate where the recommended device class changes, ascending.
  public var breakEvens: [BreakEven]
  /// The cheapest CPU and GPU option meeting the SLO at each rate of the break-even scan.
  public var volumeSweep: [VolumeSweepPoint]
  public var atTenTimesVolume: Option?
  public var worthMeasuring: Option?
  public var warnings: [String]
  /// Only in a plan made with `--validation`, so other plans keep their exact form.
  @OmittedWhenNil public var predictionChecks: [CheckedPrediction]?
  /// Only in a plan made with a day of traffic, so other plans keep their exact form.
  @OmittedWhenNil public var traffic: Traffic?

  /// The values of `outcome`.
  public enum Outcome: String, Sendable, CaseIterable {
    /// An option meets the SLO within the budget: it is the recommendation.
    case fits
    /// Options meet the SLO, none within the budget.
    case overBudget = "over_budget"
    /// No option meets the SLO; some are within the budget (or there is none).
    case noneMeetsSLO = "none_meets_slo"
    /// No option meets the SLO and none is within the budget.
    case infeasible
    /// No option could be evaluated.
    case noOptions = "no_options"
  }

  enum CodingKeys: String, CodingKey {
    case toolVersion = "tool_version"
    case inputs, outcome, headline, recommendation
    case cheapestMeetingSLO = "cheapest_meeting_slo"
    case fastestWithinBudget = "fastest_within_budget"
    case relaxations, reasons, options
    case otherClass = "other_class"
    case breakEvenRate = "break_even_rate"
    case cheaperAboveBreakEven = "cheaper_above_break_even"
    case breakEvens = "break_evens"
    case volumeSweep = "volume_sweep"
    case atTenTimesVolume = "at_ten_times_volume"
    case worthMeasuring = "worth_measuring"
    case warnings
    case predictionChecks = "prediction_checks"
    case traffic
  }

  public init(
    toolVersion: String, inputs: Inputs, outcome: String, headline: String, recommendation: Recommendation?,
    cheapestMeetingSLO: CheapestMeetingSLO?, fastestWithinBudget: Option?, relaxations: [Relaxation],
    reasons: [String], options: [Option], otherClass: Option?, breakEvens: [BreakEven],
    volumeSweep: [VolumeSweepPoint], atTenTimesVolume: Option?, worthMeasuring: Option?, warnings: [String],
    predictionChecks: [CheckedPrediction]?, traffic: Traffic? = nil
  ) {
    self.toolVersion = toolVersion
    self.inputs = inputs
    self.outcome = outcome
    self.headline = headline
    self.recommendation = recommendation
    self.cheapestMeetingSLO = cheapestMeetingSLO
    self.fastestWithinBudget = fastestWithinBudget
    self.relaxations = relaxations
    self.reasons = reasons
    self.options = options
    self.otherClass = otherClass
    self.breakEvenRate = breakEvens.first?.rate
    self.cheaperAboveBreakEven = breakEvens.first?.cheaperAbove
    self.breakEvens = breakEvens
    self.volumeSweep = volumeSweep
    self.atTenTimesVolume = atTenTimesVolume
    self.worthMeasuring = worthMeasuring
    self.warnings = warnings
    self.predictionChecks = predictionChecks
    self.traffic = traffic
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    toolVersion = try container.decode(String.self, forKey: .toolVersion)
    inputs = try container.decode(Inputs.self, forKey: .inputs)
    options = try container.decode([Option].self, forKey: .options)
    otherClass = try container.decodeIfPresent(Option.self, forKey: .otherClass)
    breakEvenRate = try container.decodeIfPresent(Double.self, forKey: .breakEvenRate)
    cheaperAboveBreakEven = try container.decodeIfPresent(String.self, forKey: .cheaperAboveBreakEven)
    atTenTimesVolume = try container.decodeIfPresent(Option.self, forKey: .atTenTimesVolume)
    worthMeasuring = try container.decodeIfPresent(Option.self, forKey: .worthMeasuring)
    warnings = try container.decode([String].self, forKey: .warnings)
    predictionChecks = try container.decodeIfPresent([CheckedPrediction].self, forKey: .predictionChecks)
    guard decoder.documentVersion == 1 else {
      outcome = try container.decode(String.self, forKey: .outcome)
      headline = try container.decode(String.self, forKey: .headline)
      recommendation = try container.decodeIfPresent(Recommendation.self, forKey: .recommendation)
      cheapestMeetingSLO = try container.decodeIfPresent(CheapestMeetingSLO.self, forKey: .cheapestMeetingSLO)
      fastestWithinBudget = try container.decodeIfPresent(Option.self, forKey: .fastestWithinBudget)
      relaxations = try container.decode([Relaxation].self, forKey: .relaxations)
      reasons = try container.decode([String].self, forKey: .reasons)
      breakEvens = try container.decode([BreakEven].self, forKey: .breakEvens)
      volumeSweep = try container.decode([VolumeSweepPoint].self, forKey: .volumeSweep)
      traffic = try container.decodeIfPresent(Traffic.self, forKey: .traffic)
      return
    }
    // Version 1: the recommendation could be over budget, or the fastest when none met the SLO.
    let old = try container.decodeIfPresent(Recommendation.self, forKey: .recommendation)
    outcome = old?.outcome ?? Outcome.noOptions.rawValue
    headline = ""
    reasons = old?.reasons ?? []
    recommendation = old?.outcome == Outcome.fits.rawValue ? old : nil
    cheapestMeetingSLO = old.flatMap { old in
      old.option.meetsSLO ? CheapestMeetingSLO(option: old.option, budgetExcessUSD: old.budgetExcessUSD) : nil
    }
    fastestWithinBudget = old.flatMap { old in
      old.outcome != Outcome.fits.rawValue && old.option.withinBudget ? old.option : nil
    }
    relaxations = []
    breakEvens = zip([breakEvenRate], [cheaperAboveBreakEven]).compactMap { rate, above in
      guard let rate, let above else { return nil }
      return BreakEven(rate: rate, cheaperAbove: above)
    }
    volumeSweep = []
    traffic = nil
  }

  /// What the plan was asked, echoed.
  public struct Inputs: Codable, Sendable, Equatable {
    /// The model as the user named it.
    public var model: String
    public var modelName: String
    public var architecture: String
    public var parameters: Int
    public var sequenceLength: Int
    /// Average requests per second.
    public var volume: Double
    public var peakFactor: Double
    /// `volume × peak_factor`: the rate replicas are sized for.
    public var peakRate: Double
    public var budgetUSDPerMonth: Double?
    /// p99 objective in seconds.
    public var latencySLO: Double?
    public var hoursPerMonth: Double
    public var targetUtilization: Double
    /// Longest batching delay in seconds: the fixed one (`--max-delay`, or the default without
    /// an SLO), or the longest tried when the delay is searched.
    public var maxBatchingDelay: Double
    /// Every delay tried for batches above 1, seconds, ascending (one when fixed); empty when
    /// read from a version-1 file.
    public var batchingDelays: [Double]
    public var workload: String?
    public var profiles: String
    /// `--hardware` names; nil when not given.
    public var hardware: [String]?
    public var measurements: [String]
    public var host: Host?
    /// `--validation` files; only present when given.
    @OmittedWhenNil public var validation: [String]?

    enum CodingKeys: String, CodingKey {
      case model
      case modelName = "model_name"
      case architecture, parameters
      case sequenceLength = "sequence_length"
      case volume
      case peakFactor = "peak_factor"
      case peakRate = "peak_rate"
      case budgetUSDPerMonth = "budget_usd_per_month"
      case latencySLO = "latency_slo"
      case hoursPerMonth = "hours_per_month"
      case targetUtilization = "target_utilization"
      case maxBatchingDelay = "max_batching_delay"
      case batchingDelays = "batching_delays"
      case workload, profiles, hardware, measurements, host, validation
    }

    public init(
      model: String, modelName: String, architecture: String, parameters: Int, sequenceLength: Int, volume: Double,
      peakFactor: Double, peakRate: Double, budgetUSDPerMonth: Double?, latencySLO: Double?, hoursPerMonth: Double,
      targetUtilization: Double, maxBatchingDelay: Double, batchingDelays: [Double], workload: String?, profiles: String,
      hardware: [String]?, measurements: [String], host: Host?, validation: [String]?
    ) {
      self.model = model
      self.modelName = modelName
      self.architecture = architecture
      self.parameters = parameters
      self.sequenceLength = sequenceLength
      self.volume = volume
      self.peakFactor = peakFactor
      self.peakRate = peakRate
      self.budgetUSDPerMonth = budgetUSDPerMonth
      self.latencySLO = latencySLO
      self.hoursPerMonth = hoursPerMonth
      self.targetUtilization = targetUtilization
      self.maxBatchingDelay = maxBatchingDelay
      self.batchingDelays = batchingDelays
      self.workload = workload
      self.profiles = profiles
      self.hardware = hardware
      self.measurements = measurements
      self.host = host
      self.validation = validation
    }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      model = try container.decode(String.self, forKey: .model)
      modelName = try container.decode(String.self, forKey: .modelName)
      architecture = try container.decode(String.self, forKey: .architecture)
      parameters = try container.decode(Int.self, forKey: .parameters)
      sequenceLength = try container.decode(Int.self, forKey: .sequenceLength)
      volume = try container.decode(Double.self, forKey: .volume)
      peakFactor = try container.decode(Double.self, forKey: .peakFactor)
      peakRate = try container.decode(Double.self, forKey: .peakRate)
      budgetUSDPerMonth = try container.decodeIfPresent(Double.self, forKey: .budgetUSDPerMonth)
      latencySLO = try container.decodeIfPresent(Double.self, forKey: .latencySLO)
      hoursPerMonth = try container.decode(Double.self, forKey: .hoursPerMonth)
      targetUtilization = try container.decode(Double.self, forKey: .targetUtilization)
      maxBatchingDelay = try container.decode(Double.self, forKey: .maxBatchingDelay)
      batchingDelays = try decoder.documentVersion == 1 ? [] : container.decode([Double].self, forKey: .batchingDelays)
      workload = try container.decodeIfPresent(String.self, forKey: .workload)
      profiles = try container.decode(String.self, forKey: .profiles)
      hardware = try container.decodeIfPresent([String].self, forKey: .hardware)
      measurements = try container.decode([String].self, forKey: .measurements)
      host = try container.decodeIfPresent(Host.self, forKey: .host)
      validation = try container.decodeIfPresent([String].self, forKey: .validation)
    }
  }

  /// The machine that measured the CPU rows the plan used (the first, when several did): the
  /// figures the CPU projection started from, never the planning machine's.
  public struct Host: Codable, Sendable, Equatable {
    public var cpu: String
    public var architecture: String
    /// The level the rows' kernels ran at (the per-core peak is measured at it).
    public var instructionSet: String
    public var physicalCores: Int
    public var perCoreGFLOPS: Double
    /// STREAM-style triad over all physical cores, GB/s; nil for documents before it.
    public var memoryBandwidthGBps: Double?
    /// Memory of the measuring machine in bytes: only when the plan measured it in this run.
    public var memoryBytes: Int?

    enum CodingKeys: String, CodingKey {
      case cpu, architecture
      case instructionSet = "instruction_set"
      case physicalCores = "physical_cores"
      case perCoreGFLOPS = "per_core_gflops"
      case memoryBandwidthGBps = "memory_bandwidth_gbs"
      case memoryBytes = "memory_bytes"
    }

    public init(
      cpu: String, architecture: String, instructionSet: String, physicalCores: Int, perCoreGFLOPS: Double,
      memoryBandwidthGBps: Double?, memoryBytes: Int?
    ) {
      self.cpu = cpu
      self.architecture = architecture
      self.instructionSet = instructionSet
      self.physicalCores = physicalCores
      self.perCoreGFLOPS = perCoreGFLOPS
      self.memoryBandwidthGBps = memoryBandwidthGBps
      self.memoryBytes = memoryBytes
    }
  }

  /// A `PredictionCheck` as the plan records it: its figures plus the verdict `held`.
  public struct CheckedPrediction: Codable, Sendable, Equatable {
    public var check: PredictionCheck

    public init(_ check: PredictionCheck) { self.check = check }

    enum CodingKeys: String, CodingKey { case held }

    public init(from decoder: any Decoder) throws { check = try PredictionCheck(from: decoder) }

    public func encode(to encoder: any Encoder) throws {
      try check.encode(to: encoder)
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encodeIfPresent(check.held, forKey: .held)
    }
  }
}
