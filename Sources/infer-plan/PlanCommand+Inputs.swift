import ArgumentParsing
import CostModel
import Foundation
import Kernels
import ModelGraph
import Profiles
import Records
import Reporting
import Units

/// The checked command line of the plan: every flag parsed into SI units, workload values
/// filled in where a flag is absent, output paths checked writable, the profiles loaded and the
/// kernels' instruction set resolved. Built before any slow work.
struct PlanInputs {
  var profilesLocation: ProfilesLocation
  var instructionSet: InstructionSet
  var modelPath: String
  /// `--input-shape` dims of ONNX inputs, by input name.
  var inputShapes: [String: [Int]]
  var request: PlanRequest
  var volumeText: String?
  var workload: WorkloadProfile?
  var hardware: [HardwareProfile]
  /// Serverless platforms priced for a day of traffic (all of them unless --hardware narrows the plan).
  var serverless: [ServerlessProfile]
  var hardwareFilter: [String]
  var measurementPaths: [String]
  /// `--validation` files, read and checked here (a bad one stops the plan before measuring).
  var predictionChecks: [PredictionCheck]
  var requestedSequenceLength: Int?
  var threads: Int?
  var quick: Bool
  /// `--measure-here`: measure this machine although `--measurements` is given.
  var measureHere: Bool
  var csvPath: String?
  var jsonPath: String?
  /// `--html`, `--markdown` and `--fail-on` (PlanCommand+Pages.swift).
  var pages: PlanPageOutputs

  init(_ parsed: ParsedArguments, context: CommandContext) throws {
    profilesLocation = try findProfiles(parsed, context: context)
    let catalog: ProfileCatalog
    do { catalog = try ProfileCatalog.load(from: profilesLocation) } catch {
      throw PlanCommandError.profiles(error.description)
    }
    if let extra = parsed.positionals.first {
      throw ArgumentError("unexpected argument '\(extra)'; give the model with --model MODEL.")
    }
    modelPath = try parsed.required("model", valueName: "MODEL")
    inputShapes = try parseInputShapes(parsed)
    workload = try parsed.value("workload").map { try Self.workload($0, catalog: catalog) }

    let volume: Double
    if let text = parsed.value("volume") {
      volume = try UnitParser.rate(text, option: "--volume")
      volumeText = text
    } else if let workload {
      volume = workload.requestsPerSecond
    } else if parsed.value("traffic") != nil {
      volume = 0  // the log's mean, below
    } else {
      throw ArgumentError("missing required option '--volume RATE' (e.g. --volume 100/min), or give --workload or --traffic.")
    }
    let traffic = try TrafficInputs.day(parsed, workload: workload, volume: volume)
    var budget: Double?
    if let text = parsed.value("budget") {
      budget = try UnitParser.budget(text, option: "--budget")
    } else if let workload {
      budget = workload.budgetUSDPerMonth
    } else {
      throw ArgumentError("missing required option '--budget USD' (e.g. --budget 50 for $50/month), or give --workload.")
    }
    var slo = workload?.latencySLOSeconds
    if let text = parsed.value("latency-slo") {
      let seconds = try UnitParser.duration(text, option: "--latency-slo")
      guard seconds > 0 else { throw ArgumentError("'--latency-slo \(text)': the objective must be above 0, e.g. 200ms.") }
      slo = seconds
    }
    var peakFactor = workload?.peakFactor ?? 1
    if let text = parsed.value("peak-factor") {
      guard let value = Double(text), value.isFinite, value >= 1, value <= 1000 else {
        throw ArgumentError("'--peak-factor \(text)': use a number from 1 to 1000 (peak rate ÷ average rate), e.g. 2.")
      }
      peakFactor = value
    }
    var utilization = PlanningDefaults.targetUtilization
    if let text = parsed.value("utilization") { utilization = try Self.utilization(text) }
    var maxDelay: Double?
    if let text = parsed.value("max-delay") {
      let seconds = try UnitParser.duration(text, option: "--max-delay")
      guard seconds <= 10 else { throw ArgumentError("'--max-delay \(text)': at most 10s; a batching delay is usually 1–10ms.") }
      maxDelay = seconds
    }
    request = PlanRequest(
      requestsPerSecond: volume, peakFactor: peakFactor, budgetUSDPerMonth: budget, latencySLOSeconds: slo,
      hoursPerMonth: workload?.hoursPerMonth ?? BillingMonth.hours, targetUtilization: utilization,
      fixedBatchingDelaySeconds: maxDelay)
    if let traffic { request = request.following(traffic) }
    request.autoscaling = try TrafficInputs.autoscaling(parsed)
    request.allowsSpot = try TrafficInputs.allowsSpot(parsed)

    hardwareFilter = parsed.list("hardware")
    serverless = hardwareFilter.isEmpty ? catalog.serverless : []
    if hardwareFilter.isEmpty {
      hardware = catalog.hardware
    } else {
      do { hardware = try catalog.hardware(named: hardwareFilter) } catch { throw ArgumentError("--hardware: \(error.description)") }
    }
    measurementPaths = parsed.list("measurements")
    for path in measurementPaths where !FileManager.default.fileExists(atPath: path) {
      throw CommandFileError.missing(
        option: "--measurements", path: path, fix: "Write one with `infer-plan profile --model MODEL --out \(path)`.")
    }
    predictionChecks = try parsed.list("validation").map(PredictionCheckReader.read)
    requestedSequenceLength = try parsed.integer("seq-len", in: 1...100_000) ?? workload?.sequenceLength
    threads = try parsed.integer("threads", in: 1...1024)
    quick = parsed.has("quick")
    measureHere = parsed.has("measure-here")
    csvPath = parsed.value("csv")
    jsonPath = parsed.value("json")
    if csvPath == "-" { throw ArgumentError("'--csv -': the CSV needs a file name; use --json - for stdout.") }
    if let csvPath, let jsonPath, csvPath == jsonPath {
      throw ArgumentError("--csv and --json name the same file '\(csvPath)'; give two different files.")
    }
    if let csvPath { try checkOutputPath(csvPath, option: "--csv") }
    if let jsonPath, jsonPath != "-" { try checkOutputPath(jsonPath, option: "--json") }
    pages = try PlanPageOutputs(parsed, request: request, otherOutputs: [csvPath, jsonPath].compactMap { $0 })
    instructionSet = try context.instructionSet()
    try checkModelExists(modelPath)
  }

  /// A workload by file path (an existing file or a `.yaml` name) or by profile name.
  static func workload(_ value: String, catalog: ProfileCatalog) throws -> WorkloadProfile {
    do {
      if FileManager.default.fileExists(atPath: value) || value.hasSuffix(".yaml") || value.hasSuffix(".yml") {
        return try ProfileCatalog.readWorkloadFile(value)
      }
      return try catalog.workload(named: value)
    } catch {
      throw ArgumentError("--workload: \(error.description)")
    }
  }

  /// Whether the plan measures this machine: without `--measurements`, or when asked to.
  var measuresHere: Bool { measurementPaths.isEmpty || measureHere || quick }

  /// `0.7` or `70%`, from 0.05 to 0.95.
  static func utilization(_ text: String) throws -> Double {
    let isPercent = text.hasSuffix("%")
    guard let number = Double(isPercent ? String(text.dropLast()) : text), number.isFinite else {
      throw ArgumentError("'--utilization \(text)': not a number; use a fraction or percentage, e.g. 0.7 or 70%.")
    }
    let value = isPercent ? number / 100 : number
    guard value >= 0.05, value <= 0.95 else {
      throw ArgumentError("'--utilization \(text)': use 0.05–0.95 (5%–95%); at 1 a queue grows without bound.")
    }
    return value
  }

  /// Tokens per request: `--seq-len`, else the workload's, else `PlanningDefaults.sequenceLength`
  /// capped by the model's maximum; 0 for an MLP.
  func sequenceLength(for graph: Graph) throws -> Int {
    switch graph.kind {
    case .mlp: return 0
    case .encoder(_, _, let maxPositions):
      let wanted = PlanningDefaults.sequenceLength(requested: requestedSequenceLength, maxPositions: maxPositions)
      if maxPositions > 0, wanted > maxPositions {
        throw ArgumentError("'--seq-len \(wanted)': \(graph.name) takes at most \(maxPositions) tokens per sequence.")
      }
      return wanted
    }
  }
}
