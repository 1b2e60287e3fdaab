import ModelGraph
import Testing
import TestSupport

@testable import Kernels

/// Bad graphs, inputs and instruction-set requests: each gives its own exact message.
@Suite("Forward-pass errors")
struct ForwardPassErrorTests {
  static let graph = ForwardTestGraphs.encoder(hidden: 8, heads: 2, ffn: 9, layers: 1, maxPositions: 6, seed: 1)

  static func batch(ids: [Int32], mask: [Int32]? = nil, types: [Int32]? = nil) -> ModelInput {
    .tokens(TokenBatch(batchSize: 1, sequenceLength: ids.count, ids: ids, mask: mask, tokenTypes: types))
  }

  static let inputCases: [(ModelInput, String)] = [
    (batch(ids: [1, 23]), "token id 23 at [0, 1] is outside the vocabulary (0..<23); tokenize with this model's vocabulary."),
    (batch(ids: [-1]), "token id -1 at [0, 0] is outside the vocabulary (0..<23); tokenize with this model's vocabulary."),
    (batch(ids: [1, 2], types: [0, 2]), "token type 2 at [0, 1] is outside 0..<2; this model has 2 token types."),
    (batch(ids: [1, 2], mask: [1, 3]), "attention mask value 3 at [0, 1] must be 0 (padding) or 1 (token)."),
    (batch(ids: [1, 2, 3, 4, 5, 6, 7]), "sequence length 7 exceeds this model's maximum of 6 positions; truncate the input to 6 tokens."),
    (.features(Tensor(zeros: [1, 8])), "model 'random-encoder' takes token ids [batch, sequence] (it is an encoder) as input."),
  ]

  @Test("Bad encoder inputs", arguments: inputCases)
  func badInputs(input: ModelInput, message: String) throws {
    #expect(throws: (any Error).self) { try ReferenceForward.run(Self.graph, input: input) }
    let model = try CPUModel(graph: Self.graph, instructionSet: .scalar, threads: 1)
    let error = #expect(throws: ForwardPassError.self) { try model.forward(input) }
    #expect(error?.description == message)
  }

  @Test("MLP input shape and workspace mismatch")
  func badMLPInputs() throws {
    let graph = ForwardTestGraphs.mlp(widths: [4, 3], residual: false, seed: 2)
    let model = try CPUModel(graph: graph, instructionSet: .scalar, threads: 1)
    let wrongWidth = #expect(throws: ForwardPassError.self) { try model.forward(.features(Tensor(zeros: [2, 5]))) }
    #expect(wrongWidth?.description == "input features have shape [2, 5]; model 'random-mlp' needs [batch ≥ 1, 4].")
    let workspace = try model.makeWorkspace(batchSize: 3, sequenceLength: 1)
    let mismatch = #expect(throws: ForwardPassError.self) { try model.load(.features(Tensor(zeros: [2, 4])), into: workspace) }
    #expect(mismatch?.description == "input is batch 2 × sequence 1 but the workspace was made for batch 3 × sequence 1; make a workspace for this shape with makeWorkspace(batchSize:sequenceLength:).")
    let notLoaded = #expect(throws: ForwardPassError.self) { try model.run(workspace) }
    #expect(notLoaded?.description == "the workspace has no input; call load(_:into:) before run.")
    let other = try CPUModel(graph: graph, instructionSet: .scalar, threads: 1)
    #expect(throws: ForwardPassError.self) { try other.run(workspace) }
    #expect(throws: ForwardPassError.self) { try model.makeWorkspace(batchSize: 0, sequenceLength: 1) }
    #expect(throws: ForwardPassError.self) { try model.makeWorkspace(batchSize: 1 << 40, sequenceLength: 1) }
    #expect(throws: ForwardPassError.self) { try CPUModel(graph: graph, instructionSet: .scalar, threads: 0) }
  }

  static func mlp(_ nodes: [Node], weights: [String: Tensor] = ["w": Tensor(zeros: [3, 4])], output: String = "y") -> Graph {
    Graph(name: "bad", architecture: "mlp", kind: .mlp(inputFeatures: 4), nodes: nodes, output: output, weights: weights)
  }

  // Graph problems come from the shared GraphAnalysis (module ModelGraph) as GraphErrors, the
  // same for the CPU plan, the reference pass, the GPU plan and the file readers.
  static let graphCases: [(Graph, String)] = [
    (mlp([Node(name: "fc", op: .dense(weight: "w", bias: nil), inputs: ["x"], output: "y")]),
     "node 'fc' (dense) reads value 'x', which is not defined before it. List nodes in execution order, and read only graph inputs or earlier nodes' outputs."),
    (mlp([Node(name: "fc", op: .dense(weight: "v", bias: nil), inputs: ["features"], output: "y")]),
     "node 'fc' (dense) needs tensor 'v', which the model does not contain. Add the tensor or fix the name in the node."),
    (mlp([Node(name: "fc", op: .dense(weight: "w", bias: "w"), inputs: ["features"], output: "y")]),
     "node 'fc' (dense): tensor 'w' has shape [3, 4], but the node needs [3]."),
    (mlp([Node(name: "fc", op: .dense(weight: "w", bias: nil), inputs: ["features"], output: "features")]),
     "node 'fc' (dense) writes value 'features', which is already defined. Give each node output a new name."),
    (mlp([Node(name: "sum", op: .add, inputs: ["features"], output: "y")]),
     "node 'sum' (add) has 1 input; add needs 2."),
    (mlp([Node(name: "fc", op: .dense(weight: "w", bias: nil), inputs: ["features"], output: "y"),
          Node(name: "sum", op: .add, inputs: ["features", "y"], output: "z")], output: "z"),
     "node 'sum' (add) needs two values of one shape, found [batch, 4] and [batch, 3]."),
    (mlp([Node(name: "act", op: .activation(.relu), inputs: ["features"], output: "a")], output: "logits"),
     "the graph output 'logits' is not written by any node. Set the output to a node's output, e.g. 'a' (what the last node writes)."),
    (mlp([Node(name: "att", op: .attention(heads: 3), inputs: ["features", "features", "features", "attention_mask"], output: "y")]),
     "node 'att' (attention) reads value 'attention_mask', which is not defined before it. List nodes in execution order, and read only graph inputs or earlier nodes' outputs."),
    (mlp([Node(name: "ln", op: .layerNorm(gamma: "g", beta: "g", epsilon: 0), inputs: ["features"], output: "y")],
         weights: ["g": Tensor(zeros: [4])]),
     "node 'ln' (layer_norm): epsilon 0.0 must be finite and above 0, or a constant row divides by zero; use the model's own value (1e-12 for BERT, 1e-5 for PyTorch's default)."),
  ]

  @Test("Bad graphs: the CPU plan and the reference pass throw the shared analysis's errors", arguments: graphCases)
  func badGraphs(graph: Graph, message: String) {
    let error = #expect(throws: GraphError.self) { try CPUModel(graph: graph, instructionSet: .scalar, threads: 1) }
    #expect(error?.description == message)
    let reference = #expect(throws: GraphError.self) { try ReferenceForward.run(graph, input: .features(Tensor(zeros: [1, 4]))) }
    #expect(reference == error)
  }

  @Test("Attention heads must divide the hidden size")
  func headsMustDivide() {
    var graph = ForwardTestGraphs.encoder(hidden: 8, heads: 2, ffn: 9, layers: 1, seed: 1)
    if let index = graph.nodes.firstIndex(where: { $0.name == "layer0.attention" }) { graph.nodes[index].op = .attention(heads: 3) }
    let error = #expect(throws: GraphError.self) { try ReferenceForward.run(graph, input: Self.batch(ids: [1])) }
    #expect(error?.description == "node 'layer0.attention' (attention): 3 heads do not divide hidden size 8; heads must be above 0 and divide the hidden size.")
  }

  static let isaCases: [(String?, InstructionSet?)] = [(nil, .detect()), ("", .detect()), ("scalar", .scalar), ("SCALAR", .scalar)]

  @Test("INFER_PLAN_ISA values that resolve", arguments: isaCases)
  func resolveInstructionSet(requested: String?, expected: InstructionSet?) throws {
    #expect(try InstructionSet.resolve(requested: requested) == expected)
  }

  @Test("INFER_PLAN_ISA values that don't")
  func badInstructionSet() {
    let unknown = #expect(throws: InstructionSetError.self) { try InstructionSet.resolve(requested: "sse9") }
    #expect(unknown?.description == "INFER_PLAN_ISA='sse9' is not an instruction-set level; use one of scalar, avx2, avx512, or unset it to use the best this CPU has.")
    #expect(InstructionSet.supported.first == .scalar && InstructionSet.supported.last == .detect())
    for level in InstructionSet.allCases where level > InstructionSet.detect() {
      let error = #expect(throws: InstructionSetError.self) { try InstructionSet.resolve(requested: level.rawValue) }
      #expect(error?.description.hasPrefix("INFER_PLAN_ISA=\(level.rawValue): this CPU does not support") == true)
    }
  }
}
