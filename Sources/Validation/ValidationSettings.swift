/// What a live validation runs: the rate one replica receives, its batching, and how long.
public struct ValidationSettings: Sendable, Equatable {
  /// Requests per second sent to the one replica under test.
  public var ratePerSecond: Double
  public var maxBatchSize: Int
  /// 0 or more seconds, or `.infinity`.
  public var maxDelaySeconds: Double
  /// Kernel threads of the model.
  public var threads: Int
  /// Length of each live repeat, seconds (default 15 s: three repeats take about a minute).
  public var durationSeconds: Double
  public var repeats: Int
  public var seed: UInt64
  /// Share of each run's first requests left out of the figures (as in the simulation).
  public var warmupFraction: Double
  /// Simulated runs behind each prediction: 20 gives the band's ends as the min and max of 20
  /// runs of the live run's length, about a 90% range for one run.
  public var predictionReplications: Int

  public init(
    ratePerSecond: Double, maxBatchSize: Int, maxDelaySeconds: Double, threads: Int, durationSeconds: Double = 15,
    repeats: Int = 3, seed: UInt64 = 1, warmupFraction: Double = 0.02, predictionReplications: Int = 20
  ) {
    self.ratePerSecond = ratePerSecond
    self.maxBatchSize = maxBatchSize
    self.maxDelaySeconds = maxDelaySeconds
    self.threads = threads
    self.durationSeconds = durationSeconds
    self.repeats = repeats
    self.seed = seed
    self.warmupFraction = warmupFraction
    self.predictionReplications = predictionReplications
  }

  /// Batch sizes the quick profile measures: 1, the powers of two below the max batch, and the
  /// max batch (the simulation interpolates between them).
  public var profileBatchSizes: [Int] {
    var sizes: [Int] = []
    var size = 1
    while size < maxBatchSize {
      sizes.append(size)
      size *= 2
    }
    sizes.append(maxBatchSize)
    return sizes
  }

  /// Idle gaps the quick profile measures: 0.5/λ and 2/λ, each kept within 50 µs…100 ms. At
  /// low load the idle time before a batch is about exponential with mean 1/λ, so these sit at
  /// its 39th and 86th percentiles; the curve is flat beyond the last and falls to 1 at 0. Two
  /// gaps rather than more leave time for enough runs per point on a noisy machine.
  public var profileIdleGapsSeconds: [Double] {
    [0.5, 2].map { min(max($0 / ratePerSecond, 50e-6), 0.1) }
  }
}
