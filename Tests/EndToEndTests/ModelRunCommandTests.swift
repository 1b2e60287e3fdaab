import Foundation
import Testing
import TestSupport

/// A minimal `.npy` v1.0 codec for the tests: writes int32/int64/float32, reads float32.
private enum TestNPY {
  static func write(_ path: String, shape: [Int], descr: String, bytes: [UInt8]) throws {
    let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
    header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
    let length = header.utf8.count
    let data = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8) + bytes
    try Data(data).write(to: URL(fileURLWithPath: path))
  }

  static func writeInt64(_ path: String, shape: [Int], _ values: [Int64]) throws {
    try write(path, shape: shape, descr: "<i8", bytes: values.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) })
  }

  static func writeFloat(_ path: String, shape: [Int], _ values: [Float]) throws {
    try write(path, shape: shape, descr: "<f4", bytes: values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
  }

  /// The float32 payload of a `.npy` file (header skipped).
  static func readFloats(_ path: String) throws -> [Float] {
    let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let start = 10 + Int(data[8]) + Int(data[9]) << 8
    return stride(from: start, to: data.count, by: 4).map { offset in
      Float(bitPattern: UInt32(data[offset]) | UInt32(data[offset + 1]) << 8 | UInt32(data[offset + 2]) << 16 | UInt32(data[offset + 3]) << 24)
    }
  }
}

@Suite("model run (end to end)")
struct ModelRunCommandTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("KernelsTests/Fixtures").path
  static let bert = fixtures + "/tiny_bert.safetensors"
  static let mlp = fixtures + "/tiny_mlp.safetensors"

  @Test("tiny BERT with mask and token types, with and without --pool mean", arguments: [false, true])
  func tinyBERT(pooled: Bool) throws {
    let folder = try makeTemporaryFolder("model-run")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let output = folder + "/out.npy"
    var arguments = [
      "model", "run", Self.bert, "--input", Self.fixtures + "/tiny_bert_input_ids.npy", "--mask",
      Self.fixtures + "/tiny_bert_attention_mask.npy", "--token-types", Self.fixtures + "/tiny_bert_token_type_ids.npy",
      "--output", output, "--threads", "2",
    ]
    if pooled { arguments += ["--pool", "mean"] }
    let result = try runInferPlan(arguments)
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.hasPrefix("Wrote \(output): float32 \(pooled ? "[3, 16]" : "[3, 7, 16]")"))
    let expected = try TestNPY.readFloats(Self.fixtures + (pooled ? "/tiny_bert_pooled.npy" : "/tiny_bert_expected.npy"))
    #expect(maxAbsDifference(try TestNPY.readFloats(output), expected) <= 1e-4)
  }

  @Test("tiny MLP, forced to the scalar level")
  func tinyMLP() throws {
    let folder = try makeTemporaryFolder("model-run")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let output = folder + "/out.npy"
    let result = try runInferPlan(
      ["model", "run", Self.mlp, "--input", Self.fixtures + "/tiny_mlp_input.npy", "--output", output, "--threads", "1"],
      environment: ["INFER_PLAN_ISA": "scalar"])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out == "Wrote \(output): float32 [3, 5] (probabilities), CPU scalar, 1 thread.\n")
    let expected = try TestNPY.readFloats(Self.fixtures + "/tiny_mlp_expected.npy")
    #expect(maxAbsDifference(try TestNPY.readFloats(output), expected) <= 1e-4)
  }

  /// (arguments with $-placeholders for files, environment, status, first stderr line)
  static let badRuns: [([String], [String: String], Int32, String)] = [
    (["$BERT", "--output", "$OUT"], [:], 64, "Error: missing required option '--input IN.npy'."),
    (["$BERT", "--input", "$IDS"], [:], 64, "Error: missing required option '--output OUT.npy' (or '--output-dir DIR' for every output)."),
    (["--input", "$IDS", "--output", "$OUT"], [:], 64,
     "Error: 'model run' needs a model file or Hugging Face folder, e.g. 'infer-plan model run small.bin --input x.npy --output y.npy'."),
    (["$BERT", "--input", "$IDS", "--output", "$OUT", "--pool", "max"], [:], 64,
     "Error: '--pool max': the only pooling is 'mean' (average over unmasked tokens)."),
    (["$BERT", "--input", "$IDS", "--output", "$OUT", "--threads", "0"], [:], 64, "Error: '--threads 0': must be between 1 and 1024."),
    (["$MLP", "--input", "$FLOAT", "--output", "$OUT", "--mask", "$MASK3"], [:], 64,
     "Error: '--mask' applies to encoders; '$MLP' is an MLP (input: float32 features)."),
    (["$BERT", "--input", "$BIGID", "--output", "$OUT"], [:], 1,
     "Error: token id 50 at [0, 1] is outside the vocabulary (0..<50); tokenize with this model's vocabulary."),
    (["$BERT", "--input", "$LONG", "--output", "$OUT"], [:], 1,
     "Error: sequence length 13 exceeds this model's maximum of 12 positions; truncate the input to 12 tokens."),
    (["$BERT", "--input", "$IDS", "--mask", "$MASK3", "--output", "$OUT"], [:], 1,
     "Error: input $MASK3 has shape [1, 3]; it must match the token ids' [1, 2]."),
    (["$BERT", "--input", "$FLOAT", "--output", "$OUT"], [:], 1, "Error: $FLOAT: holds float32 values; this input needs int32 or int64."),
    (["$MLP", "--input", "$FLOAT", "--output", "$OUT"], [:], 1,
     "Error: input $FLOAT has shape [1, 2]; this MLP takes float32 features [batch, 8] (reshape a single row to [1, 8])."),
    (["$BERT", "--input", "$IDS", "--output", "/nonexistent-folder/out.npy"], [:], 1,
     "Error: /nonexistent-folder/out.npy: cannot write the .npy file (folder /nonexistent-folder does not exist). Check that the folder exists and is writable."),
    (["/nonexistent-model.bin", "--input", "$IDS", "--output", "$OUT"], [:], 1,
     "Error: /nonexistent-model.bin: cannot read the model (no such file or folder). Check the path and its permissions."),
    (["$BERT", "--input", "$IDS", "--output", "$OUT"], ["INFER_PLAN_ISA": "sse9"], 1,
     "Error: INFER_PLAN_ISA='sse9' is not an instruction-set level; use one of scalar, avx2, avx512, or unset it to use the best this CPU has."),
  ]

  @Test("bad runs fail with a clear message and write nothing", arguments: badRuns)
  func badRun(arguments: [String], environment: [String: String], status: Int32, message: String) throws {
    let folder = try makeTemporaryFolder("model-run")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try TestNPY.writeInt64(folder + "/ids.npy", shape: [1, 2], [2, 5])
    try TestNPY.writeInt64(folder + "/bigid.npy", shape: [1, 2], [2, 50])
    try TestNPY.writeInt64(folder + "/long.npy", shape: [1, 13], [Int64](repeating: 1, count: 13))
    try TestNPY.writeInt64(folder + "/mask3.npy", shape: [1, 3], [1, 1, 1])
    try TestNPY.writeFloat(folder + "/float.npy", shape: [1, 2], [2, 5])
    let names = [
      "$BERT": Self.bert, "$MLP": Self.mlp, "$IDS": folder + "/ids.npy", "$BIGID": folder + "/bigid.npy",
      "$LONG": folder + "/long.npy", "$MASK3": folder + "/mask3.npy", "$FLOAT": folder + "/float.npy", "$OUT": folder + "/out.npy",
    ]
    let result = try runInferPlan(["model", "run"] + arguments.map { names[$0] ?? $0 }, environment: environment)
    var expected = message
    for (key, value) in names { expected = expected.replacingOccurrences(of: key, with: value) }
    #expect(result.status == status)
    #expect(result.err.split(separator: "\n").first.map(String.init) == expected)
    #expect(!FileManager.default.fileExists(atPath: folder + "/out.npy"))
  }

  @Test("--help prints usage with examples to stdout")
  func help() throws {
    let result = try runInferPlan(["model", "run", "--help"])
    #expect(result.status == 0)
    #expect(result.out.hasPrefix("Usage: infer-plan model run MODEL --input IN.npy --output OUT.npy [options]"))
    #expect(result.out.contains("--pool mean") && result.out.contains("Examples:"))
  }
}
