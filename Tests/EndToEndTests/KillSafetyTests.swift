import Foundation
import Records
import Testing

/// `profile`, `plan --csv --json --html` and `validate --json` stopped by SIGINT or SIGTERM at
/// seeded random moments: afterwards every output path holds the previous complete file, a new
/// complete file, or nothing (when there was none), and no temporary is left beside it.
@Suite("Outputs survive a kill")
struct KillSafetyTests {
  enum Command: String, CaseIterable, Sendable {
    case profile, plan, validate

    /// Killed runs of this command (50 in all; validate's runs are the longest).
    var runs: Int { self == .validate ? 12 : 19 }

    func arguments(profiles: String) -> [String] {
      switch self {
      case .profile:
        ["profile", "--model", "small.bin", "--batch-sizes", "1,4", "--min-time", "20ms", "--max-time", "100ms",
         "--threads", "1", "--out", "m.csv", "--quiet"]
      case .plan:
        ["plan", "--model", "small.bin", "--volume", "100/min", "--budget", "50", "--measurements", "base.csv",
         "--hardware", "c7i.large", "--profiles", profiles, "--csv", "p.csv", "--json", "p.json", "--html", "p.html",
         "--quiet"]
      case .validate:
        ["validate", "--model", "small.bin", "--volume", "50/s", "--duration", "1s", "--repeat", "1",
         "--measurements", "base.csv", "--json", "v.json", "--quiet"]
      }
    }

    var outputs: [String] {
      switch self {
      case .profile: ["m.csv", "m.csv.samples.json"]
      case .plan: ["p.csv", "p.json", "p.html"]
      case .validate: ["v.json"]
      }
    }

    /// Why the outputs in `folder` are not a complete set of files, or nil when they are.
    func problem(in folder: String) -> String? {
      func text(_ name: String) -> String? { FileManager.default.contents(atPath: folder + "/" + name).map { String(decoding: $0, as: UTF8.self) } }
      func json(_ name: String, schema: String) -> String? {
        guard let text = text(name) else { return nil }
        guard let value = try? JSONValue.parse(text) else { return "\(name) is not whole JSON" }
        guard case .string(let tag)? = value["schema"], tag.hasPrefix(schema) else { return "\(name) has no \(schema) tag" }
        return nil
      }
      switch self {
      case .profile:
        guard FileManager.default.fileExists(atPath: folder + "/m.csv") else { return nil }
        guard let rows = try? MeasurementsTable.read(path: folder + "/m.csv") else {
          return "m.csv and its sidecar do not read back as one table"
        }
        return rows.count == 2 && rows.allSatisfy({ !$0.samplesMs.isEmpty }) ? nil : "m.csv lacks rows or samples"
      case .plan:
        if let csv = text("p.csv") {
          guard csv.utf8.last == UInt8(ascii: "\n"), let records = try? CSVText.parse(csv), records.count >= 2,
            records.allSatisfy({ $0.fields.count == records[0].fields.count })
          else { return "p.csv is not a whole table" }
        }
        if let html = text("p.html"), !html.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</html>") {
          return "p.html is cut short"
        }
        return json("p.json", schema: "infer-plan.plan/")
      case .validate:
        return json("v.json", schema: "infer-plan.validate/")
      }
    }
  }

  func run(_ arguments: [String], in folder: String) throws {
    let result = try runInferPlan(arguments, in: folder)
    try #require(result.status == 0, "infer-plan \(arguments.joined(separator: " ")): \(result.err)")
  }

  /// Waits until the process `pid` is stopped (state `T` in /proc), at most a second.
  func waitUntilStopped(_ pid: Int32) {
    for _ in 0..<10_000 {
      guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return }
      // "pid (name) S …": the state follows the last ')'.
      if let close = stat.lastIndex(of: ")"), stat[stat.index(after: close)...].hasPrefix(" T") { return }
      usleep(100)
    }
  }

  @Test("killed at seeded random moments", arguments: Command.allCases)
  func killedRuns(_ command: Command) throws {
    let folder = try makeTemporaryFolder("kill-\(command.rawValue)")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try run(["model", "create", "small.bin", "--preset", "small"], in: folder)
    var expected = Set(["small.bin"] + command.outputs)
    if command != .profile {
      // The table plan and validate read.
      try run(Command.profile.arguments(profiles: profilesFolder).map { $0 == "m.csv" ? "base.csv" : $0 }, in: folder)
      expected.formUnion(["base.csv", "base.csv.samples.json"])
    }
    let arguments = command.arguments(profiles: profilesFolder)
    // One complete run: the previous files, and how long a run takes here.
    let started = Date()
    try run(arguments, in: folder)
    let duration = Date().timeIntervalSince(started)
    #expect(command.problem(in: folder) == nil)

    var generator = SplitMix64(seed: 0x6B696C6C + UInt64(Command.allCases.firstIndex(of: command) ?? 0))
    var writesCaught = 0
    var endings: [String: Int] = [:]
    for run in 1...command.runs {
      if generator.next() % 4 == 0 {
        // Sometimes no previous file: then the path must stay empty or get a whole file.
        for name in command.outputs { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
      }
      let existed = command.outputs.filter { FileManager.default.fileExists(atPath: folder + "/" + $0) }
      // Every third run waits for a write to be under way (its temporary file appears), freezes
      // the process there with SIGSTOP, signals it and lets it go on: the window a random moment
      // rarely hits. The others: anywhere from the start to a little past the usual end.
      let duringWrite = run % 3 == 0
      var caughtInWrite = false
      let delay = duration * 1.15 * generator.nextUnitDouble()
      let signalNumber = generator.next() % 2 == 0 ? SIGINT : SIGTERM
      var what = "run \(run): \(signalNumber == SIGINT ? "SIGINT" : "SIGTERM") "
        + (duringWrite ? "during a write" : "after \(String(format: "%.2f", delay)) s")

      // Through `env --default-signal`: the test runner ignores SIGINT and SIGTERM, and a child
      // inherits ignored signals, so without it no signal would ever reach infer-plan.
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["--default-signal=INT,TERM", inferPlanExecutable.path] + arguments
      process.environment = inferPlanEnvironment()
      process.currentDirectoryURL = URL(fileURLWithPath: folder)
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      if duringWrite {
        var caught = false
        while process.isRunning, !caught {
          let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
          guard let temporary = names.first(where: { $0.hasSuffix(".tmp") }) else { continue }
          kill(process.processIdentifier, SIGSTOP)
          waitUntilStopped(process.processIdentifier)
          // The write may have ended between the look and the stop: then let it go on.
          if FileManager.default.fileExists(atPath: folder + "/" + temporary) {
            caught = true
            what += " (\(temporary))"
          } else {
            kill(process.processIdentifier, SIGCONT)
          }
        }
        if caught {
          writesCaught += 1
          caughtInWrite = true
          kill(process.processIdentifier, signalNumber)
          kill(process.processIdentifier, SIGCONT)
        }
      } else {
        usleep(UInt32(delay * 1e6))
        if process.isRunning { kill(process.processIdentifier, signalNumber) }
      }
      process.waitUntilExit()

      // Ended by the guard (128 + signal), on its own (0; 1 for validate's graceful stop), or by
      // the signal itself before the guard was installed: never a crash.
      let ending = process.terminationReason == .uncaughtSignal ? "signal \(process.terminationStatus)" : "exit \(process.terminationStatus)"
      endings[ending, default: 0] += 1
      if process.terminationReason == .uncaughtSignal {
        #expect([SIGINT, SIGTERM].contains(process.terminationStatus), "\(what): died of signal \(process.terminationStatus)")
      } else {
        #expect([0, 1, 128 + signalNumber].contains(process.terminationStatus), "\(what): exit status \(process.terminationStatus)")
      }
      if caughtInWrite {
        // Signalled mid-write: the guard lets the write finish, then ends the process (unless
        // the command's own exit, right after its last write, comes first); never killed by
        // the signal itself, which is what would leave the temporary behind.
        #expect(process.terminationReason == .exit, "\(what): \(ending)")
      }
      for name in existed {
        #expect(FileManager.default.fileExists(atPath: folder + "/" + name), "\(what): \(name) was removed")
      }
      if let problem = command.problem(in: folder) { Issue.record("\(what): \(problem)") }
      let names = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
      #expect(names.isSubset(of: expected), "\(what): left \(names.subtracting(expected).sorted())")
    }
    // Not required (a write can finish between two looks at the folder), but shown: how often
    // the signal landed inside a write.
    print("KillSafetyTests \(command.rawValue): \(command.runs) runs, \(writesCaught) signalled inside a write; endings \(endings.sorted { $0.key < $1.key })")
  }
}
