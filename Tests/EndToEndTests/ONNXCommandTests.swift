import Foundation
import Testing

/// `.onnx` files and hub ids on the command line: `model inspect` prints what the reader found
/// and the lowered graph; plan takes ONNX files; an unsupported op is an error naming it.
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
      Lowered to (ONNX MLP):
        Kind: MLP, input 'features' [batch, 8], output 'scores'
        Parameters: 672 (2.7 kB fp32 weights)
        Layers: 8 nodes (4 dense, 1 gelu, 1 relu, 1 sigmoid, 1 tanh)
          /fc1/Gemm                  dense      → [batch, 16]  weight [16, 8]
          /Relu                      relu       → [batch, 16]
          /fc2/Gemm                  dense      → [batch, 16]  weight [16, 16]
          /Mul_1                     gelu       → [batch, 16]
          /fc3/Gemm                  dense      → [batch, 12]  weight [12, 16]
          /Tanh                      tanh       → [batch, 12]
          /fc4/Gemm                  dense      → [batch, 4]  weight [4, 12]
          /Sigmoid                   sigmoid    → [batch, 4]
        Per sample (batch 1): 1.5 kFLOP, peak activations 128 B
      Work per op (batch 1):
        op                  nodes        FLOPs        bytes
        dense                   4    1.3 kFLOP       3.1 kB
        gelu                    1     128 FLOP        128 B
        tanh                    1      60 FLOP         96 B
        relu                    1      16 FLOP        128 B
        sigmoid                 1      16 FLOP         32 B

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

  @Test("plan takes an ONNX MLP")
  func plan() throws {
    let path = Self.fixtures + "/mlp/ts20.onnx"
    let result = try runInferPlan(["--model", path, "--volume", "100/min", "--budget", "50", "--quick"])
    #expect(result.status == 0, "\(result.err)")
    let words = result.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(words.contains("(ONNX MLP, 672 params"))
  }

  @Test("profile records an ONNX CNN's input shape; a plan ignores rows measured at another shape, saying so")
  func inputShapesColumn() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let model = Self.fixtures + "/cnn/ts14.onnx"
    let profiled = try runInferPlan(["profile", "--model", model, "--quick", "--batch-sizes", "1", "--out", "m.csv"], in: folder)
    #expect(profiled.status == 0, "\(profiled.err)")
    let table = try String(contentsOfFile: folder + "/m.csv", encoding: .utf8)
    let lines = table.split(separator: "\n").map(String.init)
    let column = try #require(lines.first?.split(separator: ",").firstIndex(of: "input_shapes"))
    #expect(lines.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false)[column] == "image=3x16x16" })

    // The same table, relabelled as if measured at 3x32x32: no row may be used for 3x16x16.
    try table.replacingOccurrences(of: "image=3x16x16", with: "image=3x32x32")
      .write(toFile: folder + "/other.csv", atomically: true, encoding: .utf8)
    try? FileManager.default.removeItem(atPath: folder + "/m.csv.samples.json")
    let planned = try runInferPlan(
      ["--model", model, "--volume", "100/min", "--budget", "50", "--measurements", "other.csv"], in: folder)
    let words = (planned.out + planned.err).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(words.contains(
      "other.csv: 1 rows were measured at other input shapes (image=3x32x32) than this plan's (image=3x16x16) and were "
        + "ignored; pass the --input-shape they were measured at to use them."), "\(words)")
  }

  @Test("an unsupported op is an error naming the node, the op and the supported ops (inspect exits 1)")
  func unsupportedOp() throws {
    let path = Self.fixtures + "/dtypes/dtypes.onnx"
    for arguments in [["model", "inspect", path], ["--model", path, "--volume", "100/min", "--budget", "50"]] {
      let result = try runInferPlan(arguments)
      #expect(result.status == 1 && result.out.isEmpty)
      #expect(result.err.hasPrefix(
        "Error: \(path): node 'every_attribute' uses op test.infer_plan.Everything, which infer-plan cannot run. Supported ops: Add, AveragePool,"))
      #expect(result.err.hasSuffix(", Unsqueeze, Where. See docs/onnx.md.\n"))
    }
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
