import Dispatch
import Foundation

/// A seeded discrete-event simulation of `c` identical replicas behind a dynamic batcher.
///
/// Why simulate: with batching delays and several replicas no closed form gives p99, and the
/// measured service times are correlated and skewed. The simulation agrees with the closed forms
/// where they exist (M/M/1, M/D/1, M/M/c; see the tests) and costs about a second per 10^6
/// requests in a release build.
///
/// ```swift
/// let model = try ServiceTimeModel(measurements: rows, device: .cpu, hardware: "local")
/// let simulation = ServingSimulation(serviceTimes: model)
/// let result = try simulation.run(
///   ServingConfiguration(arrivals: .poisson(ratePerSecond: 400), replicas: 2, maxBatchSize: 8,
///                        maxDelaySeconds: 0.002),
///   options: SimulationOptions(requestsPerReplication: 20_000, replications: 10, seed: 1))
/// result.p99?.value            // seconds
/// result.band(result.p99)      // PredictionBand(low:high:basis:)
/// ```
public struct ServingSimulation: Sendable {
  /// Where batch service times come from.
  public let serviceTimes: ServiceTimeModel

  /// Creates a simulation drawing service times from `serviceTimes`.
  public init(serviceTimes: ServiceTimeModel) {
    self.serviceTimes = serviceTimes
  }

  /// Offered load with full batches, λ · S(B) / (B · c): the least utilization any batching can
  /// reach. At 1 or more the queue grows without bound.
  public func fullBatchLoad(_ configuration: ServingConfiguration) -> Double {
    let batch = configuration.maxBatchSize
    return configuration.arrivalRatePerSecond * serviceTimes.meanSeconds(batchSize: batch)
      / (Double(batch) * Double(configuration.replicas))
  }

  /// Simulates `configuration` `options.replications` times (in parallel, each with its own seed
  /// derived from `options.seed`, so results don't depend on the number of cores).
  ///
  /// An unstable setting (`fullBatchLoad` ≥ 1) returns at once with `stable == false`.
  /// - Throws: a `SimulationError` for a bad configuration or options, or when the service-time
  ///   model lacks a batch size the configuration needs — before any simulation.
  public func run(_ configuration: ServingConfiguration, options: SimulationOptions = SimulationOptions())
    throws -> SimulationResult
  {
    try configuration.validate()
    try options.validate()
    try serviceTimes.checkCovers(maxBatchSize: configuration.maxBatchSize)
    let load = fullBatchLoad(configuration)
    guard load < 1 else { return .unstable(utilization: load, basis: serviceTimes.basis) }

    let model = serviceTimes
    let all = parallelMap(options.replications) { index in
      Self.runReplication(
        configuration: configuration, model: model, requests: options.requestsPerReplication,
        seed: SimulationRandom.replicationSeed(base: options.seed, index: index),
        warmupFraction: options.warmupFraction)
    }
    func estimate(_ key: KeyPath<ReplicationOutcome, Double>) -> SimulationEstimate {
      SimulationEstimate(replicationValues: all.map { $0[keyPath: key] })
    }
    func average(_ key: KeyPath<ReplicationOutcome, Double>) -> Double {
      all.reduce(0) { $0 + $1[keyPath: key] } / Double(all.count)
    }
    return SimulationResult(
      stable: true, utilization: average(\.utilization), p50: estimate(\.p50), p90: estimate(\.p90),
      p99: estimate(\.p99), p999: estimate(\.p999), mean: estimate(\.mean),
      meanWait: estimate(\.meanWait), waitProbability: estimate(\.waitProbability),
      meanBatchSize: average(\.meanBatchSize), throughput: average(\.throughput),
      requestsPerReplication: all.first?.countedRequests ?? 0, replications: options.replications,
      serviceTimeBasis: serviceTimes.basis)
  }
}

extension ServingSimulation {
  /// Simulates `configuration` once and returns every request's latency in arrival order
  /// (seconds, nothing left out): for checking a trace request by request, or comparing with a
  /// live run. Poisson arrivals draw `requests` requests; a trace uses its own.
  /// - Throws: as `run`; an unstable setting is simulated anyway (the work is bounded by
  ///   `requests`), so check `fullBatchLoad` first when that matters.
  public func requestLatencies(_ configuration: ServingConfiguration, requests: Int = 10_000, seed: UInt64 = 1) throws
    -> [Double]
  {
    try configuration.validate()
    try SimulationOptions(requestsPerReplication: requests, replications: 1).validate()
    try serviceTimes.checkCovers(maxBatchSize: configuration.maxBatchSize)
    var random = SimulationRandom(seed: seed)
    let arrivals = Self.makeArrivals(configuration.arrivals, requests: requests, random: &random)
    return Self.serveAll(
      arrivals: arrivals, configuration: configuration, model: serviceTimes, warmupFraction: 0, random: &random
    ).latencies
  }
}
