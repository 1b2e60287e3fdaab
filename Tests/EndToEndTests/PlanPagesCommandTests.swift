import Foundation
import Testing

/// `--html`, `--markdown`, `--fail-on` and `--quiet` on the plan, from a fixed table.
@Suite("plan --html, --markdown, --fail-on (end to end)")
struct PlanPagesCommandTests {
  /// A folder with `small.bin` and a fixed measurements table `m.csv` for it.
  static func workspace() throws -> String {
    let folder = try makeTemporaryFolder()
    #expect(try runInferPlan(["model", "create", folder + "/small.bin", "--preset", "small"]).status == 0)
    let hash = try modelHash(of: folder + "/small.bin")
    try Data(fixedMeasurementsTable(hash: hash).utf8).write(to: URL(fileURLWithPath: folder + "/m.csv"))
    return folder
  }

  static func plan(_ folder: String, _ extra: [String]) throws -> (status: Int32, out: String, err: String) {
    try runInferPlan(
      ["--model", folder + "/small.bin", "--volume", "100/min", "--measurements", folder + "/m.csv",
       "--profiles", profilesFolder] + extra,
      environment: ["CUDA_VISIBLE_DEVICES": ""])
  }

  @Test("--html and --markdown write their files beside --json; --fail-on passes when the plan fits")
  func pages() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try Self.plan(
      folder,
      ["--budget", "50", "--latency-slo", "200ms", "--html", folder + "/p.html", "--markdown", folder + "/p.md",
       "--json", folder + "/p.json", "--fail-on", "slo,budget"])
    #expect(result.status == 0, "\(result.err)")
    let html = try String(contentsOfFile: folder + "/p.html", encoding: .utf8)
    let markdown = try String(contentsOfFile: folder + "/p.md", encoding: .utf8)
    let json = try String(contentsOfFile: folder + "/p.json", encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("data-chart=\"cost-volume\""))
    #expect(markdown.hasPrefix("## infer-plan: small") && markdown.contains("| ★ |"))
    // The headline of all three is the one in the JSON.
    let headline = try #require(json.split(separator: "\n").first { $0.contains("\"headline\"") })
    let text = headline.split(separator: "\"")[3]
    #expect(markdown.contains(String(text)) && html.contains(String(text)))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.hasPrefix(".") })
  }

  @Test("--fail-on budget exits 2 when nothing fits the budget, after writing every output")
  func failOnBudget() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try Self.plan(
      folder, ["--budget", "1", "--latency-slo", "200ms", "--fail-on", "budget", "--html", folder + "/p.html",
               "--json", folder + "/p.json", "--quiet"])
    #expect(result.status == 2)
    #expect(result.err.contains("--fail-on budget") && result.err.contains("$1.00/month"), "\(result.err)")
    #expect(!result.err.contains("Warning"), "--quiet keeps warnings off stderr: \(result.err)")
    #expect(result.out.contains("RECOMMENDATION"), "stdout is unchanged under --quiet")
    #expect(FileManager.default.fileExists(atPath: folder + "/p.html"))
    #expect(FileManager.default.fileExists(atPath: folder + "/p.json"))
    // The SLO is met (by an option over the budget), so the SLO policy alone passes.
    #expect(try Self.plan(folder, ["--budget", "1", "--latency-slo", "200ms", "--fail-on", "slo"]).status == 0)
  }

  static let usageErrors: [([String], String)] = [
    (["--budget", "50", "--fail-on", "slo"], "needs an SLO"),
    (["--budget", "50", "--fail-on", "sla"], "Did you mean 'slo'"),
    (["--budget", "50", "--html", "-"], "give a file name"),
    (["--budget", "50", "--html", "same.out", "--markdown", "same.out"], "another output"),
  ]

  @Test("Bad --fail-on and page paths are usage errors (64) before any work", arguments: usageErrors)
  func usage(_ c: ([String], String)) throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try Self.plan(folder, c.0)
    #expect(result.status == 64, "\(result.err)")
    #expect(result.err.contains(c.1), "\(result.err)")
  }

  @Test("An unwritable --html path is exit 1 before any work")
  func unwritable() throws {
    let folder = try Self.workspace()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try Self.plan(folder, ["--budget", "50", "--html", folder + "/no/such/folder/p.html"])
    #expect(result.status == 1 && result.err.contains("--html"), "\(result.err)")
  }
}
