import ArgumentParsing

/// `infer-plan devices`: not built yet (scaffolding; replaced by its issue's work).
func runDevicesCommand(_ arguments: [String], context: CommandContext) throws -> Int32 {
  throw ArgumentError("'devices' is not built yet.")
}
