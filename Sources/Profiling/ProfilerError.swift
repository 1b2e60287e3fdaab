/// A problem that stops a measurement.
public enum ProfilerError: Error, Equatable, CustomStringConvertible {
  case invalidOption(field: String, found: String, allowed: String)
  /// The backend failed while preparing or running a batch size.
  case backendFailed(device: String, batchSize: Int, reason: String)

  public var description: String {
    switch self {
    case let .invalidOption(field, found, allowed):
      "invalid \(field): got \(found); use \(allowed)."
    case let .backendFailed(device, batchSize, reason):
      "\(device), batch size \(batchSize): \(reason)"
    }
  }
}
