import ArgumentParsing

/// `infer-plan model`: not built yet (scaffolding; replaced by its issue's work).
func runModelCommand(_ arguments: [String], context: CommandContext) throws -> Int32 {
  throw ArgumentError("'model' is not built yet.")
}
