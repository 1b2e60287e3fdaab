/// A `LatencyPredictor` that runs the serving simulation: the latency model that decides every
/// verdict of a plan (`DecisionPipeline`).
///
/// One replica's share is simulated: behind a balancer that spreads requests at random, each of
/// `c` replicas sees a Poisson stream of `λ / c` (a thinned Poisson process is Poisson), and every
/// replica's latency has the same distribution, so one replica stands for the fleet. The cost
/// is then the same at 1 replica and at 10⁶, and the simulated utilization is the fleet's. For
/// round-robin routing, whose per-replica gaps are more regular, the figures err long.
///
/// Service times: where the curve's points carry measured sequences, they are resampled in
/// blocks (`ServiceTimeModel(sequencesByBatchSize:)`), so slow phases survive; otherwise each
/// batch size's mean is varied lognormally with the curve's largest coefficient of variation.
/// The bands are
/// the simulation's own (spread over replications, widened with utilization; see
/// `SimulationResult.band`), never narrower than the label's relative spread.
public struct SimulatedLatencyPredictor: LatencyPredictor {
  public var options: SimulationOptions

  /// - Parameter options: how much to simulate per finalist; the default (8 × 10,000 requests)
  ///   pins p99 to a few percent and keeps a plan within seconds.
  public init(options: SimulationOptions = SimulationOptions(requestsPerReplication: 10_000, replications: 8, seed: 1)) {
    self.options = options
  }

  public var name: String { "the serving simulation" }

  /// The sample a plan's capacity searches use: 4 × 5,000 requests, a quarter of the default's
  /// cost, whose p99 is within a few percent of it (each replication still sees 50 requests
  /// beyond its p99); the sized fleet is then predicted with the full default.
  public static let searchOptions = SimulationOptions(requestsPerReplication: 5_000, replications: 4, seed: 1)

  /// The service-time model a curve gives the simulation: its measured sequences resampled in
  /// blocks where every point has them, else each mean varied lognormally with the largest cv.
  static func serviceTimeModel(_ curve: BatchLatencyCurve) throws -> ServiceTimeModel {
    let points = curve.points
    if points.allSatisfy({ !$0.samplesSeconds.isEmpty }) {
      var sequences: [Int: [[Double]]] = [:]
      for point in points { sequences[point.batchSize] = [point.samplesSeconds] }
      return try ServiceTimeModel(
        sequencesByBatchSize: sequences, basis: "measured sequences, block bootstrap", source: "the plan's measurements")
    }
    let cv = points.map(\.cv).max() ?? 0
    return try ServiceTimeModel(
      meanSecondsByBatchSize: points.map { (batchSize: $0.batchSize, seconds: $0.meanSeconds) },
      distribution: .lognormal(cv: cv), source: "the plan's service times")
  }

  public func predict(_ setup: ServingSetup) throws -> LatencyPrediction {
    let model = try Self.serviceTimeModel(setup.curve)
    let result = try ServingSimulation(serviceTimes: model).run(
      ServingConfiguration(
        arrivals: .poisson(ratePerSecond: setup.perReplicaRate), replicas: 1,
        maxBatchSize: setup.maxBatchSize, maxDelaySeconds: setup.maxBatchingDelaySeconds, routing: .shared),
      options: options)
    guard result.stable, let p50 = result.p50, let p99 = result.p99 else {
      return LatencyPrediction(
        utilization: result.utilization, meanBatchSize: result.meanBatchSize, p50Seconds: .infinity,
        p50LowSeconds: .infinity, p50HighSeconds: .infinity, p99Seconds: .infinity, p99LowSeconds: .infinity,
        p99HighSeconds: .infinity, stable: false, method: "simulation")
    }
    let u = setup.relativeSpread
    let band50 = result.band(p50), band99 = result.band(p99)
    return LatencyPrediction(
      utilization: result.utilization, meanBatchSize: result.meanBatchSize,
      p50Seconds: p50.value, p50LowSeconds: min(band50?.low ?? p50.value, p50.value * (1 - min(u, 0.5))),
      p50HighSeconds: max(band50?.high ?? p50.value, p50.value * (1 + u)),
      p99Seconds: p99.value, p99LowSeconds: min(band99?.low ?? p99.value, p99.value * (1 - min(u, 0.5))),
      p99HighSeconds: max(band99?.high ?? p99.value, p99.value * (1 + u)),
      stable: true, method: "simulation (one replica's share, \(options.replications) × \(options.requestsPerReplication) requests)")
  }
}
