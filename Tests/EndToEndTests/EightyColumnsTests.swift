import Foundation
import Testing

/// The devices listing fits an 80-column terminal (the help pages are checked in CommandLineTests).
@Suite("devices in 80 columns (end to end)")
struct EightyColumnsTests {
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
