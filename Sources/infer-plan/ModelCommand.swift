import ArgumentParsing
import Foundation
import ModelGraph
import Records

// `infer-plan model create|inspect|run`: the group's page and `create`; `inspect` and `run`
// live in their own files.

/// The `model --help` page; its subcommand list comes from the command table.
func modelHelpPage() -> HelpPage {
  HelpPage(
    usage: ["infer-plan model <subcommand> [options]"],
    about: """
      Create, describe or run a model file. MODEL is a native model file (made by 'model \
      create') or a Hugging Face model folder holding config.json and model.safetensors \
      (model_type bert, roberta or distilbert). The file format is described in \
      docs/model-format.md.
      """,
    sections: [
      HelpSection.commands("Subcommands", subcommands.first { $0.name == "model" }?.children ?? []),
      HelpSection(
        "Examples",
        [
          "infer-plan model create small.bin --preset small",
          "infer-plan model inspect small.bin",
          "infer-plan model inspect ./all-MiniLM-L6-v2 --seq-len 128",
          "infer-plan model run small.bin --input features.npy --output logits.npy",
        ]),
      HelpSection("See also", ["infer-plan model <subcommand> --help, for each subcommand's options"]),
    ])
}

/// Options of `infer-plan model create`.
let modelCreateOptions = [
  OptionSpec("preset", valueName: "NAME", help: "which synthetic model to write (required; see Presets)"),
  OptionSpec(
    "seed", valueName: "N", help: "random seed for the weights, a whole number ≥ 0 (default \(ModelPreset.defaultSeed))"),
]

/// The checked command line of `infer-plan model create PATH --preset NAME [--seed N]`.
struct ModelCreateRequest {
  var path: String
  var preset: ModelPreset
  var seed: UInt64

  init(_ parsed: ParsedArguments, context: CommandContext) throws {
    path = try parsed.onlyPositional(
      command: "'model create'",
      missing: "'model create' needs the output path, e.g. 'infer-plan model create small.bin --preset small'.",
      noun: "output path")
    preset = try ParsedArguments.choice(try parsed.required("preset", valueName: "NAME"), for: "--preset", noun: "preset")
    seed = try parsed.integer("seed", in: 0...Int.max).map { UInt64($0) } ?? ModelPreset.defaultSeed
    try ModelFile.checkWritable(path)
  }
}

/// `infer-plan model create`: writes the preset's graph with seeded weights.
func runModelCreate(_ request: ModelCreateRequest, context: CommandContext) throws -> Int32 {
  let graph = request.preset.makeGraph(seed: request.seed)
  try ModelFile.write(graph, to: request.path)
  context.out(
    "Wrote \(request.path): preset \(request.preset.rawValue) (\(request.preset.summary)), seed \(request.seed), "
      + "\(ReadableNumber.grouped(graph.parameterCount)) parameters, \(ReadableNumber.bytes(Double(graph.weightBytes))) of fp32 weights.\n")
  return 0
}

/// The `model create --help` page.
func modelCreateHelpPage() -> HelpPage {
  let presets = ModelPreset.allCases.flatMap { preset in
    HelpLayout.wrap(preset.summary, width: HelpLayout.width - 2, indent: 12, firstIndent: 12).enumerated().map {
      $0.offset == 0 ? preset.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + $0.element.dropFirst(12) : $0.element
    }
  }
  return HelpPage(
    usage: ["infer-plan model create PATH --preset NAME [--seed N]"],
    about: """
      Writes a synthetic model with seeded random weights to PATH (a native infer-plan model: a \
      safetensors file whose metadata holds the graph; see docs/model-format.md). The same \
      preset and seed give the same file on every machine. The file is written to a temporary \
      file beside PATH and renamed, so a failure never leaves half a file.
      """,
    sections: [
      HelpSection("Presets", presets),
      HelpSection(
        "Examples",
        ["infer-plan model create small.bin --preset small", "infer-plan model create minilm.bin --preset minilm --seed 7"]),
    ])
}
