/// The plan as JSON (`infer-plan … --json FILE`), schema `infer-plan.plan/1`.
///
/// snake_case keys; times in seconds, money in USD, rates in requests per second; null where a
/// figure is unknown or unbounded. `options` lists every hardware × batch size evaluated;
/// `recommendation` is one option plus `outcome`, `budget_excess_usd` and `reasons`.
/// Written by `PlanJSON` (Reporting) and read back by `infer-plan validate --plan`; the keys
/// are documented in docs/planning.md.
public struct PlanDocument: VersionedDocument, Equatable {
  public static let name = "plan"
  public static let title = "a plan"
  public static let readableVersions = [1]
  public static func remedy(path: String) -> String {
    "write one with `infer-plan --model MODEL --volume RATE --budget USD --json \(path)`"
  }

  public var toolVersion: String
  public var inputs: Inputs
  public var options: [Option]
  public var recommendation: Recommendation?
  /// The best option of the other device class.
  public var otherClass: Option?
  /// Requests per second where the cheapest CPU and GPU options cost the same; nil when none.
  public var breakEvenRate: Double?
  /// `cpu` or `gpu`: the class that is cheaper just above `breakEvenRate`.
  public var cheaperAboveBreakEven: String?
  public var atTenTimesVolume: Option?
  public var worthMeasuring: Option?
  public var warnings: [String]
  /// Only in a plan made with `--validation`, so other plans keep their exact form.
  @OmittedWhenNil public var predictionChecks: [CheckedPrediction]?

  enum CodingKeys: String, CodingKey {
    case toolVersion = "tool_version"
    case inputs, options, recommendation
    case otherClass = "other_class"
    case breakEvenRate = "break_even_rate"
    case cheaperAboveBreakEven = "cheaper_above_break_even"
    case atTenTimesVolume = "at_ten_times_volume"
    case worthMeasuring = "worth_measuring"
    case warnings
    case predictionChecks = "prediction_checks"
  }

  public init(
    toolVersion: String, inputs: Inputs, options: [Option], recommendation: Recommendation?, otherClass: Option?,
    breakEvenRate: Double?, cheaperAboveBreakEven: String?, atTenTimesVolume: Option?, worthMeasuring: Option?,
    warnings: [String], predictionChecks: [CheckedPrediction]?
  ) {
    self.toolVersion = toolVersion
    self.inputs = inputs
    self.options = options
    self.recommendation = recommendation
    self.otherClass = otherClass
    self.breakEvenRate = breakEvenRate
    self.cheaperAboveBreakEven = cheaperAboveBreakEven
    self.atTenTimesVolume = atTenTimesVolume
    self.worthMeasuring = worthMeasuring
    self.warnings = warnings
    self.predictionChecks = predictionChecks
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
    /// Longest batching delay in seconds.
    public var maxBatchingDelay: Double
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
      case workload, profiles, hardware, measurements, host, validation
    }

    public init(
      model: String, modelName: String, architecture: String, parameters: Int, sequenceLength: Int, volume: Double,
      peakFactor: Double, peakRate: Double, budgetUSDPerMonth: Double?, latencySLO: Double?, hoursPerMonth: Double,
      targetUtilization: Double, maxBatchingDelay: Double, workload: String?, profiles: String, hardware: [String]?,
      measurements: [String], host: Host?, validation: [String]?
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
      self.workload = workload
      self.profiles = profiles
      self.hardware = hardware
      self.measurements = measurements
      self.host = host
      self.validation = validation
    }
  }

  /// The host whose figures the CPU projection used.
  public struct Host: Codable, Sendable, Equatable {
    public var cpu: String
    public var architecture: String
    public var instructionSet: String
    public var physicalCores: Int
    public var perCoreGFLOPS: Double
    public var memoryBytes: Int

    enum CodingKeys: String, CodingKey {
      case cpu, architecture
      case instructionSet = "instruction_set"
      case physicalCores = "physical_cores"
      case perCoreGFLOPS = "per_core_gflops"
      case memoryBytes = "memory_bytes"
    }

    public init(cpu: String, architecture: String, instructionSet: String, physicalCores: Int, perCoreGFLOPS: Double, memoryBytes: Int) {
      self.cpu = cpu
      self.architecture = architecture
      self.instructionSet = instructionSet
      self.physicalCores = physicalCores
      self.perCoreGFLOPS = perCoreGFLOPS
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
