import Foundation
import Records
import Testing

@Suite("JSON documents of simulate, devices and validate (end to end)")
struct DocumentCommandTests {
  @Test("simulate --json - writes a tagged simulate document that reads back")
  func simulate() throws {
    let result = try runInferPlan([
      "simulate", "--service-table", "1:1ms,8:2ms", "--rate", "100/s", "--replicas", "1", "--max-batch", "8",
      "--max-delay", "2ms", "--requests", "2000", "--reps", "2", "--seed", "18446744073709551615", "--json", "-",
    ])
    #expect(result.status == 0, "stderr: \(result.err)")
    #expect(result.out.hasPrefix("{\n  \"schema\": \"infer-plan.simulate/1\",\n  \"command\": \"simulate\",\n"))
    let document = try SimulateDocument.decode(Array(result.out.utf8), path: "-")
    #expect(document.stable && document.inputs.seed == UInt64.max && document.inputs.maxDelay == 0.002)
    #expect(document.p99 != nil && document.p99Low != nil && document.p99BandHigh != nil)
  }

  @Test("devices --json - writes a tagged devices document that reads back")
  func devices() throws {
    let result = try runInferPlan(
      ["devices", "--probe-time", "10ms", "--json", "-"],
      environment: ["CUDA_VISIBLE_DEVICES": "", "INFER_PLAN_LIBCUDA": "/nonexistent/libcuda.so.1"])
    #expect(result.status == 0, "stderr: \(result.err)")
    let document = try DevicesDocument.decode(Array(result.out.utf8), path: "-")
    #expect(document.gpus.isEmpty && document.cpu.logicalCores >= 1 && document.inputs.cudaVisibleDevices == "")
    #expect(document.cpu.triadBandwidthBytesPerS > 0)
    #expect(document.gpuUnavailableReason?.contains("hides all GPUs") == true)
  }

  @Test("validate --plan refuses another document, naming what it is, before loading the model")
  func validateRefusesOtherDocument() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/sim.json"
    try Data(#"{"schema": "infer-plan.simulate/1"}"#.utf8).write(to: URL(fileURLWithPath: path))
    let result = try runInferPlan(["validate", "--model", folder + "/none.bin", "--plan", path])
    #expect(result.status == 64)
    #expect(result.err.hasPrefix(
      "Error: '--plan \(path)': an infer-plan simulate document (schema 'infer-plan.simulate/1'), not a plan; "
        + "write one with `infer-plan --model MODEL --volume RATE --budget USD --json \(path)`.\n"))
  }
}
