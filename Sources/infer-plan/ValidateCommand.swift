import ArgumentParsing
import CostModel
import Dispatch
import Foundation
import Kernels
import ModelGraph
import Profiling
import Records
import Units
import Validation

/// Options of `infer-plan validate`.
let validateOptions: [OptionSpec] = [
  OptionSpec("model", valueName: "MODEL", help: "model file (.bin), Hugging Face folder or .onnx file (required)"),
  OptionSpec(
    "volume", valueName: "RATE", help: "requests per second the replica receives, e.g. 300/s (or from --plan)"),
  OptionSpec(
    "plan", valueName: "FILE",
    help: "a plan's JSON (`infer-plan … --json FILE`): rate ÷ replicas, batch, delay, threads of its CPU option"),
  OptionSpec("max-batch", valueName: "B", help: "largest batch, 1 to 64; default 1"),
  OptionSpec("max-delay", valueName: "DUR", help: "longest the oldest request waits for a batch to fill; default 5ms"),
  OptionSpec(
    "threads", valueName: "N", help: "kernel threads of the replica; default 1 (leaves a core for the request path)"),
  OptionSpec(
    "duration", valueName: "DUR", help: "length of each live repeat (s, min, h); default 15s (over 1h needs --yes)"),
  OptionSpec("repeat", valueName: "N", help: "live repeats, 1 to 100; default 3"),
  OptionSpec("seed", valueName: "S", help: "seed of the arrival schedules and simulations; default 1"),
  OptionSpec(
    "measurements", .repeated, valueName: "FILE",
    help: "predict offline from these measurements instead of a quick paced profile"),
  OptionSpec("json", valueName: "FILE|-", help: "also write the result as JSON to FILE, or to stdout with '-'"),
  OptionSpec(
    "save-measurements", valueName: "FILE",
    help: "write the in-load service times as 'under-load' rows (+ FILE.samples.json)"),
  OptionSpec("yes", .flag, help: "allow a --duration over one hour"),
  inputShapeOption,
]

/// The checked command line of `infer-plan validate`.
struct ValidateRequest {
  var modelPath: String
  /// `--input-shape` dims of ONNX inputs, by input name.
  var inputShapes: [String: [Int]]
  var settings: ValidationSettings
  var instructionSet: InstructionSet
  /// The offline prediction's service times from `--measurements`, or nil for a quick profile.
  var offline: ServiceTimeModel?
  var jsonPath: String?
  var savePath: String?

  init(_ parsed: ParsedArguments, context: CommandContext) throws {
    if let extra = parsed.positionals.first {
      throw ArgumentError("'validate' takes no positional arguments; got '\(extra)'.")
    }
    modelPath = try parsed.required("model", valueName: "MODEL")
    inputShapes = try parseInputShapes(parsed)
    let planned = try parsed.value("plan").map(PlannedReplica.read)
    let volumeText = parsed.value("volume")
    guard let rate = try volumeText.map({ try UnitParser.rate($0, option: "--volume") }) ?? planned?.ratePerSecond else {
      throw ArgumentError(
        "missing required option '--volume RATE': the rate one replica receives, e.g. --volume 300/s "
          + "(the plan's volume ÷ replicas), or --plan plan.json to take it from a plan.")
    }
    let maxBatch = try parsed.integer("max-batch", in: 1...64) ?? min(planned?.batch ?? 1, 64)
    let maxDelay = try parsed.value("max-delay").map(parseMaxDelay) ?? planned?.maxDelaySeconds ?? PlanningDefaults.maxBatchingDelaySeconds
    let threads = try parsed.integer("threads", in: 1...1024) ?? planned?.threads ?? 1
    let duration = try parsed.value("duration").map(parseTestDuration) ?? 15
    guard duration >= 0.5 else {
      throw ArgumentError("'--duration \(parsed.value("duration") ?? "")': use at least 0.5s (15s is the default).")
    }
    guard duration <= 3600 || parsed.has("yes") else {
      throw ArgumentError(
        "'--duration \(parsed.value("duration") ?? "")': over one hour of load testing; add --yes if you mean it.")
    }
    let repeats = try parsed.integer("repeat", in: 1...100) ?? 3
    guard rate * duration <= 50_000_000 else {
      throw ArgumentError("a rate of \(rate)/s for \(duration) s is over 5×10^7 requests per repeat; lower one of them.")
    }
    let seed = try parseSeed(parsed.value("seed"))
    jsonPath = parsed.value("json")
    if let jsonPath, jsonPath != "-" { try checkOutputPath(jsonPath, option: "--json") }
    savePath = parsed.value("save-measurements")
    if let savePath { try checkOutputPath(savePath, option: "--save-measurements") }
    try checkModelExists(modelPath, preset: "mlp-large")
    instructionSet = try context.instructionSet()
    settings = ValidationSettings(
      ratePerSecond: rate, maxBatchSize: maxBatch, maxDelaySeconds: maxDelay, threads: threads,
      durationSeconds: duration, repeats: repeats, seed: seed)
    let measurementFiles = parsed.list("measurements")
    if !measurementFiles.isEmpty {
      let model = try ServiceTimeModel(
        measurements: try MeasurementsTable.read(paths: measurementFiles), device: .cpu, threads: threads,
        source: measurementFiles.joined(separator: ", "))
      try model.checkCovers(maxBatchSize: maxBatch)
      offline = model
    }
  }
}

/// `infer-plan validate`: an open-loop load test of one replica on the real kernels, compared
/// with the predicted latency.
func runValidate(_ request: ValidateRequest, context: CommandContext) throws -> Int32 {
  let modelPath = request.modelPath, settings = request.settings, instructionSet = request.instructionSet
  let threads = settings.threads, maxBatch = settings.maxBatchSize
  let offline = request.offline, jsonPath = request.jsonPath, savePath = request.savePath

  // Slow work from here on; Ctrl-C raises the stop flag and the run unwinds, writing nothing.
  let stop = StopFlag()
  TerminationGuard.setInterruptHandler { stop.raise() }
  defer { TerminationGuard.setInterruptHandler(nil) }

  let graph = try loadModel(modelPath, inputShapes: request.inputShapes)
  let cpu = CPUInfo.detect()
  let model = try LoadTestModel(
    graph: graph, instructionSet: instructionSet, threads: threads, maxBatchSize: maxBatch, cpu: cpu)
  var labels = MeasurementLabels(
    toolVersion: toolVersion, hostName: localHostName(), modelName: graph.name,
    modelHash: graph.contentHash)
  labels.inputShapes = MeasurementLabels.inputShapesText(graph.sampleShapes)
  let validator = Validator(model: model, settings: settings)
  validator.progress = { line in context.diagnostic("validate: \(line)\n") }
  do {
    // The request path first, alone (2 s, model idle), then the profile: run together, the
    // probe's threads and the profiled pass compete for the two cores and both read slower.
    let probe = try validator.probeRequestPath(stop: stop) { () }
    if stop.isRaised { throw ValidationError.interrupted }
    let measured: ServiceTimeModel
    if let offline {
      measured = offline
    } else {
      measured = try ServiceTimeModel(
        measurements: try validator.quickProfile(labels: labels), device: .cpu, source: "the quick paced profile")
    }
    if stop.isRaised { throw ValidationError.interrupted }
    let sortedDelays = probe.delays.sorted()
    func delayPercentile(_ quantile: Double) -> String {
      formatMilliseconds(sortedDelays.isEmpty ? 0 : Quantiles.nearestRank(quantile, ofSorted: sortedDelays))
    }
    let offlineModel = try measured.addingRequestPathDelay(
      samples: sortedDelays.isEmpty ? [0] : sortedDelays,
      description: "request-path delay from a 2 s probe without the model (\(sortedDelays.count) batches, median "
        + "\(delayPercentile(0.5)), p99 \(delayPercentile(0.99)))")
    let result = try validator.run(offline: offlineModel, stop: stop)

    if jsonPath != "-" {
      context.out(validateText(result, graph: graph, instructionSet: instructionSet, buildIsDebug: BuildConfiguration.current == .debug))
    }
    for warning in result.warnings { context.diagnostic("Warning: \(warning)\n") }
    if BuildConfiguration.current == .debug {
      context.diagnostic("Warning: debug build: kernels run unoptimised, figures are not representative; use `swift build -c release`.\n")
    }
    if let savePath {
      // The measuring host, probed after the load test so the probe cannot disturb it.
      var labels = labels
      labels.host = HostProbe.measuringHost(cpu: cpu, instructionSet: instructionSet)
      let rows = result.underLoadMeasurements(
        labels: labels, device: model.device, threads: threads, sequenceLength: model.sequenceLength,
        timestamp: Profiler.timestamp(Date()))
      try MeasurementsTable.write(rows, to: savePath)
      context.diagnostic("Saved \(rows.count) under-load rows to \(savePath) (samples in \(SamplesSidecar.path(for: savePath))).\n")
    }
    if let jsonPath {
      let document = result.document(modelPath: modelPath, toolVersion: toolVersion, build: BuildConfiguration.current.rawValue)
      try writeJSONOutput(document, to: jsonPath, context: context)
    }
  } catch ValidationError.interrupted {
    context.error("Interrupted: the load test stopped; nothing was written.\n")
    return 130
  }
  return 0
}

/// `--duration`: `UnitParser.duration` forms plus minutes and hours (`2min`, `1.5h`), since a soak
/// test may run long.
private func parseTestDuration(_ text: String) throws -> Double {
  for (suffix, scale) in [("min", 60.0), ("h", 3600.0)] where text.hasSuffix(suffix) {
    guard let value = Double(text.dropLast(suffix.count)), value.isFinite, value >= 0 else {
      throw ArgumentError("'--duration \(text)': not a duration; use e.g. 15s, 2min or 1.5h.")
    }
    return value * scale
  }
  return try UnitParser.duration(text, option: "--duration")
}

/// The replica a plan recommends, read from its JSON (`infer-plan.plan/1` or `/2`): the first
/// CPU option of the recommendation, the cheapest option meeting the SLO, the fastest within
/// the budget and the plan's other class (`other_class`), since `validate` runs this CPU's
/// kernels. The delay is the option's `batching_delay`, or the plan's `max_batching_delay`
/// in a version-1 file.
struct PlannedReplica {
  var ratePerSecond: Double
  var batch: Int
  var threads: Int
  var maxDelaySeconds: Double

  /// - Throws: `ArgumentError` naming the file and what is missing.
  static func read(_ path: String) throws -> PlannedReplica {
    func fail(_ reason: String) -> ArgumentError {
      ArgumentError("'--plan \(path)': \(reason); \(PlanDocument.remedy(path: path)).")
    }
    let plan: PlanDocument
    do { plan = try PlanDocument.read(from: path) } catch { throw fail(error.reason) }
    let candidates = [plan.recommendation?.option, plan.cheapestMeetingSLO?.option, plan.fastestWithinBudget, plan.otherClass]
    guard let option = candidates.compactMap({ $0 }).first(where: { $0.deviceClass == "cpu" }) else {
      throw fail("none of the recommendation, 'cheapest_meeting_slo', 'fastest_within_budget' and 'other_class' is a CPU option")
    }
    guard plan.inputs.peakRate > 0, let replicas = option.replicas, replicas >= 1, option.batch >= 1 else {
      throw fail("the CPU option lacks a rate, replicas or batch")
    }
    return PlannedReplica(
      ratePerSecond: plan.inputs.peakRate / Double(replicas), batch: option.batch, threads: max(1, option.threads),
      maxDelaySeconds: option.batchingDelay ?? plan.inputs.maxBatchingDelay)
  }
}

/// One row of figures: p50 [band], p90, p99 [band], throughput, utilization, mean batch.
private func figuresLine(_ label: String, p50: Double, p90: Double, p99: Double, throughput: Double, utilization: Double, batch: Double, p50Band: String = "", p99Band: String = "") -> String {
  "  " + label.padding(toLength: 22, withPad: " ", startingAt: 0)
    + (formatMilliseconds(p50) + p50Band).padding(toLength: 30, withPad: " ", startingAt: 0)
    + formatMilliseconds(p90).padding(toLength: 11, withPad: " ", startingAt: 0)
    + (formatMilliseconds(p99) + p99Band).padding(toLength: 30, withPad: " ", startingAt: 0)
    + String(format: "%8.1f/s  %5.2f  %5.2f\n", throughput, utilization, batch)
}

private func bandText(_ low: Double, _ high: Double) -> String {
  " [\(formatMilliseconds(low).replacingOccurrences(of: " ms", with: ""))–\(formatMilliseconds(high))]"
}

private func percentText(_ fraction: Double) -> String { String(format: "%+.1f%%", fraction * 100) }

/// The text report of a validation.
private func validateText(_ result: ValidationResult, graph: Graph, instructionSet: InstructionSet, buildIsDebug: Bool) -> String {
  let s = result.settings
  let delay = s.maxDelaySeconds.isFinite ? formatMilliseconds(s.maxDelaySeconds) : "none"
  var text = "Validated \(graph.name): 1 replica at \(String(format: "%.4g", s.ratePerSecond)) requests/s, max batch \(s.maxBatchSize), "
    + "max delay \(delay), \(s.threads) kernel thread\(s.threads == 1 ? "" : "s") (\(instructionSet.rawValue)), "
    + "\(s.repeats) × \(String(format: "%g", s.durationSeconds)) s\(buildIsDebug ? " [debug build]" : "")\n"
  text += "Offline prediction: \(result.predictedOffline?.basis ?? "unstable")\n\n"
  text += "  " + "".padding(toLength: 22, withPad: " ", startingAt: 0) + "p50 [band]".padding(toLength: 30, withPad: " ", startingAt: 0)
    + "p90".padding(toLength: 11, withPad: " ", startingAt: 0) + "p99 [band]".padding(toLength: 30, withPad: " ", startingAt: 0)
    + "throughput   util  batch\n"
  if let offline = result.predictedOffline {
    text += figuresLine("predicted (offline)", p50: offline.p50, p90: offline.p90, p99: offline.p99, throughput: offline.throughput,
      utilization: offline.utilization, batch: offline.meanBatchSize, p50Band: bandText(offline.p50Low, offline.p50High),
      p99Band: bandText(offline.p99Low, offline.p99High))
  } else {
    text += "  predicted (offline)   unstable: full-batch load \(String(format: "%.2f", result.offlineUnstableUtilization ?? 0)) ≥ 1 "
      + "(the profile's passes can't keep up with this rate)\n"
  }
  for repeatResult in result.repeats {
    let o = repeatResult.observed
    text += figuresLine("repeat \(repeatResult.number) observed", p50: o.p50, p90: o.p90, p99: o.p99, throughput: o.throughput,
      utilization: o.utilization, batch: o.meanBatchSize)
    if let c = repeatResult.predictedCalibrated {
      text += figuresLine("  calibrated", p50: c.p50, p90: c.p90, p99: c.p99, throughput: c.throughput,
        utilization: c.utilization, batch: c.meanBatchSize, p50Band: bandText(c.p50Low, c.p50High), p99Band: bandText(c.p99Low, c.p99High))
    }
  }
  let median = result.medianObserved
  text += "\n  median observed: p50 \(formatMilliseconds(median.p50)), p90 \(formatMilliseconds(median.p90)), p99 \(formatMilliseconds(median.p99)), "
    + String(format: "%.1f requests/s\n", median.throughput)
  if let offline = result.predictedOffline {
    text += "  offline error:    p50 \(percentText(relativeError(predicted: offline.p50, observed: median.p50))), "
      + "p99 \(percentText(relativeError(predicted: offline.p99, observed: median.p99)))"
      + "; p99 band held in \(result.p99BandHits) of \(result.repeats.count) repeats\n"
  }
  if let calibrated = result.medianCalibrated {
    text += "  calibrated error: p50 \(percentText(relativeError(predicted: calibrated.p50, observed: median.p50))), "
      + "p99 \(percentText(relativeError(predicted: calibrated.p99, observed: median.p99))) (median of the calibrated predictions)\n"
  }
  text += "  offline model:    mean pass at batch 1 \(formatMilliseconds(result.offlineMeanPassSeconds)) (before idle slowdown and request-path delay)\n"
  for r in result.repeats {
    let o = r.observed
    text += "  repeat \(r.number): pass median \(formatMilliseconds(o.passP50)), mean \(formatMilliseconds(o.passMean)); "
      + "request-path delay median \(formatMilliseconds(o.requestPathDelayP50)), p99 \(formatMilliseconds(o.requestPathDelayP99)); "
      + "client lateness median \(formatMilliseconds(o.latenessP50))\n"
  }
  let lateness = result.repeats.map(\.observed.latenessP99).max() ?? 0
  text += "  client lateness:  p99 up to \(formatMilliseconds(lateness)) (latency counts from the scheduled arrival)\n"
  return text
}

/// The `validate --help` page.
func validateHelpPage() -> HelpPage {
  HelpPage(
    usage: [
      "infer-plan validate --model MODEL (--volume RATE | --plan FILE)",
      "  [--max-batch B] [--max-delay DUR] [--threads N] [--duration 15s]",
      "  [--repeat 3] [--seed S] [--measurements FILE] [--json FILE|-]",
      "  [--save-measurements FILE] [--yes]",
    ],
    about: """
      Checks a serving setup for real: one replica of MODEL on this CPU's kernels, a dynamic \
      batcher (max batch B, max delay DUR) on its own thread, and an open-loop client on \
      another sending Poisson arrivals at RATE (the plan's per-replica rate: its volume ÷ \
      replicas; with --plan, taken with the batch, delay and threads from the plan's CPU \
      option). Each request's latency counts from its scheduled arrival, so a late client \
      can't hide queueing.

      Before the live runs it predicts the latency offline: a 2 s probe of the request path \
      (client and batcher, no model), then a quick paced profile (batch sizes 1…B, back to \
      back and after idle gaps of 0.5/λ and 2/λ) or --measurements, fed to the serving \
      simulation. After them, each repeat also gets a calibrated prediction from the other \
      repeats' in-load service times. It prints predicted (with band) vs observed \
      p50/p90/p99, throughput, utilization and mean batch per repeat, the median and the \
      errors, and warns when repeats disagree. Ctrl-C stops cleanly and writes nothing.
      """,
    sections: [
      HelpSection(
        "Units",
        [
          "RATE  requests per /s, /min or /hour, with k or M: 300/s, 1.5k/min",
          "DUR   us, ms or s: 500us, 2ms, 15s; --duration also min and h (2min, 1.5h);",
          "      --max-delay also 0 and inf",
          "Output in milliseconds (JSON: seconds).",
        ]),
      HelpSection(
        "Examples",
        [
          "infer-plan model create mlp-large.bin --preset mlp-large",
          "infer-plan validate --model mlp-large.bin --volume 2000/s --max-batch 8 \\",
          "  --max-delay 2ms",
          "infer-plan validate --model mlp-large.bin --plan plan.json \\",
          "  --save-measurements live.csv --json -",
        ]),
    ])
}
