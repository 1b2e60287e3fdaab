import ModelGraph

extension ModelWork {
  /// The work of `graph` at `sequenceLength` tokens (0 for an MLP), from
  /// `Graph.costs(batchSize:sequenceLength:)` and `Graph.activationBytes(batchSize:sequenceLength:)`.
  public init(graph: Graph, sequenceLength: Int) {
    self.init(
      name: graph.name, architecture: graph.architecture, parameterCount: graph.parameterCount,
      weightBytes: graph.weightBytes, sequenceLength: sequenceLength,
      ops: { batch in
        graph.costs(batchSize: batch, sequenceLength: sequenceLength).map {
          OpWork(flops: $0.flops, bytes: $0.bytesMoved, launches: $0.launches)
        }
      },
      activationBytes: { batch in graph.activationBytes(batchSize: batch, sequenceLength: sequenceLength) })
  }
}
