import CUDA
import Foundation
import Kernels
import ModelGraph
import TestSupport
import Testing

extension CUDAFakeDriverTests {
  /// Graphs lowered from the committed ONNX exports through the GPU backend (the fake driver runs
  /// its kernels on the CPU): every family matches ONNX Runtime's outputs on the same file.
  @Suite("GPU backend on ONNX graphs")
  struct ONNX {
    static let folder = ONNXFixtures.folder

    static func lowered(_ file: String) throws -> ONNXLoweredModel {
      try ONNXLowering.lower(ONNXModel(path: "\(folder)/\(file).onnx"))
    }

    static func backend(_ graph: Graph) throws -> CUDABackend {
      let fake = try CUDAFakeLibrary.load()
      fake.reset()
      return try CUDABackend(graph: graph, precision: .fp32, libraries: fake.paths)
    }

    @Test(
      "MLP, encoder, decoder and CNN exports equal ONNX Runtime",
      arguments: ["mlp/ts14", "bert/ts17", "bert/dynamo20", "gpt2/ts20", "gpt2/dynamo20", "cnn/ts14", "cnn/dynamo20"])
    func matchesONNXRuntime(file: String) throws {
      let lowered = try Self.lowered(file)
      let input = try ONNXFixtures.input(for: lowered, family: String(file.split(separator: "/")[0]))
      let output = try #require(lowered.outputs.first)
      // The backend must outlive its pass (the pass borrows its session).
      let backend = try Self.backend(lowered.graph)
      let pass = try backend.prepare(input: input)
      try pass.run()
      let expected = try NPYFile.read(path: "\(Self.folder)/\(file).output.\(output.name).npy").floatTensor()
      let tolerance = 1e-4 * max(1, expected.scalars.map(abs).max() ?? 0)
      #expect(maxAbsDifference(try pass.outputs().scalars, expected.scalars) <= tolerance)
      // The roofline's launch term counts what the pass enqueues.
      #expect(pass.costs.reduce(0) { $0 + $1.launches } == pass.launches)
    }
  }
}
