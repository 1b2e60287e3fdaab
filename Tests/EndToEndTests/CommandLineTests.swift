import Foundation
import Testing

/// The command-line layer every command shares: help pages, "Did you mean", usage errors,
/// checking every value before anything runs, and `--quiet`.
@Suite("command line (end to end)")
struct CommandLineTests {
  /// Every command and subcommand, read from the help pages' own lists ("Commands:",
  /// "Subcommands:"), so a command added to the table is checked without editing this test.
  static func allCommands() throws -> [[String]] {
    func listed(in page: String, under title: String) -> [String] {
      guard let section = page.components(separatedBy: "\n\n").first(where: { $0.hasPrefix(title + ":\n") }) else { return [] }
      return section.split(separator: "\n").dropFirst().compactMap { $0.split(separator: " ").first.map(String.init) }
    }
    let top = try runInferPlan(["--help"]).out
    var commands: [[String]] = [[]]
    for name in listed(in: top, under: "Commands") {
      commands.append([name])
      let page = try runInferPlan([name, "--help"]).out
      commands += listed(in: page, under: "Subcommands").map { [name, $0] }
    }
    return commands
  }

  @Test("Every help page: stdout, exit 0, lines within 80 columns, usage, examples, units where values have them")
  func helpPages() throws {
    let commands = try Self.allCommands()
    #expect(commands.count >= 10, "found \(commands)")
    for command in commands {
      let result = try runInferPlan(command + ["--help"])
      let name = (["infer-plan"] + command).joined(separator: " ")
      #expect(result.status == 0, "\(name)")
      #expect(result.err.isEmpty, "\(name): \(result.err)")
      for line in result.out.split(separator: "\n", omittingEmptySubsequences: false) where line.count > 80 {
        Issue.record("\(name) --help: \(line.count) columns: \(line)")
      }
      #expect(result.out.contains("Usage: infer-plan"), "\(name)")
      #expect(result.out.contains("\nExamples:\n"), "\(name) --help has no examples")
      let takesUnits = result.out.range(of: #"--[a-z-]+ (DUR|RATE|USD)\b"#, options: .regularExpression) != nil
      if takesUnits { #expect(result.out.contains("\nUnits:\n"), "\(name) takes DUR/RATE/USD values but explains no units") }
      #expect(try runInferPlan(["help"] + command).out == result.out, "'infer-plan help \(command.joined(separator: " "))'")
    }
  }

  /// Arguments → the exact stderr: one rule for "Did you mean" (≤ 2 edits and under half the
  /// word), with the GPU kind answered explicitly rather than guessed as 'cpu'.
  static let didYouMean: [([String], String)] = [
    (["--volum", "100/min"], "Error: unknown option '--volum'. Did you mean '--volume'?"),
    (["--spot"], "Error: unknown option '--spot'."),
    (["--region", "us-east-1"], "Error: unknown option '--region'."),
    (["plam"], "Error: unknown command 'plam'. Did you mean 'plan'?"),
    (["model", "crate"], "Error: unknown subcommand 'model crate'. Did you mean 'create'?"),
    (["simulate", "--service-table", "1:1ms", "--rate", "1/s", "--replicas", "1", "--max-batch", "1", "--max-delay", "0", "--routing", "round-robbin"],
     "Error: '--routing round-robbin': unknown routing; use shared or round-robin. Did you mean 'round-robin'?"),
    (["simulate", "--measurements", "m.csv", "--device", "gpu", "--rate", "1/s", "--replicas", "1", "--max-batch", "1", "--max-delay", "0"],
     "Error: '--device gpu': unknown device kind; use cpu or cuda. Use 'cuda' for NVIDIA GPUs."),
    (["model", "create", "x.bin", "--preset", "smal"], "Error: '--preset smal': unknown preset; use small, mlp-large, minilm, bert-base, tiny-mlp or tiny-bert. Did you mean 'small'?"),
    (["gpu-check", "--precision", "fp-16"], "Error: '--precision fp-16': unknown precision; use fp32, tf32, fp16 or bf16. Did you mean 'fp16'?"),
  ]

  @Test("Did you mean: offered for near misses only", arguments: didYouMean)
  func suggestion(_ c: ([String], String)) throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try runInferPlan(c.0, in: folder)
    #expect(result.status == 64)
    #expect(result.err.split(separator: "\n").first.map(String.init) == c.1)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
  }

  @Test("Usage errors name the command's usage and help; a group without a subcommand says which exist")
  func usageLines() throws {
    let group = try runInferPlan(["model"])
    #expect(group.status == 64)
    #expect(
      group.err == "Error: 'model' needs a subcommand: create, inspect or run.\n"
        + "Usage: infer-plan model <subcommand> [options]\nSee 'infer-plan model --help'.\n")
    let leaf = try runInferPlan(["model", "inspect"])
    #expect(leaf.status == 64)
    #expect(
      leaf.err == "Error: 'model inspect' needs a model file or Hugging Face folder, e.g. 'infer-plan model inspect small.bin'.\n"
        + "Usage: infer-plan model inspect MODEL [--seq-len N] [--input-shape NAME=DIMS]\nSee 'infer-plan model inspect --help'.\n")
  }

  /// Bad values for every command: exit 64 with the exact message, before anything is loaded,
  /// measured or written (each line also asks for a JSON or CSV file that must not appear).
  static let badValues: [([String], String)] = [
    (["--model", "$MISSING", "--volume", "10/s", "--budget", "0", "--json", "$OUT"],
     "Error: --budget '0': a budget of 0 fits nothing. If you typed --budget $50 unquoted, the shell replaced '$5' "
       + "with an empty variable: write --budget 50 or --budget '$50'."),
    (["--model", "$MISSING", "--volume", "2e13/s", "--budget", "50", "--json", "$OUT"],
     "Error: --volume '2e13/s': 2e+13 requests/s is beyond 1e+12 requests/s, the largest rate the planner sizes; "
       + "check the number and its unit."),
    (["devices", "--probe-time", "11s", "--json", "$OUT"], "Error: '--probe-time 11s': use a duration above 0 and at most 10s, e.g. 0.2s."),
    (["simulate", "--service-table", "1:1ms", "--rate", "1/s", "--replicas", "1", "--max-batch", "1", "--max-delay", "0",
      "--reps", "0", "--json", "$OUT"], "Error: '--reps 0': must be between 1 and 1000."),
    (["simulate", "--service-table", "1:-1ms", "--rate", "1/s", "--replicas", "1", "--max-batch", "1", "--max-delay", "0", "--json", "$OUT"],
     "Error: --service-table: service table entry '1:-1ms': the time must be finite and above 0; "
       + "write entries as BATCH:TIME, e.g. \"1:1.2ms,8:1.9ms\"."),
    (["simulate", "--measurements", "$MISSING", "--rate", "1/s", "--replicas", "1", "--max-batch", "1", "--max-delay", "0", "--json", "$OUT"],
     "Error: missing required option '--device KIND' (cpu or cuda) to pick rows from the measurements."),
    (["validate", "--model", "$MISSING", "--volume", "10/s", "--max-batch", "0", "--json", "$OUT"], "Error: '--max-batch 0': must be between 1 and 64."),
    (["validate", "--model", "$MISSING", "--volume", "10/s", "--duration", "0.1s", "--json", "$OUT"],
     "Error: '--duration 0.1s': use at least 0.5s (15s is the default)."),
    (["validate", "--model", "$MISSING", "--volume", "10/s", "--repeat", "101", "--save-measurements", "$OUT"],
     "Error: '--repeat 101': must be between 1 and 100."),
    (["profile", "--model", "$MISSING", "--min-time", "fast", "--out", "$OUT"],
     "Error: --min-time 'fast': not a duration; use a number with a unit, e.g. 200ms, 1.5s, 500us."),
    (["--model", "$MISSING", "--volume", "1/s", "--budget", "5", "--peak-factor", "0.5", "--csv", "$OUT"],
     "Error: '--peak-factor 0.5': use a number from 1 to 1000 (peak rate ÷ average rate), e.g. 2."),
    (["model", "create", "$OUT", "--preset", "small", "--seed", "-1"], "Error: '--seed -1': must be at least 0."),
    (["model", "inspect", "$MISSING", "--seq-len", "0"], "Error: '--seq-len 0': must be between 1 and 1000000."),
    (["model", "run", "$MISSING", "--input", "x.npy", "--output", "$OUT", "--pool", "max"],
     "Error: '--pool max': the only pooling is 'mean' (average over unmasked tokens)."),
    (["gpu-check", "--out", "$FOLDER"], "Error: '--out' applies to the sweep; add --sweep or drop --out."),
    (["gpu-check", "--models", "resnet"],
     "Error: '--models resnet': not a preset (small, mlp-large, minilm, bert-base, tiny-mlp, tiny-bert) or a model file path."),
  ]

  @Test("Every command checks every value before running: exit 64, nothing written", arguments: badValues)
  func badValue(_ c: ([String], String)) throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let names = ["$OUT": folder + "/out.json", "$MISSING": folder + "/missing.bin", "$FOLDER": folder]
    let plan = c.0[0].hasPrefix("-") ? ["--profiles", profilesFolder] : []
    let result = try runInferPlan(c.0.map { names[$0] ?? $0 } + plan)
    #expect(result.status == 64, "stderr: \(result.err)")
    #expect(result.err.split(separator: "\n").first.map(String.init) == c.1)
    #expect(result.out.isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
  }

  @Test("--quiet leaves only errors on stderr and stdout as it was")
  func quiet() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(try runInferPlan(["model", "create", folder + "/small.bin", "--preset", "small", "--quiet"]).status == 0)
    // A row for another model makes the plan warn (on stderr, with --json -) every time.
    let hash = try modelHash(of: folder + "/small.bin")
    let other = fixedMeasurementsTable(hash: "0123abcd").split(separator: "\n")[1]
    try Data((fixedMeasurementsTable(hash: hash) + other + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/m.csv"))
    let arguments = [
      "--model", folder + "/small.bin", "--volume", "10/s", "--budget", "50", "--measurements", folder + "/m.csv",
      "--profiles", profilesFolder, "--hardware", "c7i.large", "--json", "-",
    ]
    let loud = try runInferPlan(arguments)
    let quiet = try runInferPlan(arguments + ["--quiet"])
    #expect(loud.status == 0 && quiet.status == 0, "\(loud.err)\(quiet.err)")
    #expect(loud.err.contains("Warning: \(folder)/m.csv: 1 rows are for model 'small' (hash 0123abcd…), not for small"))
    #expect(quiet.err.isEmpty, "stderr: \(quiet.err)")
    for out in [loud.out, quiet.out] {
      let json = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
      #expect(json?["options"] != nil)
    }
    let error = try runInferPlan(["--quiet", "--volum", "1/s"])
    #expect(error.status == 64)
    #expect(error.err.hasPrefix("Error: unknown option '--volum'. Did you mean '--volume'?\n"))
  }
}
