import Foundation
import Testing

@Suite("profile and devices commands (end to end)")
struct ProfileCommandTests {
  /// Arguments → (exit status, first stderr line). All fail before any model is loaded or run.
  static let badCommandLines: [([String], Int32, String)] = [
    (["profile"], 64, "Error: missing required option '--model MODEL'."),
    (["profile", "--model", "m.bin", "--devices", "tensor"], 64, "Error: '--devices tensor': unknown device kind; use cpu or cuda."),
    (["profile", "--model", "m.bin", "--devices", "cpus"], 64,
     "Error: '--devices cpus': unknown device kind; use cpu or cuda. Did you mean 'cpu'?"),
    (["profile", "--model", "m.bin", "--devices", "cpu,GPU"], 64,
     "Error: '--devices GPU': unknown device kind; use cpu or cuda. Use 'cuda' for NVIDIA GPUs."),
    (["profile", "--model", "m.bin", "--batch-sizes", "1,0"], 64, "Error: '--batch-sizes 0': batch sizes must be between 1 and 1048576."),
    (["profile", "--model", "m.bin", "--batch-sizes", "-4"], 64, "Error: '--batch-sizes -4': batch sizes must be between 1 and 1048576."),
    (["profile", "--model", "m.bin", "--batch-sizes", "x"], 64, "Error: '--batch-sizes x': expected whole numbers separated by commas, e.g. 1,8,32."),
    (["profile", "--model", "m.bin", "--threads", "0"], 64, "Error: '--threads 0': must be between 1 and 1024."),
    (["profile", "--model", "m.bin", "--min-time", "2s", "--max-time", "1s"], 64,
     "Error: --max-time (1.0 s) is below --min-time (2.0 s); raise --max-time or lower --min-time."),
    (["profile", "--model", "m.bin", "--max-latency", "0"], 64, "Error: '--max-latency 0': must be above 0, e.g. 2s."),
    (["profile", "--model", "m.bin", "--paced", "fast"], 64, "Error: --paced 'fast': not a duration; use a number with a unit, e.g. 200ms, 1.5s, 500us."),
    (["profile", "--model", "m.bin", "--out", "/nonexistent-folder/m.csv"], 1,
     "Error: '--out /nonexistent-folder/m.csv': cannot write there (folder /nonexistent-folder does not exist); choose a writable folder."),
    (["profile", "--model", "missing.bin"], 1,
     "Error: '--model missing.bin': no such file or folder. Create one with `infer-plan model create small.bin --preset small`."),
    (["profile", "--model", "m.bin", "--quick", "--thread", "2"], 64, "Error: unknown option '--thread'. Did you mean '--threads'?"),
    (["profile", "--model", "m.bin", "--precision", "fp16"], 64,
     "Error: '--precision fp16': the CPU measures fp32 only; add --devices cuda or drop --precision."),
    (["profile", "--model", "m.bin", "--precision", "fp8"], 64, "Error: '--precision fp8': unknown precision; use fp32, tf32, fp16 or bf16."),
    (["profile", "--model", "m.bin", "--paced", "0/s"], 64, "Error: --paced '0/s': the rate must be above 0."),
    (["profile", "--model", "m.bin", "--paced", "2m"], 64, "Error: --paced '2m': not a duration; use a number with a unit, e.g. 200ms, 1.5s, 500us."),
    (["profile", "--model", "m.bin", "--as", " "], 64, "Error: '--as' needs a hardware name, e.g. --as c7i.large (or leave it out for 'local')."),
    (["devices", "--probe-time", "0"], 64, "Error: '--probe-time 0': use a duration above 0 and at most 10s, e.g. 0.2s."),
  ]

  @Test("bad command lines fail fast with a clear message", arguments: badCommandLines)
  func badCommandLine(arguments: [String], status: Int32, message: String) throws {
    let result = try runInferPlan(arguments, environment: ["CUDA_VISIBLE_DEVICES": ""])
    #expect(result.status == status)
    #expect(result.err.split(separator: "\n").first.map(String.init) == message)
    #expect(result.out.isEmpty)
  }

  @Test("profile writes a table Python-style readers get every column from, and its samples")
  func profileWritesTable() throws {
    let folder = try makeTemporaryFolder("profile-e2e")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let create = try runInferPlan(["model", "create", "tiny.bin", "--preset", "tiny-mlp"], in: folder)
    #expect(create.status == 0)
    let result = try runInferPlan(
      ["profile", "--model", "tiny.bin", "--batch-sizes", "1,3", "--min-time", "0", "--threads", "1",
       "--paced", "100us", "--as", "test-box", "--out", "m.csv"], in: folder)
    #expect(result.status == 0, "\(result.err)")
    let text = try String(contentsOfFile: folder + "/m.csv", encoding: .utf8)
    let lines = text.split(separator: "\n")
    #expect(lines.first?.hasPrefix("schema,tool_version,timestamp,host,hardware,device_kind,") == true)
    #expect(lines.count == 5)  // header + 2 batch sizes × (back-to-back, paced)
    // No field of these rows needs quoting (checked: no quote character), so a plain split works.
    #expect(!text.contains("\""))
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    func column(_ name: String) -> [String] { rows.map { $0[header.firstIndex(of: name) ?? 0] } }
    #expect(rows.allSatisfy { $0.count == header.count })
    #expect(column("hardware") == ["test-box", "test-box", "test-box", "test-box"])
    #expect(column("batch_size") == ["1", "1", "3", "3"])
    #expect(column("mode") == ["back-to-back", "paced", "back-to-back", "paced"])
    #expect(column("idle_gap_s") == ["0.0", "0.0001", "0.0", "0.0001"])
    #expect(column("threads") == ["1", "1", "1", "1"])
    #expect(column("median_ms").allSatisfy { (Double($0) ?? -1) > 0 })
    #expect(FileManager.default.fileExists(atPath: folder + "/m.csv.samples.json"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["m.csv", "m.csv.samples.json", "tiny.bin"])
  }

  @Test("--devices cuda with every GPU hidden fails before loading the model, saying why", arguments: ["", "-1"])
  func profileCUDAHidden(visible: String) throws {
    let result = try runInferPlan(
      ["profile", "--model", "missing.bin", "--devices", "cuda"],
      environment: ["CUDA_VISIBLE_DEVICES": visible, "INFER_PLAN_LIBCUDA": "/nonexistent/libcuda.so.1"])
    #expect(result.status == 1)
    #expect(result.err.hasPrefix("Error: --devices cuda: no usable GPU (CUDA_VISIBLE_DEVICES='\(visible)' hides all GPUs"))
    #expect(result.err.contains("Measure on the CPU with --devices cpu"))
  }

  @Test("devices lists the CPU and says why there is no GPU without touching CUDA", arguments: ["", "-1"])
  func devicesHidesGPUs(visible: String) throws {
    let result = try runInferPlan(
      ["devices", "--probe-time", "10ms"],
      environment: ["CUDA_VISIBLE_DEVICES": visible, "INFER_PLAN_LIBCUDA": "/nonexistent/libcuda.so.1"])
    #expect(result.status == 0)
    #expect(result.out.hasPrefix("CPU: "))
    #expect(result.out.contains(" GB/s triad, "))
    #expect(result.out.contains("GPU: none usable: CUDA_VISIBLE_DEVICES='\(visible)' hides all GPUs"))
  }
}
