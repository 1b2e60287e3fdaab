import ModelGraph

/// Seeded graphs for the GPU tests, built like the presets (`GraphBlueprint`): MLPs with an
/// activation between dense layers, and post-layer-norm BERT encoders, optionally mean-pooled.
enum CUDATestGraphs {
  static func mlp(name: String, sizes: [Int], activation: Activation = .relu) -> Graph {
    GraphBlueprint.mlp(widths: sizes, activation: activation).makeRandomGraph(name: name, architecture: "mlp", seed: 7)
  }

  static func encoder(
    name: String, layers: Int, hidden: Int, heads: Int, intermediate: Int, vocabulary: Int, maxPositions: Int,
    pooled: Bool = false
  ) -> Graph {
    let configuration = EncoderConfiguration(
      layers: layers, hiddenSize: hidden, heads: heads, intermediateSize: intermediate, vocabularySize: vocabulary,
      maxPositions: maxPositions)
    let blueprint = GraphBlueprint.encoder(configuration, names: .bert(prefix: ""))
    return (pooled ? blueprint.pooled() : blueprint).makeRandomGraph(name: name, architecture: "bert", seed: 11)
  }
}
