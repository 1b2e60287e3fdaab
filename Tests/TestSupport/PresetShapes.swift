import ModelGraph

extension ModelPreset {
  /// The preset's graph with every weight zero, for tests of shapes and counts (FLOPs, bytes,
  /// launches), which never read the values: cheaper than `makeGraph()`'s seeded weights.
  public var zeroWeightGraph: Graph {
    let weights = Dictionary(uniqueKeysWithValues: blueprint.tensors.map { ($0.name, Tensor(zeros: $0.shape)) })
    return Graph(
      name: rawValue, architecture: architecture, kind: blueprint.kind, nodes: blueprint.nodes, output: blueprint.output,
      weights: weights)
  }
}
