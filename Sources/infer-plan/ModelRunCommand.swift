import ArgumentParsing
import Foundation
import Kernels
import ModelGraph

/// Options of `infer-plan model run`.
let modelRunOptions = [
  OptionSpec(
    "input", valueName: "IN.npy",
    help: "input: token ids [batch, seq] int32/int64 (encoder) or features [batch, n] float32 (MLP) (required)"),
  OptionSpec("output", valueName: "OUT.npy", help: "where to write the float32 output (.npy v1.0) (required)"),
  OptionSpec(
    "mask", valueName: "MASK.npy",
    help: "attention mask [batch, seq] int32/int64, 1 = token, 0 = padding (encoder; default all 1)"),
  OptionSpec("token-types", valueName: "T.npy", help: "token type ids [batch, seq] int32/int64 (encoder; default all 0)"),
  OptionSpec(
    "pool", valueName: "mean", help: "'mean': mean-pool the encoder output over unmasked tokens → [batch, hidden]"),
  OptionSpec("threads", valueName: "N", help: "CPU threads, 1 to 1024 (default: all of this machine's)"),
]

/// The checked command line of `infer-plan model run MODEL --input IN.npy [--mask M.npy]
/// [--token-types T.npy] --output OUT.npy [--pool mean] [--threads N]`.
struct ModelRunRequest {
  var modelPath: String
  var inputPath: String
  var outputPath: String
  var maskPath: String?
  var tokenTypesPath: String?
  var pool: Bool
  var threads: Int
  var instructionSet: InstructionSet

  init(_ parsed: ParsedArguments, context: CommandContext) throws {
    modelPath = try parsed.onlyPositional(
      command: "'model run'",
      missing: "'model run' needs a model file or Hugging Face folder, e.g. 'infer-plan model run small.bin --input x.npy --output y.npy'.",
      noun: "model")
    inputPath = try parsed.required("input", valueName: "IN.npy")
    outputPath = try parsed.required("output", valueName: "OUT.npy")
    maskPath = parsed.value("mask")
    tokenTypesPath = parsed.value("token-types")
    if let pool = parsed.value("pool"), pool != "mean" {
      throw ArgumentError("'--pool \(pool)': the only pooling is 'mean' (average over unmasked tokens).")
    }
    pool = parsed.value("pool") != nil
    threads = try parsed.integer("threads", in: 1...1024) ?? ProcessInfo.processInfo.activeProcessorCount
    instructionSet = try context.instructionSet()
    try NPYFile.checkWritable(outputPath)
  }
}

/// `infer-plan model run`: one fp32 forward pass on the CPU fast path (`CPUModel`).
func runModelRun(_ request: ModelRunRequest, context: CommandContext) throws -> Int32 {
  let modelPath = request.modelPath, outputPath = request.outputPath
  let threads = request.threads, instructionSet = request.instructionSet
  var graph = try ModelLoader.load(path: modelPath)
  let outputName = graph.output
  let input: ModelInput
  switch graph.kind {
  case .mlp(let features):
    let encoderOptions = [("mask", request.maskPath != nil), ("token-types", request.tokenTypesPath != nil), ("pool", request.pool)]
    for (option, given) in encoderOptions where given {
      throw ArgumentError("'--\(option)' applies to encoders; '\(modelPath)' is an MLP (input: float32 features).")
    }
    input = try readFeatures(request.inputPath, features: features)
  case .encoder:
    input = .tokens(try readTokens(ids: request.inputPath, mask: request.maskPath, tokenTypes: request.tokenTypesPath))
    if request.pool { graph = meanPooled(graph) }
  }
  let model = try CPUModel(graph: graph, instructionSet: instructionSet, threads: threads)
  let output = try model.forward(input)
  try NPYFile.write(output, to: outputPath)
  context.out(
    "Wrote \(outputPath): float32 \(output.shape) (\(request.pool ? "\(outputName), mean-pooled" : outputName)), "
      + "CPU \(instructionSet.rawValue), \(threads) thread\(threads == 1 ? "" : "s").\n")
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

private func readFeatures(_ path: String, features: Int) throws -> ModelInput {
  let array = try NPYFile.read(path: path)
  let tensor = try array.floatTensor()
  guard tensor.shape.count == 2, tensor.shape[1] == features, tensor.shape[0] >= 1 else {
    throw ForwardPassError.inputShape(
      detail: "\(path) has shape \(tensor.shape); this MLP takes float32 features [batch, \(features)] "
        + "(reshape a single row to [1, \(features)])")
  }
  return .features(tensor)
}

private func readTokens(ids idsPath: String, mask maskPath: String?, tokenTypes typesPath: String?) throws -> TokenBatch {
  let idsArray = try NPYFile.read(path: idsPath)
  guard idsArray.shape.count == 2 else {
    throw ForwardPassError.inputShape(
      detail: "\(idsPath) has shape \(idsArray.shape); an encoder takes token ids [batch, sequence] (reshape a single row to [1, n])")
  }
  let ids = try idsArray.int32Values()
  func companion(_ path: String?) throws -> [Int32]? {
    guard let path else { return nil }
    let array = try NPYFile.read(path: path)
    guard array.shape == idsArray.shape else {
      throw ForwardPassError.inputShape(detail: "\(path) has shape \(array.shape); it must match the token ids' \(idsArray.shape)")
    }
    return try array.int32Values()
  }
  return TokenBatch(
    batchSize: idsArray.shape[0], sequenceLength: idsArray.shape[1], ids: ids, mask: try companion(maskPath),
    tokenTypes: try companion(typesPath))
}

/// The `model run --help` page.
func modelRunHelpPage() -> HelpPage {
  HelpPage(
    usage: ["infer-plan model run MODEL --input IN.npy --output OUT.npy [options]"],
    about: """
      Runs one fp32 forward pass on the CPU and writes the output as a float32 .npy file. \
      MODEL is a native model file or a Hugging Face folder (config.json + model.safetensors).

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
        ]),
    ])
}
