/// A `LatencyPredictor` that runs the serving simulation: the planner's finalists get p50/p99
/// from simulated dynamic batching over `replicas` queues instead of the closed form.
///
/// Service times: where the curve's points carry measured sequences, they are resampled in
/// blocks (`ServiceTimeModel(sequencesByBatchSize:)`), so slow phases survive; otherwise each
/// batch size's mean is varied lognormally with the curve's largest coefficient of variation.
/// Routing is round-robin, as in the closed form (each replica its own queue). The bands are
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

  public func predict(_ setup: ServingSetup) throws -> LatencyPrediction {
    let points = setup.curve.points
    let model: ServiceTimeModel
    if points.allSatisfy({ !$0.samplesSeconds.isEmpty }) {
      var sequences: [Int: [[Double]]] = [:]
      for point in points { sequences[point.batchSize] = [point.samplesSeconds] }
      model = try ServiceTimeModel(
        sequencesByBatchSize: sequences, basis: "measured sequences, block bootstrap", source: "the plan's measurements")
    } else {
      let cv = points.map(\.cv).max() ?? 0
      model = try ServiceTimeModel(
        meanSecondsByBatchSize: points.map { (batchSize: $0.batchSize, seconds: $0.meanSeconds) },
        distribution: .lognormal(cv: cv), source: "the plan's service times")
    }
    let result = try ServingSimulation(serviceTimes: model).run(
      ServingConfiguration(
        arrivals: .poisson(ratePerSecond: setup.requestsPerSecond), replicas: setup.replicas,
        maxBatchSize: setup.maxBatchSize, maxDelaySeconds: setup.maxBatchingDelaySeconds, routing: .roundRobin),
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
      stable: true, method: "simulation (\(options.replications) × \(options.requestsPerReplication) requests)")
  }
}
