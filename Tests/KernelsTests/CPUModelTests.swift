import ModelGraph
import Testing
import TestSupport

@testable import Kernels

/// The fast path (`CPUModel`) against the scalar oracle (`ReferenceForward`) on random graphs.
///
/// Tolerance 1e-4 absolute: values are O(1) (weights scaled by 1/√fan-in, layer norm and
/// softmax outputs), sums have at most a few dozen terms, and fp32 summation-order error is
/// about n·2^−24·|terms| ≈ 1e-6 here, so 1e-4 leaves a wide margin yet catches a wrong index,
/// mask or scale (scaling the attention scores by 1.01 instead of 1 already fails it at 3e-4).
@Suite("CPUModel forward pass")
struct CPUModelTests {
  static let tolerance: Float = 1e-4
  static let mlpWidths: [[Int]] = [[1, 1], [7, 17, 7], [17, 13, 1, 5], [5, 31, 31, 3]]
  static let encoderShapes: [(hidden: Int, heads: Int, ffn: Int, sequence: Int)] = [
    (12, 3, 19, 7), (14, 2, 17, 1), (17, 1, 7, 13), (16, 4, 37, 5),
  ]

  @Test("MLP: fast path equals reference", arguments: InstructionSet.supported, [1, 2])
  func mlpMatchesReference(instructionSet: InstructionSet, threads: Int) throws {
    for (index, widths) in Self.mlpWidths.enumerated() {
      for residual in [false, true] {
        let graph = ForwardTestGraphs.mlp(widths: widths, residual: residual, seed: UInt64(index))
        let model = try CPUModel(graph: graph, instructionSet: instructionSet, threads: threads)
        for batchSize in [1, 3] {
          var rng = SeededGenerator(seed: 99)
          let input = ModelInput.features(ForwardTestGraphs.randomTensor([batchSize, widths[0]], scale: 2, &rng))
          let expected = try ReferenceForward.run(graph, input: input)
          let found = try model.forward(input)
          #expect(found.shape == [batchSize, widths.last ?? 0])
          #expect(maxAbsDifference(found.scalars, expected.scalars) <= Self.tolerance, "widths \(widths) batch \(batchSize)")
        }
      }
    }
  }

  @Test("Encoder: fast path equals reference", arguments: InstructionSet.supported, [1, 2])
  func encoderMatchesReference(instructionSet: InstructionSet, threads: Int) throws {
    for (index, shape) in Self.encoderShapes.enumerated() {
      for pooled in [false, true] {
        let graph = ForwardTestGraphs.encoder(
          hidden: shape.hidden, heads: shape.heads, ffn: shape.ffn, layers: 2, positionOffset: index % 2 * 2,
          pooled: pooled, seed: UInt64(10 + index))
        let model = try CPUModel(graph: graph, instructionSet: instructionSet, threads: threads)
        for batchSize in [1, 3] {
          let tokens = ForwardTestGraphs.tokens(batchSize: batchSize, sequenceLength: shape.sequence, seed: UInt64(batchSize))
          let expected = try ReferenceForward.run(graph, input: .tokens(tokens))
          let found = try model.forward(.tokens(tokens))
          #expect(found.shape == (pooled ? [batchSize, shape.hidden] : [batchSize, shape.sequence, shape.hidden]))
          #expect(maxAbsDifference(found.scalars, expected.scalars) <= Self.tolerance, "shape \(shape) batch \(batchSize)")
        }
      }
    }
  }

  @Test("A sequence with no unmasked token: uniform attention, zero mean pool")
  func fullyMaskedRow() throws {
    let graph = ForwardTestGraphs.encoder(hidden: 8, heads: 2, ffn: 9, layers: 1, pooled: true, seed: 3)
    var tokens = ForwardTestGraphs.tokens(batchSize: 2, sequenceLength: 4, seed: 4)
    for s in 0..<4 { tokens.mask[4 + s] = 0 }
    let expected = try ReferenceForward.run(graph, input: .tokens(tokens))
    let found = try CPUModel(graph: graph, instructionSet: .scalar, threads: 2).forward(.tokens(tokens))
    #expect(maxAbsDifference(found.scalars, expected.scalars) <= Self.tolerance)
    #expect(found.scalars[8..<16].allSatisfy { $0 == 0 })
    #expect(found.scalars[0..<8].contains { $0 != 0 })
  }

  @Test("Padding does not change the unpadded tokens' outputs")
  func paddingIsMasked() throws {
    let graph = ForwardTestGraphs.encoder(hidden: 12, heads: 3, ffn: 10, layers: 2, seed: 5)
    let short = TokenBatch(batchSize: 1, sequenceLength: 3, ids: [4, 9, 2], tokenTypes: [0, 0, 1])
    let padded = TokenBatch(batchSize: 1, sequenceLength: 5, ids: [4, 9, 2, 7, 7], mask: [1, 1, 1, 0, 0], tokenTypes: [0, 0, 1, 0, 0])
    let model = try CPUModel(graph: graph, instructionSet: .detect(), threads: 2)
    let a = try model.forward(.tokens(short))
    let b = try model.forward(.tokens(padded))
    #expect(maxAbsDifference(a.scalars, Array(b.scalars[0..<36])) <= 1e-5)
  }

  @Test("Dense + activation is fused and buffers are shared")
  func planFusesAndReusesBuffers() throws {
    let graph = ForwardTestGraphs.encoder(hidden: 8, heads: 2, ffn: 16, layers: 3, seed: 6)
    let plan = ExecutionPlan(graph: graph, analysis: try GraphAnalysis(graph))
    let activations = plan.steps.filter { if case .activation = $0 { true } else { false } }
    let fused = plan.steps.filter { if case .dense(_, _, _, _, _, _, _, let act) = $0 { act != 0 } else { false } }
    #expect(activations.isEmpty)
    #expect(fused.count == 3)
    #expect(plan.steps.count == graph.nodes.count - 3)
    // Four buffers of hidden width (residual stream, q, k, v) and one of FFN width.
    #expect(plan.slotShapes.map { $0.map(\.width).max() ?? 0 }.sorted() == [8, 8, 8, 8, 16])
  }

  @Test("run is repeatable after one load, and a workspace takes new inputs", arguments: [1, 2])
  func workspaceReuse(threads: Int) throws {
    let graph = ForwardTestGraphs.mlp(widths: [6, 9, 4], residual: true, seed: 8)
    let model = try CPUModel(graph: graph, instructionSet: .detect(), threads: threads)
    let workspace = try model.makeWorkspace(batchSize: 2, sequenceLength: 1)
    var rng = SeededGenerator(seed: 1)
    let first = ModelInput.features(ForwardTestGraphs.randomTensor([2, 6], &rng))
    let second = ModelInput.features(ForwardTestGraphs.randomTensor([2, 6], &rng))
    try model.load(first, into: workspace)
    try model.run(workspace)
    let once = model.output(of: workspace)
    try model.run(workspace)
    #expect(model.output(of: workspace) == once)
    try model.load(second, into: workspace)
    try model.run(workspace)
    #expect(model.output(of: workspace) == (try model.forward(second)))
    #expect(workspace.bytes > 0 && model.weightBytes >= graph.parameterCount * 4)
    #expect(try model.workspaceBytes(batchSize: 2, sequenceLength: 1) == workspace.bytes)
    let encoder = try CPUModel(graph: ForwardTestGraphs.encoder(hidden: 8, heads: 2, ffn: 9, layers: 2, seed: 3), instructionSet: .scalar, threads: 1)
    #expect(try encoder.workspaceBytes(batchSize: 3, sequenceLength: 5) == encoder.makeWorkspace(batchSize: 3, sequenceLength: 5).bytes)
  }

  @Test("timeSteps runs the same pass as run, one time per labelled step", arguments: [1, 2])
  func stepTimes(threads: Int) throws {
    let graph = ForwardTestGraphs.encoder(hidden: 8, heads: 2, ffn: 9, layers: 2, seed: 5)
    let model = try CPUModel(graph: graph, instructionSet: .detect(), threads: threads)
    let workspace = try model.makeWorkspace(batchSize: 2, sequenceLength: 5)
    #expect(throws: ForwardPassError.self) { try model.timeSteps(workspace) }  // nothing loaded yet
    try model.load(.tokens(ForwardTestGraphs.tokens(batchSize: 2, sequenceLength: 5, seed: 4)), into: workspace)
    try model.run(workspace)
    let expected = model.output(of: workspace)
    try model.load(.tokens(ForwardTestGraphs.tokens(batchSize: 2, sequenceLength: 5, seed: 9)), into: workspace)
    try model.run(workspace)  // another input, so the timed pass must recompute the first one's output
    try model.load(.tokens(ForwardTestGraphs.tokens(batchSize: 2, sequenceLength: 5, seed: 4)), into: workspace)
    let seconds = try model.timeSteps(workspace)
    #expect(model.output(of: workspace) == expected)
    #expect(seconds.count == model.stepLabels.count && seconds.allSatisfy { $0 >= 0 })
    #expect(model.stepLabels.contains { $0.hasPrefix("attention 2 heads") })
    #expect(model.stepLabels.contains { $0.hasPrefix("layer norm") })
  }

  @Test("Values kept beside the output come out of one pass as their own graphs compute them", arguments: [1, 2])
  func keptValues(threads: Int) throws {
    // h1 (a dense fused with its activation unless kept), a2 (written in place over h2), sum
    // (an in-place add) and the softmax output, all from one pass.
    let graph = ForwardTestGraphs.mlp(widths: [6, 9, 7, 5], residual: true, seed: 21)
    let kept = ["h1", "a2", "sum"]
    let model = try CPUModel(graph: graph, instructionSet: .detect(), threads: threads, keeping: kept)
    var rng = SeededGenerator(seed: 5)
    let input = ModelInput.features(ForwardTestGraphs.randomTensor([3, 6], &rng))
    let workspace = try model.pass(input)
    for value in kept + [graph.output] {
      var alone = graph
      alone.output = value
      let expected = try CPUModel(graph: alone, instructionSet: .detect(), threads: threads).forward(input)
      let found = try #require(model.output(named: value, of: workspace))
      #expect(found.shape == expected.shape && maxAbsDifference(found.scalars, expected.scalars) <= Self.tolerance, "\(value)")
    }
    #expect(model.output(named: "h2", of: workspace) == nil)  // not kept: its slot was reused
    #expect(throws: ForwardPassError.self) {
      try CPUModel(graph: graph, instructionSet: .scalar, threads: 1, keeping: ["features"])  // an input, not computed
    }
  }

  @Test("Edge graphs: no nodes (refused), a dense read by an activation and an add (not fused)")
  func edgeGraphs() throws {
    var rng = SeededGenerator(seed: 12)
    // A graph with no nodes has no work to plan; the shared analysis refuses it (the CPU used to
    // run it as the identity).
    let identity = Graph(name: "identity", architecture: "mlp", kind: .mlp(inputFeatures: 3), nodes: [], output: "features", weights: [:])
    #expect(throws: GraphError.empty) { try CPUModel(graph: identity, instructionSet: .scalar, threads: 2) }

    let shared = Graph(
      name: "shared", architecture: "mlp", kind: .mlp(inputFeatures: 5),
      nodes: [
        Node(name: "fc", op: .dense(weight: "w", bias: nil), inputs: ["features"], output: "h"),
        Node(name: "act", op: .activation(.sigmoid), inputs: ["h"], output: "a"),
        Node(name: "sum", op: .add, inputs: ["a", "h"], output: "y"),
      ],
      output: "y", weights: ["w": ForwardTestGraphs.randomTensor([5, 5], &rng)])
    let plan = ExecutionPlan(graph: shared, analysis: try GraphAnalysis(shared))
    #expect(plan.steps.count == 3)
    let input = ModelInput.features(ForwardTestGraphs.randomTensor([4, 5], &rng))
    let found = try CPUModel(graph: shared, instructionSet: .detect(), threads: 2).forward(input)
    #expect(maxAbsDifference(found.scalars, try ReferenceForward.run(shared, input: input).scalars) <= Self.tolerance)
  }

  @Test("Shapes large enough to split every row-parallel op over 2 threads")
  func parallelSplits() throws {
    var rng = SeededGenerator(seed: 21)
    let mlp = Graph(
      name: "wide", architecture: "mlp", kind: .mlp(inputFeatures: 64),
      nodes: [
        Node(name: "fc", op: .dense(weight: "w", bias: "b"), inputs: ["features"], output: "h"),
        Node(name: "act", op: .activation(.gelu), inputs: ["h"], output: "a"),
        Node(name: "sum", op: .add, inputs: ["a", "h"], output: "s"),
        Node(name: "ln", op: .layerNorm(gamma: "g", beta: "be", epsilon: 1e-5), inputs: ["s"], output: "n"),
        Node(name: "softmax", op: .softmax, inputs: ["n"], output: "p"),
      ],
      output: "p",
      weights: [
        "w": ForwardTestGraphs.randomTensor([256, 64], scale: 0.2, &rng), "b": ForwardTestGraphs.randomTensor([256], &rng),
        "g": ForwardTestGraphs.randomTensor([256], scale: 1, &rng), "be": ForwardTestGraphs.randomTensor([256], &rng),
      ])
    // 300 rows × 256: 76 800 elements (add, activation) and 300 rows (layer norm, softmax).
    let features = ModelInput.features(ForwardTestGraphs.randomTensor([300, 64], scale: 2, &rng))
    let encoder = ForwardTestGraphs.encoder(hidden: 8, heads: 2, ffn: 12, layers: 1, maxPositions: 32, pooled: true, seed: 22)
    // 5 × 30 = 150 tokens (embedding, layer norm) and 5 batch rows (mean pool).
    let tokens = ModelInput.tokens(ForwardTestGraphs.tokens(batchSize: 5, sequenceLength: 30, seed: 23))
    for (graph, input) in [(mlp, features), (encoder, tokens)] {
      let expected = try ReferenceForward.run(graph, input: input)
      let serial = try CPUModel(graph: graph, instructionSet: .detect(), threads: 1).forward(input)
      let parallel = try CPUModel(graph: graph, instructionSet: .detect(), threads: 2).forward(input)
      #expect(maxAbsDifference(parallel.scalars, expected.scalars) <= Self.tolerance, "\(graph.name)")
      #expect(maxAbsDifference(serial.scalars, expected.scalars) <= Self.tolerance, "\(graph.name)")
    }
  }
}
