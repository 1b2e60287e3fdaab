import Foundation
import Kernels
import ModelGraph
import Testing
import TestSupport

private let miniLMModelFolder = ProcessInfo.processInfo.environment["INFER_PLAN_MINILM_DIR"]
private let miniLMReferenceFolder = ProcessInfo.processInfo.environment["INFER_PLAN_MINILM_REFERENCE"]

/// The real all-MiniLM-L6-v2 against the float64 numpy reference written by
/// `Fixtures/minilm_check.py --out DIR`. Optional (the model is 83 MB): runs only when
/// `INFER_PLAN_MINILM_DIR` (the model folder) and `INFER_PLAN_MINILM_REFERENCE` (the script's
/// --out folder) are set; see docs/forward-pass.md.
@Suite(
  "all-MiniLM-L6-v2 vs float64 numpy (optional)",
  .enabled(if: miniLMModelFolder != nil && miniLMReferenceFolder != nil))
struct MiniLMCheckTests {
  @Test("last_hidden_state and mean pooling within 1e-4", arguments: InstructionSet.supported)
  func miniLM(instructionSet: InstructionSet) throws {
    let (modelFolder, reference) = (miniLMModelFolder ?? "", miniLMReferenceFolder ?? "")
    var graph = try ModelLoader.load(path: modelFolder)
    let ids = try NPYFile.read(path: reference + "/minilm_input_ids.npy")
    let batch = TokenBatch(
      batchSize: ids.shape[0], sequenceLength: ids.shape[1], ids: try ids.int32Values(),
      mask: try NPYFile.read(path: reference + "/minilm_attention_mask.npy").int32Values())
    let expected = try NPYFile.read(path: reference + "/minilm_expected.npy").floatTensor()
    let hidden = try CPUModel(graph: graph, instructionSet: instructionSet, threads: 2).forward(.tokens(batch))
    #expect(hidden.shape == expected.shape)
    #expect(maxAbsDifference(hidden.scalars, expected.scalars) <= 1e-4)

    graph.nodes.append(Node(name: "pool", op: .meanPool, inputs: [graph.output, "attention_mask"], output: "pooled"))
    graph.output = "pooled"
    let pooledExpected = try NPYFile.read(path: reference + "/minilm_pooled.npy").floatTensor()
    let pooled = try CPUModel(graph: graph, instructionSet: instructionSet, threads: 2).forward(.tokens(batch))
    #expect(maxAbsDifference(pooled.scalars, pooledExpected.scalars) <= 1e-4)
  }
}
