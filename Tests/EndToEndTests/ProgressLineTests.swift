import Foundation
import Testing

/// The measurement progress line: "point i/n" and an ETA on a terminal's stderr, nothing otherwise.
@Suite("progress line (end to end)")
struct ProgressLineTests {
  @Test("profile on a terminal shows point i of n and an ETA; piped, it is silent",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux 'script' for a pty"))
  func progress() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(try runInferPlan(["model", "create", folder + "/small.bin", "--preset", "small"]).status == 0)
    let tool = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
      .deletingLastPathComponent().appendingPathComponent("infer-plan").path
    let command = "\(tool) profile --model \(folder)/small.bin --quick --batch-sizes 1,2,4 --out \(folder)/m.csv"
    // `script` runs the command on a pseudo-terminal, so stderr is a terminal.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qec", command, "/dev/null"]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(out)")
    #expect(out.contains("(point 1/3)") && out.contains("point 3/3") && out.contains("ETA ~"), "\(out)")
    let piped = try runInferPlan(["profile", "--model", folder + "/small.bin", "--quick", "--batch-sizes", "1,2", "--out", folder + "/n.csv"])
    #expect(piped.status == 0 && !piped.err.contains("point "), "\(piped.err)")
  }
}
