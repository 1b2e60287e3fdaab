import Foundation
import Testing

/// Every help page and the devices listing fit an 80-column terminal.
@Suite("80 columns (end to end)")
struct EightyColumnsTests {
  static let commands: [[String]] = [
    [], ["plan"], ["profile"], ["devices"], ["model"], ["model", "create"], ["model", "inspect"], ["model", "run"],
    ["simulate"], ["validate"], ["gpu-check"], ["export"], ["diff"], ["completion"],
  ]

  @Test("Every --help line is at most 80 characters", arguments: commands)
  func help(_ command: [String]) throws {
    let result = try runInferPlan(command + ["--help"])
    #expect(result.status == 0)
    for line in result.out.split(separator: "\n") { #expect(line.count <= 80, "\(command): \(line)") }
  }

  @Test("devices fits 80 columns, also when the GPU reason is long")
  func devices() throws {
    let result = try runInferPlan(
      ["devices", "--probe-time", "10ms"], environment: ["INFER_PLAN_LIBCUDA": "/nonexistent/folder/of/some/length/libcuda.so.1"])
    #expect(result.status == 0)
    #expect(result.out.contains("GPU: none usable: /nonexistent/folder/of/some/length/libcuda.so.1 not found"))
    for line in result.out.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
    // The library is named once, without nested parentheses.
    #expect(result.out.components(separatedBy: "libcuda.so.1").count == 2, "\(result.out)")
  }
}
