import Units
import YAMLLite

extension WorkloadProfile {
  static let keys = [
    "name", "volume", "peak_factor", "latency_slo", "budget", "hours_per_month", "sequence_length", "source", "as_of",
    "note", "hourly_rates", "shape", "peak_to_mean",
  ]

  /// Reads a workload file (format in docs/profiles.md). Units are the command line's:
  /// `volume` "100/min" (also /s, /hour, /day, /month, k and M suffixes); `latency_slo`
  /// "200ms" (us, ms, s) or null for none; `budget` USD per month ("50", "$50", "50/month",
  /// "2/day") or null for none; `peak_factor` ≥ 1 (default 1); `hours_per_month` (default 730).
  /// - Parameter defaultName: used when the file has no `name:` (the file name without extension).
  public static func read(_ value: Value, file: String, defaultName: String) throws(ProfileError) -> WorkloadProfile {
    guard case .mapping(let mapping) = value else {
      throw .wrongType(
        file: file, line: 1, context: "workload", key: "(document)", expected: "a mapping of keys",
        found: value.kindDescription)
    }
    let context = "workload '\(mapping["name"]?.string ?? defaultName)'"
    let fields = try FieldReader(mapping, file: file, context: context, allowed: keys)
    let name = mapping["name"] == nil ? defaultName : try fields.string("name", meaning: "the workload's name")

    let traffic = try readTraffic(fields, mapping: mapping)
    var requestsPerSecond = 0.0
    if case .hourly(let day) = traffic {
      guard mapping["volume"] == nil else {
        throw fields.invalid("volume", "give either volume or hourly_rates: the 24 hourly rates are absolute and replace the volume.")
      }
      requestsPerSecond = day.meanRequestsPerSecond
    } else {
      let volumeValue = try fields.value("volume", meaning: "average request rate with a unit, e.g. 100/min or 20k/s")
      guard case .string(let volumeText) = volumeValue else {
        throw fields.wrongType("volume", "a rate with a unit such as \"100/min\" or \"20/s\"", volumeValue)
      }
      requestsPerSecond = try units("volume", fields) { try UnitParser.rate(volumeText, option: "volume") }
    }

    if traffic != nil, mapping["peak_factor"] != nil {
      throw fields.invalid("peak_factor", "leave it out with hourly_rates or shape: the day's peak ÷ mean is the peak factor.")
    }
    let peakFactor = try fields.optionalNumber("peak_factor", meaning: "peak rate ÷ average rate") ?? 1
    guard peakFactor >= 1 else {
      throw fields.invalid("peak_factor", "must be 1 or more (peak ÷ average), found \(peakFactor).")
    }

    var latencySLOSeconds: Double?
    if let slo = mapping["latency_slo"], slo != .null {
      guard case .string(let text) = slo else {
        throw fields.wrongType("latency_slo", "a duration with a unit such as \"200ms\", or null", slo)
      }
      let seconds = try units("latency_slo", fields) { try UnitParser.duration(text, option: "latency_slo") }
      guard seconds > 0 else { throw fields.invalid("latency_slo", "must be above 0; write null for no objective.") }
      latencySLOSeconds = seconds
    }

    var budgetUSDPerMonth: Double?
    if let budget = mapping["budget"], budget != .null {
      let text: String
      switch budget {
      case .string(let s): text = s
      case .int, .double: text = "\(budget.number ?? 0)"
      default: throw fields.wrongType("budget", "USD per month such as 50 or \"2/day\", or null", budget)
      }
      budgetUSDPerMonth = try units("budget", fields) { try UnitParser.budget(text, option: "budget") }
    }

    let hours = try fields.optionalNumber("hours_per_month", meaning: "hours billed per month") ?? BillingMonth.hours
    guard hours <= 744 else {
      throw fields.invalid("hours_per_month", "must be at most 744 (31 days × 24 h), found \(hours).")
    }
    var sequenceLength: Int?
    if let length = mapping["sequence_length"], length != .null {
      sequenceLength = try fields.integer("sequence_length", meaning: "tokens per request", in: 1...65536)
    }
    var source: SourceNote?
    if mapping["source"] != nil || mapping["as_of"] != nil { source = try fields.sourceNote() }
    if let note = mapping["note"], note.string == nil { throw fields.wrongType("note", "a string", note) }

    var profile = WorkloadProfile(
      name: name, requestsPerSecond: requestsPerSecond, peakFactor: peakFactor, latencySLOSeconds: latencySLOSeconds,
      budgetUSDPerMonth: budgetUSDPerMonth, hoursPerMonth: hours, sequenceLength: sequenceLength, source: source)
    profile.origin = file
    profile.traffic = traffic
    return profile
  }

  /// `hourly_rates` (24 rates, "100/min" or a number in requests per second) or `shape` with
  /// `peak_to_mean`; nil when neither is given.
  static func readTraffic(_ fields: FieldReader, mapping: Mapping) throws(ProfileError) -> WorkloadTraffic? {
    if let shapeValue = mapping["shape"], shapeValue != .null {
      guard mapping["hourly_rates"] == nil else {
        throw fields.invalid("shape", "give either shape or hourly_rates, not both.")
      }
      let name = try fields.string("shape", meaning: "a named daily shape: flat, diurnal or business-hours")
      let ratio = try fields.optionalNumber("peak_to_mean", meaning: "peak rate ÷ mean rate of the shape") ?? 1
      do {
        let shape = try TrafficShape(named: name)
        _ = try shape.day(meanRequestsPerSecond: 1, peakToMean: ratio)
        return .shape(shape, peakToMean: ratio)
      } catch {
        throw fields.invalid("shape", "\(error)")
      }
    }
    if mapping["peak_to_mean"] != nil {
      throw fields.invalid("peak_to_mean", "goes with shape: give shape: diurnal (or business-hours) too.")
    }
    guard let ratesValue = mapping["hourly_rates"], ratesValue != .null else { return nil }
    guard case .list(let items) = ratesValue else {
      throw fields.wrongType("hourly_rates", "a list of 24 rates such as [\"100/min\", …], 00:00 UTC first", ratesValue)
    }
    var rates: [Double] = []
    for item in items {
      switch item {
      case .int, .double: rates.append(item.number ?? 0)
      case .string(let text): rates.append(try units("hourly_rates", fields) { try UnitParser.rate(text, option: "hourly_rates") })
      default: throw fields.wrongType("hourly_rates", "rates such as \"100/min\" or numbers in requests per second", item)
      }
    }
    do {
      return .hourly(try DailyTraffic(hourlyRates: rates))
    } catch {
      throw fields.invalid("hourly_rates", "\(error)")
    }
  }

  /// Runs a `UnitParser` parser, turning its `UnitError` into a `ProfileError` for `key`.
  static func units(_ key: String, _ fields: FieldReader, _ parse: () throws -> Double) throws(ProfileError)
    -> Double
  {
    do {
      return try parse()
    } catch let error as UnitError {
      // The message starts with "key 'text': …"; keep what follows the key.
      let message = error.message.hasPrefix(key + " ") ? String(error.message.dropFirst(key.count + 1)) : error.message
      throw fields.invalid(key, message)
    } catch {
      throw fields.invalid(key, "\(error)")
    }
  }
}
