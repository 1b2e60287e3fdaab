/// The result of `infer-plan validate --json FILE`, schema `infer-plan.validate/1`.
///
/// Times in seconds, rates per second, errors as signed fractions ((predicted − observed) ÷
/// observed); null where there is no figure. Files written before string tags
/// (the integer schema 1 beside `"command": "validate"`) read as version 1. Read back by
/// `infer-plan … --validation FILE` (`PredictionCheck`); the keys are documented in
/// docs/latency.md.
public struct ValidateDocument: VersionedDocument, Equatable {
  public static let name = "validate"
  public static let title = "a validate result"
  public static let readableVersions = [1]
  public static let legacyIntegerVersions = [1]
  public static let legacyCommand: String? = "validate"
  public static func remedy(path: String) -> String {
    "write one with `infer-plan validate --model MODEL --volume RATE --json \(path)`"
  }

  /// Always `validate` (kept from the first layout, which had no string tag).
  public var command = "validate"
  public var toolVersion: String
  public var inputs: Inputs
  /// The offline prediction; nil when the setting was unstable.
  public var predictedOffline: Predicted?
  public var repeats: [Repeat]
  public var summary: Summary

  enum CodingKeys: String, CodingKey {
    case command
    case toolVersion = "tool_version"
    case inputs
    case predictedOffline = "predicted_offline"
    case repeats, summary
  }

  public init(toolVersion: String, inputs: Inputs, predictedOffline: Predicted?, repeats: [Repeat], summary: Summary) {
    self.toolVersion = toolVersion
    self.inputs = inputs
    self.predictedOffline = predictedOffline
    self.repeats = repeats
    self.summary = summary
  }

  /// The setting that was run.
  public struct Inputs: Codable, Sendable, Equatable {
    /// The model as the user named it.
    public var model: String
    /// Requests per second sent to the one replica.
    public var volume: Double
    public var maxBatch: Int
    /// Seconds; nil when unbounded (`--max-delay inf`).
    public var maxDelay: Double?
    public var threads: Int
    /// Seconds per repeat.
    public var duration: Double
    public var `repeat`: Int
    public var seed: UInt64
    /// `release` or `debug`.
    public var build: String

    enum CodingKeys: String, CodingKey {
      case model, volume
      case maxBatch = "max_batch"
      case maxDelay = "max_delay"
      case threads, duration, `repeat`, seed, build
    }

    public init(
      model: String, volume: Double, maxBatch: Int, maxDelay: Double?, threads: Int, duration: Double, repeat: Int,
      seed: UInt64, build: String
    ) {
      self.model = model
      self.volume = volume
      self.maxBatch = maxBatch
      self.maxDelay = maxDelay
      self.threads = threads
      self.duration = duration
      self.repeat = `repeat`
      self.seed = seed
      self.build = build
    }
  }

  /// A prediction with its band.
  public struct Predicted: Codable, Sendable, Equatable {
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var throughput: Double
    public var utilization: Double
    public var meanBatch: Double
    public var p50Low: Double
    public var p50High: Double
    public var p99Low: Double
    public var p99High: Double
    /// What the prediction rests on.
    public var basis: String

    enum CodingKeys: String, CodingKey {
      case p50, p90, p99, throughput, utilization
      case meanBatch = "mean_batch"
      case p50Low = "p50_low"
      case p50High = "p50_high"
      case p99Low = "p99_low"
      case p99High = "p99_high"
      case basis
    }

    public init(
      p50: Double, p90: Double, p99: Double, throughput: Double, utilization: Double, meanBatch: Double, p50Low: Double,
      p50High: Double, p99Low: Double, p99High: Double, basis: String
    ) {
      self.p50 = p50
      self.p90 = p90
      self.p99 = p99
      self.throughput = throughput
      self.utilization = utilization
      self.meanBatch = meanBatch
      self.p50Low = p50Low
      self.p50High = p50High
      self.p99Low = p99Low
      self.p99High = p99High
      self.basis = basis
    }
  }

  /// What one live repeat showed.
  public struct Observed: Codable, Sendable, Equatable {
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var mean: Double
    public var throughput: Double
    public var utilization: Double
    public var meanBatch: Double
    /// Requests served.
    public var requests: Int
    public var latenessP50: Double
    public var latenessP99: Double
    public var passP50: Double
    public var passMean: Double
    public var requestPathDelayP50: Double
    public var requestPathDelayP99: Double

    enum CodingKeys: String, CodingKey {
      case p50, p90, p99, mean, throughput, utilization
      case meanBatch = "mean_batch"
      case requests
      case latenessP50 = "lateness_p50"
      case latenessP99 = "lateness_p99"
      case passP50 = "pass_p50"
      case passMean = "pass_mean"
      case requestPathDelayP50 = "request_path_delay_p50"
      case requestPathDelayP99 = "request_path_delay_p99"
    }

    public init(
      p50: Double, p90: Double, p99: Double, mean: Double, throughput: Double, utilization: Double, meanBatch: Double,
      requests: Int, latenessP50: Double, latenessP99: Double, passP50: Double, passMean: Double,
      requestPathDelayP50: Double, requestPathDelayP99: Double
    ) {
      self.p50 = p50
      self.p90 = p90
      self.p99 = p99
      self.mean = mean
      self.throughput = throughput
      self.utilization = utilization
      self.meanBatch = meanBatch
      self.requests = requests
      self.latenessP50 = latenessP50
      self.latenessP99 = latenessP99
      self.passP50 = passP50
      self.passMean = passMean
      self.requestPathDelayP50 = requestPathDelayP50
      self.requestPathDelayP99 = requestPathDelayP99
    }
  }

  /// One repeat: observed, and the predictions beside it.
  public struct Repeat: Codable, Sendable, Equatable {
    /// 1-based.
    public var `repeat`: Int
    public var observed: Observed
    public var predictedOffline: Predicted?
    /// From the other repeats' in-load service times; nil with a single repeat.
    public var predictedCalibrated: Predicted?

    enum CodingKeys: String, CodingKey {
      case `repeat`, observed
      case predictedOffline = "predicted_offline"
      case predictedCalibrated = "predicted_calibrated"
    }

    public init(repeat: Int, observed: Observed, predictedOffline: Predicted?, predictedCalibrated: Predicted?) {
      self.repeat = `repeat`
      self.observed = observed
      self.predictedOffline = predictedOffline
      self.predictedCalibrated = predictedCalibrated
    }
  }

  /// The median over the repeats and the errors.
  public struct Summary: Codable, Sendable, Equatable {
    public var observedP50: Double
    public var observedP90: Double
    public var observedP99: Double
    public var observedThroughput: Double
    /// Offline errors; nil without an offline prediction.
    public var p50Error: Double?
    public var p99Error: Double?
    /// The offline full-batch load when it was unstable.
    public var offlineUnstableUtilization: Double?
    /// Repeats whose observed p99 fell inside the offline p99 band.
    public var p99BandHits: Int
    public var warnings: [String]
    /// Mean pass at batch 1 in the offline model, seconds.
    public var offlineMeanPassBatch1: Double
    /// Errors of the median calibrated prediction; only with two or more repeats.
    @OmittedWhenNil public var calibratedP50Error: Double?
    @OmittedWhenNil public var calibratedP99Error: Double?

    enum CodingKeys: String, CodingKey {
      case observedP50 = "observed_p50"
      case observedP90 = "observed_p90"
      case observedP99 = "observed_p99"
      case observedThroughput = "observed_throughput"
      case p50Error = "p50_error"
      case p99Error = "p99_error"
      case offlineUnstableUtilization = "offline_unstable_utilization"
      case p99BandHits = "p99_band_hits"
      case warnings
      case offlineMeanPassBatch1 = "offline_mean_pass_batch_1"
      case calibratedP50Error = "calibrated_p50_error"
      case calibratedP99Error = "calibrated_p99_error"
    }

    public init(
      observedP50: Double, observedP90: Double, observedP99: Double, observedThroughput: Double, p50Error: Double?,
      p99Error: Double?, offlineUnstableUtilization: Double?, p99BandHits: Int, warnings: [String],
      offlineMeanPassBatch1: Double, calibratedP50Error: Double?, calibratedP99Error: Double?
    ) {
      self.observedP50 = observedP50
      self.observedP90 = observedP90
      self.observedP99 = observedP99
      self.observedThroughput = observedThroughput
      self.p50Error = p50Error
      self.p99Error = p99Error
      self.offlineUnstableUtilization = offlineUnstableUtilization
      self.p99BandHits = p99BandHits
      self.warnings = warnings
      self.offlineMeanPassBatch1 = offlineMeanPassBatch1
      self.calibratedP50Error = calibratedP50Error
      self.calibratedP99Error = calibratedP99Error
    }
  }
}
