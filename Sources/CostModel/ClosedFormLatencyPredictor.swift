import Foundation

/// Closed-form latency of dynamic batching plus queueing, per replica (a pre-screen: fast,
/// somewhat optimistic at high load; the simulation refines finalists).
///
/// With per-replica rate `λ = rate / c`, max batch `b` and max delay `D`:
///
///     T_fill = 0 if b = 1, else min((b − 1) / λ, D)   time from a batch's first request to dispatch
///     b_eff  = min(b, 1 + λ · T_fill)                  mean batch size actually formed
///     S, S50, S99, cv = service time at b_eff           (mean, median, p99; interpolated)
///     ρ      = λ · S / b_eff                           utilization
///     E[Wq]  = ρ / (1 − ρ) · (c_a² + c_s²) / 2 · S     Kingman's G/G/1 mean wait of a batch,
///              c_a² = 1 / b_eff (batches of b_eff Poisson arrivals), c_s = cv
///     Wq(q)  = 0 if ρ ≤ 1 − q, else E[Wq] / ρ · ln(ρ / (1 − q))   exponential tail with
///              P(wait > 0) = ρ, exact for M/M/1
///     p50    = T_fill / 2 + Wq(0.5) + S50              a request waits half the fill on average
///     p99    = T_fill + Wq(0.99) + S99                 the first request waits the whole fill
///
/// Each replica is its own queue (round-robin routing): conservative next to one shared queue.
/// Adding quantiles overstates a sum's quantile slightly; the two errors lean the same way as the
/// measured ones (back-to-back service times run fast under load), so the sum is kept.
///
/// Bands: with `u` the relative spread of the service time (label, measured cv) and the load
/// term `w = ρ / (1 − ρ)`:
///
///     p99_low  = p99 × (1 − min(u, 0.5))      p99_high = p99 × (1 + u) × (1 + w / 2)
///     p50_low  = p50 × (1 − min(u, 0.5))      p50_high = p50 × (1 + u) × (1 + w / 4)
///
/// The load term reflects docs/latency.md, "What a benchmark table misses": at ρ ≥ 0.6 the live p99 differed
/// up to 4× between identical runs, and service times under load ran 1.06–1.59× the
/// back-to-back ones; at ρ = 0.7 the high edge is 2.2 × (1 + u) × p99.
public struct ClosedFormLatencyPredictor: LatencyPredictor {
  public init() {}

  public var name: String { "the closed form" }

  public func predict(_ setup: ServingSetup) throws -> LatencyPrediction {
    let lambda = setup.perReplicaRate
    let b = Double(max(1, setup.maxBatchSize))
    let fill = Self.fillSeconds(maxBatch: b, perReplicaRate: lambda, maxDelaySeconds: setup.maxBatchingDelaySeconds)
    let batch = min(b, 1 + lambda * fill)
    let mean = setup.curve.meanSeconds(at: batch)
    let median = setup.curve.medianSeconds(at: batch)
    let p99Service = setup.curve.p99Seconds(at: batch)
    let cv = setup.curve.cv(at: batch)
    let rho = lambda * mean / batch
    guard rho < 1, rho.isFinite else {
      return LatencyPrediction(
        utilization: rho, meanBatchSize: batch, p50Seconds: .infinity, p50LowSeconds: .infinity,
        p50HighSeconds: .infinity, p99Seconds: .infinity, p99LowSeconds: .infinity,
        p99HighSeconds: .infinity, stable: false, method: "closed form")
    }
    let meanWait = Self.kingmanMeanWait(
      utilization: rho, arrivalSCV: 1 / batch, serviceSCV: cv * cv, meanServiceSeconds: mean)
    let p50 = fill / 2 + Self.waitQuantile(0.5, meanWait: meanWait, utilization: rho) + median
    let p99 = fill + Self.waitQuantile(0.99, meanWait: meanWait, utilization: rho) + p99Service
    let u = setup.relativeSpread
    let w = rho / (1 - rho)
    return LatencyPrediction(
      utilization: rho, meanBatchSize: batch,
      p50Seconds: p50, p50LowSeconds: p50 * (1 - min(u, 0.5)), p50HighSeconds: p50 * (1 + u) * (1 + w / 4),
      p99Seconds: p99, p99LowSeconds: p99 * (1 - min(u, 0.5)), p99HighSeconds: p99 * (1 + u) * (1 + w / 2),
      stable: true, method: "closed form")
  }

  /// `T_fill = min((b − 1) / λ, D)`, 0 for b = 1 (a lone request is served at once).
  public static func fillSeconds(maxBatch: Double, perReplicaRate: Double, maxDelaySeconds: Double) -> Double {
    guard maxBatch > 1 else { return 0 }
    guard perReplicaRate > 0 else { return maxDelaySeconds }
    return min((maxBatch - 1) / perReplicaRate, maxDelaySeconds)
  }

  /// Kingman: `E[Wq] ≈ ρ / (1 − ρ) · (c_a² + c_s²) / 2 · S` (exact for M/M/1 and M/G/1 with c_a² = 1).
  public static func kingmanMeanWait(
    utilization rho: Double, arrivalSCV: Double, serviceSCV: Double, meanServiceSeconds: Double
  ) -> Double {
    guard rho > 0 else { return 0 }
    guard rho < 1 else { return .infinity }
    return rho / (1 - rho) * (arrivalSCV + serviceSCV) / 2 * meanServiceSeconds
  }

  /// The q-quantile of the queueing wait when P(wait > t) = ρ · exp(−t ρ / E[Wq]):
  /// 0 if ρ ≤ 1 − q, else `E[Wq] / ρ · ln(ρ / (1 − q))`. For M/M/1 this is exact.
  public static func waitQuantile(_ q: Double, meanWait: Double, utilization rho: Double) -> Double {
    guard rho > 1 - q, rho > 0, meanWait > 0 else { return 0 }
    return meanWait / rho * log(rho / (1 - q))
  }
}
