import ArgumentParsing
import CostModel
import Foundation
import ModelGraph
import Profiles
import Profiling
import Records
import Reporting

/// Options of `infer-plan [plan]`.
let planOptions: [OptionSpec] = [
  OptionSpec("model", valueName: "MODEL", help: "model file (.bin from 'model create'), Hugging Face folder or .onnx file"),
  OptionSpec(
    "volume", valueName: "RATE", help: "average request rate: 100/min, 1.5k/min, 20/s, 2M/day, /hour, /month"),
  OptionSpec("budget", valueName: "USD", help: "USD per month ($50, 50/month) or per day/hour (2/day)"),
  OptionSpec("latency-slo", valueName: "DUR", help: "p99 latency objective: 200ms, 1.5s, 500us (default: none)"),
  OptionSpec("workload", valueName: "FILE|NAME", help: "workload profile (YAML file or a name in Profiles/workloads)"),
  OptionSpec(
    "profiles", valueName: "DIR",
    help: "profiles folder (default: $INFER_PLAN_PROFILES, else ./Profiles, else the one next to or above the executable)"),
  OptionSpec("hardware", .repeated, valueName: "NAME,…", help: "only these hardware profiles (default: all)"),
  OptionSpec("measurements", .repeated, valueName: "CSV…", help: "measurements tables to plan from (repeatable)"),
  OptionSpec("validation", .repeated, valueName: "JSON…", help: "'validate --json' files: add a prediction check"),
  OptionSpec("seq-len", valueName: "N", help: "tokens per request for encoders (default 128)"),
  OptionSpec("csv", valueName: "FILE", help: "also write every option as CSV"),
  OptionSpec("json", valueName: "FILE|-", help: "also write the plan as JSON ('-' = stdout, no report)"),
  OptionSpec("html", valueName: "FILE", help: "also write a self-contained HTML page with charts"),
  OptionSpec("markdown", valueName: "FILE", help: "also write a Markdown summary (e.g. a pull-request comment)"),
  OptionSpec("fail-on", .repeated, valueName: "slo,budget", help: "exit 2 when the plan misses the SLO or budget"),
  OptionSpec("quick", .flag, help: "measure this machine briefly (5 batch sizes, ~0.1 s each)"),
  OptionSpec(
    "measure-here", .flag,
    help: "also measure this machine when --measurements is given (default: plan from the tables only)"),
  OptionSpec("threads", valueName: "N", help: "measure with N threads per replica (default: 1 and all cores)"),
  OptionSpec("max-delay", valueName: "DUR", help: "longest a request waits for its batch to fill (default 5ms)"),
  OptionSpec("utilization", valueName: "X", help: "target utilization per replica, 0.05–0.95 or 70% (default 0.7)"),
  OptionSpec("peak-factor", valueName: "X", help: "peak rate ÷ average rate, 1 to 1000 (default 1 or the workload's)"),
  OptionSpec("version", .flag, help: "print the version"),
  inputShapeOption,
] + trafficOptions

/// `infer-plan [plan]`: measures the model on this machine (unless `--measurements` is given
/// without `--measure-here` or `--quick`), then plans CPU/GPU serving for the volume, budget and
/// SLO and prints the report.
///
/// Order: `PlanInputs` checks every option and output path and loads the profiles; then load
/// the model → read measurements → measure this machine when asked → plan → write.
func runPlan(_ inputs: PlanInputs, context: CommandContext) throws -> Int32 {
  let graph = try loadModel(inputs.modelPath, inputShapes: inputs.inputShapes)
  let sequenceLength = try inputs.sequenceLength(for: graph)
  let measured = try PlanMeasurements.gather(
    inputs: inputs, graph: graph, sequenceLength: sequenceLength, context: context)
  let model = try ModelWork(graph: graph, sequenceLength: sequenceLength)
  var planner = Planner(model: model, hardware: inputs.hardware, measurements: measured.rows, host: measured.host)
  planner.serverless = inputs.serverless
  if let hardwareName = planner.cpuRowsMissingHostFigures().first {
    throw PlanCommandError.missingHostFigures(
      paths: measured.paths(withHostlessCPURowsFor: hardwareName), hardware: hardwareName,
      command: profileCommand(inputs: inputs, sequenceLength: sequenceLength, hardware: hardwareName))
  }
  let plan = planner.plan(
    for: inputs.request, predictor: SimulatedLatencyPredictor(),
    searchPredictor: SimulatedLatencyPredictor(options: SimulatedLatencyPredictor.searchOptions))

  var warnings = measured.warnings
  if BuildConfiguration.current == .debug {
    warnings.insert("debug build: measurements not representative; build with 'swift build -c release'.", at: 0)
  }
  let reportContext = PlanReportContext(
    toolVersion: toolVersion, modelPath: inputs.modelPath, volumeText: inputs.volumeText, host: measured.host,
    measurements: measured.rows, measurementSources: measured.sources, hardware: inputs.hardware,
    profilesDirectory: inputs.profilesLocation.description, workloadName: inputs.workload?.name,
    hardwareFilter: inputs.hardwareFilter, warnings: warnings,
    useColor: context.useColor,
    gpuStatus: measured.gpuStatus, predictionChecks: inputs.predictionChecks)
  if let csvPath = inputs.csvPath { try AtomicFile.write(PlanCSV.text(for: plan), to: csvPath) }
  let document = PlanJSON.document(for: plan, context: reportContext)
  try writePlanPages(document, inputs: inputs)
  let json = inputs.jsonPath.map { _ in document.serialized() }
  if inputs.jsonPath == "-", let json {
    context.out(json)
    for warning in reportContext.warnings { context.diagnostic("Warning: \(warning)\n") }
  } else {
    if let path = inputs.jsonPath, let json { try AtomicFile.write(json, to: path) }
    context.out(TerminalReport(plan: plan, context: reportContext).render())
  }
  return planPolicyStatus(document, inputs: inputs, context: context)
}

/// Finds the profiles folder: `--profiles`, else `$INFER_PLAN_PROFILES`, else `./Profiles`, else
/// a `Profiles` folder next to or above the executable. The report names the one used.
func findProfiles(_ parsed: ParsedArguments, context: CommandContext) throws -> ProfilesLocation {
  do {
    return try ProfilesLocation.find(
      option: parsed.value("profiles"), environment: context.profilesFolder,
      currentDirectory: context.currentDirectory, executablePath: context.executablePath)
  } catch {
    if parsed.value("profiles") != nil { throw ArgumentError(error.description) }
    throw PlanCommandError.profiles(error.description)
  }
}

/// A problem that stops the plan after its options checked out (exit 1).
enum PlanCommandError: Error, CustomStringConvertible {
  case profiles(String)
  case probeFailed
  case nothingToPlan(String)
  case missingHostFigures(paths: [String], hardware: String, command: String)
  case otherModel(paths: [String], found: String, wanted: String, command: String)

  var description: String {
    switch self {
    case .profiles(let message): message
    case .probeFailed:
      "could not probe this CPU's peak and memory bandwidth (the probe buffers could not be allocated); free some memory and retry."
    case .nothingToPlan(let reason): reason
    case let .missingHostFigures(paths, hardware, command):
      "\(paths.joined(separator: ", ")): the CPU rows for '\(hardware)' carry no host figures (a table from before "
        + "schema 2), and projecting them onto other CPUs needs the measuring machine's per-core peak and memory "
        + "bandwidth. Re-profile on that machine: `\(command.replacingOccurrences(of: "FILE", with: paths.first ?? "FILE"))`; "
        + "or plan only hardware those rows measure with --hardware."
    case let .otherModel(paths, found, wanted, command):
      "\(paths.joined(separator: ", ")): the rows are for \(found), not for \(wanted). Profile this model with "
        + "`\(command)`, or pass --measure-here to measure it on this machine."
    }
  }
}

/// The command that (re-)profiles the planned model for `hardware`'s rows: `infer-plan profile
/// --model MODEL [--seq-len N] --out FILE [--as NAME]` (FILE left for the caller to fill).
func profileCommand(inputs: PlanInputs, sequenceLength: Int, hardware: String = "local") -> String {
  var command = "infer-plan profile --model \(inputs.modelPath)"
  if sequenceLength > 0 { command += " --seq-len \(sequenceLength)" }
  command += " --out FILE"
  if hardware != "local" { command += " --as \(hardware)" }
  return command
}

/// The top-level `--help` page: the plan command's usage, units and examples, then the commands.
func planHelpPage() -> HelpPage {
  HelpPage(
    title: "infer-plan \(toolVersion): measure a model's forward pass, then plan CPU/GPU serving cost and latency.",
    usage: [
      "infer-plan [plan] --model MODEL --volume RATE --budget USD",
      "                  [--latency-slo DUR] [options]",
      "infer-plan <command> [options]   (infer-plan <command> --help for each)",
    ],
    about: """
      The plan measures MODEL on this machine's CPU (with --measurements it plans from the \
      tables alone, unless --measure-here), projects it to other CPUs and estimates GPUs from \
      their specifications, \
      then prints the cheapest setup that meets the latency objective within the budget, why, \
      and where the answer flips. Every option is in --csv/--json.
      """,
    sections: [
      HelpSection(
        "Units",
        [
          "RATE  requests per /s, /min, /hour, /day or /month, with k or M: 100/min,",
          "      1.5k/min, 20/s",
          "USD   per month unless /day or /hour is given: 50, $50, 50/month, 2/day",
          "DUR   us, ms or s: 500us, 200ms, 1.5s",
          "A month is 730 hours. Flags override the workload file's values.",
        ]),
      HelpSection.commands("Commands", subcommands),
      HelpSection(
        "Examples",
        [
          "infer-plan model create small.bin --preset small",
          "infer-plan --model small.bin --volume 100/min --budget 50",
          "infer-plan --model small.bin --volume 2k/s --budget 500 --latency-slo 50ms \\",
          "  --csv plan.csv",
          "infer-plan profile --model small.bin --out m.csv",
          "infer-plan --model small.bin --measurements m.csv --workload small-api \\",
          "  --json -",
          "infer-plan validate --model small.bin --volume 200/s --json v.json",
          "infer-plan --model small.bin --volume 200/s --budget 50 --validation v.json",
        ]),
      HelpSection(
        "Exit status",
        [
          "0 ok (also when nothing fits: the report says so), 1 error (also a missing",
          "input file or an unwritable output folder), 2 --fail-on policy missed",
          "(outputs are written first), 64 usage error (a bad option or value, found",
          "before anything is measured or written)",
        ]),
      HelpSection(
        "Environment",
        [
          "INFER_PLAN_PROFILES  profiles folder (after --profiles)",
          "INFER_PLAN_ISA       scalar, avx2 or avx512: force the kernels' level",
          "NO_COLOR             no colour, even on a terminal",
        ]),
    ])
}
