import ArgumentParsing

/// `infer-plan model run`: not built yet (scaffolding; the CPU forward-pass work replaces it).
func runModelRunCommand(_ arguments: [String], context: CommandContext) throws -> Int32 {
  throw ArgumentError("'model run' is not built yet.")
}
