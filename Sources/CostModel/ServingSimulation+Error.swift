/// A problem with the inputs of a serving simulation or its service-time model.
public enum SimulationError: Error, Equatable, CustomStringConvertible {
  case badRate(Double)
  case badReplicas(Int)
  case badMaxBatchSize(Int)
  case badMaxDelay(Double)
  case badRequestCount(Int, limit: Int)
  case badReplicationCount(Int, limit: Int)
  case badTrace(String)
  case emptySequence
  case badSample(value: Double)
  case badCV(Double)
  case badTableEntry(String, reason: String)
  case emptyTable
  case duplicateBatchSize(Int)
  case missingBatchSize(needed: Int, measured: [Int], source: String)
  case noRows(device: String, hardware: String?, available: [String])
  case severalHardware(device: String, names: [String])
  case badSlowdownPoint(gapSeconds: Double, factor: Double)

  public var description: String {
    switch self {
    case let .badRate(rate):
      "the arrival rate must be a finite number above 0 requests/s; got \(rate)."
    case let .badReplicas(count):
      "replicas must be at least 1; got \(count)."
    case let .badMaxBatchSize(size):
      "the max batch size must be at least 1; got \(size)."
    case let .badMaxDelay(seconds):
      "the max batching delay must be 0 or more seconds (or infinite); got \(seconds)."
    case let .badRequestCount(count, limit):
      "requests per replication must be between 1 and \(limit); got \(count). Use fewer requests or fewer replications."
    case let .badReplicationCount(count, limit):
      "replications must be between 1 and \(limit); got \(count)."
    case let .badTrace(reason):
      "the arrival trace is not usable: \(reason)."
    case .emptySequence:
      "no service-time samples to resample; measure with `infer-plan profile` first."
    case let .badSample(value):
      "a service-time sample is \(value); samples must be finite and 0 or more seconds."
    case let .badCV(cv):
      "the coefficient of variation must be finite and 0 or more; got \(cv)."
    case let .badTableEntry(entry, reason):
      "service table entry '\(entry)': \(reason); write entries as BATCH:TIME, e.g. \"1:1.2ms,8:1.9ms\"."
    case .emptyTable:
      "the service table is empty; write entries as BATCH:TIME, e.g. \"1:1.2ms,8:1.9ms\"."
    case let .duplicateBatchSize(size):
      "batch size \(size) is given twice; give each batch size once."
    case let .missingBatchSize(needed, measured, source):
      "\(source) has batch sizes \(measured.map(String.init).joined(separator: ", ")), but batches of "
        + "\(needed) are needed; measure batch size \(needed) (e.g. `infer-plan profile --batch-sizes 1,\(max(needed, 2))`) "
        + "or lower --max-batch."
    case let .noRows(device, hardware, available):
      "the measurements have no rows for device '\(device)'"
        + (hardware.map { " on hardware '\($0)'" } ?? "") + "; they hold: "
        + (available.isEmpty ? "nothing" : available.joined(separator: ", "))
        + ". Measure it with `infer-plan profile --devices \(device)` or pick one of those."
    case let .severalHardware(device, names):
      "the measurements hold device '\(device)' for several hardware names (\(names.joined(separator: ", "))); "
        + "choose one with --hardware NAME."
    case let .badSlowdownPoint(gap, factor):
      "an idle-gap slowdown point (gap \(gap) s, factor \(factor)) is not usable; gaps and factors must be finite and above 0."
    }
  }
}
