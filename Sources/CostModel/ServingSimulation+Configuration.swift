/// How requests are spread over replicas.
public enum Routing: String, Sendable, CaseIterable {
  /// One FIFO queue that every replica serves (a load balancer that knows who is free, or one
  /// batcher in front of several model instances).
  case shared
  /// Request i goes to replica i mod c, each with its own queue (a plain round-robin balancer).
  case roundRobin = "round-robin"
}

/// When requests arrive.
public enum ArrivalProcess: Sendable, Equatable {
  /// A Poisson process: exponential gaps with mean 1/rate.
  case poisson(ratePerSecond: Double)
  /// Given arrival times in seconds, ascending (e.g. a recorded trace); replications then differ
  /// only in their service times.
  case trace([Double])
}

/// A serving setup to simulate: replicas, routing and the dynamic batching rule.
///
/// Batching rule (per queue): a free replica takes `maxBatchSize` waiting requests at once; if
/// fewer wait, it waits until `maxBatchSize` wait or the oldest has waited `maxDelaySeconds`,
/// then takes all waiting (at most `maxBatchSize`). `maxDelaySeconds` 0 takes what is there (at
/// least one); `.infinity` always waits for a full batch, except that the last requests of the
/// run are flushed when the arrivals end.
public struct ServingConfiguration: Sendable, Equatable {
  /// When requests arrive (all replicas together).
  public var arrivals: ArrivalProcess
  /// Identical replicas, at least 1.
  public var replicas: Int
  /// Largest batch a replica takes (B), at least 1.
  public var maxBatchSize: Int
  /// Longest the oldest waiting request waits for a batch to fill (D): 0 or more seconds, or
  /// `.infinity`.
  public var maxDelaySeconds: Double
  /// One shared queue or round-robin queues.
  public var routing: Routing

  /// Creates a configuration; `validate()` checks it.
  public init(
    arrivals: ArrivalProcess, replicas: Int, maxBatchSize: Int, maxDelaySeconds: Double,
    routing: Routing = .shared
  ) {
    self.arrivals = arrivals
    self.replicas = replicas
    self.maxBatchSize = maxBatchSize
    self.maxDelaySeconds = maxDelaySeconds
    self.routing = routing
  }

  /// Mean arrival rate in requests/s (a trace: count ÷ its span).
  public var arrivalRatePerSecond: Double {
    switch arrivals {
    case let .poisson(rate): return rate
    case let .trace(times):
      guard let first = times.first, let last = times.last, last > first else { return .infinity }
      return Double(times.count - 1) / (last - first)
    }
  }

  /// Checks every field before any slow work.
  /// - Throws: the `SimulationError` for the first bad field.
  public func validate() throws {
    switch arrivals {
    case let .poisson(rate):
      guard rate.isFinite, rate > 0 else { throw SimulationError.badRate(rate) }
    case let .trace(times):
      guard !times.isEmpty else { throw SimulationError.badTrace("it holds no arrival") }
      for index in times.indices {
        guard times[index].isFinite, times[index] >= 0 else {
          throw SimulationError.badTrace("arrival \(index + 1) is \(times[index]) s; times must be finite and 0 or more")
        }
        if index > 0, times[index] < times[index - 1] {
          throw SimulationError.badTrace("arrival \(index + 1) comes before arrival \(index); sort the times")
        }
      }
    }
    guard replicas >= 1 else { throw SimulationError.badReplicas(replicas) }
    guard maxBatchSize >= 1 else { throw SimulationError.badMaxBatchSize(maxBatchSize) }
    guard maxDelaySeconds >= 0, !maxDelaySeconds.isNaN else { throw SimulationError.badMaxDelay(maxDelaySeconds) }
  }
}

/// How much to simulate.
public struct SimulationOptions: Sendable, Equatable {
  /// Requests per replication (a trace uses its own length).
  public var requestsPerReplication: Int
  /// Independent replications; the spread of their percentiles gives the 95% intervals.
  public var replications: Int
  /// Base seed; replication k uses `SimulationRandom.replicationSeed(base: seed, index: k)`.
  public var seed: UInt64
  /// Share of each replication's first requests left out of the statistics, because the run
  /// starts with empty queues (2%: far longer than the queue's relaxation time at ρ ≤ 0.95, and
  /// cheap).
  public var warmupFraction: Double

  /// Most requests in one call: 5 × 10^7 (400 MB of latencies), so a typo can't exhaust memory.
  public static let requestLimit = 50_000_000
  /// Most replications in one call.
  public static let replicationLimit = 1_000

  /// Creates options; the defaults (10 × 20,000 requests) give p99 intervals of a few percent in
  /// a fraction of a second, enough for a planner's finalists.
  public init(
    requestsPerReplication: Int = 20_000, replications: Int = 10, seed: UInt64 = 1, warmupFraction: Double = 0.02
  ) {
    self.requestsPerReplication = requestsPerReplication
    self.replications = replications
    self.seed = seed
    self.warmupFraction = warmupFraction
  }

  /// Checks the counts. - Throws: `SimulationError.badRequestCount` / `.badReplicationCount`.
  public func validate() throws {
    guard (1...Self.replicationLimit).contains(replications) else {
      throw SimulationError.badReplicationCount(replications, limit: Self.replicationLimit)
    }
    guard requestsPerReplication >= 1, requestsPerReplication <= Self.requestLimit / replications else {
      throw SimulationError.badRequestCount(requestsPerReplication, limit: Self.requestLimit / replications)
    }
  }
}
