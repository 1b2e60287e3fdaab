/// Why a live validation could not finish.
public enum ValidationError: Error, Equatable, CustomStringConvertible {
  case passFailed(reason: String)
  case interrupted
  case nothingServed
  case unstable(utilization: Double)

  public var description: String {
    switch self {
    case let .passFailed(reason):
      "a forward pass failed during the load test: \(reason)"
    case .interrupted:
      "interrupted (Ctrl-C): the load test stopped; nothing was written."
    case .nothingServed:
      "the load test served no request; raise --duration or the rate (--volume)."
    case let .unstable(utilization):
      "at this rate one replica can't keep up even with full batches (predicted utilization "
        + "\(String(format: "%.2f", utilization)) ≥ 1), so a load test would only build a queue; "
        + "lower --volume or raise --max-batch."
    }
  }
}
