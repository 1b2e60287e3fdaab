import ArgumentParsing
import CUDA
import CostModel
import Foundation
import Kernels
import ModelGraph
import Profiling
import Records

/// The measurements a plan rests on: rows read from `--measurements` for this model, plus this
/// machine measured now when those rows lack it; and this CPU's probe (the anchor of projection).
struct PlanMeasurements {
  var rows: [Records.Measurement]
  var host: PlanningHost?
  var sources: [String]
  var warnings: [String]
  /// This machine's GPU, in words, for the report.
  var gpuStatus: String?

  /// Reads the tables, probes this CPU, and measures it when no row is for "local" CPU.
  static func gather(
    inputs: PlanInputs, graph: Graph, sequenceLength: Int, context: CommandContext
  ) throws -> PlanMeasurements {
    var result = PlanMeasurements(rows: [], host: nil, sources: [], warnings: [], gpuStatus: nil)
    if !inputs.measurementPaths.isEmpty {
      let read = try MeasurementsTable.read(paths: inputs.measurementPaths)
      let hash = graph.contentHash
      let forModel = read.filter { $0.modelHash.isEmpty || $0.modelHash == hash }
      if forModel.count < read.count {
        result.warnings.append(
          "\(read.count - forModel.count) of \(read.count) rows in --measurements are for another model "
            + "(not \(graph.name), hash \(hash.prefix(12))…) and were ignored.")
      }
      let forLength = forModel.filter { sequenceLength == 0 || $0.sequenceLength == sequenceLength }
      if forLength.count < forModel.count {
        result.warnings.append(
          "\(forModel.count - forLength.count) rows were measured at another sequence length than \(sequenceLength) "
            + "and were ignored; pass --seq-len to match them.")
      }
      result.rows = forLength
      result.sources += inputs.measurementPaths
    }
    let isa: InstructionSet
    do { isa = try InstructionSet.resolve(requested: context.environment["INFER_PLAN_ISA"]) } catch {
      throw ArgumentError("\(error)")
    }
    let cpu = CPUInfo.detect()
    guard let probe = HostProbe.measure(cpu: cpu, instructionSet: isa, seconds: 0.1) else {
      throw PlanCommandError.probeFailed
    }
    result.host = PlanningHost(
      cpuName: cpu.modelName, architecture: hostArchitecture, instructionSet: probe.instructionSet,
      physicalCores: cpu.physicalCores, perCoreGFLOPS: probe.perCoreGFLOPS,
      memoryBytes: cpu.memoryAvailableBytes > 0 ? cpu.memoryAvailableBytes : cpu.memoryTotalBytes)
    result.gpuStatus = gpuStatus(
      discovery: GPUDiscovery.discover(
        cudaVisibleDevices: context.environment["CUDA_VISIBLE_DEVICES"], libcudaPath: context.environment["INFER_PLAN_LIBCUDA"]),
      measuredHere: result.rows.contains { $0.hardware == "local" && $0.deviceKind == .cuda })
    let hasLocalCPU = result.rows.contains { $0.hardware == "local" && $0.deviceKind == .cpu }
    if !hasLocalCPU {
      try measureHere(graph: graph, sequenceLength: sequenceLength, cpu: cpu, isa: isa, inputs: inputs,
                      context: context, into: &result)
    }
    return result
  }

  /// Measures this CPU with 1 thread and with all physical cores (or `--threads`), paced at
  /// the gap the planned rate implies (clamped to 0.5–5 ms), or back to back with `--quick`.
  static func measureHere(
    graph: Graph, sequenceLength: Int, cpu: CPUInfo, isa: InstructionSet, inputs: PlanInputs,
    context: CommandContext, into result: inout PlanMeasurements
  ) throws {
    var options = inputs.quick ? ProfilerOptions.quick : planProfilerOptions(request: inputs.request)
    options.sequenceLength = sequenceLength
    let threadCounts = inputs.threads.map { [$0] } ?? Array(Set([1, max(1, cpu.physicalCores)])).sorted()
    let labels = MeasurementLabels(
      toolVersion: toolVersion, hostName: localHostName(), hardware: "local",
      modelName: graph.name, modelHash: graph.contentHash)
    for threads in threadCounts {
      let backend = try CPUBackend(graph: graph, instructionSet: isa, threads: threads, cpu: cpu)
      let profiler = Profiler(options: options)
      if context.stderrIsTerminal {
        profiler.progress = { event in
          if case .preparing(let batchSize) = event {
            context.err("\r\u{1B}[Kmeasuring this CPU: \(threads) thread\(threads == 1 ? "" : "s"), batch \(batchSize)…")
          }
        }
      }
      let sweep = try profiler.sweep(backend, labels: labels)
      if context.stderrIsTerminal { context.err("\r\u{1B}[K") }
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
      return "none here (\(discovery.unavailableReason ?? "no GPU found")); GPU options are estimated or calibrated"
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

  /// This build's architecture family name ("x86_64" or "arm64").
  static var hostArchitecture: String {
    #if arch(x86_64)
      "x86_64"
    #elseif arch(arm64)
      "arm64"
    #else
      "unknown"
    #endif
  }
}
