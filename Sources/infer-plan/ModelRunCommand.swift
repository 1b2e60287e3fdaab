import ArgumentParsing
import Foundation
import Kernels
import ModelGraph

/// Options of `infer-plan model run`.
let modelRunOptions = [
  OptionSpec(
    "input", .repeated, valueName: "[NAME=]IN.npy",
    help: "an input; NAME=FILE names a model tensor as 'model inspect' prints it (required for ONNX). Unnamed: "
      + "token ids [batch, seq] int32/int64 (encoder) or features [batch, n] float32 (MLP)"),
  OptionSpec(
    "output", .repeated, valueName: "[NAME=]OUT.npy",
    help: "where to write an output as float32 .npy v1.0; NAME=FILE picks one output by name"),
  OptionSpec("output-dir", valueName: "DIR", help: "write every output as DIR/NAME.npy (instead of --output)"),
  OptionSpec(
    "mask", valueName: "MASK.npy",
    help: "attention mask [batch, seq] int32/int64, 1 = token, 0 = padding (encoder; default all 1)"),
  OptionSpec("token-types", valueName: "T.npy", help: "token type ids [batch, seq] int32/int64 (encoder; default all 0)"),
  OptionSpec(
    "pool", valueName: "mean", help: "'mean': mean-pool the encoder output over unmasked tokens → [batch, hidden]"),
  OptionSpec("threads", valueName: "N", help: "CPU threads, 1 to 1024 (default: all of this machine's)"),
  inputShapeOption,
]

/// The checked command line of `infer-plan model run MODEL --input [NAME=]IN.npy …
/// (--output [NAME=]OUT.npy … | --output-dir DIR) [--mask M.npy] [--token-types T.npy]
/// [--pool mean] [--threads N]`. Names are resolved against the model in `runModelRun`.
struct ModelRunRequest {
  var modelPath: String
  var inputs: [String]
  var outputs: [String]
  var outputFolder: String?
  var maskPath: String?
  var tokenTypesPath: String?
  var pool: Bool
  var threads: Int
  var instructionSet: InstructionSet
  var inputShapes: [String: [Int]]

  init(_ parsed: ParsedArguments, context: CommandContext) throws {
    modelPath = try parsed.onlyPositional(
      command: "'model run'",
      missing: "'model run' needs a model file or Hugging Face folder, e.g. 'infer-plan model run small.bin --input x.npy --output y.npy'.",
      noun: "model")
    inputs = parsed.list("input")
    guard !inputs.isEmpty else { throw ArgumentError("missing required option '--input IN.npy'.") }
    outputs = parsed.list("output")
    outputFolder = parsed.value("output-dir")
    guard !outputs.isEmpty || outputFolder != nil else {
      throw ArgumentError("missing required option '--output OUT.npy' (or '--output-dir DIR' for every output).")
    }
    guard outputs.isEmpty || outputFolder == nil else {
      throw ArgumentError("'--output' and '--output-dir' both given; use one: --output NAME=FILE picks outputs, --output-dir writes all.")
    }
    maskPath = parsed.value("mask")
    tokenTypesPath = parsed.value("token-types")
    if let pool = parsed.value("pool"), pool != "mean" {
      throw ArgumentError("'--pool \(pool)': the only pooling is 'mean' (average over unmasked tokens).")
    }
    pool = parsed.value("pool") != nil
    threads = try parsed.integer("threads", in: 1...1024) ?? ProcessInfo.processInfo.activeProcessorCount
    instructionSet = try context.instructionSet()
    inputShapes = try parseInputShapes(parsed)
  }
}

/// `infer-plan model run`: one fp32 forward pass on the CPU fast path (`CPUModel`) that keeps
/// every requested output. Every output is computed before any is written, and each is written
/// atomically.
func runModelRun(_ request: ModelRunRequest, context: CommandContext) throws -> Int32 {
  let model = try RunnableModel(path: request.modelPath, inputShapes: request.inputShapes)
  let names = try model.resolve(request)
  for (_, path) in names.outputs { try NPYFile.checkWritable(path) }
  let input = try model.input(from: names.inputs, request: request)
  var results: [(name: String, path: String, tensor: Tensor)] = []
  if let first = names.outputs.first {
    var graph = try model.graph(forOutput: first.name)
    if request.pool { graph = meanPooled(graph) }
    // The graph's values behind the other requested outputs, kept beside the first's.
    let values = try names.outputs.map { try model.value(forOutput: $0.name) }
    let cpu = try CPUModel(
      graph: graph, instructionSet: request.instructionSet, threads: request.threads,
      keeping: values.filter { $0 != graph.output })
    let workspace = try cpu.pass(input)
    for ((name, path), value) in zip(names.outputs, values) {
      let tensor = value == graph.output || request.pool ? cpu.output(of: workspace) : cpu.output(named: value, of: workspace)
      guard let tensor else { throw ForwardPassError.unsupported(detail: "output '\(name)' was not kept by the pass.") }
      results.append((name, path, tensor))
    }
  }
  for (name, path, tensor) in results {
    try NPYFile.write(tensor, to: path)
    context.out(
      "Wrote \(path): float32 \(tensor.shape) (\(request.pool ? "\(name), mean-pooled" : name)), "
        + "CPU \(request.instructionSet.rawValue), \(request.threads) thread\(request.threads == 1 ? "" : "s").\n")
  }
  return 0
}

/// The graph with a mean-pool node after its output.
private func meanPooled(_ graph: Graph) -> Graph {
  var pooled = graph
  var name = "pooled"
  while graph.nodes.contains(where: { $0.output == name }) { name += "_" }
  pooled.nodes.append(Node(name: "mean_pool", op: .meanPool, inputs: [graph.output, "attention_mask"], output: name))
  pooled.output = name
  return pooled
}

/// The `model run --help` page.
func modelRunHelpPage() -> HelpPage {
  HelpPage(
    usage: [
      "infer-plan model run MODEL --input IN.npy --output OUT.npy [options]",
      "infer-plan model run MODEL --input NAME=IN.npy ... --output-dir DIR",
    ],
    about: """
      Runs one fp32 forward pass on the CPU and writes the output as a float32 .npy file. \
      MODEL is a native model file, a Hugging Face folder (config.json + model.safetensors) \
      or an .onnx file.

      Tensors may be named as 'model inspect' prints them: --input NAME=FILE (repeatable) and \
      --output NAME=FILE (repeatable), or --output-dir DIR for every output as DIR/NAME.npy \
      ('/' in a name becomes '_'). ONNX models take named inputs, one per input of the file.

      Encoders take token ids [batch, seq] (int32 or int64) and write last_hidden_state \
      [batch, seq, hidden], or [batch, hidden] with --pool mean. MLPs take float32 features \
      [batch, features] and write [batch, outputs]. Ids, types and mask values are checked \
      first; the output is written to a temporary file and renamed, so a failure leaves no \
      partial file.
      """,
    sections: [
      HelpSection(
        "Environment",
        [
          "INFER_PLAN_ISA=scalar|avx2|avx512  force an instruction-set level",
          "                                   (default: the best the CPU has)",
        ]),
      HelpSection(
        "Examples",
        [
          "infer-plan model run small.bin --input features.npy --output logits.npy",
          "infer-plan model run ./all-MiniLM-L6-v2 --input ids.npy --mask mask.npy \\",
          "  --output emb.npy --pool mean",
          "infer-plan model run bert.onnx --input input_ids=ids.npy \\",
          "  --input attention_mask=mask.npy --output-dir out/",
        ]),
    ])
}
