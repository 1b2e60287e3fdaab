import Foundation

/// One simulated figure over several replications.
public struct SimulationEstimate: Sendable, Equatable {
  /// Mean over replications (seconds for latencies).
  public var value: Double
  /// 95% confidence interval of `value`: value ∓ t(0.975, K−1) · sd / √K over the K
  /// replications (equal to `value` when K = 1). It says how precisely the simulation pinned the
  /// figure, not how much a live run will vary: see `spreadLow`/`spreadHigh` for that.
  public var low: Double
  public var high: Double
  /// Smallest and largest value of a single replication (the 2.5th/97.5th percentile over
  /// replications when there are 40 or more): how much one run of this length varies.
  public var spreadLow: Double
  public var spreadHigh: Double

  /// Builds the estimate from per-replication values.
  public init(replicationValues values: [Double]) {
    let count = values.count
    let mean = values.reduce(0, +) / Double(max(count, 1))
    value = mean
    if count > 1 {
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)
      let halfWidth = Self.studentT975(degreesOfFreedom: count - 1) * (variance / Double(count)).squareRoot()
      low = mean - halfWidth
      high = mean + halfWidth
    } else {
      low = mean
      high = mean
    }
    let sorted = values.sorted()
    if count >= 40 {
      spreadLow = sorted[max(0, Int((0.025 * Double(count)).rounded(.up)) - 1)]
      spreadHigh = sorted[min(count - 1, Int((0.975 * Double(count)).rounded(.up)) - 1)]
    } else {
      spreadLow = sorted.first ?? mean
      spreadHigh = sorted.last ?? mean
    }
  }

  /// Student's t quantile t(0.975, df): exact table to 30 degrees of freedom, then the normal
  /// 1.96 plus the first-order correction 2.4/df (within 0.3% beyond 30).
  public static func studentT975(degreesOfFreedom df: Int) -> Double {
    let table: [Double] = [
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
      2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ]
    if df >= 1 && df <= table.count { return table[df - 1] }
    return 1.96 + 2.4 / Double(max(df, 1))
  }
}

/// A predicted latency with the band a live run is expected to land in.
public struct PredictionBand: Sendable, Equatable {
  public var low: Double
  public var high: Double
  /// What the band rests on, in words, for reports.
  public var basis: String
}

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
