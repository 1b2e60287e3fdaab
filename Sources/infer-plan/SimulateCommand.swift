import ArgumentParsing
import CostModel
import Foundation
import Profiling
import Records
import Units

/// Options of `infer-plan simulate`.
let simulateOptions: [OptionSpec] = [
  OptionSpec("measurements", .repeated, valueName: "FILE", help: "measurements table(s) from `infer-plan profile` (with their .samples.json)"),
  OptionSpec("device", valueName: "KIND", help: "rows to use from the measurements: cpu or cuda"),
  OptionSpec("hardware", valueName: "NAME", help: "hardware name of the rows, when the measurements hold several"),
  OptionSpec("service-table", valueName: "TABLE", help: "mean service time per batch size instead, e.g. \"1:1.2ms,8:1.9ms\""),
  OptionSpec("cv", valueName: "X", help: "coefficient of variation of --service-table times (lognormal); default 0 (fixed)"),
  OptionSpec("rate", valueName: "RATE", help: "arrival rate, Poisson (e.g. 400/s, 20k/min)"),
  OptionSpec("replicas", valueName: "N", help: "identical replicas serving the stream"),
  OptionSpec("max-batch", valueName: "B", help: "largest batch a replica takes"),
  OptionSpec("max-delay", valueName: "DUR", help: "longest the oldest request waits for a batch to fill (e.g. 2ms, 0, inf)"),
  OptionSpec("routing", valueName: "MODE", help: "shared (one queue; default) or round-robin"),
  OptionSpec("requests", valueName: "N", help: "requests simulated in all, split over the replications; default 1000000"),
  OptionSpec("reps", valueName: "K", help: "replications, for the 95% intervals; default 10"),
  OptionSpec("seed", valueName: "S", help: "random seed; default 1"),
  OptionSpec("json", valueName: "FILE|-", help: "also write the result as JSON to FILE, or to stdout with '-'"),
  OptionSpec("help", .flag, help: "show this help"),
]

/// `infer-plan simulate`: the serving simulation on measured or given service times.
func runSimulateCommand(_ arguments: [String], context: CommandContext) throws -> Int32 {
  let parsed = try ParsedArguments.parse(arguments, options: simulateOptions)
  if parsed.has("help") {
    context.out(simulateHelpText())
    return 0
  }
  if let extra = parsed.positionals.first {
    throw ArgumentError("'simulate' takes no positional arguments; got '\(extra)'.")
  }
  let rate = try UnitParser.rate(try parsed.required("rate", valueName: "RATE"), option: "--rate")
  guard let replicas = try parsed.integer("replicas", in: 1...100_000) else {
    throw ArgumentError("missing required option '--replicas N'.")
  }
  guard let maxBatch = try parsed.integer("max-batch", in: 1...65_536) else {
    throw ArgumentError("missing required option '--max-batch B'.")
  }
  let maxDelay = try parseMaxDelay(try parsed.required("max-delay", valueName: "DUR"))
  let routing = try parseRouting(parsed.value("routing"))
  let requests = try parsed.integer("requests", in: 1...SimulationOptions.requestLimit) ?? 1_000_000
  let replications = try parsed.integer("reps", in: 1...SimulationOptions.replicationLimit) ?? 10
  guard requests >= replications else {
    throw ArgumentError("'--requests \(requests)': fewer requests than replications (\(replications)); raise --requests or lower --reps.")
  }
  let seed = try parseSeed(parsed.value("seed"))
  let jsonPath = parsed.value("json")
  if let jsonPath, jsonPath != "-" { try checkOutputPath(jsonPath, option: "--json") }

  let model = try loadServiceTimeModel(parsed)
  let configuration = ServingConfiguration(
    arrivals: .poisson(ratePerSecond: rate), replicas: replicas, maxBatchSize: maxBatch,
    maxDelaySeconds: maxDelay, routing: routing)
  let options = SimulationOptions(
    requestsPerReplication: requests / replications, replications: replications, seed: seed)
  let result = try ServingSimulation(serviceTimes: model).run(configuration, options: options)

  if jsonPath != "-" { context.out(simulateText(result, configuration: configuration, options: options)) }
  if let jsonPath {
    let inputs = SimulateDocument.Inputs(
      rate: rate, replicas: replicas, maxBatch: maxBatch, maxDelay: maxDelay.isFinite ? maxDelay : nil,
      routing: routing.rawValue, requests: requests, reps: replications, seed: seed, serviceTimes: model.basis,
      measurements: parsed.list("measurements"), serviceTable: parsed.value("service-table"))
    try writeJSONOutput(simulationDocument(result, inputs: inputs), to: jsonPath, context: context)
  }
  return 0
}

/// The service-time model from `--measurements` + `--device` or from `--service-table`.
private func loadServiceTimeModel(_ parsed: ParsedArguments) throws -> ServiceTimeModel {
  let files = parsed.list("measurements")
  let table = parsed.value("service-table")
  switch (files.isEmpty, table) {
  case (false, .some):
    throw ArgumentError("give either --measurements or --service-table, not both.")
  case (true, nil):
    throw ArgumentError("missing service times: give --measurements FILE --device KIND, or --service-table \"1:1.2ms,8:1.9ms\".")
  case (true, .some(let text)):
    if parsed.value("device") != nil || parsed.value("hardware") != nil {
      throw ArgumentError("--device and --hardware select measurement rows; they don't apply to --service-table.")
    }
    let cv = try parsed.value("cv").map { text -> Double in
      guard let value = Double(text), value.isFinite, value >= 0, value <= 10 else {
        throw ArgumentError("'--cv \(text)': use a number from 0 to 10, e.g. 0.2.")
      }
      return value
    } ?? 0
    do {
      return try ServiceTimeModel(meanSecondsByBatchSize: ServiceTimeTable.parse(text), distribution: .lognormal(cv: cv))
    } catch let error as SimulationError {
      throw ArgumentError("--service-table: \(error.description)")
    }
  case (false, nil):
    if parsed.value("cv") != nil {
      throw ArgumentError("--cv applies to --service-table; measured sequences carry their own spread.")
    }
    guard let deviceText = parsed.value("device") else {
      throw ArgumentError("missing required option '--device KIND' (cpu or cuda) to pick rows from the measurements.")
    }
    guard let device = DeviceKind(rawValue: deviceText.lowercased()) else {
      throw ArgumentError(
        "'--device \(deviceText)': unknown device; use cpu or cuda."
          + (closestMatch(to: deviceText, in: ["cpu", "cuda"]).map { " Did you mean '\($0)'?" } ?? ""))
    }
    let rows = try MeasurementsTable.read(paths: files)
    return try ServiceTimeModel(
      measurements: rows, device: device, hardware: parsed.value("hardware"),
      source: files.joined(separator: ", "))
  }
}

/// Checks before any slow work that `path` can be written, naming the option in the error.
func checkOutputPath(_ path: String, option: String) throws {
  do {
    try AtomicFile.checkWritable(path)
  } catch {
    throw ArgumentError("'\(option) \(path)': cannot write there (\(error.reason)); choose a writable folder.")
  }
}

/// `--max-delay`: a duration, or `inf` for "always wait for a full batch".
func parseMaxDelay(_ text: String) throws -> Double {
  if ["inf", "infinite", "infinity", "∞"].contains(text.lowercased()) { return .infinity }
  if text.hasPrefix("-") {
    throw ArgumentError("'--max-delay \(text)': a delay can't be negative; use 0 (take what is waiting), e.g. 2ms, or inf.")
  }
  return try UnitParser.duration(text, option: "--max-delay")
}

/// `--routing`: shared or round-robin.
func parseRouting(_ text: String?) throws -> Routing {
  guard let text else { return .shared }
  guard let routing = Routing(rawValue: text.lowercased()) else {
    let names = Routing.allCases.map(\.rawValue)
    throw ArgumentError(
      "'--routing \(text)': unknown routing; use \(names.joined(separator: " or "))."
        + (closestMatch(to: text, in: names).map { " Did you mean '\($0)'?" } ?? ""))
  }
  return routing
}

/// `--seed`: a whole number from 0 to 2^64 − 1.
func parseSeed(_ text: String?) throws -> UInt64 {
  guard let text else { return 1 }
  guard let seed = UInt64(text) else { throw ArgumentError("'--seed \(text)': use a whole number from 0 to 18446744073709551615.") }
  return seed
}

/// Milliseconds with three significant-ish decimals ("1.234 ms").
func formatMilliseconds(_ seconds: Double) -> String {
  String(format: seconds < 0.01 ? "%.3f ms" : seconds < 1 ? "%.2f ms" : "%.0f ms", seconds * 1000)
}

/// The text report of one simulation.
private func simulateText(_ result: SimulationResult, configuration: ServingConfiguration, options: SimulationOptions) -> String {
  let delay = configuration.maxDelaySeconds.isFinite ? formatMilliseconds(configuration.maxDelaySeconds) : "none (full batches)"
  var text = String(
    format: "Simulated %d replica%@ (%@ queue), max batch %d, max delay %@, Poisson arrivals at %.6g/s\n",
    configuration.replicas, configuration.replicas == 1 ? "" : "s", configuration.routing.rawValue,
    configuration.maxBatchSize, delay, configuration.arrivalRatePerSecond)
  text += "Service times: \(result.serviceTimeBasis)\n"
  guard result.stable, let p50 = result.p50, let p90 = result.p90, let p99 = result.p99, let p999 = result.p999,
    let mean = result.mean
  else {
    text += String(
      format: "\nUnstable: the replicas can't keep up even with full batches: λ·S(B)/(B·c) = %.3f ≥ 1.\n", result.utilization)
    text += "Nothing was simulated. Add replicas, raise --max-batch, or lower --rate.\n"
    return text
  }
  text += "\(options.replications) replications × \(options.requestsPerReplication) requests, seed \(options.seed)\n\n"
  text += "  latency   estimate     95% interval            one run ranges\n"
  for (name, estimate) in [("p50", p50), ("p90", p90), ("p99", p99), ("p99.9", p999), ("mean", mean)] {
    text += "  " + name.padding(toLength: 8, withPad: " ", startingAt: 0)
      + formatMilliseconds(estimate.value).leftPadded(11)
      + "   " + "\(formatMilliseconds(estimate.low)) – \(formatMilliseconds(estimate.high))".padding(toLength: 22, withPad: " ", startingAt: 0)
      + "  \(formatMilliseconds(estimate.spreadLow)) – \(formatMilliseconds(estimate.spreadHigh))\n"
  }
  text += String(format: "\n  utilization  %.3f\n  mean batch   %.2f\n  throughput   %.4g requests/s\n  stable       yes\n",
    result.utilization, result.meanBatchSize, result.throughput)
  return text
}

extension String {
  /// The string right-aligned in `width` characters.
  func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}

/// The simulate JSON: p50, p90, p99, p999, mean with _low/_high 95% bounds, utilization,
/// mean_batch, throughput, stable; seconds and requests/s; null when unstable.
func simulationDocument(_ result: SimulationResult, inputs: SimulateDocument.Inputs) -> SimulateDocument {
  var document = SimulateDocument(
    toolVersion: toolVersion, inputs: inputs, stable: result.stable, utilization: result.utilization,
    meanBatch: result.stable ? result.meanBatchSize : nil, throughput: result.stable ? result.throughput : nil,
    replications: result.replications, requestsPerReplication: result.requestsPerReplication,
    serviceTimeBasis: result.serviceTimeBasis)
  (document.p50, document.p50Low, document.p50High) = (result.p50?.value, result.p50?.low, result.p50?.high)
  (document.p90, document.p90Low, document.p90High) = (result.p90?.value, result.p90?.low, result.p90?.high)
  (document.p99, document.p99Low, document.p99High) = (result.p99?.value, result.p99?.low, result.p99?.high)
  (document.p999, document.p999Low, document.p999High) = (result.p999?.value, result.p999?.low, result.p999?.high)
  (document.mean, document.meanLow, document.meanHigh) = (result.mean?.value, result.mean?.low, result.mean?.high)
  if let band = result.band(result.p99) { (document.p99BandLow, document.p99BandHigh) = (band.low, band.high) }
  return document
}

/// Writes a document to `path` atomically, or to stdout for "-".
func writeJSONOutput(_ document: some VersionedDocument, to path: String, context: CommandContext) throws {
  if path == "-" { context.out(document.serialized()) } else { try document.write(to: path) }
}

private func simulateHelpText() -> String {
  """
  Usage: infer-plan simulate (--measurements FILE --device KIND [--hardware NAME]
                              | --service-table "1:1.2ms,8:1.9ms" [--cv X])
                             --rate RATE --replicas N --max-batch B --max-delay DUR
                             [--routing shared|round-robin] [--requests N] [--reps K]
                             [--seed S] [--json FILE|-]

  Simulates N identical replicas behind a dynamic batcher, fed by Poisson arrivals: a free
  replica takes B waiting requests at once; if fewer wait, it waits until B wait or the oldest
  has waited DUR, then takes all waiting (at most B). DUR 0 takes what is there; inf always
  waits for a full batch. Service times are resampled in blocks from measured sequences (the
  .samples.json beside the table), interpolated between batch sizes; or drawn from a table of
  means per batch size (lognormal with --cv, fixed without).

  Prints p50, p90, p99, p99.9 and the mean latency (arrival to end of its batch) with 95%
  intervals over the replications and the range of single runs, utilization, mean batch size,
  throughput and stability. A rate the replicas can't serve even with full batches is reported
  as unstable without simulating.

  Options:
  \(simulateOptions.map { "  --\($0.name)\($0.arity == .flag ? "" : " " + $0.valueName)".padding(toLength: 28, withPad: " ", startingAt: 0) + $0.help }.joined(separator: "\n"))

  Units: RATE is a number per /s, /min, /hour, /day (e.g. 400/s, 1.5k/min); DUR is a number
  with us, ms or s (e.g. 2ms), 0, or inf; times in the output are milliseconds (JSON: seconds).

  Examples:
    infer-plan simulate --service-table "1:1.2ms,8:1.9ms" --cv 0.2 --rate 2000/s \\
      --replicas 4 --max-batch 8 --max-delay 2ms
    infer-plan simulate --measurements m.csv --device cpu --rate 300/s --replicas 1 \\
      --max-batch 1 --max-delay 0 --json result.json

  """
}
