import ModelGraph

extension ModelWork {
  /// The work of `graph` at `sequenceLength` tokens (0 for an MLP), from one `GraphAnalysis`:
  /// per-node costs (`GraphAnalysis.costs`) and peak activations
  /// (`GraphAnalysis.activationBytes`) at any batch size.
  /// - Throws: `GraphError` for a graph that does not check out.
  public init(graph: Graph, sequenceLength: Int) throws {
    let analysis = try GraphAnalysis(graph)
    self.init(
      name: graph.name, architecture: graph.architecture, parameterCount: graph.parameterCount,
      weightBytes: graph.weightBytes, sequenceLength: sequenceLength,
      ops: { batch in analysis.costs(batchSize: batch, sequenceLength: sequenceLength) },
      activationBytes: { batch in analysis.activationBytes(batchSize: batch, sequenceLength: sequenceLength) })
  }
}
