import Foundation
import ModelGraph
import Testing

@Suite("ModelFile")
struct ModelFileTests {
  @Test("write then read gives the same graph", arguments: [ModelPreset.tinyMLP, .tinyBERT])
  func roundTrip(preset: ModelPreset) throws {
    let folder = try ModelGraphTestFiles.makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let graph = preset.makeGraph(seed: 7)
    let path = folder + "/model.bin"
    try ModelFile.write(graph, to: path)
    let loaded = try ModelLoader.load(path: path)
    #expect(loaded == graph)
    #expect(loaded.contentHash == graph.contentHash)
    // Only the model itself is left: the temporary file was renamed.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["model.bin"])
  }

  @Test("encoding is deterministic and starts with a safetensors header padded to 8 bytes")
  func deterministicEncoding() throws {
    let first = try ModelFile.encode(ModelPreset.tinyMLP.makeGraph(seed: 1))
    let second = try ModelFile.encode(ModelPreset.tinyMLP.makeGraph(seed: 1))
    #expect(first == second)
    var length = 0
    for index in 0..<8 { length |= Int(first[index]) << (8 * index) }
    #expect(length % 8 == 0)
    #expect(first.count == 8 + length + 4 * 808)
  }

  @Test("writing into a missing folder fails before any work, naming the folder")
  func writeFailure() throws {
    let path = "/nonexistent-folder-for-tests/model.bin"
    #expect(throws: ModelFileError.writeFailed(path: path, reason: "folder /nonexistent-folder-for-tests does not exist")) {
      try ModelFile.write(ModelPreset.tinyMLP.makeGraph(), to: path)
    }
  }

  @Test("loading a missing path, or a truncated file on disk, gives its own error")
  func missingAndTruncatedOnDisk() throws {
    #expect(throws: ModelFileError.unreadable(path: "/no/such/model.bin", reason: "no such file or folder")) {
      try ModelLoader.load(path: "/no/such/model.bin")
    }
    let folder = try ModelGraphTestFiles.makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/cut.bin"
    try ModelFile.encode(ModelPreset.tinyMLP.makeGraph()).prefix(100).write(to: URL(fileURLWithPath: path))
    #expect(throws: ModelFileError.self) { try ModelLoader.load(path: path) }
  }

  /// A mutation of the good tiny-mlp file and the exact message it must produce.
  struct BadFile: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var change: @Sendable (inout SafetensorsParts) -> Data?
    var message: String
  }

  // tiny-mlp's tensors in file order: fc1.bias [32] at 0..<128, fc1.weight [32, 16] at
  // 128..<2176, fc2.bias [8] at 2176..<2208, fc2.weight [8, 32] at 2208..<3232.
  static let badFiles: [BadFile] = [
    BadFile(testDescription: "empty file", change: { _ in Data() },
            message: "bad.bin: file is 0 bytes; a model file needs at least 8. The file is truncated or not a model: create one with `infer-plan model create small.bin --preset small`."),
    BadFile(testDescription: "truncated inside the length field", change: { Data($0.bytes.prefix(5)) },
            message: "bad.bin: file is 5 bytes; a model file needs at least 8. The file is truncated or not a model: create one with `infer-plan model create small.bin --preset small`."),
    BadFile(testDescription: "header length past the end", change: { parts in
              var bytes = parts.bytes
              bytes.replaceSubrange(0..<8, with: [0x00, 0x10, 0, 0, 0, 0, 0, 0])
              return bytes.prefix(1000)
            },
            message: "bad.bin: header length field says 4096 bytes, but the file has only 1000 bytes. The file is truncated or not a safetensors model."),
    BadFile(testDescription: "absurd header length", change: { parts in
              var bytes = parts.bytes
              bytes.replaceSubrange(0..<8, with: [0, 0, 0, 0, 0, 1, 0, 0])
              return bytes
            },
            message: "bad.bin: header length field says 1099511627776 bytes, above the 100000000-byte limit. The file is corrupt or not a safetensors model."),
    BadFile(testDescription: "wrong magic: not JSON after the length", change: { parts in
              var bytes = parts.bytes
              bytes.replaceSubrange(8..<12, with: Array("\u{7}ELF".utf8))
              return bytes
            },
            message: "bad.bin: header is not valid JSON (the bytes after the length field do not parse). The file is corrupt or not a safetensors model."),
    BadFile(testDescription: "truncated data", change: { Data($0.bytes.dropLast(100)) },
            message: "bad.bin: tensor 'fc2.weight' has data_offsets [2208, 3232], outside the 3132 data bytes after the header. The file is truncated or corrupt."),
    BadFile(testDescription: "plain safetensors without metadata", change: { parts in
              parts.header["__metadata__"] = nil
              return nil
            },
            message: "bad.bin: not an infer-plan model (no __metadata__). Create one with `infer-plan model create small.bin --preset small`, or pass a Hugging Face model as its folder (with config.json and model.safetensors), or put its config.json beside this file."),
    BadFile(testDescription: "wrong format in metadata", change: { parts in
              parts.header["__metadata__"] = ["format": "pt"]
              return nil
            },
            message: "bad.bin: not an infer-plan model (__metadata__.format is 'pt'). Create one with `infer-plan model create small.bin --preset small`, or pass a Hugging Face model as its folder (with config.json and model.safetensors), or put its config.json beside this file."),
    BadFile(testDescription: "future format version", change: { parts in
              var metadata = parts.header["__metadata__"] as? [String: Any] ?? [:]
              metadata["format_version"] = "2"
              parts.header["__metadata__"] = metadata
              return nil
            },
            message: "bad.bin: format_version '2' is not supported; this infer-plan reads version 1. Recreate the model with this version of `infer-plan model create`."),
    BadFile(testDescription: "negative shape", change: { parts in
              parts.set("fc2.bias", "shape", [-8])
              return nil
            },
            message: "bad.bin: tensor 'fc2.bias' has shape [-8] with a negative or non-integer size; sizes must be whole numbers 0 or more."),
    BadFile(testDescription: "overflowing shape", change: { parts in
              parts.set("fc2.bias", "shape", [4_294_967_296, 4_294_967_296, 4_294_967_296])
              return nil
            },
            message: "bad.bin: tensor 'fc2.bias' has shape [4294967296, 4294967296, 4294967296], whose element count overflows. The file is corrupt."),
    BadFile(testDescription: "10^12 parameters claimed", change: { parts in
              parts.set("fc2.bias", "shape", [1_000_000, 1_000_000])
              return nil
            },
            message: "bad.bin: the tensors claim 1000000000000 parameters, above the limit of 2147483648. The file is corrupt or the model too large."),
    BadFile(testDescription: "offsets out of range", change: { parts in
              parts.set("fc2.weight", "data_offsets", [2208, 99_999])
              return nil
            },
            message: "bad.bin: tensor 'fc2.weight' has data_offsets [2208, 99999], outside the 3232 data bytes after the header. The file is truncated or corrupt."),
    BadFile(testDescription: "dtype mismatch", change: { parts in
              parts.set("fc2.bias", "dtype", "F16")
              return nil
            },
            message: "bad.bin: tensor 'fc2.bias' (F16, shape [8]) needs 16 bytes, but its data_offsets span 32. The dtype or shape does not match the data."),
    BadFile(testDescription: "unknown dtype", change: { parts in
              parts.set("fc2.bias", "dtype", "Q4_K")
              return nil
            },
            message: "bad.bin: tensor 'fc2.bias' has dtype 'Q4_K'; supported: F32, F16, BF16. Convert the weights to F32."),
    BadFile(testDescription: "integer weights", change: { parts in
              parts.set("fc2.bias", "dtype", "I32")
              return nil
            },
            message: "bad.bin: tensor 'fc2.bias' has dtype 'I32'; supported: F32, F16, BF16. Convert the weights to F32."),
    BadFile(testDescription: "overlapping tensors", change: { parts in
              parts.set("fc2.weight", "data_offsets", [2200, 3224])
              return nil
            },
            message: "bad.bin: tensors 'fc2.bias' and 'fc2.weight' overlap in the data section. The file is corrupt."),
    BadFile(testDescription: "gap between tensors", change: { parts in
              parts.data.append(Data(count: 8))
              parts.set("fc2.weight", "data_offsets", [2216, 3240])
              return nil
            },
            message: "bad.bin: the tensor after 'fc2.bias' starts at byte 2216, expected 2208; tensor data must be contiguous. The file is corrupt."),
    BadFile(testDescription: "trailing bytes", change: { parts in
              parts.data.append(Data(count: 4))
              return nil
            },
            message: "bad.bin: tensors use 3232 of the 3236 data bytes; the rest is not described by the header. The file is corrupt."),
    BadFile(testDescription: "entry without offsets", change: { parts in
              parts.set("fc2.bias", "data_offsets", "0-32")
              return nil
            },
            message: "bad.bin: tensor 'fc2.bias': 'data_offsets' must be two whole numbers [begin, end]."),
    BadFile(testDescription: "graph is not JSON", change: { parts in
              var metadata = parts.header["__metadata__"] as? [String: Any] ?? [:]
              metadata["graph"] = "{\"name\": "
              parts.header["__metadata__"] = metadata
              return nil
            },
            message: "bad.bin: __metadata__.graph is not valid JSON (it does not parse). See docs/model-format.md for the graph schema."),
    BadFile(testDescription: "graph without output", change: { parts in
              parts.changeGraph { $0["output"] = nil }
              return nil
            },
            message: "bad.bin: graph (top level): 'output' must be a string. See docs/model-format.md for the graph schema."),
    BadFile(testDescription: "unknown op", change: { parts in
              parts.changeNode(1) { $0["op"] = "conv2d" }
              return nil
            },
            message: "bad.bin: node 'act1' has unknown op 'conv2d'; known ops: dense, relu, gelu, gelu_tanh, tanh, sigmoid, softmax, layer_norm, add, embedding, attention, causal_attention, mean_pool."),
    BadFile(testDescription: "heads not a number", change: { parts in
              parts.changeNode(0) { $0["op"] = "attention"; $0["heads"] = "four" }
              return nil
            },
            message: "bad.bin: graph node 'fc1': 'heads' must be a whole number. See docs/model-format.md for the graph schema."),
    BadFile(testDescription: "tensor missing", change: { parts in
              parts.changeNode(2) { $0["bias"] = "fc2.b" }
              return nil
            },
            message: "bad.bin: node 'fc2' (dense) needs tensor 'fc2.b', which the model does not contain. Add the tensor or fix the name in the node."),
    BadFile(testDescription: "dense weight shape wrong for its input", change: { parts in
              parts.set("fc1.weight", "shape", [16, 32])
              return nil
            },
            message: "bad.bin: node 'fc1' (dense): tensor 'fc1.weight' has shape [16, 32], but the node needs [out, 16] (out > 0)."),
    BadFile(testDescription: "value used before it is defined", change: { parts in
              parts.changeNode(1) { $0["inputs"] = ["a1"] }
              return nil
            },
            message: "bad.bin: node 'act1' (relu) reads value 'a1', which is not defined before it. List nodes in execution order, and read only graph inputs or earlier nodes' outputs."),
  ]

  @Test("each bad file throws its own message", arguments: badFiles)
  func badFile(_ bad: BadFile) throws {
    var parts = try SafetensorsParts(ModelFile.encode(ModelPreset.tinyMLP.makeGraph()))
    let bytes = bad.change(&parts) ?? parts.bytes
    do {
      _ = try ModelFile.read(bytes: bytes, path: "bad.bin")
      Issue.record("expected an error")
    } catch let error as ModelFileError {
      #expect(error.description == bad.message)
    }
  }

  @Test("every prefix of a good file is rejected without a crash")
  func everyPrefix() throws {
    let bytes = try ModelFile.encode(ModelPreset.tinyMLP.makeGraph())
    for length in stride(from: 0, to: bytes.count, by: 97) {
      #expect(throws: ModelFileError.self) { try ModelFile.read(bytes: bytes.prefix(length), path: "cut.bin") }
    }
  }
}
