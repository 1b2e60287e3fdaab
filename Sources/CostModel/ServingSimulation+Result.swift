import Foundation

/// What a serving simulation found.
public struct SimulationResult: Sendable, Equatable {
  /// False when the arrival rate exceeds what the replicas can serve even with full batches
  /// (λ · S(B) / (B · c) ≥ 1); then nothing was simulated and the latencies are nil.
  public var stable: Bool
  /// Busy share of the replicas' time (mean over replications); when unstable, the offered load
  /// with full batches, λ · S(B) / (B · c), which is ≥ 1.
  public var utilization: Double
  /// Latency from arrival to the end of the request's batch, in seconds.
  public var p50: SimulationEstimate?
  public var p90: SimulationEstimate?
  public var p99: SimulationEstimate?
  public var p999: SimulationEstimate?
  public var mean: SimulationEstimate?
  /// Mean wait before a request's batch starts (seconds), and the share of requests that waited
  /// at all (Erlang C's probability of waiting when B = 1).
  public var meanWait: SimulationEstimate?
  public var waitProbability: SimulationEstimate?
  /// Requests per batch, averaged over batches.
  public var meanBatchSize: Double
  /// Completed requests per second.
  public var throughput: Double
  /// Requests counted per replication (after the warm-up) and replications run.
  public var requestsPerReplication: Int
  public var replications: Int
  /// What the service times rest on (`ServiceTimeModel.basis`).
  public var serviceTimeBasis: String

  /// A result for a setting that can't keep up.
  static func unstable(utilization: Double, basis: String) -> SimulationResult {
    SimulationResult(
      stable: false, utilization: utilization, p50: nil, p90: nil, p99: nil, p999: nil, mean: nil, meanWait: nil, waitProbability: nil,
      meanBatchSize: 0, throughput: 0, requestsPerReplication: 0, replications: 0, serviceTimeBasis: basis)
  }

  /// The band a live run of the replications' length should land in for one percentile.
  ///
  /// low = spreadLow · (1 − m), high = spreadHigh · (1 + m), with the model margin
  /// m = 0.10 + 0.40 · ρ² (ρ the utilization): 13.6% at ρ = 0.3, 29.6% at ρ = 0.7, 42% at 0.9.
  /// The spread over replications already carries the measured slow phases (block bootstrap);
  /// the margin covers what the measurements don't (service time under load ran 1.06–1.59×
  /// back-to-back here, and live p99 at load ≥ 0.6 was not reproducible run to run), and grows
  /// with ρ because queueing amplifies any error in the service time by about 1/(1 − ρ).
  public func band(_ estimate: SimulationEstimate?) -> PredictionBand? {
    guard let estimate, stable else { return nil }
    let rho = min(max(utilization, 0), 1)
    let margin = 0.10 + 0.40 * rho * rho
    return PredictionBand(
      low: estimate.spreadLow * (1 - margin), high: estimate.spreadHigh * (1 + margin),
      basis: "\(serviceTimeBasis); spread over \(replications) simulated runs of "
        + "\(requestsPerReplication) requests, widened by \(Int((margin * 100).rounded()))% at utilization "
        + String(format: "%.2f", rho))
  }
}
