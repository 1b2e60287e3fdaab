import Foundation
import Testing

/// `.onnx` files and hub ids on the command line, before ONNX graphs are lowered: `model inspect`
/// prints what the reader found, the other commands say lowering is not available yet.
@Suite("ONNX files (end to end)")
struct ONNXCommandTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("ModelGraphTests/Fixtures/onnx").path

  @Test("model inspect prints inputs and outputs with symbolic dims, opsets and the op histogram")
  func inspect() throws {
    let path = Self.fixtures + "/external/mlp.onnx"
    let result = try runInferPlan(["model", "inspect", path])
    #expect(result.status == 0 && result.err.isEmpty)
    #expect(result.out == """
      Model: main_graph (ONNX, IR version 7, from pytorch 2.13.0) from \(path)
      Opsets: ai.onnx 14
      Inputs:
        features  float [batch, 8]
      Outputs:
        scores  float [batch, 4]
      Initializers: 8 tensors, 672 values (2.7 kB of fp32 weights), external data in mlp.weights
      Content hash: sha256:90e8c231b2e93eb6f3c34ef2949f298b604985c07c58fa19f1a2b5df3a0b6ed9
      Nodes: 15 (4 Gemm, 3 Constant, 2 Mul, 1 Add, 1 Div, 1 Erf, 1 Relu, 1 Sigmoid, 1 Tanh)
      Note: ONNX lowering is not available yet, so no FLOPs or peak memory here, and model run, profile, plan and validate do not take ONNX files yet.

      """)
  }

  @Test("a truncated .onnx file is an ONNX error, not a safetensors header complaint")
  func truncated() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let whole = try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/cnn/ts14.onnx"))
    #expect(FileManager.default.createFile(atPath: folder + "/cut.onnx", contents: whole.prefix(100)))
    let result = try runInferPlan(["model", "inspect", "cut.onnx"], in: folder)
    #expect(result.status == 1 && result.out.isEmpty)
    #expect(result.err == "Error: cut.onnx: field 7 of model says 7120 bytes at byte 20, but only 78 remain in its message. "
      + "The file is truncated or corrupt: copy or export it again.\n")
  }

  @Test("commands that need a lowered graph say so and point to model inspect")
  func loweringUnavailable() throws {
    let path = Self.fixtures + "/mlp/ts20.onnx"
    let result = try runInferPlan(["--model", path, "--volume", "100/min", "--budget", "50"])
    #expect(result.status == 1 && result.out.isEmpty)
    #expect(result.err == "Error: \(path): ONNX lowering is not available yet, so this command cannot run or plan an ONNX "
      + "model. `infer-plan model inspect \(path)` shows its inputs, outputs, opsets and ops.\n")
  }

  @Test("a hub id gets a hint to download the folder first")
  func hubIdentifier() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try runInferPlan(["model", "inspect", "sentence-transformers/all-MiniLM-L6-v2"], in: folder)
    #expect(result.status == 1 && result.out.isEmpty)
    #expect(result.err == "Error: sentence-transformers/all-MiniLM-L6-v2: no such file or folder; it looks like a Hugging Face "
      + "hub id, and infer-plan does not download models (no network access). Download the folder first, e.g. "
      + "`hf download sentence-transformers/all-MiniLM-L6-v2 --local-dir all-MiniLM-L6-v2`, then pass that folder.\n")
  }
}
