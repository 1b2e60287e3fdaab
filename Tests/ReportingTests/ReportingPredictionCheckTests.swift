import Foundation
import Records
import Testing

@testable import CostModel
@testable import Reporting

/// The PREDICTION CHECK section and `prediction_checks` JSON from real `validate --json` results
/// (Golden/validation-*.json: mlp-large on this machine, release build).
@Suite("Reporting prediction check")
struct ReportingPredictionCheckTests {
  /// A fixture read by `PredictionCheckReader`, its path shortened so the report is stable.
  func check(_ name: String, shownAs: String) throws -> PredictionCheck {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Golden"))
    var check = try PredictionCheckReader.read(url.path)
    check.path = shownAs
    return check
  }

  func context() throws -> PlanReportContext {
    var context = ReportingFixtures.context()
    context.predictionChecks = [
      try check("validation-b8-held", shownAs: "b8.json"), try check("validation-b1-off", shownAs: "b1.json"),
    ]
    return context
  }

  @Test("The reader takes the figures from the validate JSON")
  func reads() throws {
    let held = try check("validation-b8-held", shownAs: "b8.json")
    #expect(held.model == "/tmp/mlp-large.bin")
    #expect(held.modelFileName == "mlp-large.bin")
    #expect(held.ratePerSecond == 2000 && held.maxBatch == 8 && held.threads == 1 && held.repeats == 3)
    #expect(held.maxDelaySeconds == 0.002 && held.durationSeconds == 15 && held.build == "release")
    #expect(abs((held.p99Error ?? 0) - -0.051690571241567805) < 1e-12)
    #expect(abs((held.predictedP99HighSeconds ?? 0) - 0.003209378209414691) < 1e-12)
    #expect(held.p99BandHits == 3)
    #expect(held.held == true)
    let off = try check("validation-b1-off", shownAs: "b1.json")
    #expect(off.maxDelaySeconds == 0)
    #expect(off.held == false)
  }

  @Test("A result of the first layout, rewritten in the current one, reads the same")
  func legacyRewritten() throws {
    let url = try #require(Bundle.module.url(forResource: "validation-b8-held", withExtension: "json", subdirectory: "Golden"))
    let legacy = try ValidateDocument.read(from: url.path)
    let text = legacy.serialized()
    #expect(text.hasPrefix("{\n  \"schema\": \"infer-plan.validate/1\",\n  \"command\": \"validate\",\n"))
    let rewritten = try ValidateDocument.decode(Array(text.utf8), path: "b8.json")
    #expect(rewritten == legacy)
    #expect(PredictionCheck(rewritten, path: "b8.json") == PredictionCheck(legacy, path: "b8.json"))
    #expect(legacy.repeats.count == 3 && legacy.repeats[0].predictedCalibrated != nil && legacy.summary.calibratedP99Error != nil)
  }

  @Test("The section sits between MEASUREMENTS and ASSUMPTIONS, fits 80 columns, and says what it means")
  func section() throws {
    let text = TerminalReport(plan: ReportingFixtures.smallPlan(), context: try context()).render()
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let start = try #require(lines.firstIndex { $0.hasPrefix("PREDICTION CHECK") })
    let end = try #require(lines.firstIndex { $0 == "ASSUMPTIONS" })
    #expect(try #require(lines.firstIndex { $0.hasPrefix("MEASUREMENTS") }) < start)
    let expected = """
      PREDICTION CHECK  (infer-plan validate: predicted offline vs observed)
        b8.json: 2k req/s per replica, batch 8, max delay 2 ms, 1 thread, 15 s × 3
          (release build)
          model: mlp-large.bin, not the planned small.bin; the check is for that
            model.
          predicted p50 1.89 ms · p99 2.8 ms (band 2.41 ms–3.21 ms)
          observed p50 1.93 ms · p99 2.96 ms (median of 3)
          error p50 −2.2% · p99 −5.2% · p99 band held in 3 of 3 repeats
          calibrated (other repeats' in-load times) error p50 +1.3% · p99 −0.99%
          The prediction held: errors within 15% at p50 and 30% at p99.
        b1.json: 1.05k req/s per replica, batch 1, max delay 0, 1 thread, 15 s × 3
          (release build)
          model: mlp-large.bin, not the planned small.bin; the check is for that
            model.
          predicted p50 902 µs · p99 3.67 ms (band 2.48 ms–5.1 ms)
          observed p50 725 µs · p99 2.71 ms (median of 3)
          error p50 +24% · p99 +35% · p99 band held in 3 of 3 repeats
          calibrated (other repeats' in-load times) error p50 +3.4% · p99 +17%
          The prediction was off by +35% at p99 (limits 15% at p50 and 30% at p99);
          plan with --measurements from 'validate --save-measurements' to calibrate.

      """
    #expect(lines[start..<end].joined(separator: "\n") == expected)
    #expect(lines.allSatisfy { $0.count <= 80 })
  }

  @Test("Without validation files the report and JSON have no prediction check")
  func absent() {
    let plan = ReportingFixtures.smallPlan()
    let context = ReportingFixtures.context()
    #expect(!TerminalReport(plan: plan, context: context).render().contains("PREDICTION CHECK"))
    let json = PlanJSON.document(for: plan, context: context).serialized()
    #expect(!json.contains("prediction_checks") && !json.contains("\"validation\""))
  }

  @Test("JSON carries prediction_checks and echoes the files under inputs")
  func json() throws {
    let value = PlanJSON.document(for: ReportingFixtures.smallPlan(), context: try context()).jsonValue
    let checked = JSONValue.object([("inputs", try #require(value["inputs"])), ("prediction_checks", try #require(value["prediction_checks"]))])
    try ReportingGoldenTests.expectGolden(checked.serialized(), "plan-small-checks.json")
    let document = value.serialized()
    let root = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
    let inputs = try #require(root["inputs"] as? [String: Any])
    #expect(inputs["validation"] as? [String] == ["b8.json", "b1.json"])
    let checks = try #require(root["prediction_checks"] as? [[String: Any]])
    #expect(checks.count == 2)
    #expect(checks[0]["rate"] as? Double == 2000)
    #expect(checks[0]["max_delay"] as? Double == 0.002)
    #expect(checks[0]["held"] as? Bool == true)
    #expect(checks[1]["held"] as? Bool == false)
    #expect(checks[1]["p99_band_hits"] as? Int == 3)
    #expect(abs((checks[1]["p99_error"] as? Double ?? 0) - 0.351221951427289) < 1e-12)
    for key in ["observed_p50", "observed_p99", "predicted_p50", "predicted_p99", "predicted_p99_low", "predicted_p99_high",
      "p50_error", "calibrated_p50_error", "calibrated_p99_error", "threads", "max_batch", "duration", "repeats", "build", "model"]
    {
      #expect(checks[0][key] != nil, "missing \(key)")
    }
  }

  /// A whole validate result of the first layout (integer schema), edited by the cases below.
  static let valid = #"{"schema": 1, "command": "validate", "tool_version": "0.1.0", "inputs": {"model": "m.bin", "volume": 10, "max_batch": 1, "max_delay": 0, "threads": 1, "duration": 15, "repeat": 3, "seed": 1, "build": "release"}, "predicted_offline": null, "repeats": [], "summary": {"observed_p50": 0.001, "observed_p90": 0.002, "observed_p99": 0.003, "observed_throughput": 10, "p50_error": null, "p99_error": null, "offline_unstable_utilization": 1.2, "p99_band_hits": 0, "warnings": [], "offline_mean_pass_batch_1": 0.001}}"#

  static func edited(_ old: String, _ new: String) -> String { valid.replacingOccurrences(of: old, with: new) }

  static let badFiles: [(String, String)] = [
    ("not json", "not valid JSON (line 1, column 1: not a JSON value (expected 'null'))"),
    ("[1, 2]", "not a JSON object (found a list)"),
    (#"{"schema": "infer-plan.plan/1", "inputs": {}}"#, "an infer-plan plan document (schema 'infer-plan.plan/1'), not a validate result"),
    (#"{"schema": 1, "inputs": {}}"#, #"no "command": "validate" beside "schema": 1, so not a validate result"#),
    (#"{"schema": 1, "command": "simulate"}"#, "an infer-plan simulate result, not a validate result"),
    (#"{"schema": 2, "command": "validate"}"#, "schema 2 is not one this infer-plan reads (expected 'infer-plan.validate/1')"),
    (#"{"schema": "infer-plan.validate/2"}"#,
     "schema 'infer-plan.validate/2' is not one this infer-plan reads ('infer-plan.validate/1'); use the infer-plan that wrote it"),
    (edited(#""inputs": {"model": "m.bin", "#, #""inputs": {"#), "'inputs.model' is missing"),
    (edited(#""max_delay": 0"#, #""max_delay": "2ms""#), "'inputs.max_delay': expected a number, found a string"),
    (edited(#""volume": 10"#, #""volume": -10"#), "'inputs.volume' is -10.0; expected a number ≥ 0"),
    (edited(#""observed_p50": 0.001, "#, ""), "'summary.observed_p50' is missing"),
    (edited(#""p99_band_hits": 0"#, #""p99_band_hits": 0.5"#),
     "'summary.p99_band_hits': expected a whole number from \(Int.min) to \(Int.max), found a number"),
  ]

  @Test("A minimal validate result of the first layout reads")
  func minimal() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("infer-plan-check-\(UUID().uuidString).json").path
    try Data(Self.valid.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let check = try PredictionCheckReader.read(path)
    #expect(check.ratePerSecond == 10 && check.predictedP99Seconds == nil && check.held == nil)
  }

  @Test("Bad validation files give a clear error", arguments: badFiles)
  func badFile(_ c: (String, String)) throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("infer-plan-check-\(UUID().uuidString).json").path
    try Data(c.0.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(throws: PredictionCheckError(path: path, reason: c.1)) { try PredictionCheckReader.read(path) }
  }

  @Test("A missing file names the file and how to make one")
  func missing() {
    #expect(throws: PredictionCheckError(path: "/nonexistent/v.json", reason: "no such file")) {
      try PredictionCheckReader.read("/nonexistent/v.json")
    }
    #expect(PredictionCheckError(path: "v.json", reason: "no such file").description
      == "--validation 'v.json': no such file; write one with 'infer-plan validate --model MODEL --volume RATE --json v.json'.")
  }
}
