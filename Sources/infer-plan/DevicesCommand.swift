import ArgumentParsing
import CUDA
import Foundation
import Kernels
import Profiling
import Records
import Units

/// Options of `infer-plan devices`.
let devicesOptions: [OptionSpec] = [
  OptionSpec("json", valueName: "FILE|-", help: "also write the findings as JSON to FILE, or to stdout with '-'"),
  OptionSpec(
    "probe-time", valueName: "DUR",
    help: "time for each probe (FMA peak, copy and triad bandwidth), above 0 and at most 10s; default 0.2s"),
]

/// The checked command line of `infer-plan devices`.
struct DevicesRequest {
  var probeSeconds: Double
  var jsonPath: String?
  var isa: ResolvedInstructionSet

  init(_ parsed: ParsedArguments, context: CommandContext) throws {
    if let extra = parsed.positionals.first {
      throw ArgumentError("'devices' takes no positional arguments; got '\(extra)'.")
    }
    probeSeconds = try parsed.value("probe-time").map { try UnitParser.duration($0, option: "--probe-time") } ?? 0.2
    guard probeSeconds > 0, probeSeconds <= 10 else {
      throw ArgumentError("'--probe-time \(parsed.value("probe-time") ?? "")': use a duration above 0 and at most 10s, e.g. 0.2s.")
    }
    jsonPath = parsed.value("json")
    if let jsonPath, jsonPath != "-" { try checkOutputPath(jsonPath, option: "--json") }
    isa = try ResolvedInstructionSet(requested: context.requestedInstructionSet)
  }
}

/// `infer-plan devices`: the CPU (model, cores, instruction set, memory, measured per-core
/// FP32 peak and copy bandwidth) and every GPU, or the reason there is none.
func runDevices(_ request: DevicesRequest, context: CommandContext) throws -> Int32 {
  let isa = request.isa
  let jsonPath = request.jsonPath
  let cpu = CPUInfo.detect()
  guard let probe = HostProbe.measure(cpu: cpu, instructionSet: isa.chosen, seconds: request.probeSeconds) else {
    throw DevicesError.probeFailed
  }
  let gpus = context.discoverGPUs()

  if jsonPath != "-" { context.out(devicesText(probe: probe, isa: isa, gpus: gpus)) }
  if let jsonPath {
    try writeJSONOutput(devicesDocument(probe: probe, isa: isa, gpus: gpus, environment: context.environment), to: jsonPath, context: context)
  }
  return 0
}

/// Why `devices` could not finish.
enum DevicesError: Error, CustomStringConvertible {
  case probeFailed

  var description: String {
    "could not run the CPU probes (the copy or triad buffers, 128 MiB and at least 192 MiB, could not be allocated, or a probe thread could not start); free some memory and retry."
  }
}

/// The instruction set the kernels use: `INFER_PLAN_ISA`'s level when set, else the best detected.
struct ResolvedInstructionSet {
  var chosen: InstructionSet
  var detected: InstructionSet
  var forced: Bool

  /// - Parameter requested: `INFER_PLAN_ISA`, or nil when unset.
  /// - Throws: `InstructionSetError` for an unknown level or one this CPU lacks.
  init(requested: String?) throws {
    chosen = try InstructionSet.resolve(requested: requested)
    detected = InstructionSet.detect()
    forced = !(requested ?? "").isEmpty
  }
}

func devicesText(probe: HostProbe, isa: ResolvedInstructionSet, gpus: GPUDiscovery) -> String {
  let cpu = probe.cpu
  func gib(_ bytes: Int) -> String { bytes > 0 ? String(format: "%.1f GiB", Double(bytes) / Double(1 << 30)) : "unknown" }
  var text = "CPU: \(cpu.modelName)\n"
  text += "  cores: \(cpu.logicalCores) logical, \(cpu.physicalCores) physical"
  text += " (\(cpu.sockets) socket\(cpu.sockets == 1 ? "" : "s"), \(cpu.threadsPerCore) thread\(cpu.threadsPerCore == 1 ? "" : "s") per core)\n"
  if isa.forced {
    text += "  instruction set: \(isa.chosen.rawValue) (forced by INFER_PLAN_ISA; detected \(isa.detected.rawValue))\n"
  } else {
    text += "  instruction set: \(isa.chosen.rawValue) (detected at run time)\n"
  }
  text += "  memory: \(gib(cpu.memoryTotalBytes)) total, \(gib(cpu.memoryAvailableBytes)) available\n"
  text += String(
    format: "  FP32 peak (%@ FMA loop): %.1f GFLOP/s per core, %.1f over %d physical cores\n",
    probe.instructionSet, probe.perCoreGFLOPS, probe.peakGFLOPS, cpu.physicalCores)
  let threads = "\(probe.bandwidthThreads) thread\(probe.bandwidthThreads == 1 ? "" : "s")"
  text += String(format: "  memory bandwidth (STREAM-style, %@): %.1f GB/s triad, %.1f copy\n",
                 threads, probe.triadGBps, probe.bandwidthGBps)
  #if DEBUG
    text += "  note: debug build: not representative; use -c release\n"
  #endif
  for device in gpus.devices {
    text += "GPU \(device.ordinal): \(device.name)\n"
    text += "  compute capability \(device.computeCapability) (\(device.instructionSet)), \(device.multiprocessorCount) SMs, memory \(gib(device.memoryBytes))\n"
    text += String(
      format: "  peak (from driver attributes): %.1f TFLOP/s FP32, %.0f GB/s memory bandwidth\n",
      device.peakFP32FlopsPerSecond / 1e12, device.peakBandwidthBytesPerSecond / 1e9)
  }
  if let driver = gpus.driverVersion {
    text += "  CUDA driver \(driver) (\(gpus.driverPath ?? "?")), cuBLAS \(gpus.cublasVersion ?? "not found")\n"
  }
  if gpus.gpus.isEmpty {
    text += "GPU: none usable: \(gpus.unavailableReason ?? "no GPU found")\n"
  }
  return fittedTo80Columns(text)
}

/// `text` with every line over 80 columns wrapped at spaces, continuation lines indented two
/// more than the line they continue.
func fittedTo80Columns(_ text: String) -> String {
  var result: [String] = []
  for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
    guard line.count > 80 else {
      result.append(String(line))
      continue
    }
    let indent = String(repeating: " ", count: line.prefix { $0 == " " }.count + 2)
    var current = ""
    for word in line.split(separator: " ") {
      let prefix = current.isEmpty ? String(repeating: " ", count: line.prefix { $0 == " " }.count) : current + " "
      if !current.isEmpty && prefix.count + word.count > 80 {
        result.append(current)
        current = indent + word
      } else {
        current = prefix + word
      }
    }
    result.append(current)
  }
  return result.joined(separator: "\n")
}

func devicesDocument(probe: HostProbe, isa: ResolvedInstructionSet, gpus: GPUDiscovery, environment: [String: String]) -> DevicesDocument {
  let cpu = probe.cpu
  return DevicesDocument(
    toolVersion: toolVersion, build: BuildConfiguration.current.rawValue,
    inputs: DevicesDocument.Inputs(inferPlanISA: environment["INFER_PLAN_ISA"], cudaVisibleDevices: environment["CUDA_VISIBLE_DEVICES"]),
    cpu: DevicesDocument.CPU(
      modelName: cpu.modelName, logicalCores: cpu.logicalCores, physicalCores: cpu.physicalCores, sockets: cpu.sockets,
      threadsPerCore: cpu.threadsPerCore, instructionSet: isa.chosen.rawValue, detectedInstructionSet: isa.detected.rawValue,
      memoryTotalBytes: cpu.memoryTotalBytes, memoryAvailableBytes: cpu.memoryAvailableBytes,
      peakFlopsPerCore: probe.perCoreGFLOPS * 1e9, copyBandwidthBytesPerS: probe.bandwidthGBps * 1e9,
      copyBandwidthThreads: probe.bandwidthThreads, triadBandwidthBytesPerS: probe.triadGBps * 1e9),
    gpus: gpus.devices.map { device in
      DevicesDocument.GPU(
        ordinal: device.ordinal, name: device.name, instructionSet: device.instructionSet,
        computeCapability: device.computeCapability, multiprocessors: device.multiprocessorCount,
        memoryBytes: device.memoryBytes, usable: gpus.gpus.contains(device.name),
        peakFP32FlopsPerS: device.peakFP32FlopsPerSecond, peakBandwidthBytesPerS: device.peakBandwidthBytesPerSecond)
    },
    cudaDriverVersion: gpus.driverVersion, cublasVersion: gpus.cublasVersion, gpuUnavailableReason: gpus.unavailableReason)
}

/// The `devices --help` page.
func devicesHelpPage() -> HelpPage {
  HelpPage(
    usage: ["infer-plan devices [--json FILE|-] [--probe-time DUR]"],
    about: """
      Lists the CPU (model, logical and physical cores, the instruction set the kernels use, \
      memory, measured single-core FP32 peak in GFLOP/s and copy bandwidth in GB/s) and each \
      GPU, or the reason there is none. The probes take about 2 × --probe-time.
      """,
    sections: [
      HelpSection("Units", ["DUR is a number with us, ms or s: 10ms, 0.2s"]),
      HelpSection(
        "Environment",
        [
          "INFER_PLAN_ISA=scalar|avx2|avx512  force an instruction-set level (an error",
          "                                   if the CPU lacks it)",
          "CUDA_VISIBLE_DEVICES=''|-1         hide every GPU (no CUDA library is loaded)",
          "INFER_PLAN_LIBCUDA=PATH            load the CUDA driver from PATH",
        ]),
      HelpSection(
        "Examples",
        ["infer-plan devices", "infer-plan devices --json -", "CUDA_VISIBLE_DEVICES= infer-plan devices"]),
    ])
}
