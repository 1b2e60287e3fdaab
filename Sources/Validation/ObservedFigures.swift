/// What one live repeat showed.
public struct ObservedFigures: Sendable, Equatable {
  /// Latency from scheduled arrival to the end of the request's batch, seconds (nearest rank).
  public var p50: Double
  public var p90: Double
  public var p99: Double
  public var mean: Double
  /// Requests served per second over the run.
  public var throughput: Double
  /// Share of the run the replica spent in forward passes.
  public var utilization: Double
  public var meanBatchSize: Double
  /// Requests counted (after the warm-up share) and served in all.
  public var countedRequests: Int
  public var servedRequests: Int
  /// How late the client sent, seconds: median and p99.
  public var latenessP50: Double
  public var latenessP99: Double
  /// Median and mean forward-pass time of the batches (seconds), and the median and p99
  /// request-path delay per batch (`Validator.requestPathDelays`): where the latency went.
  public var passP50: Double = 0
  public var passMean: Double = 0
  public var requestPathDelayP50: Double = 0
  public var requestPathDelayP99: Double = 0
}
