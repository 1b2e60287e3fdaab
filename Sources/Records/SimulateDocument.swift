/// The result of `infer-plan simulate --json FILE`, schema `infer-plan.simulate/1`.
///
/// Latencies in seconds, each with its 95% interval over the replications (`p99_low`,
/// `p99_high`, …); rates per second; the figures are null when the setting was unstable.
/// Files written before string tags (the integer schema 1 beside `"command": "simulate"`) read as
/// version 1. The keys are documented in docs/latency.md.
public struct SimulateDocument: VersionedDocument, Equatable {
  public static let name = "simulate"
  public static let title = "a simulate result"
  public static let readableVersions = [1]
  public static let legacyIntegerVersions = [1]
  public static let legacyCommand: String? = "simulate"
  public static func remedy(path: String) -> String {
    "write one with `infer-plan simulate … --json \(path)`"
  }

  /// Always `simulate` (kept from the first layout, which had no string tag).
  public var command = "simulate"
  public var toolVersion: String
  public var inputs: Inputs
  /// Whether the replicas keep up with full batches (λ·S(B)/(B·c) < 1).
  public var stable: Bool
  /// Full-batch load when unstable; the simulated busy fraction when stable.
  public var utilization: Double
  public var meanBatch: Double?
  /// Requests served per second.
  public var throughput: Double?
  public var p50: Double?
  public var p50Low: Double?
  public var p50High: Double?
  public var p90: Double?
  public var p90Low: Double?
  public var p90High: Double?
  public var p99: Double?
  public var p99Low: Double?
  public var p99High: Double?
  public var p999: Double?
  public var p999Low: Double?
  public var p999High: Double?
  public var mean: Double?
  public var meanLow: Double?
  public var meanHigh: Double?
  /// The band a single live run's p99 should land in (wider than the 95% interval).
  @OmittedWhenNil public var p99BandLow: Double?
  @OmittedWhenNil public var p99BandHigh: Double?
  public var replications: Int
  public var requestsPerReplication: Int
  public var serviceTimeBasis: String

  enum CodingKeys: String, CodingKey {
    case command
    case toolVersion = "tool_version"
    case inputs, stable, utilization
    case meanBatch = "mean_batch"
    case throughput
    case p50
    case p50Low = "p50_low"
    case p50High = "p50_high"
    case p90
    case p90Low = "p90_low"
    case p90High = "p90_high"
    case p99
    case p99Low = "p99_low"
    case p99High = "p99_high"
    case p999
    case p999Low = "p999_low"
    case p999High = "p999_high"
    case mean
    case meanLow = "mean_low"
    case meanHigh = "mean_high"
    case p99BandLow = "p99_band_low"
    case p99BandHigh = "p99_band_high"
    case replications
    case requestsPerReplication = "requests_per_replication"
    case serviceTimeBasis = "service_time_basis"
  }

  /// A result with the latency figures unset (fill the ones there are).
  public init(
    toolVersion: String, inputs: Inputs, stable: Bool, utilization: Double, meanBatch: Double?, throughput: Double?,
    replications: Int, requestsPerReplication: Int, serviceTimeBasis: String
  ) {
    self.toolVersion = toolVersion
    self.inputs = inputs
    self.stable = stable
    self.utilization = utilization
    self.meanBatch = meanBatch
    self.throughput = throughput
    self.replications = replications
    self.requestsPerReplication = requestsPerReplication
    self.serviceTimeBasis = serviceTimeBasis
  }

  /// What was simulated, echoed.
  public struct Inputs: Codable, Sendable, Equatable {
    /// Poisson arrivals per second.
    public var rate: Double
    public var replicas: Int
    public var maxBatch: Int
    /// Seconds; nil when unbounded (`--max-delay inf`).
    public var maxDelay: Double?
    /// `shared` or `round-robin`.
    public var routing: String
    /// Requests in all, over the replications.
    public var requests: Int
    public var reps: Int
    public var seed: UInt64
    /// Where the service times came from.
    public var serviceTimes: String
    public var measurements: [String]
    /// `--service-table` as given.
    public var serviceTable: String?

    enum CodingKeys: String, CodingKey {
      case rate, replicas
      case maxBatch = "max_batch"
      case maxDelay = "max_delay"
      case routing, requests, reps, seed
      case serviceTimes = "service_times"
      case measurements
      case serviceTable = "service_table"
    }

    public init(
      rate: Double, replicas: Int, maxBatch: Int, maxDelay: Double?, routing: String, requests: Int, reps: Int,
      seed: UInt64, serviceTimes: String, measurements: [String], serviceTable: String?
    ) {
      self.rate = rate
      self.replicas = replicas
      self.maxBatch = maxBatch
      self.maxDelay = maxDelay
      self.routing = routing
      self.requests = requests
      self.reps = reps
      self.seed = seed
      self.serviceTimes = serviceTimes
      self.measurements = measurements
      self.serviceTable = serviceTable
    }
  }
}
