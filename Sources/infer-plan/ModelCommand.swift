import ArgumentParsing
import Foundation
import ModelGraph
import Records

/// `infer-plan model create|inspect|run`. `run` lives in ModelRunCommand.swift.
func runModelCommand(_ arguments: [String], context: CommandContext) throws -> Int32 {
  guard let subcommand = arguments.first else {
    throw ArgumentError("'model' needs a subcommand: create, inspect or run. See 'infer-plan model --help'.")
  }
  let rest = Array(arguments.dropFirst())
  switch subcommand {
  case "create": return try runModelCreateCommand(rest, context: context)
  case "inspect": return try runModelInspectCommand(rest, context: context)
  case "run": return try runModelRunCommand(rest, context: context)
  case "--help", "-h", "help":
    context.out(modelHelpText)
    return 0
  default:
    var message = "unknown subcommand 'model \(subcommand)'; use create, inspect or run."
    if let guess = closestMatch(to: subcommand, in: ["create", "inspect", "run"]) { message += " Did you mean '\(guess)'?" }
    throw ArgumentError(message)
  }
}

let modelHelpText = """
  Usage: infer-plan model <subcommand> [options]

  Create, describe or run a model file.

  Subcommands:
    create PATH --preset NAME [--seed N]   write a synthetic model with seeded random weights
    inspect MODEL [--seq-len N]            print layers, parameters, FLOPs and activation memory
    run MODEL --input IN.npy --output OUT.npy   run one forward pass on the CPU

  MODEL is a native model file (made by 'model create') or a Hugging Face model folder holding
  config.json and model.safetensors (model_type bert, roberta or distilbert).
  The file format is described in docs/model-format.md.

  Examples:
    infer-plan model create small.bin --preset small
    infer-plan model inspect small.bin
    infer-plan model inspect ./all-MiniLM-L6-v2 --seq-len 128

  See 'infer-plan model <subcommand> --help' for each subcommand's options.

  """

let modelCreateOptions = [
  OptionSpec("preset", valueName: "NAME", help: "which synthetic model to write (see the list below)"),
  OptionSpec("seed", valueName: "N", help: "random seed for the weights, a whole number ≥ 0 (default \(ModelPreset.defaultSeed))"),
  OptionSpec("help", .flag, help: "show this help"),
]

/// `infer-plan model create PATH --preset NAME [--seed N]`.
func runModelCreateCommand(_ arguments: [String], context: CommandContext) throws -> Int32 {
  let parsed = try ParsedArguments.parse(arguments, options: modelCreateOptions)
  if parsed.has("help") {
    context.out(modelCreateHelpText())
    return 0
  }
  let path = try parsed.onlyPositional(
    command: "'model create'", missing: "'model create' needs the output path, e.g. 'infer-plan model create small.bin --preset small'.",
    noun: "output path")
  let presetName = try parsed.required("preset", valueName: "NAME")
  guard let preset = ModelPreset(rawValue: presetName) else {
    let names = ModelPreset.allCases.map(\.rawValue)
    var message = "unknown preset '\(presetName)'; presets: \(names.joined(separator: ", "))."
    if let guess = closestMatch(to: presetName, in: names) { message += " Did you mean '\(guess)'?" }
    throw ArgumentError(message)
  }
  let seed = try parsed.integer("seed", in: 0...Int.max).map { UInt64($0) } ?? ModelPreset.defaultSeed
  try ModelFile.checkWritable(path)
  let graph = preset.makeGraph(seed: seed)
  try ModelFile.write(graph, to: path)
  context.out(
    "Wrote \(path): preset \(preset.rawValue) (\(preset.summary)), seed \(seed), "
      + "\(ReadableNumber.grouped(graph.parameterCount)) parameters, \(ReadableNumber.bytes(Double(graph.weightBytes))) of fp32 weights.\n")
  return 0
}

func modelCreateHelpText() -> String {
  let presets = ModelPreset.allCases.map { "    \($0.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \($0.summary)" }
  return """
    Usage: infer-plan model create PATH --preset NAME [--seed N]

    Writes a synthetic model with seeded random weights to PATH (a native infer-plan model:
    a safetensors file whose metadata holds the graph; see docs/model-format.md). The same
    preset and seed give the same file on every machine. The file is written to a temporary
    file beside PATH and renamed, so a failure never leaves half a file.

    Options:
      --preset NAME   which model to write (required)
      --seed N        random seed, a whole number ≥ 0 (default \(ModelPreset.defaultSeed))
      --help          show this help

    Presets:
    \(presets.joined(separator: "\n"))

    Examples:
      infer-plan model create small.bin --preset small
      infer-plan model create minilm.bin --preset minilm --seed 7

    """
}
