import CostModel
import Foundation
import Profiling
import Records

/// Runs `infer-plan validate`: the offline prediction, the live repeats, and the calibrated
/// predictions, for one replica of `model` at `settings.ratePerSecond`.
public final class Validator {
  public let model: LoadTestModel
  public let settings: ValidationSettings
  /// Called with a short line as the run advances (the command prints it on stderr).
  public var progress: ((String) -> Void)?

  public init(model: LoadTestModel, settings: ValidationSettings) {
    self.model = model
    self.settings = settings
  }

  /// Profiler options of the quick paced profile: the batch sizes the test can serve, back to
  /// back and after each of two idle gaps; 0.5 s and at least 20 runs per point (at most 2 s),
  /// so the profile takes 2–10 s and each point rests on enough runs to resample. (0.3 s per
  /// point gave as few as 8 runs of a 45 ms pass and missed the machine's average state.)
  public var quickProfileOptions: ProfilerOptions {
    var options = ProfilerOptions()
    options.batchSizes = settings.profileBatchSizes
    options.sequenceLength = model.sequenceLength
    options.pacings = [.backToBack] + settings.profileIdleGapsSeconds.map { .paced(idleGapSeconds: $0) }
    options.warmupRuns = 3
    options.warmupSeconds = 0.1
    options.minRuns = 20
    options.minSeconds = 0.5
    options.maxSeconds = 2
    options.maxLatencySeconds = 10
    return options
  }

  /// Measures the quick paced profile on the model the test will serve.
  public func quickProfile(labels: MeasurementLabels) throws -> [Records.Measurement] {
    progress?("profiling batch sizes \(settings.profileBatchSizes.map(String.init).joined(separator: ", ")) back to back and paced")
    return try Profiler(options: quickProfileOptions).sweep(model, labels: labels).measurements
  }

  /// Predicts one live run with `serviceTimes`: `predictionReplications` simulated runs of the
  /// live run's length.
  /// - Throws: `ValidationError.unstable` when one replica can't keep up; `SimulationError` when
  ///   the service times lack a batch size.
  public func predict(with serviceTimes: ServiceTimeModel, seed: UInt64) throws -> PredictedFigures {
    let configuration = ServingConfiguration(
      arrivals: .poisson(ratePerSecond: settings.ratePerSecond), replicas: 1, maxBatchSize: settings.maxBatchSize,
      maxDelaySeconds: settings.maxDelaySeconds)
    let options = SimulationOptions(
      requestsPerReplication: max(500, Int(settings.ratePerSecond * settings.durationSeconds)),
      replications: settings.predictionReplications, seed: seed, warmupFraction: settings.warmupFraction)
    let result = try ServingSimulation(serviceTimes: serviceTimes).run(configuration, options: options)
    guard let figures = PredictedFigures(result) else { throw ValidationError.unstable(utilization: result.utilization) }
    return figures
  }

  /// Runs every repeat and the predictions around them.
  ///
  /// - Parameter offline: service times for the offline prediction (a quick paced profile or
  ///   given measurements).
  /// - Throws: `ValidationError.interrupted` when `stop` was raised (nothing is returned, so
  ///   nothing half-done is written), `.passFailed`, `.nothingServed`. An unstable prediction is
  ///   no error: the result says so and the live runs go ahead.
  public func run(offline: ServiceTimeModel, stop: StopFlag) throws -> ValidationResult {
    var predictedOffline: PredictedFigures?
    var offlineUnstableUtilization: Double?
    do {
      predictedOffline = try predict(with: offline, seed: settings.seed)
    } catch ValidationError.unstable(let utilization) {
      offlineUnstableUtilization = utilization
      progress?("the offline prediction says one replica can't keep up (full-batch load \(String(format: "%.2f", utilization))); running anyway")
    }
    var repeats: [RepeatResult] = []
    let batcher = DynamicBatcher(
      policy: BatchingPolicy(maxBatchSize: settings.maxBatchSize, maxDelaySeconds: settings.maxDelaySeconds))
    for number in 1...settings.repeats {
      progress?("repeat \(number) of \(settings.repeats): \(formatSeconds(settings.durationSeconds)) at \(String(format: "%.4g", settings.ratePerSecond)) requests/s")
      let generator = LoadGenerator(
        ratePerSecond: settings.ratePerSecond, durationSeconds: settings.durationSeconds,
        seed: SimulationRandom.replicationSeed(base: settings.seed ^ 0x1_0AD, index: number))
      let run = try LiveRun.perform(generator: generator, batcher: batcher, executor: model, stop: stop)
      if run.interrupted || stop.isRaised { throw ValidationError.interrupted }
      guard var observed = Self.observe(run, warmupFraction: settings.warmupFraction) else {
        throw ValidationError.nothingServed
      }
      let passes = run.log.batches.map(\.serviceSeconds).sorted()
      let delays = Self.requestPathDelays(run.log, schedule: run.scheduleSeconds, policy: batcher.policy).sorted()
      if !passes.isEmpty, !delays.isEmpty {
        observed.passP50 = Quantiles.nearestRank(0.5, ofSorted: passes)
        observed.passMean = passes.reduce(0, +) / Double(passes.count)
        observed.requestPathDelayP50 = Quantiles.nearestRank(0.5, ofSorted: delays)
        observed.requestPathDelayP99 = Quantiles.nearestRank(0.99, ofSorted: delays)
      }
      let sequences = Self.effectiveServiceSequences(run.log, schedule: run.scheduleSeconds, policy: batcher.policy)
      repeats.append(RepeatResult(number: number, observed: observed, predictedCalibrated: nil, serviceSequences: sequences))
    }
    if repeats.count > 1 {
      for index in repeats.indices {
        let others = repeats.indices.filter { $0 != index }.map { repeats[$0].serviceSequences }
        let calibrated = try calibratedModel(from: others, offline: offline)
        // An unstable calibration (the other repeats' passes can't keep up) predicts nothing.
        repeats[index].predictedCalibrated = try? predict(with: calibrated, seed: settings.seed &+ UInt64(index + 1))
      }
    }
    var result = ValidationResult(settings: settings, predictedOffline: predictedOffline, repeats: repeats, warnings: [])
    result.warnings = Self.warnings(for: result)
    result.offlineMeanPassSeconds = offline.meanSeconds(batchSize: 1)
    result.offlineUnstableUtilization = offlineUnstableUtilization
    return result
  }

  /// Observed figures of one run; nil when nothing was served.
  static func observe(_ run: LiveRun, warmupFraction: Double) -> ObservedFigures? {
    var latencies: [Double] = []
    var lastEnd = 0.0
    let count = run.latenessSeconds.count
    let warmup = Int(Double(count) * warmupFraction)
    var served = 0
    for index in 0..<count {
      guard let end = run.log.endSeconds[index] else { continue }
      served += 1
      lastEnd = max(lastEnd, end)
      if index >= warmup { latencies.append(end - run.scheduleSeconds[index]) }
    }
    guard !latencies.isEmpty, let first = run.scheduleSeconds.first, lastEnd > first else { return nil }
    latencies.sort()
    let lateness = run.latenessSeconds.sorted()
    let span = lastEnd - first
    let busy = run.log.batches.reduce(0) { $0 + $1.serviceSeconds }
    return ObservedFigures(
      p50: Quantiles.nearestRank(0.5, ofSorted: latencies), p90: Quantiles.nearestRank(0.9, ofSorted: latencies),
      p99: Quantiles.nearestRank(0.99, ofSorted: latencies), mean: latencies.reduce(0, +) / Double(latencies.count),
      throughput: Double(served) / span, utilization: busy / span,
      meanBatchSize: Double(served) / Double(max(run.log.batches.count, 1)), countedRequests: latencies.count,
      servedRequests: served, latenessP50: Quantiles.nearestRank(0.5, ofSorted: lateness),
      latenessP99: Quantiles.nearestRank(0.99, ofSorted: lateness))
  }

  /// Each batch's service time in run order, grouped by batch size.
  static func serviceSequences(_ log: BatcherLog) -> [Int: [Double]] {
    var sequences: [Int: [Double]] = [:]
    for batch in log.batches { sequences[batch.size, default: []].append(batch.serviceSeconds) }
    return sequences
  }

  /// The calibrated service times: the in-load sequences of `runs` (pass + request-path delay),
  /// resampled in blocks, with no idle-gap curve or separate request-path delay (the sequences
  /// already carry both). A batch size seen fewer than 10 times is
  /// left to interpolation; if 1 or the max batch is missing, it gets the offline mean scaled by
  /// the under-load ÷ offline ratio of the nearest size seen.
  func calibratedModel(from runs: [[Int: [Double]]], offline: ServiceTimeModel) throws -> ServiceTimeModel {
    var sequences: [Int: [[Double]]] = [:]
    for run in runs {
      for (size, sequence) in run { sequences[size, default: []].append(sequence) }
    }
    sequences = sequences.filter { $0.value.reduce(0) { $0 + $1.count } >= 10 }
    guard !sequences.isEmpty else { return offline }
    let means = sequences.mapValues { lists in
      let all = lists.flatMap { $0 }
      return all.reduce(0, +) / Double(all.count)
    }
    for anchor in Set([1, settings.maxBatchSize]) where sequences[anchor] == nil {
      guard let nearest = means.keys.min(by: { abs($0 - anchor) < abs($1 - anchor) }), let mean = means[nearest] else { continue }
      let ratio = mean / offline.meanSeconds(batchSize: nearest)
      sequences[anchor] = [[offline.meanSeconds(batchSize: anchor) * ratio]]
    }
    let count = sequences.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
    return try ServiceTimeModel(
      sequencesByBatchSize: sequences,
      basis: "under-load service times of \(runs.count) other repeat\(runs.count == 1 ? "" : "s") (\(count) batches), resampled in blocks",
      source: "the other repeats")
  }

  static func warnings(for result: ValidationResult) -> [String] {
    var warnings: [String] = []
    let p99s = result.repeats.map(\.observed.p99)
    if let low = p99s.min(), let high = p99s.max(), low > 0, high / low > 1.5 {
      warnings.append(
        "observed p99 ranged from \(formatSeconds(low)) to \(formatSeconds(high)) across repeats (×\(String(format: "%.1f", high / low))); "
          + "the live result itself is not reproducible at this load here. Compare medians, or raise --repeat.")
    }
    if let worst = result.repeats.map(\.observed.latenessP99).max(), worst > 0.001 {
      warnings.append(
        "the client sent late (p99 \(formatSeconds(worst))); other programs compete for the cores, so the observed latencies include that.")
    }
    if let busiest = result.repeats.map(\.observed.utilization).max(), busiest > 0.85 {
      warnings.append("the replica was busy \(Int(busiest * 100))% of the time; near saturation p99 swings widely between runs.")
    }
    return warnings
  }
}

/// "15 s", "250 ms", "1.234 ms".
func formatSeconds(_ seconds: Double) -> String {
  if seconds >= 1 { return String(format: "%.3g s", seconds) }
  return String(format: seconds < 0.01 ? "%.3f ms" : "%.1f ms", seconds * 1000)
}
