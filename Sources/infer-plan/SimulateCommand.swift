import ArgumentParsing

/// `infer-plan simulate`: not built yet (scaffolding; replaced by its issue's work).
func runSimulateCommand(_ arguments: [String], context: CommandContext) throws -> Int32 {
  throw ArgumentError("'simulate' is not built yet.")
}
