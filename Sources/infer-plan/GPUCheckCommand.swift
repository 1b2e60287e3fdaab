import ArgumentParsing
import CUDA
import Foundation
import ModelGraph
import Profiling

/// Options of `infer-plan gpu-check`.
let gpuCheckOptions: [OptionSpec] = [
  OptionSpec(
    "models", .repeated, valueName: "LIST",
    help: "presets (mlp-large, minilm, tiny-mlp, …) or model files (.bin, Hugging Face folders, .onnx) to check (default mlp-large,minilm)"),
  OptionSpec("precision", .repeated, valueName: "LIST", help: "fp32, tf32, fp16, bf16 (default all four)"),
  OptionSpec("device", valueName: "N", help: "GPU index among the visible ones, 0 to 63 (default 0)"),
  OptionSpec("sweep", .flag, help: "also time every batch size and write one CSV per model into --out"),
  OptionSpec(
    "batch-sizes", .repeated, valueName: "LIST",
    help: "sweep batch sizes, 1 to 65536 (default 1,2,4,…,1024, stopping at 90% of GPU memory)"),
  OptionSpec(
    "sequence-length", valueName: "TOKENS", help: "encoder sequence length for timing and sweeps, 1 to 512 (default 128)"),
  OptionSpec(
    "max-point-seconds", valueName: "SECONDS", help: "cap on timed runs per sweep point, above 0 and at most 60 (default 2)"),
  OptionSpec("out", valueName: "DIR", help: "folder for gpu-sweep-<model>.csv (needed with --sweep)"),
]

extension GPUCheckRunner {
  /// The checked command line of `infer-plan gpu-check`: a runner ready to start.
  init(_ parsed: ParsedArguments, context: CommandContext) throws {
    self.context = context
    if let extra = parsed.positionals.first {
      throw ArgumentError("'gpu-check' takes no positional arguments; got '\(extra)'. Name models with --models.")
    }
    let models = parsed.list("models").isEmpty ? ["mlp-large", "minilm"] : parsed.list("models")
    for model in models where ModelPreset(rawValue: model) == nil {
      guard model.hasSuffix(".bin") || model.contains("/") else {
        let presets = ModelPreset.allCases.map(\.rawValue).joined(separator: ", ")
        throw ArgumentError("'--models \(model)': not a preset (\(presets)) or a model file path.")
      }
      try checkModelExists(model, option: "--models")
    }
    self.models = models
    let precisions: [CUDAPrecision] = try parsed.choices("precision", noun: "precision")
    self.precisions = precisions.isEmpty ? CUDAPrecision.allCases : precisions
    deviceOrdinal = try parsed.integer("device", in: 0...63) ?? 0
    sequenceLength = try parsed.integer("sequence-length", in: 1...512) ?? 128
    sweep = parsed.has("sweep")
    let sizes = try parsed.list("batch-sizes").map { text in
      guard let value = Int(text), (1...65536).contains(value) else {
        throw ArgumentError("'--batch-sizes \(text)': expected whole numbers from 1 to 65536.")
      }
      return value
    }
    batchSizes = sizes.isEmpty ? (0...10).map { 1 << $0 } : sizes
    maxPointSeconds = try parsed.value("max-point-seconds").map { text in
      guard let value = Double(text), value > 0, value <= 60 else {
        throw ArgumentError("'--max-point-seconds \(text)': expected seconds above 0 and at most 60.")
      }
      return value
    } ?? 2
    let sweepFolder = parsed.value("out")
    self.sweepFolder = sweepFolder
    for option in ["out", "batch-sizes", "max-point-seconds"] where !sweep && parsed.value(option) != nil {
      throw ArgumentError("'--\(option)' applies to the sweep; add --sweep or drop --\(option).")
    }
    if sweep {
      guard let sweepFolder else { throw ArgumentError("'--sweep' needs '--out DIR' for its CSV files.") }
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: sweepFolder, isDirectory: &isFolder), isFolder.boolValue else {
        throw CommandFileError.missing(option: "--out", path: sweepFolder, fix: "Create the folder first.")
      }
    }
  }
}

/// `infer-plan gpu-check`: a diagnostic for a GPU machine. Lists the GPU, checks GPU outputs
/// against the host reference per precision (fp32 ≤ 1e-3, others ≤ 2e-2, pooled cosine ≥
/// 0.999), checks event time against the host clock, and with `--sweep` times every batch size
/// and fits the roofline calibration. Exit 0 when every check passes, 1 otherwise.
func runGPUCheck(_ runner: GPUCheckRunner, context: CommandContext) throws -> Int32 {
  try runner.run()
}

/// The `gpu-check --help` page.
func gpuCheckHelpPage() -> HelpPage {
  HelpPage(
    usage: ["infer-plan gpu-check [--models LIST] [--precision LIST] [--device N]", "  [--sweep --out DIR]"],
    about: """
      Checks this machine's GPU end to end: lists it (name, memory, SMs, compute capability, \
      driver and cuBLAS versions, peak FP32 FLOP/s and bandwidth from its attributes), runs \
      every GPU kernel on a single-op graph against the scalar reference, compares the models' \
      GPU outputs with the CPU backend's (fp32 within 1e-3, tf32/fp16/bf16 within 2e-2, pooled \
      cosine at least 0.999), checks GPU event times against the host clock, and with --sweep \
      times batch sizes 1…1024 and fits compute/memory efficiency and launch overhead. Presets \
      are built in memory with the same seeded weights as `model create`. Exit 0 when every \
      check passes, 1 otherwise.
      """,
    sections: [
      HelpSection(
        "Units",
        ["Times in ms (host and GPU event clocks), memory in MiB, peaks in TFLOP/s, GB/s"]),
      HelpSection(
        "Environment",
        [
          "INFER_PLAN_LIBCUDA, INFER_PLAN_CUBLASLT, INFER_PLAN_CUBLAS  library paths",
          "CUDA_VISIBLE_DEVICES                                        GPUs to use",
        ]),
      HelpSection(
        "Examples",
        [
          "infer-plan gpu-check --models tiny-mlp --precision fp32",
          "infer-plan gpu-check --sweep --out results/ --precision fp32,fp16",
        ]),
    ])
}
