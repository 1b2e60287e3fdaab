import Foundation
import Kernels
import ModelGraph
import Testing
import TestSupport

/// The committed fixtures (made by Fixtures/make_fixtures.py, expected outputs from an
/// independent float64 numpy implementation): both forward passes within 1e-4 max abs.
@Suite("Forward pass vs numpy fixtures")
struct FixtureTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
  static let tolerance: Float = 1e-4

  static func path(_ name: String) -> String { folder + "/" + name }

  static func tinyBERTInput() throws -> TokenBatch {
    let ids = try NPYFile.read(path: path("tiny_bert_input_ids.npy"))
    return TokenBatch(
      batchSize: ids.shape[0], sequenceLength: ids.shape[1], ids: try ids.int32Values(),
      mask: try NPYFile.read(path: path("tiny_bert_attention_mask.npy")).int32Values(),
      tokenTypes: try NPYFile.read(path: path("tiny_bert_token_type_ids.npy")).int32Values())
  }

  @Test("tiny MLP", arguments: InstructionSet.supported, [1, 2])
  func tinyMLP(instructionSet: InstructionSet, threads: Int) throws {
    let graph = try ModelLoader.load(path: Self.path("tiny_mlp.safetensors"))
    let input = ModelInput.features(try NPYFile.read(path: Self.path("tiny_mlp_input.npy")).floatTensor())
    let expected = try NPYFile.read(path: Self.path("tiny_mlp_expected.npy")).floatTensor()
    let fast = try CPUModel(graph: graph, instructionSet: instructionSet, threads: threads).forward(input)
    let reference = try ReferenceForward.run(graph, input: input)
    #expect(fast.shape == expected.shape && reference.shape == expected.shape)
    #expect(maxAbsDifference(fast.scalars, expected.scalars) <= Self.tolerance)
    #expect(maxAbsDifference(reference.scalars, expected.scalars) <= Self.tolerance)
  }

  @Test("tiny BERT with padding: last_hidden_state and mean pooling", arguments: InstructionSet.supported, [1, 2])
  func tinyBERT(instructionSet: InstructionSet, threads: Int) throws {
    var graph = try ModelLoader.load(path: Self.path("tiny_bert.safetensors"))
    let input = ModelInput.tokens(try Self.tinyBERTInput())
    let expected = try NPYFile.read(path: Self.path("tiny_bert_expected.npy")).floatTensor()
    let fast = try CPUModel(graph: graph, instructionSet: instructionSet, threads: threads).forward(input)
    let reference = try ReferenceForward.run(graph, input: input)
    #expect(fast.shape == [3, 7, 16] && reference.shape == expected.shape)
    #expect(maxAbsDifference(fast.scalars, expected.scalars) <= Self.tolerance)
    #expect(maxAbsDifference(reference.scalars, expected.scalars) <= Self.tolerance)

    graph.nodes.append(Node(name: "pool", op: .meanPool, inputs: [graph.output, "attention_mask"], output: "pooled"))
    graph.output = "pooled"
    let pooledExpected = try NPYFile.read(path: Self.path("tiny_bert_pooled.npy")).floatTensor()
    let pooled = try CPUModel(graph: graph, instructionSet: instructionSet, threads: threads).forward(input)
    #expect(pooled.shape == [3, 16])
    #expect(maxAbsDifference(pooled.scalars, pooledExpected.scalars) <= Self.tolerance)
    #expect(maxAbsDifference(try ReferenceForward.run(graph, input: input).scalars, pooledExpected.scalars) <= Self.tolerance)
  }

  @Test("The mask matters: without it the padded rows' outputs change")
  func maskIsExercised() throws {
    let graph = try ModelLoader.load(path: Self.path("tiny_bert.safetensors"))
    var batch = try Self.tinyBERTInput()
    let expected = try NPYFile.read(path: Self.path("tiny_bert_expected.npy")).floatTensor()
    batch.mask = [Int32](repeating: 1, count: batch.mask.count)
    let unmasked = try CPUModel(graph: graph, instructionSet: .scalar, threads: 1).forward(.tokens(batch))
    #expect(maxAbsDifference(unmasked.scalars, expected.scalars) > 0.05)
  }

  /// (folder, whether padded positions are compared). HF RoBERTa gives padded positions the
  /// padding row's position embedding where infer-plan uses 2 + s; those positions are masked
  /// as keys, so only their own outputs differ and only unpadded tokens are compared.
  static let huggingFaceCases: [(String, Bool)] = [("hf_roberta", false), ("hf_distilbert", true)]

  @Test("Hugging Face RoBERTa and DistilBERT folders", arguments: huggingFaceCases)
  func huggingFace(name: String, comparePadding: Bool) throws {
    let graph = try ModelLoader.load(path: Self.path(name))
    let ids = try NPYFile.read(path: Self.path(name + "_input_ids.npy"))
    let batch = TokenBatch(
      batchSize: ids.shape[0], sequenceLength: ids.shape[1], ids: try ids.int32Values(),
      mask: try NPYFile.read(path: Self.path(name + "_attention_mask.npy")).int32Values())
    let expected = try NPYFile.read(path: Self.path(name + "_expected.npy")).floatTensor()
    let hidden = expected.shape.last ?? 0
    func compared(_ tensor: Tensor) -> [Float] {
      (0..<batch.ids.count).filter { comparePadding || batch.mask[$0] == 1 }
        .flatMap { tensor.scalars[($0 * hidden)..<(($0 + 1) * hidden)] }
    }
    for instructionSet in InstructionSet.supported {
      let fast = try CPUModel(graph: graph, instructionSet: instructionSet, threads: 2).forward(.tokens(batch))
      #expect(fast.shape == expected.shape)
      #expect(maxAbsDifference(compared(fast), compared(expected)) <= Self.tolerance, "\(instructionSet)")
    }
    let reference = try ReferenceForward.run(graph, input: .tokens(batch))
    #expect(maxAbsDifference(compared(reference), compared(expected)) <= Self.tolerance)
  }
}
