import ArgumentParsing

/// `infer-plan plan`: not built yet (scaffolding; replaced by its issue's work).
func runPlanCommand(_ arguments: [String], context: CommandContext) throws -> Int32 {
  throw ArgumentError("'plan' is not built yet.")
}

/// The top-level `--help` text. (Scaffolding; the plan command's work writes the real one.)
func mainHelpText() -> String {
  var text = "infer-plan \(toolVersion): measure a model, then plan CPU/GPU serving.\n\nCommands:\n"
  for (name, summary) in subcommands { text += "  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(summary)\n" }
  return text
}
