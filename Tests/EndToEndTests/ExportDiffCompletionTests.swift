import Foundation
import Testing

/// `export`, `diff` and `completion`, run as a user would, on the fixed plan documents.
@Suite("export, diff and completion (end to end)")
struct ExportDiffCompletionTests {
  /// Tests/ReportingTests/Golden/`name` (this file is Tests/EndToEndTests/…).
  static func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("ReportingTests/Golden/\(name)").path
  }

  /// The first 12 hex digits of the file's SHA-256, by coreutils' sha256sum.
  static func sha256Prefix(_ path: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sha256sum", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return String(out.prefix(12))
  }

  @Test("export writes every format into an existing or new folder; the label is the plan file's hash")
  func export() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let plan = Self.fixture("page-input-large.json")
    for format in ["triton", "kubernetes", "kserve"] {
      let result = try runInferPlan(["export", "--plan", plan, "--format", format, "--out", folder + "/" + format])
      #expect(result.status == 0, "\(result.err)")
      #expect(result.err.isEmpty)
    }
    // Again into the existing folder: fine, files replaced.
    #expect(try runInferPlan(["export", "--plan", plan, "--format", "kubernetes", "--out", folder + "/kubernetes"]).status == 0)
    #expect(FileManager.default.fileExists(atPath: folder + "/triton/large/config.pbtxt"))
    var isFolder: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: folder + "/triton/large/1", isDirectory: &isFolder) && isFolder.boolValue)
    let deployment = try String(contentsOfFile: folder + "/kubernetes/deployment.yaml", encoding: .utf8)
    #expect(deployment.contains("infer-plan/plan-hash: \"\(try Self.sha256Prefix(plan))\""))
    #expect(FileManager.default.fileExists(atPath: folder + "/kserve/inferenceservice.yaml"))
  }

  static let exportErrors: [([String], Int32, String)] = [
    (["--format", "kserv", "--out", "OUT"], 64, "Did you mean 'kserve'"),
    (["--format", "helm", "--out", "OUT"], 64, "use triton, kubernetes or kserve"),
    (["--format", "triton"], 64, "--out"),
    (["--out", "OUT"], 64, "--format"),
    (["--format", "triton", "--out", "OUT", "--plan", "/no/such/plan.json"], 1, "no such file"),
    (["--format", "triton", "--out", "/no/such/folder/out"], 1, "cannot write"),
  ]

  @Test("export refuses bad options (64) and missing files (1)", arguments: exportErrors)
  func exportRefusals(_ c: ([String], Int32, String)) throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var arguments = ["export"] + c.0.map { $0 == "OUT" ? folder + "/out" : $0 }
    if !c.0.contains("--plan") { arguments += ["--plan", Self.fixture("page-input-small.json")] }
    let result = try runInferPlan(arguments)
    #expect(result.status == c.1, "\(result.err)")
    #expect(result.err.contains(c.2), "\(result.err)")
  }

  @Test("export of a plan without a recommendation is exit 1 and writes nothing")
  func exportNoRecommendation() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var text = try String(contentsOfFile: Self.fixture("page-input-small.json"), encoding: .utf8)
    let start = try #require(text.range(of: "\"recommendation\": {"))
    let end = try #require(text.range(of: "\n  \"cheapest_meeting_slo\"", range: start.upperBound..<text.endIndex))
    text.replaceSubrange(start.lowerBound..<end.lowerBound, with: "\"recommendation\": null,")
    text = text.replacingOccurrences(of: "\"outcome\": \"fits\",\n  \"headline\"", with: "\"outcome\": \"over_budget\",\n  \"headline\"")
    try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/plan.json"))
    let result = try runInferPlan(["export", "--plan", folder + "/plan.json", "--format", "kubernetes", "--out", folder + "/out"])
    #expect(result.status == 1 && result.err.contains("no recommendation"), "\(result.err)")
    #expect(!FileManager.default.fileExists(atPath: folder + "/out/deployment.yaml"))
  }

  @Test("diff prints the changes as text or Markdown and exits 0 either way")
  func diff() throws {
    let small = Self.fixture("page-input-small.json")
    let large = Self.fixture("page-input-large.json")
    let text = try runInferPlan(["diff", small, large])
    #expect(text.status == 0 && text.out.contains("t3.small → g4dn.xlarge") && text.out.contains("$15.18 → $383.98"))
    #expect(text.out.split(separator: "\n").allSatisfy { $0.count <= 80 || $0.hasPrefix("Plan diff:") })
    let markdown = try runInferPlan(["diff", small, large, "--markdown"])
    #expect(markdown.status == 0 && markdown.out.contains("| monthly cost | $15.18 | $383.98 | +$368.80, +2429% |"))
    let same = try runInferPlan(["diff", small, small])
    #expect(same.status == 0 && same.out.contains("No changes."))
    #expect(try runInferPlan(["diff", small]).status == 64)
    #expect(try runInferPlan(["diff", small, "/no/such.json"]).status == 1)
  }

  @Test("completion scripts name every command and the plan's options; bash's completes as expected")
  func completion() throws {
    for shell in ["bash", "zsh", "fish"] {
      let result = try runInferPlan(["completion", shell])
      #expect(result.status == 0)
      for word in ["export", "diff", "completion", "simulate", "volume", "fail-on"] {
        #expect(result.out.contains(word), "\(shell) script lacks \(word)")
      }
    }
    #expect(try runInferPlan(["completion", "tcsh"]).status == 64)
    let script = try runInferPlan(["completion", "bash"]).out
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try Data(script.utf8).write(to: URL(fileURLWithPath: folder + "/c.bash"))
    // zsh and fish check the syntax of their scripts when installed (`zsh -n`, `fish -n`).
    for (shell, path) in [("zsh", "/usr/bin/zsh"), ("fish", "/usr/bin/fish")] where FileManager.default.fileExists(atPath: path) {
      let script = folder + "/completion." + shell
      try Data(try runInferPlan(["completion", shell]).out.utf8).write(to: URL(fileURLWithPath: script))
      let process = try Process.run(URL(fileURLWithPath: path), arguments: ["-n", script])
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "\(shell) -n refused the script")
    }
    // File names complete too: run where there are none.
    try FileManager.default.createDirectory(atPath: folder + "/empty", withIntermediateDirectories: false)
    // Source it and ask for completions as bash would.
    let cases: [(String, String)] = [
      ("infer-plan ex", "export"), ("infer-plan export --fo", "--format"), ("infer-plan export --format k", "kserve kubernetes"),
      ("infer-plan model c", "create"), ("infer-plan --vol", "--volume"), ("infer-plan --fail-on s", "slo slo,budget"),
    ]
    for (line, expected) in cases {
      let words = line.split(separator: " ").map(String.init)
      let probe = "source \(folder)/c.bash; COMP_WORDS=(\(words.map { "'\($0)'" }.joined(separator: " "))); "
        + "COMP_CWORD=\(words.count - 1); _infer_plan; printf '%s\\n' \"${COMPREPLY[@]}\" | sort | tr '\\n' ' '"
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/bash")
      process.arguments = ["-c", probe]
      process.currentDirectoryURL = URL(fileURLWithPath: folder + "/empty")
      let pipe = Pipe()
      process.standardOutput = pipe
      try process.run()
      let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(out.trimmingCharacters(in: .whitespaces) == expected, "'\(line)' completed to '\(out)'")
    }
  }

  @Test("--quiet: diff and export print nothing on stderr; errors still do")
  func quiet() throws {
    let small = Self.fixture("page-input-small.json")
    let result = try runInferPlan(["diff", small, small, "--quiet"])
    #expect(result.status == 0 && result.err.isEmpty && !result.out.isEmpty)
    let failed = try runInferPlan(["diff", small, "--quiet"])
    #expect(failed.status == 64 && failed.err.contains("Error:"))
  }
}
