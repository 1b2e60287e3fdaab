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

@Suite struct UnitsTests {
  static let rateCases: [(String, Double)] = [
    ("100/min", 100.0 / 60), ("1.5k/min", 25.0), ("20/s", 20.0), ("2M/day", 2e6 / 86400),
    ("3600/hour", 1.0), ("730/month", 1.0 / 3600),
  ]
  static let budgetCases: [(String, Double)] = [
    ("50", 50.0), ("$50", 50.0), ("50/month", 50.0), ("2/day", 2 * 730.0 / 24), ("0.1/hour", 73.0),
  ]

  @Test(arguments: rateCases)
  func rates(text: String, perSecond: Double) throws {
    #expect(abs(try Units.rate(text) - perSecond) < 1e-12 * max(1, perSecond))
  }

  @Test(arguments: ["0/s", "-5/min", "abc/s", "100", "100/fortnight", "/s", "nan/s"])
  func badRates(text: String) {
    #expect(throws: ArgumentError.self) { try Units.rate(text) }
  }

  @Test(arguments: [("200ms", 0.2), ("1.5s", 1.5), ("500us", 0.0005), ("0", 0.0)])
  func durations(text: String, seconds: Double) throws {
    #expect(abs(try Units.duration(text, option: "--x") - seconds) < 1e-15)
  }

  @Test(arguments: ["-1ms", "fast", "10", "inf s", "1e400s"])
  func badDurations(text: String) {
    #expect(throws: ArgumentError.self) { try Units.duration(text, option: "--x") }
  }

  @Test(arguments: budgetCases)
  func budgets(text: String, perMonth: Double) throws {
    #expect(abs(try Units.budget(text) - perMonth) < 1e-9)
  }

  @Test(arguments: ["-5", "lots", "5/week"])
  func badBudgets(text: String) {
    #expect(throws: ArgumentError.self) { try Units.budget(text) }
  }
}
