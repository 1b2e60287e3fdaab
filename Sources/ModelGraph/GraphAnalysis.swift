import Records

/// The one analysis of a graph: every value's type (element type and shape, batch and sequence
/// left symbolic), every node's work (FLOPs, bytes, scratch, launches), and what the token
/// inputs may hold, found once and checked on the way.
///
/// Everything that needs to know whether a graph is well formed or what it costs reads this:
/// the file readers (`Graph.validate()`), the CPU plan (module Kernels), the CUDA plan, the
/// roofline and planner (`ModelWork`) and `model inspect`. The rules of each op live in one
/// table (`Op+Rules.swift`).
///
/// ```swift
/// let analysis = try GraphAnalysis(graph)          // throws GraphError naming the node
/// analysis.nodes[0].output                         // [batch, 1024]
/// analysis.costs(batchSize: 8, sequenceLength: 128) // [OpCost], one per node
/// ```
public struct GraphAnalysis: Sendable {
  /// The graph analysed.
  public let graph: Graph
  /// One entry per node, in node order.
  public let nodes: [NodeAnalysis]
  /// What the embedding tables allow token inputs (nil for graphs without embeddings).
  public let embeddingLimits: EmbeddingLimits?
  /// The type of every value: graph inputs and node outputs.
  private let types: [String: ValueType]

  /// Checks `graph` and works out every value's type and every node's work.
  ///
  /// Checks, in order: the model kind's sizes are above 0; the graph has nodes; each node reads
  /// only values defined before it (graph inputs or earlier outputs); its op's rules hold (input
  /// count and types, weights present with fitting shapes, attributes in range; see
  /// `Op+Rules.swift`); it writes a new value; the graph's output is a node's output.
  /// - Throws: `GraphError` for the first problem, naming the node and its op.
  public init(_ graph: Graph) throws {
    try Self.checkKind(graph.kind)
    guard !graph.nodes.isEmpty else { throw GraphError.empty }
    guard graph.nodes.count <= Graph.maximumNodes else {
      throw GraphError.tooManyNodes(count: graph.nodes.count, limit: Graph.maximumNodes)
    }
    var types: [String: ValueType] = [:]
    var defined: [String] = []
    for input in graph.kind.inputs {
      types[input.name] = input.type
      defined.append(input.name)
    }
    var nodes: [NodeAnalysis] = []
    var limits: EmbeddingLimits?
    for node in graph.nodes {
      let inputs = try node.inputs.map { name in
        guard let type = types[name] else {
          throw GraphError.undefinedValue(
            node: node.name, op: node.op.name, value: name, suggestion: closestMatch(to: name, in: defined))
        }
        return type
      }
      let found = try node.op.analyze(NodeContext(node: node, inputs: inputs, graph: graph))
      guard types[node.output] == nil else {
        throw GraphError.redefinedValue(node: node.name, op: node.op.name, value: node.output)
      }
      types[node.output] = found.output
      defined.append(node.output)
      let moved = inputs.reduce(found.output.byteCount) { $0 + $1.byteCount }
      nodes.append(
        NodeAnalysis(
          name: node.name, op: node.op, inputs: inputs, output: found.output, flops: found.flops,
          bytes: moved + found.weightBytes + found.intermediateBytes, scratchBytes: found.scratchBytes,
          launches: found.launches, gpuScratchBytes: found.gpuScratchBytes))
      if let found = found.embeddingLimits { limits = limits?.tightened(by: found) ?? found }
    }
    guard graph.nodes.contains(where: { $0.output == graph.output }) else {
      throw GraphError.outputUndefined(output: graph.output, lastNodeOutput: graph.nodes.last?.output)
    }
    // An activation the GPU backend applies in the preceding GEMM's epilogue launches nothing.
    for (dense, activation) in graph.denseActivationFusions where activation.hasGEMMEpilogue {
      nodes[dense + 1].launches = 0
    }
    self.graph = graph
    self.nodes = nodes
    self.embeddingLimits = limits
    self.types = types
  }

  private static func checkKind(_ kind: ModelKind) throws {
    switch kind {
    case let .mlp(inputFeatures):
      guard inputFeatures > 0 else { throw GraphError.invalidKind(detail: "input_features is \(inputFeatures)") }
    case let .encoder(vocabularySize, hiddenSize, maxPositions):
      guard vocabularySize > 0, hiddenSize > 0, maxPositions > 0 else {
        throw GraphError.invalidKind(
          detail: "vocab_size \(vocabularySize), hidden_size \(hiddenSize), max_positions \(maxPositions)")
      }
    }
  }

  /// The type of value `name` (a graph input or a node output), nil if the graph has no such value.
  public func type(of name: String) -> ValueType? { types[name] }

  /// The type of the graph's output.
  public var output: ValueType {
    // Invariant: init checked that a node writes the output.
    guard let type = types[graph.output] else { fatalError("GraphAnalysis: output '\(graph.output)' has no type") }
    return type
  }
}
