import Foundation
import Kernels
import ModelGraph
import Testing
import TestSupport

/// ONNX files lowered into our graph and run on the CPU fast path and the reference, against
/// ONNX Runtime's outputs on the same file (made by
/// Tests/ModelGraphTests/Fixtures/onnx/make_onnx_fixtures.py; committed, so no torch or ORT here).
@Suite("ONNX files vs ONNX Runtime")
struct ONNXForwardTests {
  static let folder = ONNXFixtures.folder

  /// Family folder and export, for every file the lowering covers.
  static let files = [
    ("mlp", "ts14"), ("mlp", "ts20"), ("mlp", "dynamo20"),
    ("bert", "ts14"), ("bert", "ts17"), ("bert", "ts20"), ("bert", "dynamo18"), ("bert", "dynamo20"),
    ("gpt2", "ts14"), ("gpt2", "ts17"), ("gpt2", "ts20"), ("gpt2", "dynamo18"), ("gpt2", "dynamo20"),
    ("cnn", "ts14"), ("cnn", "ts20"), ("cnn", "dynamo20"),
  ]

  @Test("every output within 1e-4 of ONNX Runtime (scaled by magnitude)", arguments: files)
  func matchesONNXRuntime(family: String, export: String) throws {
    let lowered = try ONNXLowering.lower(ONNXModel(path: "\(Self.folder)/\(family)/\(export).onnx"))
    let input = try ONNXFixtures.input(for: lowered, family: family)
    var counts: [String: Int] = [:]
    for node in lowered.graph.nodes { counts[node.op.name, default: 0] += 1 }
    if family == "bert" {
      // Every pattern mapped onto the fused kernels, none left to generic pieces.
      #expect(counts == ["embedding": 1, "layer_norm": 5, "dense": 12, "attention": 2, "gelu": 2, "add": 4, "mean_pool": 1])
      #expect(lowered.inputs.map(\.role) == [.tokenIDs, .attentionMask])
    } else if family == "gpt2" {
      // The fused QKV projection split into three denses; the tied head is a dense too.
      #expect(counts == ["embedding": 1, "layer_norm": 5, "dense": 13, "causal_attention": 2, "gelu_tanh": 2, "add": 4])
      #expect(lowered.inputs.map(\.role) == [.tokenIDs])
    } else if family == "cnn" {
      // Conv+BatchNorm pairs arrive folded by the exporters; the BatchNorm after the residual Add stays.
      #expect(counts["convolution"] == 5 && counts["channel_affine"] == 1 && counts["max_pool"] == 1 && counts["dense"] == 1)
      #expect(counts["average_pool"] == 2 && counts["clip"] == 1 && counts["relu"] == 3 && counts["add"] == 1)
    } else {
      #expect(counts == ["dense": 4, "relu": 1, "gelu": 1, "tanh": 1, "sigmoid": 1])
    }
    for output in lowered.outputs {
      let graph = try #require(lowered.graph(forOutput: output.name))
      let expected = try NPYFile.read(path: "\(Self.folder)/\(family)/\(export).output.\(output.name).npy").floatTensor()
      let tolerance = 1e-4 * max(1, expected.scalars.map(abs).max() ?? 0)
      for threads in [1, 2] {
        let fast = try CPUModel(graph: graph, instructionSet: .detect(), threads: threads).forward(input)
        #expect(fast.shape == expected.shape, "\(family)/\(export) \(output.name)")
        #expect(maxAbsDifference(fast.scalars, expected.scalars) <= tolerance, "\(family)/\(export) \(output.name)")
      }
      let reference = try ReferenceForward.run(graph, input: input)
      #expect(maxAbsDifference(reference.scalars, expected.scalars) <= tolerance, "\(family)/\(export) \(output.name) reference")
    }
  }
}
