import Foundation
import Profiles
import Records
import Units

/// A serverless CPU platform (AWS Lambda, Cloud Run with request-based billing) priced for a day
/// of traffic, with the cold starts it brings into the day's p99.
///
/// Model, per request (one request per instance at a time: no batching, no queue):
///
///     memory    m = max(needed + 128 MiB runtime, Lambda: 1,769 MiB for one full vCPU; Cloud Run:
///                   the smallest 1-vCPU size), MiB
///     duration  d = S(1) ÷ min(1, vCPU share)           S(1): 1-thread batch-1 service time
///     billed    d rounded up to the billing step (Lambda 1 ms, Cloud Run 100 ms)
///     monthly   requests/month × (fee per request + billed × (m/1024 × GiB-s price + vCPUs × vCPU-s price))
///     cold      platform start + weights ÷ 125 MiB/s (model load), on top of d
///     cold share fₘ = exp(−λₘ·W) per minute m: the chance that the last request was longer ago
///                than the keep-warm window W (one warm instance sees every request at low rates;
///                at higher rates the pool is warm and fₘ → 0); the day's share F = Σ λₘfₘ ÷ Σ λₘ
///     p99       d₉₉ + cold when F ≥ 1%, else d₉₉ (d₉₉: the pass's own p99 ÷ the vCPU share)
///
/// Lambda's memory above 1,769 MiB buys more vCPUs, which a 1-thread pass can't use, and below it
/// the pass is throttled in proportion while the GiB-seconds stay the same: 1,769 MiB is the
/// cheapest fast size. Cloud Run's instance-based billing is left out (it bills whole instance
/// lifetimes: an always-on container, priced like a small instance).
public struct ServerlessEstimate: Sendable, Equatable {
  public var platform: String
  public var memoryMiB: Int
  public var vCPUs: Double
  /// Seconds of one request (warm), before billing rounds it.
  public var durationSeconds: Double
  /// Seconds a cold start adds; nil when the platform's start is not known (measure it).
  public var coldStartSeconds: Double?
  /// Share of the day's requests that meet a cold instance.
  public var coldShare: Double
  /// The keep-warm window used (seconds) and whether it is the profile's or the assumed default.
  public var keepWarmSeconds: Double
  public var keepWarmAssumed: Bool
  public var monthlyUSD: Double
  /// The day's p99 (seconds); nil when cold starts reach the p99 and their length is unknown.
  public var p99Seconds: Double?
  /// Most requests in flight at the peak minute (λ × d) against the platform's default limit.
  public var peakConcurrency: Double
  public var concurrencyLimit: Int
  /// Whether the CPU time comes only from another CPU family's measurement (Arm from x86): shown,
  /// never recommended, as for instances.
  public var isCrossFamilyEstimate = false

  /// Used when a profile gives no keep-warm time (AWS documents none): 300 s [assumption].
  public static let assumedKeepWarmSeconds = 300.0
  /// Memory a function runtime needs beside the model: 128 MiB [assumption].
  public static let runtimeMiB = 128

  /// The estimate for `profile` serving a model of `weightBytes` (needing `neededBytes` per
  /// replica) whose 1-thread batch-1 pass takes `serviceSeconds` on average and `p99ServiceSeconds`
  /// at its 99th percentile (default: the mean); nil when no size fits or the billing is
  /// instance-based.
  public static func estimate(
    _ profile: ServerlessProfile, traffic: DailyTraffic, serviceSeconds: Double, p99ServiceSeconds: Double? = nil,
    neededBytes: Int, weightBytes: Int, hoursPerMonth: Double
  ) -> ServerlessEstimate? {
    guard profile.billing != .instance, serviceSeconds.isFinite, serviceSeconds > 0 else { return nil }
    let needed = Int((Double(neededBytes) / 1_048_576).rounded(.up)) + runtimeMiB
    let memory: Int
    if let perVCPU = profile.cpu.mibPerVCPU {
      memory = max(needed, Int(perVCPU.rounded(.up)), profile.memory.minMiB)
    } else {
      guard let oneVCPU = profile.cpu.choices.first(where: { $0.vcpus >= 1 }) else { return nil }
      memory = max(needed, oneVCPU.minMemoryMiB, profile.memory.minMiB)
    }
    guard memory <= profile.memory.maxMiB, let vCPUs = profile.vcpus(forMemoryMiB: memory) else { return nil }
    let duration = serviceSeconds / min(1, vCPUs)
    let step = profile.billing == .function ? 0.001 : 0.1
    let billed = (duration / step).rounded(.up) * step
    let perRequest = profile.prices.usdPerMillionRequests / 1e6
      + billed * (Double(memory) / 1024 * profile.prices.usdPerGiBSecond + vCPUs * (profile.prices.usdPerVCPUSecond ?? 0))
    let requestsPerMonth = traffic.meanRequestsPerSecond * 3600 * hoursPerMonth
    let keepWarm = profile.coldStart.keepWarmSeconds ?? assumedKeepWarmSeconds
    var cold = 0.0
    for rate in traffic.minuteRates { cold += rate * exp(-rate * keepWarm) }
    let coldShare = cold / max(traffic.minuteRates.reduce(0, +), .leastNonzeroMagnitude)
    let coldStart = profile.coldStart.platformSeconds.map { $0 + Double(weightBytes) / AutoscalingPolicy.modelLoadBytesPerSecond }
    let p99Warm = max(serviceSeconds, p99ServiceSeconds ?? serviceSeconds) / min(1, vCPUs)
    let p99: Double? = coldShare >= 0.01 ? coldStart.map { p99Warm + $0 } : p99Warm
    return ServerlessEstimate(
      platform: profile.name, memoryMiB: memory, vCPUs: vCPUs, durationSeconds: duration, coldStartSeconds: coldStart,
      coldShare: coldShare, keepWarmSeconds: keepWarm, keepWarmAssumed: profile.coldStart.keepWarmSeconds == nil,
      monthlyUSD: requestsPerMonth * perRequest, p99Seconds: p99,
      peakConcurrency: traffic.peakRequestsPerSecond * duration,
      concurrencyLimit: profile.limits.maxInstances * profile.limits.perInstance)
  }

  /// Whether the peak fits the platform's default concurrency limit.
  public var fitsConcurrency: Bool { peakConcurrency <= Double(concurrencyLimit) }
}
