import ArgumentParsing
import CostModel
import Foundation
import Profiles
import Units

/// Plan options for a day of traffic, autoscaling and ways to pay.
let trafficOptions: [OptionSpec] = [
  OptionSpec("traffic", valueName: "FILE", help: "request log: a timestamp per line, or CSV with a 'timestamp' column"),
  OptionSpec("shape", valueName: "NAME[:PEAK]", help: "daily shape around --volume: diurnal:3, business-hours:2, flat"),
  OptionSpec("min-replicas", valueName: "N", help: "autoscaling: fewest replicas kept serving (default 1 instance)"),
  OptionSpec("max-replicas", valueName: "N", help: "autoscaling: most replicas (default: no limit)"),
  OptionSpec("scale-up-delay", valueName: "DUR", help: "launch to serving (default: instance start + model load)"),
  OptionSpec("cooldown", valueName: "DUR", help: "scale-down stabilization window (default 300s, as Kubernetes)"),
  OptionSpec("allow", .repeated, valueName: "spot", help: "ways to pay that may be recommended besides on demand"),
]

/// A `--traffic` log the plan cannot use (exit 1).
struct TrafficFileError: Error, CustomStringConvertible {
  var description: String
}

/// The day of traffic and autoscaling limits from the command line and the workload.
///
/// `--traffic FILE` (a request log) and the workload's 24 `hourly_rates` are absolute and replace
/// the volume, so `--volume` beside them is a usage error; `--shape NAME[:PEAK]` or the workload's
/// `shape` scale the volume as their mean. `--peak-factor` beside any of them is a usage error:
/// the day's peak ÷ mean is the peak factor.
enum TrafficInputs {
  static func day(_ parsed: ParsedArguments, workload: WorkloadProfile?, volume: Double?) throws -> DailyTraffic? {
    let given = ["traffic", "shape"].filter { parsed.value($0) != nil }
    if given.count > 1 { throw ArgumentError("give either --traffic FILE or --shape NAME[:PEAK], not both.") }
    let absolute = parsed.value("traffic") != nil || { if case .hourly = workload?.traffic { true } else { false } }()
    if absolute, parsed.value("volume") != nil {
      throw ArgumentError(
        "--volume cannot be combined with \(parsed.value("traffic") != nil ? "--traffic" : "the workload's hourly_rates"): "
          + "those rates are absolute and replace the volume; leave out --volume.")
    }
    let day: DailyTraffic?
    if let path = parsed.value("traffic") {
      guard FileManager.default.fileExists(atPath: path) else {
        throw CommandFileError.missing(
          option: "--traffic", path: path, fix: "Give a request log: one timestamp per line, or a CSV with a 'timestamp' column.")
      }
      let text: String
      do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
        throw TrafficFileError(description: "'--traffic \(path)': cannot read it as UTF-8 text (\(error.localizedDescription)).")
      }
      do { day = try RequestLog.parse(text, path: path) } catch { throw TrafficFileError(description: "\(error)") }
    } else if let text = parsed.value("shape") {
      let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
      let ratio = parts.count > 1 ? Double(parts[1]) : 1
      guard let ratio else { throw ArgumentError("'--shape \(text)': PEAK must be a number, e.g. --shape diurnal:3.") }
      guard let volume else { throw ArgumentError("--shape needs --volume (the day's mean rate).") }
      do { day = try TrafficShape(named: parts[0]).day(meanRequestsPerSecond: volume, peakToMean: ratio) } catch {
        throw ArgumentError("'--shape \(text)': \(error)")
      }
    } else if let traffic = workload?.traffic {
      do { day = try traffic.day(meanRequestsPerSecond: volume ?? workload?.requestsPerSecond ?? 0) } catch {
        throw ArgumentError("--workload: \(error)")
      }
    } else {
      day = nil
    }
    if day != nil, parsed.value("peak-factor") != nil {
      throw ArgumentError("--peak-factor cannot be combined with a traffic shape or log: the day's peak ÷ mean is the peak factor.")
    }
    return day
  }

  static func autoscaling(_ parsed: ParsedArguments) throws -> AutoscalingSettings {
    var settings = AutoscalingSettings()
    settings.minReplicas = try parsed.integer("min-replicas", in: 1...1_000_000)
    settings.maxReplicas = try parsed.integer("max-replicas", in: 1...10_000_000)
    if let low = settings.minReplicas, let high = settings.maxReplicas, high < low {
      throw ArgumentError("--max-replicas \(high) is below --min-replicas \(low); give a maximum at least the minimum.")
    }
    if let text = parsed.value("scale-up-delay") {
      let seconds = try UnitParser.duration(text, option: "--scale-up-delay")
      guard seconds <= 3600 else { throw ArgumentError("'--scale-up-delay \(text)': at most 1 hour, e.g. 90s.") }
      settings.scaleUpDelaySeconds = seconds
    }
    if let text = parsed.value("cooldown") {
      let seconds = try UnitParser.duration(text, option: "--cooldown")
      guard seconds <= 3600 else { throw ArgumentError("'--cooldown \(text)': at most 1 hour (as Kubernetes allows), e.g. 300s.") }
      settings.scaleDownCooldownSeconds = seconds
    }
    return settings
  }

  /// Whether `--allow spot` was given; any other value is a usage error.
  static func allowsSpot(_ parsed: ParsedArguments) throws -> Bool {
    let values = parsed.list("allow")
    for value in values where value != "spot" {
      throw ArgumentError("'--allow \(value)': the only way to pay that needs permission is 'spot'.")
    }
    return values.contains("spot")
  }
}
