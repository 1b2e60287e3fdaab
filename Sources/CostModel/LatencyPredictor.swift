/// One replica set to predict: `replicas` identical replicas with a dynamic batcher each.
public struct ServingSetup: Sendable {
  /// Service time per batch size (with measured samples, when any, for a simulation).
  public var curve: BatchLatencyCurve
  /// Largest batch the batcher forms.
  public var maxBatchSize: Int
  /// Longest the oldest waiting request is held for a batch to fill.
  public var maxBatchingDelaySeconds: Double
  public var replicas: Int
  /// The whole rate the replicas share (peak), requests per second.
  public var requestsPerSecond: Double
  /// Relative spread of the service time (from the label and the measured cv), for the band.
  public var relativeSpread: Double

  public init(
    curve: BatchLatencyCurve, maxBatchSize: Int, maxBatchingDelaySeconds: Double, replicas: Int,
    requestsPerSecond: Double, relativeSpread: Double
  ) {
    self.curve = curve
    self.maxBatchSize = maxBatchSize
    self.maxBatchingDelaySeconds = maxBatchingDelaySeconds
    self.replicas = replicas
    self.requestsPerSecond = requestsPerSecond
    self.relativeSpread = relativeSpread
  }

  /// Requests per second one replica receives.
  public var perReplicaRate: Double { requestsPerSecond / Double(max(1, replicas)) }
}

/// Predicted latency of a `ServingSetup` (seconds), with low–high bands.
public struct LatencyPrediction: Sendable, Equatable {
  /// Fraction of time a replica is busy.
  public var utilization: Double
  /// Average requests per batch.
  public var meanBatchSize: Double
  public var p50Seconds: Double
  public var p50LowSeconds: Double
  public var p50HighSeconds: Double
  public var p99Seconds: Double
  public var p99LowSeconds: Double
  public var p99HighSeconds: Double
  /// False when the replicas cannot keep up (utilization ≥ 1): the latencies are then infinite.
  public var stable: Bool
  /// What produced the figures: "closed form" or "simulation (…)".
  public var method: String

  public init(
    utilization: Double, meanBatchSize: Double, p50Seconds: Double, p50LowSeconds: Double,
    p50HighSeconds: Double, p99Seconds: Double, p99LowSeconds: Double, p99HighSeconds: Double,
    stable: Bool, method: String
  ) {
    self.utilization = utilization
    self.meanBatchSize = meanBatchSize
    self.p50Seconds = p50Seconds
    self.p50LowSeconds = p50LowSeconds
    self.p50HighSeconds = p50HighSeconds
    self.p99Seconds = p99Seconds
    self.p99LowSeconds = p99LowSeconds
    self.p99HighSeconds = p99HighSeconds
    self.stable = stable
    self.method = method
  }
}

/// Predicts p50/p99 latency of a serving setup. The planner pre-screens every option with
/// `ClosedFormLatencyPredictor` and may re-predict the few finalists with a more faithful
/// predictor (the serving simulation) through `Planner.plan(…, finalistPredictor:)`.
public protocol LatencyPredictor: Sendable {
  /// Predicts the latency of `setup`. Throwing means "no prediction"; the planner then keeps
  /// the closed-form figures for that option and says so.
  func predict(_ setup: ServingSetup) throws -> LatencyPrediction
  /// Words for the report: "the closed form", "the serving simulation".
  var name: String { get }
}
