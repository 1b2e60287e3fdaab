import ArgumentParsing

/// `infer-plan profile`: not built yet (scaffolding; replaced by its issue's work).
func runProfileCommand(_ arguments: [String], context: CommandContext) throws -> Int32 {
  throw ArgumentError("'profile' is not built yet.")
}
