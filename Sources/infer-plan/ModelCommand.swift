import ArgumentParsing

/// `infer-plan model create|inspect|run`. (Scaffolding: `run` is dispatched to ModelRunCommand.)
func runModelCommand(_ arguments: [String], context: CommandContext) throws -> Int32 {
  guard let sub = arguments.first else { throw ArgumentError("'model' needs a subcommand: create, inspect or run.") }
  switch sub {
  case "run": return try runModelRunCommand(Array(arguments.dropFirst()), context: context)
  default: throw ArgumentError("'model \(sub)' is not built yet.")
  }
}
