import Foundation
import Testing
import TestSupport

/// `model run` with named tensors: ONNX files against ONNX Runtime's outputs, native models by
/// their tensor names, and the mistakes a user makes with names and shapes.
@Suite("model run with named tensors (end to end)")
struct ONNXModelRunTests {
  static let onnx = ONNXCommandTests.fixtures
  static let kernels = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("KernelsTests/Fixtures").path

  /// The float32 payload of a `.npy` file written by numpy or by infer-plan (header skipped).
  static func floats(_ path: String) throws -> [Float] {
    let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let start = 10 + Int(data[8]) + Int(data[9]) << 8
    return stride(from: start, to: data.count, by: 4).map { offset in
      Float(bitPattern: UInt32(data[offset]) | UInt32(data[offset + 1]) << 8 | UInt32(data[offset + 2]) << 16 | UInt32(data[offset + 3]) << 24)
    }
  }

  @Test("an ONNX encoder with --output-dir writes every output, matching ONNX Runtime", arguments: ["ts14", "dynamo18"])
  func outputFolder(export: String) throws {
    let folder = try makeTemporaryFolder("onnx-run")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try runInferPlan([
      "model", "run", "\(Self.onnx)/bert/\(export).onnx", "--input", "input_ids=\(Self.onnx)/bert/input.input_ids.npy",
      "--input", "attention_mask=\(Self.onnx)/bert/input.attention_mask.npy", "--output-dir", folder + "/out", "--threads", "1",
    ])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.split(separator: "\n").count == 2)
    for name in ["last_hidden_state", "sentence_embedding"] {
      let expected = try Self.floats("\(Self.onnx)/bert/\(export).output.\(name).npy")
      #expect(maxAbsDifference(try Self.floats("\(folder)/out/\(name).npy"), expected) <= 1e-4)
    }
  }

  @Test("--output NAME=FILE writes only that output; a one-input ONNX MLP takes an unnamed --input")
  func namedOutput() throws {
    let folder = try makeTemporaryFolder("onnx-run")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let pooled = try runInferPlan([
      "model", "run", "\(Self.onnx)/bert/ts17.onnx", "--input", "input_ids=\(Self.onnx)/bert/input.input_ids.npy",
      "--input", "attention_mask=\(Self.onnx)/bert/input.attention_mask.npy", "--output", "sentence_embedding=\(folder)/s.npy",
    ])
    #expect(pooled.status == 0, "\(pooled.err)")
    #expect(pooled.out.hasPrefix("Wrote \(folder)/s.npy: float32 [2, 16] (sentence_embedding)"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/last_hidden_state.npy"))
    let mlp = try runInferPlan(["model", "run", "\(Self.onnx)/mlp/ts14.onnx", "--input", "\(Self.onnx)/mlp/input.features.npy", "--output", "\(folder)/m.npy"])
    #expect(mlp.status == 0, "\(mlp.err)")
    #expect(maxAbsDifference(try Self.floats(folder + "/m.npy"), try Self.floats("\(Self.onnx)/mlp/ts14.output.scores.npy")) <= 1e-4)
  }

  @Test("a native encoder takes its tensor names too")
  func nativeNames() throws {
    let folder = try makeTemporaryFolder("onnx-run")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try runInferPlan([
      "model", "run", Self.kernels + "/tiny_bert.safetensors", "--input", "input_ids=\(Self.kernels)/tiny_bert_input_ids.npy",
      "--input", "attention_mask=\(Self.kernels)/tiny_bert_attention_mask.npy",
      "--input", "token_type_ids=\(Self.kernels)/tiny_bert_token_type_ids.npy", "--output-dir", folder,
    ])
    #expect(result.status == 0, "\(result.err)")
    let expected = try Self.floats(Self.kernels + "/tiny_bert_expected.npy")
    #expect(maxAbsDifference(try Self.floats(folder + "/last_hidden_state.npy"), expected) <= 1e-4)
  }

  /// (arguments after `model run` with $-placeholders, status, first stderr line)
  static let badRuns: [([String], Int32, String)] = [
    (["$BERT", "--input", "ids=$IDS", "--input", "attention_mask=$MASK", "--output-dir", "$DIR"], 64,
     "Error: '--input ids=$IDS': the model has no input 'ids'; its inputs: input_ids, attention_mask."),
    (["$BERT", "--input", "input_ids=$IDS", "--output-dir", "$DIR"], 64,
     "Error: missing '--input attention_mask=FILE.npy'; this model's inputs: input_ids, attention_mask."),
    (["$BERT", "--input", "input_ids=$IDS", "--input", "attention_mask=$MASK", "--output", "$DIR/x.npy"], 64,
     "Error: '--output $DIR/x.npy': this model has outputs last_hidden_state, sentence_embedding; name one ('--output last_hidden_state=$DIR/x.npy') or use --output-dir DIR."),
    (["$BERT", "--input", "input_ids=$IDS", "--input", "attention_mask=$MASK", "--output", "$DIR/x.npy", "--output-dir", "$DIR"], 64,
     "Error: '--output' and '--output-dir' both given; use one: --output NAME=FILE picks outputs, --output-dir writes all."),
    (["$BERT", "--input", "input_ids=$IDS", "--mask", "$MASK", "--output-dir", "$DIR"], 64,
     "Error: '--mask' applies to native encoders; for an ONNX model name each input (--input NAME=FILE.npy; inputs: input_ids, attention_mask)."),
    (["$BERT", "--input", "input_ids=$IDS", "--input", "attention_mask=$SHORTMASK", "--output-dir", "$DIR"], 1,
     "Error: input $SHORTMASK has shape [2, 3]; it must match the token ids' [2, 5]."),
    (["$MLP", "--input", "features=$WIDE", "--output-dir", "$DIR"], 1,
     "Error: input $WIDE has shape [2, 16]; this MLP takes float32 features [batch, 8] (reshape a single row to [1, 8])."),
  ]

  @Test("wrong names or shapes fail with a clear message and write nothing", arguments: badRuns)
  func badRun(arguments: [String], status: Int32, message: String) throws {
    let folder = try makeTemporaryFolder("onnx-run")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let names = [
      "$BERT": Self.onnx + "/bert/ts20.onnx", "$MLP": Self.onnx + "/mlp/ts20.onnx", "$IDS": Self.onnx + "/bert/input.input_ids.npy",
      "$MASK": Self.onnx + "/bert/input.attention_mask.npy", "$SHORTMASK": Self.kernels + "/../../ModelGraphTests/Fixtures/npy/float32_2x3.npy",
      "$WIDE": Self.onnx + "/bert/dynamo18.output.sentence_embedding.npy", "$DIR": folder + "/out",
    ]
    func substitute(_ text: String) -> String {
      names.keys.sorted { $0.count > $1.count }.reduce(text) { $0.replacingOccurrences(of: $1, with: names[$1] ?? "") }
    }
    let result = try runInferPlan(["model", "run"] + arguments.map(substitute))
    #expect(result.status == status)
    #expect(result.err.split(separator: "\n").first.map(String.init) == substitute(message))
    let written = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/out")) ?? []
    #expect(written.isEmpty)
  }
}
