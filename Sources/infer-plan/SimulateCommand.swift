import ArgumentParsing
import CostModel
import Foundation
import Profiling
import Records
import Units

/// Options of `infer-plan simulate`.
let simulateOptions: [OptionSpec] = [
  OptionSpec(
    "measurements", .repeated, valueName: "FILE",
    help: "measurements table(s) from `infer-plan profile` (with their .samples.json)"),
  OptionSpec("device", valueName: "KIND", help: "rows to use from the measurements: cpu or cuda"),
  OptionSpec("hardware", valueName: "NAME", help: "hardware name of the rows, when the measurements hold several"),
  OptionSpec(
    "service-table", valueName: "TABLE", help: "mean service time per batch size instead, e.g. \"1:1.2ms,8:1.9ms\""),
  OptionSpec(
    "cv", valueName: "X", help: "coefficient of variation of --service-table times (lognormal), 0 to 10; default 0 (fixed)"),
  OptionSpec("rate", valueName: "RATE", help: "arrival rate, Poisson (e.g. 400/s, 20k/min)"),
  OptionSpec("replicas", valueName: "N", help: "identical replicas serving the stream, 1 to 100000"),
  OptionSpec("max-batch", valueName: "B", help: "largest batch a replica takes, 1 to 65536"),
  OptionSpec(
    "max-delay", valueName: "DUR", help: "longest the oldest request waits for a batch to fill (e.g. 2ms, 0, inf)"),
  OptionSpec("routing", valueName: "MODE", help: "shared (one queue; default) or round-robin"),
  OptionSpec(
    "requests", valueName: "N", help: "requests simulated in all, split over the replications; default 1000000"),
  OptionSpec("reps", valueName: "K", help: "replications, for the 95% intervals; default 10"),
  OptionSpec("seed", valueName: "S", help: "random seed, 0 to 2^64 − 1; default 1"),
  OptionSpec("json", valueName: "FILE|-", help: "also write the result as JSON to FILE, or to stdout with '-'"),
]

/// Where `simulate` takes its service times from.
enum ServiceTimeSource {
  /// Rows of measurements tables for one device kind (and hardware name).
  case measurements(files: [String], device: DeviceKind, hardware: String?)
  /// `--service-table`: mean seconds per batch size, lognormal with `--cv` (0: fixed).
  case table(ServiceTimeModel)
}

/// The checked command line of `infer-plan simulate`.
struct SimulateRequest {
  var rate: Double
  var replicas: Int
  var maxBatch: Int
  var maxDelay: Double
  var routing: Routing
  var requests: Int
  var replications: Int
  var seed: UInt64
  var jsonPath: String?
  var source: ServiceTimeSource
  /// `--measurements` and `--service-table` as given, echoed in the JSON.
  var measurementFiles: [String]
  var serviceTableText: String?

  init(_ parsed: ParsedArguments, context: CommandContext) throws {
    if let extra = parsed.positionals.first {
      throw ArgumentError("'simulate' takes no positional arguments; got '\(extra)'.")
    }
    rate = try UnitParser.rate(try parsed.required("rate", valueName: "RATE"), option: "--rate")
    guard let replicas = try parsed.integer("replicas", in: 1...100_000) else {
      throw ArgumentError("missing required option '--replicas N'.")
    }
    guard let maxBatch = try parsed.integer("max-batch", in: 1...65_536) else {
      throw ArgumentError("missing required option '--max-batch B'.")
    }
    self.replicas = replicas
    self.maxBatch = maxBatch
    maxDelay = try parseMaxDelay(try parsed.required("max-delay", valueName: "DUR"))
    routing = try parsed.choice("routing", noun: "routing") ?? .shared
    requests = try parsed.integer("requests", in: 1...SimulationOptions.requestLimit) ?? 1_000_000
    replications = try parsed.integer("reps", in: 1...SimulationOptions.replicationLimit) ?? 10
    guard requests >= replications else {
      throw ArgumentError("'--requests \(requests)': fewer requests than replications (\(replications)); raise --requests or lower --reps.")
    }
    seed = try parseSeed(parsed.value("seed"))
    measurementFiles = parsed.list("measurements")
    serviceTableText = parsed.value("service-table")
    source = try Self.source(parsed)
    jsonPath = parsed.value("json")
    if let jsonPath, jsonPath != "-" { try checkOutputPath(jsonPath, option: "--json") }
  }

  /// `--measurements` + `--device` [+ `--hardware`], or `--service-table` [+ `--cv`], never both.
  private static func source(_ parsed: ParsedArguments) throws -> ServiceTimeSource {
    let files = parsed.list("measurements")
    switch (files.isEmpty, parsed.value("service-table")) {
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
        return .table(
          try ServiceTimeModel(meanSecondsByBatchSize: ServiceTimeTable.parse(text), distribution: .lognormal(cv: cv)))
      } catch let error as SimulationError {
        throw ArgumentError("--service-table: \(error.description)")
      }
    case (false, nil):
      if parsed.value("cv") != nil {
        throw ArgumentError("--cv applies to --service-table; measured sequences carry their own spread.")
      }
      guard let device: DeviceKind = try parsed.choice("device", noun: "device kind", hints: deviceKindHints) else {
        throw ArgumentError("missing required option '--device KIND' (cpu or cuda) to pick rows from the measurements.")
      }
      return .measurements(files: files, device: device, hardware: parsed.value("hardware"))
    }
  }
}

/// `infer-plan simulate`: the serving simulation on measured or given service times.
func runSimulate(_ request: SimulateRequest, context: CommandContext) throws -> Int32 {
  let rate = request.rate, replicas = request.replicas, maxBatch = request.maxBatch
  let maxDelay = request.maxDelay, routing = request.routing, seed = request.seed
  let requests = request.requests, replications = request.replications, jsonPath = request.jsonPath
  let model = try loadServiceTimeModel(request.source)
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
      measurements: request.measurementFiles, serviceTable: request.serviceTableText)
    try writeJSONOutput(simulationDocument(result, inputs: inputs), to: jsonPath, context: context)
  }
  return 0
}

/// The service-time model the request names: read from the tables, or built from the table text.
private func loadServiceTimeModel(_ source: ServiceTimeSource) throws -> ServiceTimeModel {
  switch source {
  case let .table(model):
    return model
  case let .measurements(files, device, hardware):
    let rows = try MeasurementsTable.read(paths: files)
    return try ServiceTimeModel(
      measurements: rows, device: device, hardware: hardware, source: files.joined(separator: ", "))
  }
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

/// The `simulate --help` page.
func simulateHelpPage() -> HelpPage {
  HelpPage(
    usage: [
      "infer-plan simulate",
      "  (--measurements FILE --device KIND [--hardware NAME]",
      "   | --service-table \"1:1.2ms,8:1.9ms\" [--cv X])",
      "  --rate RATE --replicas N --max-batch B --max-delay DUR",
      "  [--routing shared|round-robin] [--requests N] [--reps K] [--seed S]",
      "  [--json FILE|-]",
    ],
    about: """
      Simulates N identical replicas behind a dynamic batcher, fed by Poisson arrivals: a free \
      replica takes B waiting requests at once; if fewer wait, it waits until B wait or the \
      oldest has waited DUR, then takes all waiting (at most B). DUR 0 takes what is there; inf \
      always waits for a full batch. Service times are resampled in blocks from measured \
      sequences (the .samples.json beside the table), interpolated between batch sizes; or \
      drawn from a table of means per batch size (lognormal with --cv, fixed without).

      Prints p50, p90, p99, p99.9 and the mean latency (arrival to end of its batch) with 95% \
      intervals over the replications and the range of single runs, utilization, mean batch \
      size, throughput and stability. A rate the replicas can't serve even with full batches \
      is reported as unstable without simulating.
      """,
    sections: [
      HelpSection(
        "Units",
        [
          "RATE  requests per /s, /min, /hour or /day, with k or M: 400/s, 1.5k/min",
          "DUR   us, ms or s: 500us, 2ms, 1.5s; also 0, and inf for --max-delay",
          "Times in the output are milliseconds (JSON: seconds).",
        ]),
      HelpSection(
        "Examples",
        [
          "infer-plan simulate --service-table \"1:1.2ms,8:1.9ms\" --cv 0.2 --rate 2000/s \\",
          "  --replicas 4 --max-batch 8 --max-delay 2ms",
          "infer-plan simulate --measurements m.csv --device cpu --rate 300/s \\",
          "  --replicas 1 --max-batch 1 --max-delay 0 --json result.json",
        ]),
    ])
}
