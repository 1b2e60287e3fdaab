/// A daily traffic profile or request log the tool cannot use: what was wrong, where, and how to
/// fix it. The command line reports it as exit 1 for a `--traffic` file, 64 for a bad flag.
public enum TrafficError: Error, Equatable, CustomStringConvertible {
  case wrongCount(what: String, found: Int, expected: Int)
  case badRate(place: String, value: Double)
  case absurdRate(place: String, value: Double)
  case allZero(String)
  case unknownShape(String, known: [String])
  case badPeakToMean(shape: String, value: Double, highest: Double)
  case emptyLog(path: String)
  case badTimestamp(path: String, line: Int, text: String)
  case unsorted(path: String, line: Int, previousLine: Int)
  case noTimestampColumn(path: String, header: [String])
  case tooShort(path: String, seconds: Double)
  case tooLong(path: String, days: Double)
  case millisecondsLikely(path: String, line: Int, value: Double)
  case tooManyLines(path: String, limit: Int)

  public var description: String {
    switch self {
    case let .wrongCount(what, found, expected):
      return "a day needs \(expected) \(what), found \(found); give one per \(expected == 24 ? "hour, 00:00 UTC first" : "minute")."
    case let .badRate(place, value):
      return "the rate at \(place) is \(value); rates must be finite and 0 or more (requests per second)."
    case let .absurdRate(place, value):
      return "the rate at \(place) is \(Self.number(value)) requests/s, above \(Self.number(DailyTraffic.absurdRequestsPerSecond)); "
        + "check the unit (per second, not per minute or per day) or the timestamps' unit."
    case let .allZero(origin):
      return "\(origin): every rate is 0; a day with no requests has nothing to plan."
    case let .unknownShape(name, known):
      return "unknown traffic shape '\(name)'; use one of \(known.joined(separator: ", ")), or give 24 hourly_rates."
    case let .badPeakToMean(shape, value, highest):
      return "peak_to_mean \(value) for shape '\(shape)': use a number from 1 to \(Self.number(highest)) (peak rate ÷ mean rate)."
    case let .emptyLog(path):
      return "\(path): no timestamps found; give one timestamp per line (epoch seconds or ISO 8601, e.g. "
        + "2026-12-05T11:55:08Z), or a CSV with a 'timestamp' column."
    case let .badTimestamp(path, line, text):
      return "\(path):\(line): '\(Self.clip(text))' is not a timestamp; use epoch seconds (1764935708.25) or ISO 8601 "
        + "(2026-12-05T11:55:08.250Z)."
    case let .unsorted(path, line, previousLine):
      return "\(path):\(line): this timestamp is earlier than line \(previousLine)'s; sort the log by time first "
        + "(e.g. `sort -n` for epoch seconds)."
    case let .noTimestampColumn(path, header):
      return "\(path): the CSV header (\(header.map { "'\($0)'" }.joined(separator: ", "))) has no 'timestamp' column; "
        + "rename the column holding request times to 'timestamp'."
    case let .tooShort(path, seconds):
      return "\(path): the log spans \(Self.number(seconds)) s; per-minute rates need at least 60 s of requests."
    case let .tooLong(path, days):
      return "\(path): the log spans \(Self.number(days)) days, more than 366; check that every timestamp uses the same unit."
    case let .millisecondsLikely(path, line, value):
      return "\(path):\(line): \(Self.number(value)) looks like epoch milliseconds; give seconds (divide by 1,000)."
    case let .tooManyLines(path, limit):
      return "\(path): more than \(limit) requests; give a sample of the log (a day or less is enough for a shape)."
    }
  }

  private static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.4g", value)
  }

  private static func clip(_ text: String) -> String { text.count > 40 ? String(text.prefix(40)) + "…" : text }
}
