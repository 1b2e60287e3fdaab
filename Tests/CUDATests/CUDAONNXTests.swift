import CUDA
import Foundation
import Kernels
import ModelGraph
import TestSupport
import Testing

extension CUDAFakeDriverTests {
  /// Graphs lowered from the committed ONNX exports through the GPU backend (the fake driver runs
  /// its kernels on the CPU): MLPs and encoders match ONNX Runtime's outputs on the same file;
  /// decoders and CNNs, whose ops have no GPU kernels yet, are refused with a message.
  @Suite("GPU backend on ONNX graphs")
  struct ONNX {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("ModelGraphTests/Fixtures/onnx").path

    static func lowered(_ file: String) throws -> ONNXLoweredModel {
      try ONNXLowering.lower(ONNXModel(path: "\(folder)/\(file).onnx"))
    }

    static func backend(_ graph: Graph) throws -> CUDABackend {
      let fake = try CUDAFakeLibrary.load()
      fake.reset()
      return try CUDABackend(graph: graph, precision: .fp32, libraries: fake.paths)
    }

    @Test("MLP and encoder exports equal ONNX Runtime", arguments: ["mlp/ts14", "bert/ts17", "bert/dynamo20"])
    func matchesONNXRuntime(file: String) throws {
      let lowered = try Self.lowered(file)
      let family = String(file.split(separator: "/")[0])
      func read(_ name: String) throws -> NPYArray { try NPYFile.read(path: "\(Self.folder)/\(family)/input.\(name).npy") }
      let input: ModelInput
      if family == "mlp" {
        input = .features(try read("features").floatTensor())
      } else {
        let ids = try read("input_ids")
        input = .tokens(TokenBatch(
          batchSize: ids.shape[0], sequenceLength: ids.shape[1], ids: try ids.int32Values(),
          mask: try read("attention_mask").int32Values()))
      }
      let output = try #require(lowered.outputs.first)
      // The backend must outlive its pass (the pass borrows its session).
      let backend = try Self.backend(lowered.graph)
      let pass = try backend.prepare(input: input)
      try pass.run()
      let expected = try NPYFile.read(path: "\(Self.folder)/\(file).output.\(output.name).npy").floatTensor()
      #expect(maxAbsDifference(try pass.outputs().scalars, expected.scalars) <= 1e-4)
    }

    @Test("decoder and CNN graphs are refused: their ops have no GPU kernels yet", arguments: ["gpt2/ts20", "cnn/ts14"])
    func refused(file: String) throws {
      let backend = try Self.backend(Self.lowered(file).graph)
      let input = CUDABackend.seededInput(for: backend.graph, batchSize: 2, sequenceLength: 4)
      let error = #expect(throws: CUDAError.self) { try backend.prepare(input: input) }
      #expect(error?.description.contains("has no GPU kernel yet; measure it on the CPU") == true)
    }
  }
}
