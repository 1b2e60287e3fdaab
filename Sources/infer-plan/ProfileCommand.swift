import ArgumentParsing
import CUDA
import Foundation
import Kernels
import ModelGraph
import Profiling
import Records
import Units

/// Options of `infer-plan profile`.
let profileOptions: [OptionSpec] = [
  OptionSpec(
    "model", valueName: "MODEL", help: "model file (.bin, infer-plan safetensors), Hugging Face folder or .onnx file (required)"),
  OptionSpec("devices", .repeated, valueName: "LIST", help: "devices to measure: cpu, cuda (default cpu)"),
  OptionSpec("batch-sizes", .repeated, valueName: "LIST", help: "batch sizes, e.g. 1,8,32 (default 1,2,4,…,256)"),
  OptionSpec("seq-len", valueName: "N", help: "tokens per sequence for encoders (default 128; MLPs have none)"),
  OptionSpec("threads", valueName: "N", help: "CPU threads per pass, 1 to 1024 (default: all logical cores)"),
  OptionSpec("quick", .flag, help: "fast smoke sweep: batch sizes 1,4,16,64,256 and 0.1s per point"),
  OptionSpec("min-time", valueName: "DUR", help: "minimum timed duration per point (default 1s; with 10+ runs)"),
  OptionSpec("max-time", valueName: "DUR", help: "cap on the timed duration per point (default 10s)"),
  OptionSpec(
    "max-latency", valueName: "DUR", help: "stop the sweep after a point whose median exceeds this (default 2s)"),
  OptionSpec(
    "paced", .repeated, valueName: "GAP,…",
    help: "also measure runs after these idle gaps (1ms,16ms) or rates' mean gaps (100/s = 10ms)"),
  OptionSpec(
    "precision", valueName: "P", help: "GPU precision: fp32 (default), tf32, fp16, bf16 (the CPU measures fp32)"),
  OptionSpec("as", valueName: "NAME", help: "hardware name the rows stand for (a Profiles name; default local)"),
  OptionSpec(
    "out", valueName: "FILE",
    help: "write the measurements table (CSV) here, samples to FILE.samples.json; '-' = CSV on stdout"),
  inputShapeOption,
]

/// `infer-plan profile`: measures forward-pass latency per device and batch size.
func runProfile(_ request: ProfileRequest, context: CommandContext) throws -> Int32 {
  let graph = try loadModel(request.modelPath, inputShapes: request.inputShapes)
  var options = request.options
  switch graph.kind {
  case .mlp:
    if request.sequenceLength != nil { context.diagnostic("Note: --seq-len is ignored: \(graph.name) is an MLP (no sequence).\n") }
    options.sequenceLength = 0
  case .encoder(_, _, let maxPositions):
    let wanted = PlanningDefaults.sequenceLength(requested: request.sequenceLength, maxPositions: maxPositions)
    if request.sequenceLength == nil, wanted < PlanningDefaults.sequenceLength {
      context.diagnostic("Note: \(graph.name) takes at most \(maxPositions) tokens per sequence; measuring at --seq-len \(wanted).\n")
    }
    if maxPositions > 0, wanted > maxPositions {
      throw ArgumentError("'--seq-len \(wanted)': \(graph.name) takes at most \(maxPositions) tokens per sequence.")
    }
    options.sequenceLength = wanted
  }
  // The measuring host's figures go on every row (GPU rows too), whatever --as says.
  if context.stderrIsTerminal { context.diagnostic("\r\u{1B}[Kprobing this CPU (FMA peak, memory bandwidth)…") }
  guard let host = HostProbe.measuringHost(cpu: CPUInfo.detect(), instructionSet: request.instructionSet) else {
    throw ProfileError.probeFailed
  }
  var labels = MeasurementLabels(
    toolVersion: toolVersion, hostName: localHostName(), hardware: request.hardware,
    modelName: graph.name, modelHash: graph.contentHash, host: host)
  labels.inputShapes = MeasurementLabels.inputShapesText(graph.sampleShapes)

  var rows: [Records.Measurement] = []
  var warnings: [(Records.Measurement, QualityWarning)] = []
  var stops: [String] = []
  let progress = MeasurementProgress(total: request.devices.count * MeasurementProgress.points(options))
  for device in request.devices {
    let backend: any Backend
    switch device {
    case .cpu:
      let cpu = CPUInfo.detect()
      backend = try CPUBackend(graph: graph, instructionSet: request.instructionSet, threads: request.threads, cpu: cpu)
    case .cuda:
      guard let libraries = request.cudaLibraries else { throw ProfileError.cudaUnavailable(reason: "not discovered") }
      backend = try CUDABackend(graph: graph, deviceOrdinal: 0, precision: request.cudaPrecision, libraries: libraries)
      if request.gpuCount > 1 {
        context.diagnostic("Note: measuring GPU 0 of \(request.gpuCount); a replica is one GPU, so the others would measure the same.\n")
      }
    }
    let profiler = Profiler(options: options)
    if context.stderrIsTerminal {
      profiler.progress = progressLine(context: context, device: device, progress: progress)
    }
    var calibrationInputs: [Int: (costs: [OpCost], launches: Int)] = [:]
    profiler.inspectPass = { batchSize, pass in
      if let pass = pass as? CUDAForwardPass { calibrationInputs[batchSize] = (pass.costs, pass.launches) }
    }
    var result = try profiler.sweep(backend, labels: labels)
    if context.stderrIsTerminal { context.diagnostic("\r\u{1B}[K") }
    if let cuda = backend as? CUDABackend {
      result.measurements = calibrate(result.measurements, inputs: calibrationInputs, backend: cuda)
    }
    warnings += result.warnings.map { (result.measurements[$0.measurementIndex], $0.warning) }
    rows += result.measurements
    stops.append("\(device.rawValue): \(result.stop)")
    if case .failed = result.stop { context.diagnostic("Warning: \(device.rawValue) sweep \(result.stop); larger batch sizes were not measured.\n") }
  }

  if request.outPath == "-" {
    context.out(MeasurementsTable.render(rows))
  } else {
    context.out("Model: \(graph.name) (\(graph.architecture), \(graph.parameterCount) parameters, hash \(labels.modelHash.prefix(12))…)\n")
    for device in Set(rows.map(\.deviceName)).sorted() { context.out("Device: \(device)\n") }
    context.out(
      "Host: \(host.cpuModel) (\(host.instructionSet)), \(host.physicalCores) physical cores, "
        + "\(ReadableNumber.significant(host.perCoreGFLOPS)) GFLOP/s per core at \(request.instructionSet.rawValue), "
        + "\(ReadableNumber.significant(host.memoryBandwidthGBps)) GB/s triad\n")
    context.out(MeasurementsTable.textTable(rows))
    for stop in stops { context.out("Sweep \(stop).\n") }
  }
  if let outPath = request.outPath, outPath != "-" {
    try MeasurementsTable.write(rows, to: outPath)
    context.out("Wrote \(rows.count) rows to \(outPath) (samples in \(SamplesSidecar.path(for: outPath))).\n")
  }
  for (row, warning) in warnings where warning != .debugBuild {
    context.diagnostic("Warning: \(row.deviceKind.rawValue) batch \(row.batchSize) (\(row.mode.rawValue)): \(warning.messageWithHint)\n")
  }
  if BuildConfiguration.current == .debug { context.diagnostic("Warning: \(QualityWarning.debugBuild.messageWithHint)\n") }
  return 0
}

/// Fills the GPU calibration columns: the roofline's compute and memory efficiency and launch
/// overhead (`CUDACalibration.fit`), fitted to the back-to-back host medians of the whole sweep
/// (it needs small and large batches to separate the three) and written on every row.
func calibrate(
  _ rows: [Records.Measurement], inputs: [Int: (costs: [OpCost], launches: Int)], backend: CUDABackend
) -> [Records.Measurement] {
  let points = rows.filter { $0.mode == .backToBack }.compactMap { row in
    inputs[row.batchSize].map {
      CUDACalibrationPoint(measuredSeconds: row.stats.medianMs / 1000, costs: $0.costs, launches: $0.launches)
    }
  }
  guard
    let calibration = CUDACalibration.fit(
      points, peakFlopsPerSecond: backend.info.peakFlopsPerSecond(for: backend.cudaPrecision),
      peakBytesPerSecond: backend.info.peakBandwidthBytesPerSecond)
  else { return rows }
  return rows.map { $0.calibrated(by: calibration) }
}

/// A problem that stops `profile` after its options checked out.
enum ProfileError: Error, CustomStringConvertible {
  case cudaUnavailable(reason: String)
  case probeFailed

  var description: String {
    switch self {
    case .cudaUnavailable(let reason):
      "--devices cuda: no usable GPU (\(reason)). Measure on the CPU with --devices cpu, or run where a GPU is visible."
    case .probeFailed:
      "could not probe this CPU's peak and memory bandwidth for the table's host columns (the probe buffers, "
        + "at least 192 MiB, could not be allocated, or a probe thread could not start); free some memory and retry."
    }
  }
}

/// The checked command line of `profile`.
struct ProfileRequest {
  var modelPath: String
  /// `--input-shape` dims of ONNX inputs, by input name.
  var inputShapes: [String: [Int]]
  var devices: [DeviceKind]
  var options: ProfilerOptions
  var sequenceLength: Int?
  var threads: Int
  var instructionSet: InstructionSet
  var hardware: String
  var outPath: String?
  /// GPU precision; the CPU always measures fp32.
  var cudaPrecision: CUDAPrecision
  /// Where the CUDA libraries were found (nil unless `cuda` was asked for and found).
  var cudaLibraries: CUDALibraryPaths?
  /// Usable GPUs found (0 unless `cuda` was asked for).
  var gpuCount = 0

  /// Checks every option (and that the output folder is writable and a requested GPU exists)
  /// before any slow work.
  init(_ parsed: ParsedArguments, context: CommandContext) throws {
    if let extra = parsed.positionals.first {
      throw ArgumentError("'profile' takes no positional arguments; got '\(extra)'. Give the model with --model MODEL.")
    }
    modelPath = try parsed.required("model", valueName: "MODEL")
    inputShapes = try parseInputShapes(parsed)
    devices = try parsed.choices("devices", noun: "device kind", hints: deviceKindHints)
    if devices.isEmpty { devices = [.cpu] }
    options = parsed.has("quick") ? .quick : ProfilerOptions()
    if !parsed.list("batch-sizes").isEmpty {
      options.batchSizes = try parsed.list("batch-sizes").map { text in
        guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else {
          throw ArgumentError("'--batch-sizes \(text)': expected whole numbers separated by commas, e.g. 1,8,32.")
        }
        guard (1...1_048_576).contains(n) else {
          throw ArgumentError("'--batch-sizes \(text)': batch sizes must be between 1 and 1048576.")
        }
        return n
      }
    }
    sequenceLength = try parsed.integer("seq-len", in: 1...1_048_576)
    threads = try parsed.integer("threads", in: 1...1024) ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
    if let text = parsed.value("min-time") { options.minSeconds = try UnitParser.duration(text, option: "--min-time") }
    if let text = parsed.value("max-time") {
      options.maxSeconds = try UnitParser.duration(text, option: "--max-time")
      guard options.maxSeconds > 0 else { throw ArgumentError("'--max-time \(text)': must be above 0, e.g. 10s.") }
    }
    if options.maxSeconds < options.minSeconds {
      throw ArgumentError(
        "--max-time (\(options.maxSeconds) s) is below --min-time (\(options.minSeconds) s); raise --max-time or lower --min-time.")
    }
    if let text = parsed.value("max-latency") {
      options.maxLatencySeconds = try UnitParser.duration(text, option: "--max-latency")
      guard options.maxLatencySeconds > 0 else { throw ArgumentError("'--max-latency \(text)': must be above 0, e.g. 2s.") }
    }
    var pacings: [Pacing] = [.backToBack]
    for text in parsed.list("paced") {
      let pacing: Pacing
      if text.contains("/") {
        // A rate: the mean idle gap Poisson arrivals at that rate leave (1/λ).
        let rate = try UnitParser.rate(text, option: "--paced")
        guard let matching = Pacing.matching(requestsPerSecond: rate) else {
          throw ArgumentError("'--paced \(text)': use a rate above 0, e.g. 100/s.")
        }
        pacing = matching
      } else {
        // Whole nanoseconds, so "100us" is stored as 0.0001 rather than 100 × 1e-6 = 9.999…e-05.
        pacing = .paced(idleGapSeconds: (try UnitParser.duration(text, option: "--paced") * 1e9).rounded() / 1e9)
      }
      guard pacing.idleGapSeconds <= 60 else {
        throw ArgumentError("'--paced \(text)': idle gaps must be at most 60s (rates at least 1/min).")
      }
      if !pacings.contains(pacing) { pacings.append(pacing) }
    }
    options.pacings = pacings
    hardware = parsed.value("as") ?? "local"
    guard !hardware.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw ArgumentError("'--as' needs a hardware name, e.g. --as c7i.large (or leave it out for 'local').")
    }
    do { try options.validate() } catch let error as ProfilerError { throw ArgumentError(error.description) }
    let precision: CUDAPrecision = try parsed.choice("precision", noun: "precision") ?? .fp32
    if precision != .fp32, !devices.contains(.cuda) {
      throw ArgumentError("'--precision \(parsed.value("precision") ?? "")': the CPU measures fp32 only; add --devices cuda or drop --precision.")
    }
    cudaPrecision = precision
    instructionSet = try context.instructionSet()
    outPath = parsed.value("out")
    if let outPath, outPath != "-" { try checkOutputPath(outPath, option: "--out") }
    if devices.contains(.cuda) {
      let discovery = context.discoverGPUs()
      if discovery.gpus.isEmpty { throw ProfileError.cudaUnavailable(reason: discovery.unavailableReason ?? "no GPU found") }
      cudaLibraries = context.cudaLibraryPaths
      gpuCount = discovery.gpus.count
    }
    try checkModelExists(modelPath)
  }
}

/// A live line on stderr ("cpu batch 16 (point 3/9, ETA ~8 s): measuring back-to-back…"),
/// redrawn in place.
func progressLine(context: CommandContext, device: DeviceKind, progress: MeasurementProgress) -> (ProfilerEvent) -> Void {
  return { event in
    func position(_ batch: Int) -> String { "\(device.rawValue) batch \(batch) (\(progress.text))" }
    let text: String
    switch event {
    case .preparing(let batch): text = "\(position(batch)): preparing inputs…"
    case .warmingUp(let batch): text = "\(position(batch)): warming up…"
    case .measuring(let batch, let pacing): text = "\(position(batch)): measuring \(pacing)…"
    case .measured(let row):
      text = "\(position(row.batchSize)): median \(String(format: "%.4g", row.stats.medianMs)) ms over \(row.runs) runs"
    }
    context.diagnostic("\r\u{1B}[K" + text)
    if case .measured = event { progress.finishPoint() }
  }
}

/// The `profile --help` page.
func profileHelpPage() -> HelpPage {
  HelpPage(
    usage: [
      "infer-plan profile --model MODEL [--devices cpu,cuda] [--batch-sizes N,…]",
      "  [--seq-len N] [--threads N] [--quick] [--min-time DUR] [--max-time DUR]",
      "  [--max-latency DUR] [--paced GAP,…] [--precision P] [--as NAME]",
      "  [--out FILE]",
    ],
    about: """
      Measures forward-pass latency for each device and batch size: inputs are prepared \
      untimed, then warm-ups (at least 3 and 0.2 s), then timed runs until at least 10 runs \
      and --min-time. The sweep stops after a batch size whose median exceeds --max-latency, \
      or before one that needs more memory than the device has. Every row also carries this \
      machine's figures (CPU, cores, per-core peak at the kernels' level, triad bandwidth), \
      from which the planner projects it to other CPUs.
      """,
    sections: [
      HelpSection(
        "Units",
        [
          "DUR   us, ms or s: 500us, 200ms, 1.5s",
          "GAP   a duration (1ms), or a rate whose mean gap is meant (100/s = 10ms)",
          "Latencies in milliseconds, throughput in samples per second, memory in MiB.",
        ]),
      HelpSection(
        "Examples",
        [
          "infer-plan model create small.bin --preset small",
          "infer-plan profile --model small.bin --quick --out m.csv",
          "infer-plan profile --model minilm.bin --seq-len 128 --batch-sizes 1,8,32 \\",
          "  --threads 2",
          "infer-plan profile --model small.bin --paced 1ms,16ms --out m.csv \\",
          "  --as c7i.large",
        ]),
    ])
}
