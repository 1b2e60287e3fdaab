import Foundation

/// Reads the JSON that `infer-plan validate --json FILE` writes into a `PredictionCheck`.
///
/// Checked: the file reads, is a JSON object with `schema` 1 and `command` "validate", and has
/// `inputs` (model, volume, max_batch, max_delay, threads, duration, repeat, build) and
/// `summary` (observed_p50, observed_p99, p99_band_hits; the errors may be null).
public enum PredictionCheckReader {
  /// - Throws: `PredictionCheckError` naming the file, what is wrong and how to make a good one.
  public static func read(_ path: String) throws -> PredictionCheck {
    func fail(_ reason: String) -> PredictionCheckError { PredictionCheckError(path: path, reason: reason) }
    guard FileManager.default.fileExists(atPath: path) else { throw fail("no such file") }
    guard let data = FileManager.default.contents(atPath: path) else { throw fail("can't read the file") }
    guard let object = try? JSONSerialization.jsonObject(with: data), let root = object as? [String: Any] else {
      throw fail("not a JSON object")
    }
    guard (root["command"] as? String) == "validate", let schema = root["schema"] as? Int else {
      throw fail("not a validate result (no \"command\": \"validate\" with a \"schema\")")
    }
    guard schema == 1 else { throw fail("schema \(schema) is not one this version reads (1)") }
    guard let inputs = root["inputs"] as? [String: Any] else { throw fail("no 'inputs' object") }
    guard let summary = root["summary"] as? [String: Any] else { throw fail("no 'summary' object") }

    func number(_ object: [String: Any], _ key: String, _ where_: String) throws -> Double {
      guard let value = object[key] as? Double, value.isFinite, value >= 0 else {
        throw fail("'\(where_).\(key)' is missing or not a number ≥ 0")
      }
      return value
    }
    func integer(_ object: [String: Any], _ key: String, _ where_: String) throws -> Int {
      guard let value = object[key] as? Int, value >= 0 else { throw fail("'\(where_).\(key)' is missing or not a whole number ≥ 0") }
      return value
    }
    /// A number or null; anything else (a string, a missing key) is an error.
    func optional(_ object: [String: Any], _ key: String, _ where_: String, required: Bool = true) throws -> Double? {
      switch object[key] {
      case nil where !required, is NSNull: return nil
      case let value as Double where value.isFinite: return value
      default: throw fail("'\(where_).\(key)' is missing or not a number")
      }
    }
    guard let model = inputs["model"] as? String else { throw fail("'inputs.model' is missing or not a string") }
    let rate = try number(inputs, "volume", "inputs")
    let maxBatch = try integer(inputs, "max_batch", "inputs")
    let maxDelay = try optional(inputs, "max_delay", "inputs")
    let threads = try integer(inputs, "threads", "inputs")
    let duration = try number(inputs, "duration", "inputs")
    let repeats = try integer(inputs, "repeat", "inputs")
    let build = inputs["build"] as? String ?? "unknown"
    let predicted = root["predicted_offline"] as? [String: Any]
    let p50Error = try optional(summary, "p50_error", "summary")
    let p99Error = try optional(summary, "p99_error", "summary")
    return PredictionCheck(
      path: path, model: model, ratePerSecond: rate, maxBatch: maxBatch, maxDelaySeconds: maxDelay, threads: threads,
      durationSeconds: duration, repeats: repeats, build: build,
      predictedP50Seconds: predicted?["p50"] as? Double, predictedP99Seconds: predicted?["p99"] as? Double,
      predictedP99LowSeconds: predicted?["p99_low"] as? Double, predictedP99HighSeconds: predicted?["p99_high"] as? Double,
      observedP50Seconds: try number(summary, "observed_p50", "summary"),
      observedP99Seconds: try number(summary, "observed_p99", "summary"),
      p50Error: p50Error, p99Error: p99Error, p99BandHits: try integer(summary, "p99_band_hits", "summary"),
      calibratedP50Error: try optional(summary, "calibrated_p50_error", "summary", required: false),
      calibratedP99Error: try optional(summary, "calibrated_p99_error", "summary", required: false))
  }
}

/// A `--validation` file that cannot be used (exit 1).
public struct PredictionCheckError: Error, CustomStringConvertible, Equatable {
  public var path: String
  public var reason: String

  public var description: String {
    "--validation '\(path)': \(reason); write one with 'infer-plan validate --model MODEL --volume RATE --json \(path)'."
  }
}
