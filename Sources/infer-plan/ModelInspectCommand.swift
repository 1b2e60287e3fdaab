import ArgumentParsing
import Foundation
import ModelGraph

/// Options of `infer-plan model inspect`.
let modelInspectOptions = [
  OptionSpec(
    "seq-len", valueName: "N", help: "sequence length in tokens for encoder figures, 1 to 1000000 (default 32, 128, 512)"),
  inputShapeOption,
]

/// The checked command line of `infer-plan model inspect MODEL [--seq-len N]`.
struct ModelInspectRequest {
  var path: String
  var sequenceLength: Int?
  var inputShapes: [String: [Int]]

  init(_ parsed: ParsedArguments, context: CommandContext) throws {
    path = try parsed.onlyPositional(
      command: "'model inspect'",
      missing: "'model inspect' needs a model file or Hugging Face folder, e.g. 'infer-plan model inspect small.bin'.",
      noun: "model")
    sequenceLength = try parsed.integer("seq-len", in: 1...1_000_000)
    inputShapes = try parseInputShapes(parsed)
  }
}

/// `infer-plan model inspect`: what the model is and what a pass of it costs.
func runModelInspect(_ request: ModelInspectRequest, context: CommandContext) throws -> Int32 {
  if try ModelLoader.format(of: request.path) == .onnx {
    let model = try ONNXModel(path: request.path)
    let lowered = try usageErrorsForInputShapes { try ONNXLowering.lower(model, inputShapes: request.inputShapes) }
    try checkSequenceLength(request.sequenceLength, lowered.graph)
    context.out(ONNXSummary(model: model, lowered: lowered).text(sequenceLengths: request.sequenceLength.map { [$0] }))
    return 0
  }
  let graph = try loadModel(request.path, inputShapes: request.inputShapes)
  try checkSequenceLength(request.sequenceLength, graph)
  context.out(ModelSummary(graph: graph, path: request.path).text(sequenceLengths: request.sequenceLength.map { [$0] }))
  return 0
}

private func checkSequenceLength(_ sequenceLength: Int?, _ graph: Graph) throws {
  if let sequenceLength, case let .encoder(_, _, maxPositions) = graph.kind, sequenceLength > maxPositions {
    throw ArgumentError("'--seq-len \(sequenceLength)': this model takes at most \(maxPositions) tokens.")
  }
}

/// The `model inspect --help` page.
func modelInspectHelpPage() -> HelpPage {
  HelpPage(
    usage: ["infer-plan model inspect MODEL [--seq-len N] [--input-shape NAME=DIMS]"],
    about: """
      Describes a model: architecture, layers, parameter count, weight bytes (fp32), and per \
      sample the forward-pass FLOPs and the peak activation memory. For encoders these depend \
      on the sequence length, so they are shown for 32, 128 and 512 tokens (or only N with \
      --seq-len). MODEL is a native model file, a Hugging Face folder (config.json + \
      model.safetensors) or an .onnx file; for ONNX it shows the inputs and outputs with their \
      symbolic dims, the opsets and the ops.
      """,
    sections: [
      HelpSection("Units", ["FLOP and B (bytes) with SI prefixes k, M, G, T (powers of 1000): 2.11 MFLOP"]),
      HelpSection(
        "Examples",
        ["infer-plan model inspect small.bin", "infer-plan model inspect ./all-MiniLM-L6-v2 --seq-len 128"]),
    ])
}
