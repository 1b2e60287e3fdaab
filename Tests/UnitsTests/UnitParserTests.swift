import Testing

@testable import Units

@Suite struct UnitParserTests {
  static let rateCases: [(String, Double)] = [
    ("100/min", 100.0 / 60), ("1.5k/min", 25.0), ("20/s", 20.0), ("2M/day", 2e6 / 86400),
    ("3600/hour", 1.0), ("730/month", 1.0 / 3600),
  ]
  static let budgetCases: [(String, Double)] = [
    ("50", 50.0), ("$50", 50.0), ("50/month", 50.0), ("2/day", 2 * 730.0 / 24), ("0.1/hour", 73.0),
  ]

  @Test(arguments: rateCases)
  func rates(text: String, perSecond: Double) throws {
    #expect(abs(try UnitParser.rate(text) - perSecond) < 1e-12 * max(1, perSecond))
  }

  @Test(arguments: ["0/s", "-5/min", "abc/s", "100", "100/fortnight", "/s", "nan/s", "2000000M/s", "1e13/s"])
  func badRates(text: String) {
    #expect(throws: UnitError.self) { try UnitParser.rate(text) }
  }

  @Test(arguments: [("200ms", 0.2), ("1.5s", 1.5), ("500us", 0.0005), ("0", 0.0)])
  func durations(text: String, seconds: Double) throws {
    #expect(abs(try UnitParser.duration(text, option: "--x") - seconds) < 1e-15)
  }

  @Test(arguments: ["-1ms", "fast", "10", "inf s", "1e400s"])
  func badDurations(text: String) {
    #expect(throws: UnitError.self) { try UnitParser.duration(text, option: "--x") }
  }

  @Test(arguments: budgetCases)
  func budgets(text: String, perMonth: Double) throws {
    #expect(abs(try UnitParser.budget(text) - perMonth) < 1e-9)
  }

  @Test(arguments: ["-5", "lots", "5/week", "2e12", "1e10/hour"])
  func badBudgets(text: String) {
    #expect(throws: UnitError.self) { try UnitParser.budget(text) }
  }

  @Test("A zero budget is refused with the shell hint ('$5' of an unquoted $50 expands to nothing)", arguments: ["0", "$0", "0/day"])
  func zeroBudget(text: String) {
    #expect {
      try UnitParser.budget(text, option: "--budget")
    } throws: { error in
      "\(error)".contains("--budget '$50'")
    }
  }

  @Test("The largest rate and budget accepted are 10^12")
  func limits() throws {
    #expect(try UnitParser.rate("1000000M/s") == 1e12)
    #expect(try UnitParser.budget("1000000M") == 1e12)
  }
}
