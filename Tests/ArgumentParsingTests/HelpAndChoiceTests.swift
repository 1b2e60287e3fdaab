import Testing

@testable import ArgumentParsing

@Suite("Choice values")
struct ChoiceTests {
  enum Routing: String, CaseIterable { case shared, roundRobin = "round-robin" }
  enum Kind: String, CaseIterable { case cpu, cuda }

  @Test("Values match ignoring case; lists drop repeats and keep their order")
  func accepted() throws {
    let parsed = try ParsedArguments.parse(
      ["--routing", "Round-Robin", "--kinds", "cuda,CPU,cuda"],
      options: [OptionSpec("routing", help: ""), OptionSpec("kinds", .repeated, help: "")])
    #expect(try parsed.choice("routing", noun: "routing") == Routing.roundRobin)
    #expect(try parsed.choices("kinds", noun: "device kind") == [Kind.cuda, .cpu])
    #expect(try parsed.choice("absent", noun: "routing") as Routing? == nil)
  }

  static let hints = ["gpu": "use 'cuda' for NVIDIA GPUs"]

  /// (value, message): the hint wins over a spelling guess; a guess only under the shared rule.
  static let rejected: [(String, String)] = [
    ("gpu", "'--device gpu': unknown device kind; use cpu or cuda. Use 'cuda' for NVIDIA GPUs."),
    ("GPU", "'--device GPU': unknown device kind; use cpu or cuda. Use 'cuda' for NVIDIA GPUs."),
    ("cpus", "'--device cpus': unknown device kind; use cpu or cuda. Did you mean 'cpu'?"),
    ("tpu", "'--device tpu': unknown device kind; use cpu or cuda. Did you mean 'cpu'?"),
    ("metal", "'--device metal': unknown device kind; use cpu or cuda."),
    ("", "'--device ': unknown device kind; use cpu or cuda."),
  ]

  @Test(arguments: rejected)
  func rejects(_ c: (String, String)) {
    #expect(throws: ArgumentError(c.1)) {
      let _: Kind = try ParsedArguments.choice(c.0, for: "--device", noun: "device kind", hints: Self.hints)
    }
  }

  @Test("Choice lists read as a sentence")
  func lists() {
    #expect(choiceList([]) == "")
    #expect(choiceList(["a"]) == "a")
    #expect(choiceList(["a", "b"]) == "a or b")
    #expect(choiceList(["a", "b", "c"]) == "a, b or c")
  }
}

@Suite("Help layout")
struct HelpLayoutTests {
  @Test("Wrapping keeps words whole, indents continuation lines and stays within the width")
  func wrap() {
    let text = "the quick brown fox jumps over the lazy dog"
    #expect(HelpLayout.wrap(text, width: 16) == ["the quick brown", "fox jumps over", "the lazy dog"])
    #expect(HelpLayout.wrap(text, width: 16, indent: 2, firstIndent: 0) == ["the quick brown", "  fox jumps over", "  the lazy dog"])
    #expect(HelpLayout.wrap("averyveryverylongword x", width: 8) == ["averyveryverylongword", "x"])
    #expect(HelpLayout.wrap("", width: 8) == [])
    #expect(HelpLayout.paragraphs("one two\nthree\n\nfour", width: 40) == "one two three\n\nfour")
  }

  @Test("Options: names padded to one column, descriptions wrapped beside them, long names on their own line")
  func options() {
    let options = [
      OptionSpec("quick", .flag, help: "measure briefly"),
      OptionSpec("volume", valueName: "RATE", help: String(repeating: "word ", count: 20)),
      OptionSpec("max-point-seconds", valueName: "SECONDS", help: "a cap"),
    ]
    let lines = HelpLayout.options(options).split(separator: "\n").map(String.init)
    #expect(lines[0] == "  --quick" + String(repeating: " ", count: 19) + "measure briefly")
    #expect(lines[1].hasPrefix("  --volume RATE" + String(repeating: " ", count: 13) + "word word"))
    #expect(lines[2].hasPrefix(String(repeating: " ", count: 28) + "word"))
    #expect(lines.suffix(2) == ["  --max-point-seconds SECONDS", String(repeating: " ", count: 28) + "a cap"])
    #expect(lines.allSatisfy { $0.count <= HelpLayout.width })
  }
}
