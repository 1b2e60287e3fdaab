/// The planner's defaults, each defined once (the month is `BillingMonth` in Units). Commands,
/// workloads and `PlanRequest` take these when nothing is given; docs/planning.md lists them.
public enum PlanningDefaults {
  /// Highest planned utilization of a replica: 0.7. A queue's waiting time grows as ρ/(1−ρ),
  /// so 70% keeps headroom for bursts and for the queueing delay (at ρ = 0.7 a request waits
  /// about 2.3 service times in an M/M/1 queue, at 0.9 nine).
  public static let targetUtilization = 0.7

  /// Longest time a dynamic batcher holds the oldest waiting request: 5 ms. Long enough to
  /// fill small batches at moderate rates, short next to the 50–500 ms latency objectives of
  /// typical online services; used as is when no SLO is given.
  public static let maxBatchingDelaySeconds = 0.005

  /// Tokens per request for encoders when neither `--seq-len` nor the workload says: 128, a
  /// common serving length for BERT-class sentence encoders (capped by the model's maximum).
  public static let sequenceLength = 128

  /// Tokens per request: `requested` when given, else `sequenceLength` capped by the model's
  /// maximum positions (`maxPositions` ≤ 0: no maximum known).
  public static func sequenceLength(requested: Int?, maxPositions: Int) -> Int {
    requested ?? (maxPositions > 0 ? min(sequenceLength, maxPositions) : sequenceLength)
  }
}
