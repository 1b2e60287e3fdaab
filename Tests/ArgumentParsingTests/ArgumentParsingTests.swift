import Testing

@testable import ArgumentParsing

@Suite struct ParsedArgumentsTests {
  let options = [
    OptionSpec("volume", help: "rate"), OptionSpec("quick", .flag, help: "fast"),
    OptionSpec("measurements", .repeated, help: "files"),
  ]

  @Test func parsesValuesFlagsAndLists() throws {
    let p = try ParsedArguments.parse(
      ["--volume", "100/min", "--quick", "--measurements=a.csv,b.csv", "--measurements", "c.csv", "x"],
      options: options)
    #expect(p.value("volume") == "100/min")
    #expect(p.has("quick"))
    #expect(p.list("measurements") == ["a.csv", "b.csv", "c.csv"])
    #expect(p.positionals == ["x"])
  }

  @Test(arguments: [
    (["--volum", "1/s"], "unknown option '--volum'. Did you mean '--volume'?"),
    (["--zzzzzzzz"], "unknown option '--zzzzzzzz'."),
    (["--volume"], "option '--volume' needs a value (VALUE)."),
    (["--quick=yes"], "option '--quick' takes no value."),
    (["-v"], "unknown option '-v'; options are spelled with two dashes, e.g. '--help'."),
  ])
  func rejectsBadInput(arguments: [String], message: String) {
    #expect(throws: ArgumentError(message)) { try ParsedArguments.parse(arguments, options: options) }
  }
}
