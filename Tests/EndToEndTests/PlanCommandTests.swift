import Foundation
import Testing

@Suite("plan command (end to end)")
struct PlanCommandTests {
  /// A temporary folder with `small.bin` (from `model create`) and `fixed.csv`
  /// (`fixedMeasurementsTable`, SavedTablePlanTests.swift).
  func workspace() throws -> String {
    let folder = try makeTemporaryFolder()
    let created = try runInferPlan(["model", "create", folder + "/small.bin", "--preset", "small"])
    #expect(created.status == 0, "model create failed: \(created.err)")
    let table = fixedMeasurementsTable(hash: try modelHash(of: folder + "/small.bin"))
    try Data(table.utf8).write(to: URL(fileURLWithPath: folder + "/fixed.csv"))
    return folder
  }

  @Test("plan with fixed measurements: report on stdout, CSV and JSON written, exit 0")
  func planFromFixedMeasurements() throws {
    let folder = try workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try runInferPlan([
      "--model", folder + "/small.bin", "--volume", "100/min", "--budget", "50", "--latency-slo", "200ms",
      "--measurements", folder + "/fixed.csv", "--profiles", profilesFolder,
      "--csv", folder + "/plan.csv", "--json", folder + "/plan.json",
    ])
    #expect(result.status == 0, "stderr: \(result.err)")
    #expect(result.err.isEmpty)
    for section in ["RECOMMENDATION", "OPTIONS", "MEASUREMENTS", "ASSUMPTIONS", "Break-even:", "from: \(folder)/fixed.csv"] {
      #expect(result.out.contains(section), "report lacks \(section)")
    }
    #expect(result.out.contains("CPU, batch"))
    #expect(!result.out.contains("\u{1B}["))  // a pipe gets no colour
    let csv = try String(contentsOfFile: folder + "/plan.csv", encoding: .utf8)
    #expect(csv.hasPrefix("hardware,device_class,device,precision,threads,batch,batching_delay,service_time,"))
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/plan.json"))) as? [String: Any]
    #expect(json?["schema"] as? String == "infer-plan.plan/2")
    let recommendation = json?["recommendation"] as? [String: Any]
    #expect(recommendation?["device_class"] as? String == "cpu")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }
    #expect(leftovers.isEmpty)
  }

  @Test("--json - prints only JSON on stdout")
  func jsonToStdout() throws {
    let folder = try workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try runInferPlan([
      "plan", "--model", folder + "/small.bin", "--volume", "20/s", "--budget", "$100",
      "--measurements", folder + "/fixed.csv", "--profiles", profilesFolder, "--hardware", "c7i.large,g4dn.xlarge", "--json", "-",
    ])
    #expect(result.status == 0, "stderr: \(result.err)")
    let json = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
    let options = json?["options"] as? [[String: Any]] ?? []
    #expect(Set(options.compactMap { $0["hardware"] as? String }) == ["local", "c7i.large", "g4dn.xlarge"])
    #expect((json?["inputs"] as? [String: Any])?["volume"] as? Double == 20)
  }

  @Test("A workload profile fills in what the flags leave out; flags override it")
  func workloadWithOverride() throws {
    let folder = try workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try runInferPlan([
      "--model", folder + "/small.bin", "--workload", "small-api", "--volume", "10/s", "--measurements", folder + "/fixed.csv",
      "--profiles", profilesFolder, "--hardware", "c7i.large", "--json", "-",
    ])
    #expect(result.status == 0, "stderr: \(result.err)")
    let inputs = (try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])?["inputs"] as? [String: Any]
    #expect(inputs?["workload"] as? String == "small-api")
    #expect(inputs?["volume"] as? Double == 10)  // the flag, not the workload's 100/min
    #expect(inputs?["budget_usd_per_month"] as? Double == 50)  // from the workload
  }

  @Test("--help and --version go to stdout and exit 0")
  func helpAndVersion() throws {
    let help = try runInferPlan(["--help"])
    #expect(help.status == 0)
    #expect(help.out.contains("Usage: infer-plan [plan] --model MODEL --volume RATE --budget USD"))
    #expect(help.out.contains("100/min, 1.5k/min"))
    #expect(help.out.contains("Examples:"))
    let version = try runInferPlan(["--version"])
    #expect(version.status == 0)
    #expect(version.out == "infer-plan 0.1.0\n")
  }

  static let usageErrors: [([String], String)] = [
    (["--model", "m.bin", "--volum", "100/min", "--budget", "5"], "Error: unknown option '--volum'. Did you mean '--volume'?"),
    (["--volume", "100/min", "--budget", "5"], "Error: missing required option '--model MODEL'."),
    (["--model", "m.bin", "--budget", "5"], "Error: missing required option '--volume RATE' (e.g. --volume 100/min), or give --workload or --traffic."),
    (["--model", "m.bin", "--volume", "100/fortnight", "--budget", "5"],
     "Error: --volume '100/fortnight': unknown unit '/fortnight'; use a number per unit, e.g. 100/min, 1.5k/min, 20/s, 2M/day (units: /s, /min, /hour, /day, /month)."),
    (["--model", "m.bin", "--volume", "1/s", "--budget", "5", "--utilization", "1.5"],
     "Error: '--utilization 1.5': use 0.05–0.95 (5%–95%); at 1 a queue grows without bound."),
    (["--model", "m.bin", "--volume", "1/s", "--budget", "5", "--hardware", "c7i.xlarg"],
     "Error: --hardware: unknown hardware 'c7i.xlarg'. Did you mean 'c7i.xlarge'?"),
    (["--model", "m.bin", "--volume", "1/s", "--budget", "5", "--latency-slo", "0ms"],
     "Error: '--latency-slo 0ms': the objective must be above 0, e.g. 200ms."),
    (["plam", "--model", "m.bin"], "Error: unknown command 'plam'. Did you mean 'plan'?"),
  ]

  @Test("Usage errors exit 64 with the message, usage line and help pointer", arguments: usageErrors)
  func usageError(_ c: ([String], String)) throws {
    let result = try runInferPlan(c.0 + ["--profiles", profilesFolder])
    #expect(result.status == 64)
    #expect(result.err.hasPrefix(c.1 + "\n"), "stderr: \(result.err)")
    #expect(result.err.contains("--help"))
    #expect(result.out.isEmpty)
  }

  @Test("An unknown command gets the generic usage line, not one naming the typo")
  func unknownCommandUsage() throws {
    let result = try runInferPlan(["plam", "--model", "m.bin"])
    #expect(result.status == 64)
    #expect(
      result.err
        == "Error: unknown command 'plam'. Did you mean 'plan'?\nUsage: infer-plan <command> [options]\nSee 'infer-plan --help'.\n")
  }

  static let fileErrors: [([String], String)] = [
    (["--csv", "/nonexistent/plan.csv"],
     "Error: '--csv /nonexistent/plan.csv': cannot write there (folder /nonexistent does not exist); choose a writable folder.\n"),
    (["--measurements", "/nonexistent/m.csv"],
     "Error: '--measurements /nonexistent/m.csv': no such file or folder. "
       + "Write one with `infer-plan profile --model MODEL --out /nonexistent/m.csv`.\n"),
    (["--model", "/nonexistent/m.bin"],
     "Error: '--model /nonexistent/m.bin': no such file or folder. Create one with `infer-plan model create small.bin --preset small`.\n"),
  ]

  @Test("A missing input file or an unwritable output folder fails before any measuring, exit 1", arguments: fileErrors)
  func fileError(_ c: ([String], String)) throws {
    let result = try runInferPlan(["--model", "m.bin", "--volume", "1/s", "--budget", "5", "--profiles", profilesFolder] + c.0)
    #expect(result.status == 1)
    #expect(result.err == c.1)
    #expect(result.out.isEmpty)
  }

  /// Real `validate --json` results committed as Reporting fixtures (mlp-large, release build).
  static let validationFixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("ReportingTests/Golden/validation-b8-held.json").path

  @Test("--validation adds the PREDICTION CHECK section before ASSUMPTIONS and prediction_checks to the JSON")
  func predictionCheck() throws {
    let folder = try workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try runInferPlan([
      "--model", folder + "/small.bin", "--volume", "100/min", "--budget", "50",
      "--measurements", folder + "/fixed.csv", "--profiles", profilesFolder,
      "--validation", Self.validationFixture, "--json", folder + "/plan.json",
    ])
    #expect(result.status == 0, "stderr: \(result.err)")
    let check = try #require(result.out.range(of: "PREDICTION CHECK"))
    let assumptions = try #require(result.out.range(of: "\nASSUMPTIONS"))
    #expect(check.lowerBound < assumptions.lowerBound)
    #expect(result.out.contains("error p50 −2.2% · p99 −5.2% · p99 band held in 3 of 3 repeats"))
    #expect(result.out.contains("model: mlp-large.bin, not the planned small.bin"))
    #expect(result.out.contains("The prediction held"))
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/plan.json"))) as? [String: Any]
    let inputs = json?["inputs"] as? [String: Any]
    #expect(inputs?["validation"] as? [String] == [Self.validationFixture])
    let checks = json?["prediction_checks"] as? [[String: Any]]
    #expect(checks?.count == 1)
    // Foundation's JSON parser may differ in the last bit.
    #expect(abs((checks?.first?["observed_p99"] as? Double ?? 0) - 0.002955387127915543) < 1e-15)
  }

  @Test("A bad --validation file stops the plan before the model is loaded, exit 1")
  func badValidation() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try Data("{\"schema\": 1}".utf8).write(to: URL(fileURLWithPath: folder + "/plan-not-check.json"))
    let cases: [(String, String)] = [
      (folder + "/missing.json", "no such file"),
      (folder + "/plan-not-check.json", "no \"command\": \"validate\" beside \"schema\": 1, so not a validate result"),
    ]
    for (path, reason) in cases {
      // The model does not exist either: the validation file is checked first.
      let result = try runInferPlan([
        "--model", folder + "/none.bin", "--volume", "1/s", "--budget", "5", "--profiles", profilesFolder, "--validation", path,
      ])
      #expect(result.status == 1)
      #expect(result.err == "Error: --validation '\(path)': \(reason); write one with "
        + "'infer-plan validate --model MODEL --volume RATE --json \(path)'.\n")
      #expect(result.out.isEmpty)
    }
  }
}
