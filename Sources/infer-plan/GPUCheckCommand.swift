import ArgumentParsing
import CUDA
import Foundation
import ModelGraph
import Profiling

/// Options of `infer-plan gpu-check`.
let gpuCheckOptions: [OptionSpec] = [
  OptionSpec("models", .repeated, valueName: "LIST", help: "presets (mlp-large, minilm, tiny-mlp, …) or model files to check (default mlp-large,minilm)"),
  OptionSpec("precision", .repeated, valueName: "LIST", help: "fp32, tf32, fp16, bf16 (default all four)"),
  OptionSpec("device", valueName: "N", help: "GPU index among the visible ones (default 0)"),
  OptionSpec("sweep", .flag, help: "also time every batch size and write one CSV per model into --out"),
  OptionSpec("batch-sizes", .repeated, valueName: "LIST", help: "sweep batch sizes (default 1,2,4,…,1024, stopping at 90% of GPU memory)"),
  OptionSpec("sequence-length", valueName: "TOKENS", help: "encoder sequence length for timing and sweeps (default 128)"),
  OptionSpec("max-point-seconds", valueName: "SECONDS", help: "cap on timed runs per sweep point (default 2)"),
  OptionSpec("out", valueName: "DIR", help: "folder for gpu-sweep-<model>.csv (needed with --sweep)"),
  OptionSpec("help", .flag, help: "show this help"),
]

/// `infer-plan gpu-check`: a diagnostic for a GPU machine. Lists the GPU, checks GPU outputs
/// against the host reference per precision (fp32 ≤ 1e-3, others ≤ 2e-2, pooled cosine ≥
/// 0.999), checks event time against the host clock, and with `--sweep` times every batch size
/// and fits the roofline calibration. Exit 0 when every check passes, 1 otherwise.
func runGPUCheckCommand(_ arguments: [String], context: CommandContext) throws -> Int32 {
  let parsed = try ParsedArguments.parse(arguments, options: gpuCheckOptions)
  if parsed.has("help") {
    context.out(gpuCheckHelp())
    return 0
  }
  let models = parsed.list("models").isEmpty ? ["mlp-large", "minilm"] : parsed.list("models")
  for model in models where ModelPreset(rawValue: model) == nil && !model.hasSuffix(".bin") && !model.contains("/") {
    let presets = ModelPreset.allCases.map(\.rawValue).joined(separator: ", ")
    throw ArgumentError("'--models \(model)': not a preset (\(presets)) or a model file path.")
  }
  let precisions = try (parsed.list("precision").isEmpty ? ["fp32", "tf32", "fp16", "bf16"] : parsed.list("precision")).map { name in
    guard let precision = CUDAPrecision(rawValue: name) else {
      throw ArgumentError("'--precision \(name)': use fp32, tf32, fp16 or bf16.")
    }
    return precision
  }
  let batchSizes = try parsed.list("batch-sizes").map { text in
    guard let value = Int(text), (1...65536).contains(value) else {
      throw ArgumentError("'--batch-sizes \(text)': expected whole numbers from 1 to 65536.")
    }
    return value
  }
  let maxPointSeconds = try parsed.value("max-point-seconds").map { text in
    guard let value = Double(text), value > 0, value <= 60 else {
      throw ArgumentError("'--max-point-seconds \(text)': expected seconds between 0 and 60.")
    }
    return value
  } ?? 2
  let sweepFolder = parsed.value("out")
  if parsed.has("sweep") {
    guard let sweepFolder else { throw ArgumentError("'--sweep' needs '--out DIR' for its CSV files.") }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: sweepFolder, isDirectory: &isFolder), isFolder.boolValue else {
      throw ArgumentError("'--out \(sweepFolder)': no such folder; create it first.")
    }
  }
  let runner = GPUCheckRunner(
    context: context, models: models, precisions: precisions,
    deviceOrdinal: try parsed.integer("device", in: 0...63) ?? 0,
    sequenceLength: try parsed.integer("sequence-length", in: 1...512) ?? 128,
    sweep: parsed.has("sweep"),
    batchSizes: batchSizes.isEmpty ? (0...10).map { 1 << $0 } : batchSizes,
    maxPointSeconds: maxPointSeconds, sweepFolder: sweepFolder)
  return try runner.run()
}

func gpuCheckHelp() -> String {
  var text = """
    Usage: infer-plan gpu-check [options]

    Checks this machine's GPU end to end: lists it (name, memory, SMs, compute capability,
    driver and cuBLAS versions, peak FP32 FLOP/s and bandwidth from its attributes), compares
    GPU outputs with the CPU backend's (fp32 within 1e-3, tf32/fp16/bf16 within 2e-2, pooled
    cosine at least 0.999), checks GPU event times against the host clock, and with --sweep
    times batch sizes 1…1024 and fits compute/memory efficiency and launch overhead.
    Presets are built in memory with the same seeded weights as `model create`.
    Environment: INFER_PLAN_LIBCUDA, INFER_PLAN_CUBLASLT, INFER_PLAN_CUBLAS (library paths),
    CUDA_VISIBLE_DEVICES.

    Options:

    """
  for option in gpuCheckOptions {
    let name = option.arity == .flag ? "--\(option.name)" : "--\(option.name) \(option.valueName)"
    text += "  \(name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(option.help)\n"
  }
  text += """

    Examples:
      infer-plan gpu-check --models tiny-mlp --precision fp32
      infer-plan gpu-check --sweep --out results/ --precision fp32,fp16

    """
  return text
}
