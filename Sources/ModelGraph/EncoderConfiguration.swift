/// The shape of a BERT-style post-layer-norm encoder (BERT, RoBERTa, DistilBERT, MiniLM).
public struct EncoderConfiguration: Equatable, Sendable {
  /// Transformer layers.
  public var layers: Int
  public var hiddenSize: Int
  public var heads: Int
  /// Width of the feed-forward block's first dense layer (BERT `intermediate_size`).
  public var intermediateSize: Int
  public var vocabularySize: Int
  /// Longest sequence the position table serves (the table has `positionOffset + maxPositions` rows).
  public var maxPositions: Int
  /// Rows of the token type table; 0 when the model has none (DistilBERT).
  public var typeVocabularySize: Int
  /// The feed-forward activation (`hidden_act`).
  public var activation: Activation
  public var layerNormEpsilon: Float
  /// First position id: 0 for BERT/DistilBERT, `padding_idx + 1` (= 2) for RoBERTa.
  public var positionOffset: Int

  /// Creates a configuration; defaults are BERT's (GELU erf, epsilon 1e-12, no position offset).
  public init(
    layers: Int, hiddenSize: Int, heads: Int, intermediateSize: Int, vocabularySize: Int, maxPositions: Int,
    typeVocabularySize: Int = 2, activation: Activation = .gelu, layerNormEpsilon: Float = 1e-12,
    positionOffset: Int = 0
  ) {
    self.layers = layers
    self.hiddenSize = hiddenSize
    self.heads = heads
    self.intermediateSize = intermediateSize
    self.vocabularySize = vocabularySize
    self.maxPositions = maxPositions
    self.typeVocabularySize = typeVocabularySize
    self.activation = activation
    self.layerNormEpsilon = layerNormEpsilon
    self.positionOffset = positionOffset
  }

  /// The `ModelKind` of graphs with this configuration.
  public var kind: ModelKind {
    .encoder(vocabularySize: vocabularySize, hiddenSize: hiddenSize, maxPositions: maxPositions)
  }
}
