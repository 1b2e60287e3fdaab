import ArgumentParsing

/// `infer-plan validate`: not built yet (scaffolding; replaced by its issue's work).
func runValidateCommand(_ arguments: [String], context: CommandContext) throws -> Int32 {
  throw ArgumentError("'validate' is not built yet.")
}
