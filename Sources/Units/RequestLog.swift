import Foundation

/// Reads a request log into a `DailyTraffic`: one timestamp per line (epoch seconds, fractional
/// allowed, or ISO 8601 such as `2026-12-05T11:55:08.250Z` / `2026-12-05 11:55:08+01:00`), or a
/// CSV whose header has a `timestamp` column. Blank lines and lines starting with `#` are skipped.
///
/// Timestamps must be ascending (ties allowed). Each request counts in its UTC minute of the
/// day; a minute's rate is its count ÷ (60 s × the number of days the log covers that minute).
/// A log shorter than a day is repeated from its first minute to fill the day (so a one-hour log
/// of a steady service plans the same hour all day; say so in the report). Burstiness is the
/// index of dispersion of per-second counts inside each minute: Σ(nₛ − n̄)² ÷ Σ n̄ over every
/// second of every covered minute, with n̄ that minute's count ÷ 60 (1 for Poisson arrivals).
public enum RequestLog {
  /// Most requests read from one log: 5 × 10^7 (400 MB of timestamps), so a wrong file can't
  /// exhaust memory.
  public static let requestLimit = 50_000_000
  /// Epoch seconds above this (year 5138) are taken for milliseconds.
  static let largestEpochSeconds = 1e11

  /// The day of traffic in `text`, read from `path` (used in messages and the origin).
  /// - Throws: `TrafficError` for an empty or unsorted log, a bad timestamp, a span under 60 s or
  ///   over 366 days, or an absurd rate.
  public static func parse(_ text: String, path: String) throws -> DailyTraffic {
    let times = try timestamps(text, path: path)
    guard let first = times.first, let last = times.last else { throw TrafficError.emptyLog(path: path) }
    guard last - first >= 60 else { throw TrafficError.tooShort(path: path, seconds: last - first) }
    guard last - first <= 366 * 86_400 else { throw TrafficError.tooLong(path: path, days: (last - first) / 86_400) }
    let firstMinute = Int((first / 60).rounded(.down)), lastMinute = Int((last / 60).rounded(.down))
    var counts = [Double](repeating: 0, count: DailyTraffic.minutes)
    var covered = [Double](repeating: 0, count: DailyTraffic.minutes)
    for minute in firstMinute...lastMinute { covered[slot(minute)] += 1 }
    var dispersion = DispersionSum()
    for time in times {
      counts[slot(Int((time / 60).rounded(.down)))] += 1
      dispersion.add(time)
    }
    dispersion.finish()
    var rates = (0..<DailyTraffic.minutes).map { covered[$0] > 0 ? counts[$0] / (60 * covered[$0]) : -1 }
    let span = lastMinute - firstMinute + 1
    if span < DailyTraffic.minutes {
      // Repeat the observed window from its first minute: slot s takes the rate of the observed
      // minute (s − start) mod span.
      let start = slot(firstMinute)
      let observed = (0..<span).map { rates[(start + $0) % DailyTraffic.minutes] }
      for offset in span..<DailyTraffic.minutes { rates[(start + offset) % DailyTraffic.minutes] = observed[offset % span] }
    }
    let days = Double(span) / Double(DailyTraffic.minutes)
    let described = span < DailyTraffic.minutes
      ? "request log \(path) (\(span) min of \(times.count) requests, repeated to fill the day)"
      : "request log \(path) (\(String(format: "%.1f", days)) days, \(times.count) requests)"
    for (minute, rate) in rates.enumerated() where rate > DailyTraffic.absurdRequestsPerSecond {
      throw TrafficError.absurdRate(place: "\(path), minute \(DailyTraffic.clock(minute: minute)) UTC", value: rate)
    }
    return try DailyTraffic(minuteRates: rates, origin: described, burstiness: dispersion.index)
  }

  static func slot(_ minute: Int) -> Int { ((minute % DailyTraffic.minutes) + DailyTraffic.minutes) % DailyTraffic.minutes }

  /// Every timestamp in `text`, checked ascending.
  static func timestamps(_ text: String, path: String) throws -> [Double] {
    var times: [Double] = []
    var column: Int?
    var previousLine = 0
    var lineNumber = 0
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
      if line.isEmpty || line.hasPrefix("#") { continue }
      var field = Substring(line)
      if times.isEmpty, column == nil, line.contains(","), parseTime(field.split(separator: ",").first ?? "") == nil {
        let header = CSVLine.fields(line).map { $0.lowercased() }
        guard let index = header.firstIndex(of: "timestamp") else {
          throw TrafficError.noTimestampColumn(path: path, header: CSVLine.fields(line))
        }
        column = index
        continue
      }
      if let column {
        let fields = CSVLine.fields(line)
        guard column < fields.count else { throw TrafficError.badTimestamp(path: path, line: lineNumber, text: line) }
        field = Substring(fields[column])
      } else if let comma = line.firstIndex(of: ",") {
        field = line[..<comma]
      }
      guard let time = parseTime(field) else { throw TrafficError.badTimestamp(path: path, line: lineNumber, text: String(field)) }
      guard time <= largestEpochSeconds else { throw TrafficError.millisecondsLikely(path: path, line: lineNumber, value: time) }
      if let last = times.last, time < last { throw TrafficError.unsorted(path: path, line: lineNumber, previousLine: previousLine) }
      guard times.count < requestLimit else { throw TrafficError.tooManyLines(path: path, limit: requestLimit) }
      times.append(time)
      previousLine = lineNumber
    }
    return times
  }

  /// Epoch seconds from a number or an ISO 8601 date-time; nil when it is neither.
  static func parseTime(_ text: Substring) -> Double? {
    let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'"))
    if let seconds = Double(trimmed) { return seconds.isFinite && seconds >= 0 ? seconds : nil }
    return ISOTimestamp.epochSeconds(trimmed)
  }
}

/// Σ(nₛ − n̄)² and Σ n̄ over the seconds of each minute of an ascending stream of times.
struct DispersionSum {
  private var minute = Int.min
  private var perSecond = [Double](repeating: 0, count: 60)
  private var squares = 0.0
  private var total = 0.0

  mutating func add(_ time: Double) {
    let second = Int(time.rounded(.down))
    let thisMinute = Int((Double(second) / 60).rounded(.down))
    if thisMinute != minute {
      finish()
      minute = thisMinute
    }
    perSecond[((second % 60) + 60) % 60] += 1
  }

  mutating func finish() {
    let count = perSecond.reduce(0, +)
    guard count > 0 else { return }
    let mean = count / 60
    squares += perSecond.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    total += count
    perSecond = [Double](repeating: 0, count: 60)
  }

  /// The index of dispersion; nil without requests.
  var index: Double? { total > 0 ? squares / total : nil }
}

/// Splits one CSV line on commas outside double quotes (quotes removed).
enum CSVLine {
  static func fields(_ line: String) -> [String] {
    var fields: [String] = []
    var current = ""
    var quoted = false
    for character in line {
      if character == "\"" {
        quoted.toggle()
      } else if character == ",", !quoted {
        fields.append(current.trimmingCharacters(in: .whitespaces))
        current = ""
      } else {
        current.append(character)
      }
    }
    fields.append(current.trimmingCharacters(in: .whitespaces))
    return fields
  }
}
