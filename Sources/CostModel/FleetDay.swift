import Foundation
import Units

/// A fleet followed minute by minute through a `DailyTraffic`: how many instances served and
/// were billed each minute, and the p99 over every request of the day.
public struct FleetDay: Sendable, Equatable {
  /// Instances serving in each minute (1,440 values).
  public var servingInstances: [Int]
  /// Instances billed in each minute: serving plus those still starting.
  public var billedInstances: [Int]
  /// Instance-hours billed in the day.
  public var instanceHoursPerDay: Double
  /// Fewest instances billed in any minute: the part of the fleet that runs all month.
  public var baseInstances: Int
  /// Most instances billed in any minute.
  public var peakInstances: Int
  /// p99 latency over every request of the day (seconds), lag after ramps included; infinite
  /// when a backlog never drains.
  public var p99Seconds: Double
  /// Minutes in which fewer instances served than the rule wanted (the lag after a ramp).
  public var lagMinutes: Int
  /// Minutes in which requests arrived faster than the serving replicas could take them with full
  /// batches, so a queue built up.
  public var overloadedMinutes: Int
}

/// Follows a fleet through a day of traffic: the autoscaling rule of `AutoscalingPolicy` or a
/// fixed count, its billing, and the day's p99.
///
/// Latency, minute by minute: the `c` serving replicas share the minute's rate λ, so one
/// replica's latency at `λ / c` (a sorted sample from `latencies`, simulated once per 5% step of
/// that rate and reused) stands for every request of the minute. When λ exceeds what the
/// replicas take with full batches (`c × saturationRate`), the excess queues as a backlog `Q`
/// (fluid model: `Q ← max(0, Q + 60 s × (λ − c × saturationRate))`), and the minute's requests
/// also wait `Q̄ ÷ (c × saturationRate)` with Q̄ the minute's mean backlog; the stationary part is
/// then taken at 90% of saturation. The day's p99 is the x where Σₘ nₘ · Fₘ(x − waitₘ) = 0.99 Σ nₘ,
/// nₘ = λₘ × 60 s, found by bisection. The day is run twice and the second kept, so the fleet
/// enters midnight as it left it.
public struct FleetDaySimulator: Sendable {
  /// Requests per second one replica takes within the plan's limits (target utilization, SLO).
  public var capacityPerReplica: Double
  /// Requests per second one replica serves with full batches (b / S(b)): beyond it a queue grows.
  public var saturationRatePerSecond: Double
  public var replicasPerInstance: Int
  /// One replica's latencies (seconds, ascending) at a per-replica rate below saturation.
  public var latencies: @Sendable (Double) -> [Double]

  /// Rates are looked up on a grid of this ratio (5%), so a day costs a few dozen simulations.
  static let rateStep = 1.05

  public init(
    capacityPerReplica: Double, saturationRatePerSecond: Double, replicasPerInstance: Int,
    latencies: @escaping @Sendable (Double) -> [Double]
  ) {
    self.capacityPerReplica = capacityPerReplica
    self.saturationRatePerSecond = saturationRatePerSecond
    self.replicasPerInstance = max(1, replicasPerInstance)
    self.latencies = latencies
  }

  /// Instances the capacity rule wants for `rate`.
  public func wantedInstances(_ rate: Double) -> Int {
    let replicas = max(1, (rate / capacityPerReplica * (1 - 1e-12)).rounded(.up))
    return Int(min((replicas / Double(replicasPerInstance)).rounded(.up), 1e9))
  }

  /// A fleet of `instances` all day.
  public func fixed(_ traffic: DailyTraffic, instances: Int) -> FleetDay {
    let counts = [Int](repeating: instances, count: DailyTraffic.minutes)
    return summarise(traffic, serving: counts, billed: counts, wanted: counts)
  }

  /// A fleet following `traffic` under `policy`.
  public func autoscaled(_ traffic: DailyTraffic, policy: AutoscalingPolicy) -> FleetDay {
    let minutes = DailyTraffic.minutes
    let delay = max(0, policy.scaleUpDelaySeconds)
    let window = max(1, Int((policy.scaleDownCooldownSeconds / 60).rounded(.up)))
    func clamp(_ count: Int) -> Int { min(max(count, policy.minInstances), policy.maxInstances ?? Int.max) }
    let wanted = traffic.minuteRates.map { clamp(wantedInstances($0)) }
    var serving = wanted[minutes - 1]
    var starting: [Double] = []  // times (s) at which launched instances start serving
    var servingCounts = [Int](repeating: 0, count: minutes)
    var billedCounts = [Int](repeating: 0, count: minutes)
    // An instance ready by the middle of the minute that starts at `now` serves it.
    func startServingReady(now: Double) {
      let ready = starting.filter { $0 <= now + 30 }.count
      starting.removeAll { $0 <= now + 30 }
      serving += ready
    }
    for pass in 0..<2 {
      for minute in 0..<minutes {
        let now = Double(pass * minutes + minute) * 60
        startServingReady(now: now)
        let want = wanted[minute]
        if want > serving + starting.count {
          starting += [Double](repeating: now + delay, count: want - serving - starting.count)
          startServingReady(now: now)
        }
        let highestRecent = (0..<window).map { wanted[(minute - $0 + minutes) % minutes] }.max() ?? want
        if highestRecent < serving + starting.count {
          let keep = max(highestRecent, 0)
          let cancelled = min(starting.count, serving + starting.count - keep)
          starting.removeLast(cancelled)
          serving = min(serving, keep)
        }
        servingCounts[minute] = serving
        billedCounts[minute] = serving + starting.count
      }
    }
    return summarise(traffic, serving: servingCounts, billed: billedCounts, wanted: wanted)
  }

  func summarise(_ traffic: DailyTraffic, serving: [Int], billed: [Int], wanted: [Int]) -> FleetDay {
    let minutes = DailyTraffic.minutes
    var waits = [Double](repeating: 0, count: minutes)
    var sampleRates = [Double](repeating: 0, count: minutes)
    var overloaded = 0
    // The backlog carried into the day: run the minutes twice, keep the second pass.
    var backlog = 0.0
    for pass in 0..<2 {
      for minute in 0..<minutes {
        let rate = traffic.minuteRates[minute]
        let replicas = Double(max(1, serving[minute] * replicasPerInstance))
        let served = replicas * saturationRatePerSecond
        let next = max(0, backlog + 60 * (rate - served))
        if pass == 1 {
          waits[minute] = (backlog + next) / 2 / served
          if rate > served { overloaded += 1 }
          sampleRates[minute] = min(rate / replicas, 0.9 * saturationRatePerSecond)
        }
        backlog = next
      }
    }
    let lag = (0..<minutes).filter { serving[$0] < wanted[$0] }.count
    let hours = Double(billed.reduce(0, +)) / 60
    let p99 = dayQuantile(0.99, traffic: traffic, sampleRates: sampleRates, waits: waits)
    return FleetDay(
      servingInstances: serving, billedInstances: billed, instanceHoursPerDay: hours, baseInstances: billed.min() ?? 0,
      peakInstances: billed.max() ?? 0, p99Seconds: p99, lagMinutes: lag, overloadedMinutes: overloaded)
  }

  /// The `q` quantile of the day's latencies (see the type's comment).
  func dayQuantile(_ q: Double, traffic: DailyTraffic, sampleRates: [Double], waits: [Double]) -> Double {
    var samples: [Int: [Double]] = [:]
    var minuteSample = [Int](repeating: 0, count: DailyTraffic.minutes)
    var total = 0.0
    var highest = 0.0
    for minute in 0..<DailyTraffic.minutes where traffic.minuteRates[minute] > 0 {
      let key = Int((log(max(sampleRates[minute], 1e-9)) / log(Self.rateStep)).rounded())
      if samples[key] == nil {
        let sample = latencies(pow(Self.rateStep, Double(key)))
        samples[key] = sample.isEmpty ? [.infinity] : sample
      }
      minuteSample[minute] = key
      total += traffic.minuteRates[minute]
      highest = max(highest, (samples[key]?.last ?? 0) + waits[minute])
    }
    guard total > 0, highest.isFinite else { return .infinity }
    func share(below x: Double) -> Double {
      var sum = 0.0
      for minute in 0..<DailyTraffic.minutes where traffic.minuteRates[minute] > 0 {
        guard let sample = samples[minuteSample[minute]] else { continue }
        sum += traffic.minuteRates[minute] * Self.fraction(of: sample, atMost: x - waits[minute])
      }
      return sum / total
    }
    var low = 0.0, high = highest
    for _ in 0..<50 {
      let middle = (low + high) / 2
      if share(below: middle) >= q { high = middle } else { low = middle }
    }
    return high
  }

  /// Share of a sorted sample at most `x`.
  static func fraction(of sorted: [Double], atMost x: Double) -> Double {
    var low = 0, high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      if sorted[middle] <= x { low = middle + 1 } else { high = middle }
    }
    return Double(low) / Double(sorted.count)
  }
}
