import Foundation
import Records

/// Measures forward-pass latency on a backend, one batch size after another.
///
/// For each batch size: `prepare` (untimed: buffers allocated, inputs filled with seeded
/// data), then warm-up runs until both `warmupRuns` and `warmupSeconds` are reached, then
/// for each pacing timed runs until both `minRuns` and `minSeconds` are reached or
/// `maxSeconds`/`maxRuns` is hit. Each sample is the host monotonic clock read just before
/// and just after `PreparedPass.run()`; nothing else is inside the timed interval.
///
/// On a GPU the backend synchronizes inside `run()` (the protocol requires it), so the
/// host clock stops only after the device has finished. The host time stays the sample even
/// when `lastDeviceSeconds` (GPU events) is available: it is what a request waits for,
/// launch and synchronisation overheads included. The GPU calibration reads event times
/// separately.
public final class Profiler {
  public let options: ProfilerOptions
  public let clock: any ProfilerClock
  public let build: BuildConfiguration
  /// Wall-clock time for the rows' `timestamp` (injected so tests are reproducible).
  public var now: () -> Date = { Date() }
  /// Called as the sweep advances (the command draws a progress line from it).
  public var progress: ((ProfilerEvent) -> Void)?
  /// Called with each batch size's prepared pass after its timed runs, before it is released
  /// (the GPU calibration reads the pass's op costs and launch count here).
  public var inspectPass: ((_ batchSize: Int, _ pass: any PreparedPass) -> Void)?

  /// - Parameters:
  ///   - options: what to measure; call `options.validate()` first (the sweep does too).
  ///   - clock: the monotonic clock; `MonotonicClock()` outside tests.
  ///   - build: recorded in every row; a debug build adds a warning.
  public init(options: ProfilerOptions, clock: any ProfilerClock = MonotonicClock(), build: BuildConfiguration = .current) {
    self.options = options
    self.clock = clock
    self.build = build
  }

  /// Measures every batch size of `options.batchSizes` (ascending) on `backend`.
  ///
  /// Stopping rules, checked in this order at each batch size:
  /// 1. memory: if `backend.memoryNeeded` exceeds `backend.device.memoryBytes`, this and
  ///    larger batch sizes are skipped (nothing is allocated);
  /// 2. latency: after measuring, if any row of this batch size has a median above
  ///    `maxLatencySeconds`, larger batch sizes are skipped (the row is kept);
  /// 3. failure: if the backend fails at a batch size after smaller ones were measured, the
  ///    sweep stops there with `.failed` and keeps the rows (a failure at the first throws).
  ///
  /// - Throws: `ProfilerError.invalidOption` for bad options; `ProfilerError.backendFailed`
  ///   when the backend cannot prepare or run a shape.
  public func sweep(_ backend: any Backend, labels: MeasurementLabels) throws -> SweepResult {
    try options.validate()
    var result = SweepResult(measurements: [], stop: .completed, warnings: [])
    for batchSize in Array(Set(options.batchSizes)).sorted() {
      let needed = backend.memoryNeeded(batchSize: batchSize, sequenceLength: options.sequenceLength)
      if needed > backend.device.memoryBytes {
        result.stop = .memoryLimit(batchSize: batchSize, neededBytes: needed, availableBytes: backend.device.memoryBytes)
        break
      }
      let points: [(measurement: Records.Measurement, warnings: [QualityWarning])]
      do { points = try measure(backend, batchSize: batchSize, labels: labels) } catch let error as ProfilerError {
        // Keep what was measured when a larger batch fails (out of memory, size limits).
        guard !result.measurements.isEmpty, case .backendFailed(_, _, let reason) = error else { throw error }
        result.stop = .failed(batchSize: batchSize, reason: reason)
        break
      }
      for (measurement, warnings) in points {
        let index = result.measurements.count
        result.measurements.append(measurement)
        result.warnings += warnings.map { PointWarning(measurementIndex: index, warning: $0) }
      }
      let slowest = points.map(\.measurement.stats.medianMs).max() ?? 0
      if slowest / 1000 > options.maxLatencySeconds {
        result.stop = .latencyLimit(batchSize: batchSize, medianSeconds: slowest / 1000, limitSeconds: options.maxLatencySeconds)
        break
      }
    }
    return result
  }

  /// Measures one batch size in every pacing of `options.pacings`: prepare once, warm up once,
  /// then one series of timed runs per pacing.
  /// - Returns: one row per pacing with the quality warnings found in it.
  public func measure(_ backend: any Backend, batchSize: Int, labels: MeasurementLabels) throws -> [(
    measurement: Records.Measurement, warnings: [QualityWarning]
  )] {
    let device = backend.device
    func failure(_ error: any Error) -> ProfilerError {
      if let known = error as? ProfilerError { return known }
      return .backendFailed(device: "\(device.kind.rawValue) (\(device.name))", batchSize: batchSize, reason: "\(error)")
    }
    progress?(.preparing(batchSize: batchSize))
    let pass: any PreparedPass
    do { pass = try backend.prepare(batchSize: batchSize, sequenceLength: options.sequenceLength) } catch {
      throw failure(error)
    }
    progress?(.warmingUp(batchSize: batchSize))
    do { try warmUp(pass) } catch { throw failure(error) }

    var rows: [(Records.Measurement, [QualityWarning])] = []
    for pacing in options.pacings {
      progress?(.measuring(batchSize: batchSize, pacing: pacing))
      let samples: [Double]
      do { samples = try timedRuns(of: pass, pacing: pacing) } catch { throw failure(error) }
      guard
        let (row, warnings) = Measurement.fromSamples(
          samples, labels: labels, device: device, precision: backend.precision, threads: backend.threads,
          batchSize: batchSize, sequenceLength: options.sequenceLength, mode: pacing.mode,
          idleGapSeconds: pacing.idleGapSeconds, peakMemoryBytes: pass.peakMemoryBytes, build: build,
          timestamp: Profiler.timestamp(now()), wantedRuns: options.minRuns, maxSeconds: options.maxSeconds)
      else { preconditionFailure("timedRuns returns at least one sample (its loop runs once)") }
      progress?(.measured(row))
      rows.append((row, warnings))
    }
    inspectPass?(batchSize, pass)
    return rows.map { (measurement: $0.0, warnings: $0.1) }
  }

  /// Untimed runs until both `warmupRuns` runs and `warmupSeconds` have passed (or
  /// `maxSeconds` does, so a very slow pass is not warmed up for minutes).
  func warmUp(_ pass: any PreparedPass) throws {
    let start = clock.nowNanoseconds()
    var runs = 0
    while true {
      let elapsed = seconds(since: start)
      if runs >= options.warmupRuns && elapsed >= options.warmupSeconds { break }
      if runs > 0 && elapsed >= options.maxSeconds { break }
      try pass.run()
      runs += 1
    }
  }

  /// The timed series of one pacing: samples in milliseconds, in run order.
  ///
  /// Runs until `minRuns` **and** `minSeconds` are reached, but no longer than `maxSeconds`
  /// or `maxRuns` (always at least one run). The elapsed time counts idle gaps too.
  func timedRuns(of pass: any PreparedPass, pacing: Pacing) throws -> [Double] {
    let gapNanoseconds = UInt64((pacing.idleGapSeconds * 1e9).rounded())
    var samples: [Double] = []
    samples.reserveCapacity(options.minRuns)
    let start = clock.nowNanoseconds()
    var lastEnd = start
    while true {
      if gapNanoseconds > 0 { clock.sleep(untilNanoseconds: lastEnd + gapNanoseconds) }
      let before = clock.nowNanoseconds()
      try pass.run()
      let after = clock.nowNanoseconds()
      samples.append(Double(after - before) / 1e6)
      lastEnd = after
      let elapsed = seconds(since: start)
      if samples.count >= options.maxRuns || elapsed >= options.maxSeconds { break }
      if samples.count >= options.minRuns && elapsed >= options.minSeconds { break }
    }
    return samples
  }

  private func seconds(since start: UInt64) -> Double {
    Double(clock.nowNanoseconds() &- start) / 1e9
  }

  /// ISO 8601 UTC with seconds, e.g. "2026-11-26T12:00:00Z".
  public static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }
}
