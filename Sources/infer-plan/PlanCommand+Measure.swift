import CUDA
import CostModel
import Foundation
import Kernels
import ModelGraph
import Profiling
import Records

/// The measurements a plan rests on: rows read from `--measurements` for this model, plus this
/// machine measured now when asked (`PlanInputs.measuresHere`).
struct PlanMeasurements {
  var rows: [Records.Measurement]
  /// This machine, when measured in this run; nil for a plan from saved tables alone.
  var host: PlanningHost?
  var sources: [String]
  var warnings: [String]
  /// This machine's GPU, in words, for the report.
  var gpuStatus: String?
  /// Per table read, the hardware names of its CPU rows without host figures.
  var hostlessCPURows: [(path: String, hardware: Set<String>)] = []

  /// The tables whose CPU rows for `hardware` lack host figures.
  func paths(withHostlessCPURowsFor hardware: String) -> [String] {
    hostlessCPURows.filter { $0.hardware.contains(hardware) }.map(\.path)
  }

  /// Reads the tables (judging their rows like fresh ones) and measures this machine when asked.
  /// - Throws: `PlanCommandError.otherModel` when the tables hold rows, none of them for this
  ///   model, and this machine is not to be measured instead.
  static func gather(
    inputs: PlanInputs, graph: Graph, sequenceLength: Int, context: CommandContext
  ) throws -> PlanMeasurements {
    var result = PlanMeasurements(rows: [], host: nil, sources: [], warnings: [], gpuStatus: nil)
    try readTables(inputs: inputs, graph: graph, sequenceLength: sequenceLength, into: &result)
    result.gpuStatus = gpuStatus(
      discovery: context.discoverGPUs(),
      measuredHere: result.rows.contains { $0.hardware == "local" && $0.deviceKind == .cuda })
    if inputs.measuresHere {
      let isa = inputs.instructionSet
      let cpu = CPUInfo.detect()
      guard let measuring = HostProbe.measuringHost(cpu: cpu, instructionSet: isa) else {
        throw PlanCommandError.probeFailed
      }
      result.host = PlanningHost(
        measuring: measuring, memoryBytes: cpu.memoryAvailableBytes > 0 ? cpu.memoryAvailableBytes : cpu.memoryTotalBytes)
      try measureHere(graph: graph, sequenceLength: sequenceLength, cpu: cpu, isa: isa, host: measuring, inputs: inputs,
                      context: context, into: &result)
    } else if !result.rows.contains(where: { $0.deviceKind == .cpu }) {
      result.warnings.append(
        "--measurements has no CPU rows for \(graph.name); CPU options are not planned. Pass a table from "
          + "`\(profileCommand(inputs: inputs, sequenceLength: sequenceLength))`, or --measure-here to measure this CPU.")
    }
    return result
  }

  /// Reads each `--measurements` table, keeps the rows for this model (a blank `model_hash`
  /// never matches) and sequence length, and adds the saved-table warnings.
  static func readTables(
    inputs: PlanInputs, graph: Graph, sequenceLength: Int, into result: inout PlanMeasurements
  ) throws {
    let hash = graph.contentHash
    var otherModels: [(path: String, rows: [Records.Measurement])] = []
    for path in inputs.measurementPaths {
      let read = try MeasurementsTable.read(path: path)
      let forModel = read.filter { !$0.modelHash.isEmpty && $0.modelHash == hash }
      if forModel.count < read.count { otherModels.append((path, read.filter { $0.modelHash != hash || $0.modelHash.isEmpty })) }
      let shapes = MeasurementLabels.inputShapesText(graph.sampleShapes)
      // A blank cell (a table older than the column, or a model whose kind fixes its inputs)
      // says nothing about shapes, so it matches.
      let forShapes = forModel.filter { $0.inputShapes.isEmpty || $0.inputShapes == shapes }
      if forShapes.count < forModel.count {
        let found = Set(forModel.map(\.inputShapes).filter { !$0.isEmpty && $0 != shapes }).sorted()
        result.warnings.append(
          "\(path): \(forModel.count - forShapes.count) rows were measured at other input shapes ("
            + "\(found.joined(separator: ", "))) than this plan's (\(shapes)) and were ignored; pass the "
            + "--input-shape they were measured at to use them.")
      }
      let forLength = forShapes.filter { sequenceLength == 0 || $0.sequenceLength == sequenceLength }
      if forLength.count < forShapes.count {
        result.warnings.append(
          "\(path): \(forShapes.count - forLength.count) rows were measured at another sequence length than "
            + "\(sequenceLength) and were ignored; pass --seq-len to match them.")
      }
      result.warnings += SavedTableReview.qualityWarnings(forLength, path: path)
      result.warnings += SavedTableReview.forcedLevelWarnings(forLength, path: path)
      result.warnings += SavedTableReview.idleGapWarnings(
        forLength, path: path, requestsPerSecond: inputs.request.requestsPerSecond,
        profileCommand: profileCommand(inputs: inputs, sequenceLength: sequenceLength)
          .replacingOccurrences(of: "FILE", with: path))
      let hostless = Set(forLength.filter { $0.deviceKind == .cpu && $0.host == nil }.map(\.hardware))
      if !hostless.isEmpty { result.hostlessCPURows.append((path, hostless)) }
      result.rows += forLength
      result.sources.append(path)
    }
    let wanted = "\(graph.name) (hash \(hash.prefix(12))…)"
    let ignored = otherModels.flatMap(\.rows)
    guard !ignored.isEmpty else { return }
    let found = modelNames(ignored)
    if result.rows.isEmpty && !inputs.measuresHere {
      throw PlanCommandError.otherModel(
        paths: otherModels.map(\.path), found: found, wanted: wanted,
        command: profileCommand(inputs: inputs, sequenceLength: sequenceLength))
    }
    result.warnings.append(
      "\(otherModels.map(\.path).joined(separator: ", ")): \(ignored.count) rows are for \(found), not for \(wanted), "
        + "and were ignored.")
  }

  /// "model 'small' (hash 6d7f2657dc2a…)", or several joined; a blank hash is said to match nothing.
  static func modelNames(_ rows: [Records.Measurement]) -> String {
    var names: [String] = []
    for row in rows {
      let hash = row.modelHash.isEmpty ? "no model_hash, which matches no model" : "hash \(row.modelHash.prefix(12))…"
      let name = "model '\(row.modelName)' (\(hash))"
      if !names.contains(name) { names.append(name) }
    }
    return names.joined(separator: " and ")
  }

  /// Measures this CPU with 1 thread and with all physical cores (or `--threads`), paced at
  /// the gap the planned rate implies (clamped to 0.5–5 ms), or back to back with `--quick`.
  static func measureHere(
    graph: Graph, sequenceLength: Int, cpu: CPUInfo, isa: InstructionSet, host: MeasuringHost, inputs: PlanInputs,
    context: CommandContext, into result: inout PlanMeasurements
  ) throws {
    var options = inputs.quick ? ProfilerOptions.quick : planProfilerOptions(request: inputs.request)
    options.sequenceLength = sequenceLength
    let threadCounts = inputs.threads.map { [$0] } ?? Array(Set([1, max(1, cpu.physicalCores)])).sorted()
    var labels = MeasurementLabels(
      toolVersion: toolVersion, hostName: localHostName(), hardware: "local",
      modelName: graph.name, modelHash: graph.contentHash, host: host)
    labels.inputShapes = MeasurementLabels.inputShapesText(graph.sampleShapes)
    let progress = MeasurementProgress(total: threadCounts.count * MeasurementProgress.points(options))
    for threads in threadCounts {
      let backend = try CPUBackend(graph: graph, instructionSet: isa, threads: threads, cpu: cpu)
      let profiler = Profiler(options: options)
      if context.stderrIsTerminal {
        profiler.progress = { event in
          switch event {
          case .preparing(let batchSize):
            context.diagnostic(
              "\r\u{1B}[Kmeasuring this CPU: \(threads) thread\(threads == 1 ? "" : "s"), batch \(batchSize) (\(progress.text))…")
          case .measured: progress.finishPoint()
          default: break
          }
        }
      }
      let sweep = try profiler.sweep(backend, labels: labels)
      if context.stderrIsTerminal { context.diagnostic("\r\u{1B}[K") }
      for warning in sweep.warnings where warning.warning != .debugBuild {
        let row = sweep.measurements[warning.measurementIndex]
        result.warnings.append("cpu batch \(row.batchSize), \(threads) thread\(threads == 1 ? "" : "s"): \(warning.warning.messageWithHint)")
      }
      result.rows += sweep.measurements
    }
    let how = inputs.quick ? "--quick" : "paced"
    result.sources.append("measured now on this machine (\(how), threads \(threadCounts.map(String.init).joined(separator: ",")))")
  }

  /// The report's GPU line: why there is none, or how to measure the one here.
  static func gpuStatus(discovery: GPUDiscovery, measuredHere: Bool) -> String {
    if measuredHere { return "measured here (rows of --measurements)" }
    guard !discovery.gpus.isEmpty else {
      return "none here: \(discovery.unavailableReason ?? "no GPU found"); GPU options are estimated or calibrated"
    }
    return "\(discovery.gpus.joined(separator: ", ")) here, not measured by the plan; run "
      + "'infer-plan profile --model MODEL --devices cuda --out gpu.csv' and pass --measurements gpu.csv"
  }

  /// The plan's own profiler settings: batch sizes 1…256, 0.1 s warm-up and 0.25 s per point
  /// (at most 1 s), stopping after a batch size slower than 0.5 s (a plan needs medians and
  /// p99s, not a benchmark), paced at the planned per-replica gap.
  static func planProfilerOptions(request: PlanRequest) -> ProfilerOptions {
    var options = ProfilerOptions()
    options.warmupSeconds = 0.1
    options.minSeconds = 0.25
    options.maxSeconds = 1
    options.maxLatencySeconds = 0.5
    let gap = min(max(1 / max(request.peakRequestsPerSecond, 1e-9), 0.0005), 0.005)
    options.pacings = [.paced(idleGapSeconds: gap)]
    return options
  }

}
