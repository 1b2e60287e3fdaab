import ArgumentParsing
import Foundation
import ModelGraph

let modelInspectOptions = [
  OptionSpec("seq-len", valueName: "N", help: "sequence length (tokens) for encoder figures; default 32, 128 and 512"),
  OptionSpec("help", .flag, help: "show this help"),
]

/// `infer-plan model inspect MODEL [--seq-len N]`.
func runModelInspectCommand(_ arguments: [String], context: CommandContext) throws -> Int32 {
  let parsed = try ParsedArguments.parse(arguments, options: modelInspectOptions)
  if parsed.has("help") {
    context.out(modelInspectHelpText)
    return 0
  }
  let path = try parsed.onlyPositional(
    command: "'model inspect'", missing: "'model inspect' needs a model file or Hugging Face folder, e.g. 'infer-plan model inspect small.bin'.",
    noun: "model")
  let sequenceLength = try parsed.integer("seq-len", in: 1...1_000_000)
  if try ModelLoader.format(of: path) == .onnx {
    context.out(ONNXSummary(model: try ONNXModel(contentsOf: URL(fileURLWithPath: path))).text)
    return 0
  }
  let graph = try ModelLoader.load(path: path)
  if let sequenceLength, case let .encoder(_, _, maxPositions) = graph.kind, sequenceLength > maxPositions {
    throw ArgumentError("'--seq-len \(sequenceLength)': this model takes at most \(maxPositions) tokens.")
  }
  context.out(ModelSummary(graph: graph, path: path).text(sequenceLengths: sequenceLength.map { [$0] }))
  return 0
}

let modelInspectHelpText = """
  Usage: infer-plan model inspect MODEL [--seq-len N]

  Describes a model: architecture, layers, parameter count, weight bytes (fp32), and per sample
  the forward-pass FLOPs and the peak activation memory. For encoders these depend on the
  sequence length, so they are shown for 32, 128 and 512 tokens (or only N with --seq-len).
  MODEL is a native model file, a Hugging Face folder (config.json + model.safetensors) or an
  .onnx file; for ONNX it shows inputs and outputs with their symbolic dims, opsets and ops.

  Options:
    --seq-len N   sequence length in tokens for encoder figures (default: 32, 128, 512)
    --help        show this help

  Examples:
    infer-plan model inspect small.bin
    infer-plan model inspect ./all-MiniLM-L6-v2 --seq-len 128

  """
