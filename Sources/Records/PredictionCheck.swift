import Foundation

/// One `infer-plan validate --json` result, as the plan report shows it: the setting that was
/// run, the offline prediction (profile only) against the observed median of the repeats, and
/// the errors. Times in seconds; errors are signed fractions, (predicted − observed) ÷ observed.
public struct PredictionCheck: Codable, Sendable, Equatable {
  /// The validation file as the user named it.
  public var path: String
  /// The model the validation ran, as written in its `inputs.model`.
  public var model: String
  /// Requests per second sent to the one replica.
  public var ratePerSecond: Double
  public var maxBatch: Int
  /// Longest batching delay in seconds; nil when unbounded (validate writes null).
  public var maxDelaySeconds: Double?
  public var threads: Int
  /// Seconds per repeat.
  public var durationSeconds: Double
  public var repeats: Int
  /// `release` or `debug`: the build that ran the validation.
  public var build: String
  /// The offline prediction (nil when validate could not predict, e.g. an unstable setting).
  public var predictedP50Seconds: Double?
  public var predictedP99Seconds: Double?
  public var predictedP99LowSeconds: Double?
  public var predictedP99HighSeconds: Double?
  /// Median over the repeats.
  public var observedP50Seconds: Double
  public var observedP99Seconds: Double
  public var p50Error: Double?
  public var p99Error: Double?
  /// Repeats whose observed p99 fell inside the offline p99 band.
  public var p99BandHits: Int
  /// Errors of the prediction calibrated by the other repeats' in-load service times.
  public var calibratedP50Error: Double?
  public var calibratedP99Error: Double?

  /// Offline errors up to these (15% at p50, 30% at p99: the targets for the offline prediction
  /// in docs/latency.md, "Checking a plan with `validate`") count as "held".
  public static let heldP50Error = 0.15
  public static let heldP99Error = 0.30

  public init(
    path: String, model: String, ratePerSecond: Double, maxBatch: Int, maxDelaySeconds: Double?, threads: Int,
    durationSeconds: Double, repeats: Int, build: String, predictedP50Seconds: Double?, predictedP99Seconds: Double?,
    predictedP99LowSeconds: Double?, predictedP99HighSeconds: Double?, observedP50Seconds: Double,
    observedP99Seconds: Double, p50Error: Double?, p99Error: Double?, p99BandHits: Int,
    calibratedP50Error: Double?, calibratedP99Error: Double?
  ) {
    self.path = path
    self.model = model
    self.ratePerSecond = ratePerSecond
    self.maxBatch = maxBatch
    self.maxDelaySeconds = maxDelaySeconds
    self.threads = threads
    self.durationSeconds = durationSeconds
    self.repeats = repeats
    self.build = build
    self.predictedP50Seconds = predictedP50Seconds
    self.predictedP99Seconds = predictedP99Seconds
    self.predictedP99LowSeconds = predictedP99LowSeconds
    self.predictedP99HighSeconds = predictedP99HighSeconds
    self.observedP50Seconds = observedP50Seconds
    self.observedP99Seconds = observedP99Seconds
    self.p50Error = p50Error
    self.p99Error = p99Error
    self.p99BandHits = p99BandHits
    self.calibratedP50Error = calibratedP50Error
    self.calibratedP99Error = calibratedP99Error
  }

  /// The model's file name (last path component), to compare with the plan's.
  public var modelFileName: String { (model as NSString).lastPathComponent }

  /// Whether the offline prediction held: both errors within `heldP50Error`/`heldP99Error`;
  /// nil when there was no prediction.
  public var held: Bool? {
    guard let p50Error, let p99Error else { return nil }
    return abs(p50Error) <= Self.heldP50Error && abs(p99Error) <= Self.heldP99Error
  }

  /// The JSON keys (snake_case, seconds, signed fractions); a plan adds `held`.
  enum CodingKeys: String, CodingKey {
    case path = "file"
    case model
    case ratePerSecond = "rate"
    case maxBatch = "max_batch"
    case maxDelaySeconds = "max_delay"
    case threads
    case durationSeconds = "duration"
    case repeats, build
    case predictedP50Seconds = "predicted_p50"
    case predictedP99Seconds = "predicted_p99"
    case predictedP99LowSeconds = "predicted_p99_low"
    case predictedP99HighSeconds = "predicted_p99_high"
    case observedP50Seconds = "observed_p50"
    case observedP99Seconds = "observed_p99"
    case p50Error = "p50_error"
    case p99Error = "p99_error"
    case p99BandHits = "p99_band_hits"
    case calibratedP50Error = "calibrated_p50_error"
    case calibratedP99Error = "calibrated_p99_error"
  }
}

extension PredictionCheck {
  /// The check of the validate result at `path` (`infer-plan validate --json FILE`).
  /// - Throws: `DocumentError` when the file is not a validate result this version reads, or
  ///   holds a negative rate, duration or latency.
  public static func read(from path: String) throws(DocumentError) -> PredictionCheck {
    let document = try ValidateDocument.read(from: path)
    let check = PredictionCheck(document, path: path)
    let figures: [(String, Double)] = [
      ("inputs.volume", check.ratePerSecond), ("inputs.max_delay", check.maxDelaySeconds ?? 0),
      ("inputs.duration", check.durationSeconds), ("summary.observed_p50", check.observedP50Seconds),
      ("summary.observed_p99", check.observedP99Seconds),
    ]
    for (key, value) in figures where value < 0 {
      throw ValidateDocument.failure(path, "'\(key)' is \(value); expected a number ≥ 0")
    }
    return check
  }

  /// The figures the plan report shows, from a validate result.
  public init(_ document: ValidateDocument, path: String) {
    let inputs = document.inputs
    let summary = document.summary
    let predicted = document.predictedOffline
    self.init(
      path: path, model: inputs.model, ratePerSecond: inputs.volume, maxBatch: inputs.maxBatch,
      maxDelaySeconds: inputs.maxDelay, threads: inputs.threads, durationSeconds: inputs.duration,
      repeats: inputs.repeat, build: inputs.build, predictedP50Seconds: predicted?.p50, predictedP99Seconds: predicted?.p99,
      predictedP99LowSeconds: predicted?.p99Low, predictedP99HighSeconds: predicted?.p99High,
      observedP50Seconds: summary.observedP50, observedP99Seconds: summary.observedP99, p50Error: summary.p50Error,
      p99Error: summary.p99Error, p99BandHits: summary.p99BandHits, calibratedP50Error: summary.calibratedP50Error,
      calibratedP99Error: summary.calibratedP99Error)
  }
}
