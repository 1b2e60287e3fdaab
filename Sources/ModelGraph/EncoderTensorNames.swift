/// Where an encoder's weights live, by checkpoint family. Each name is a stem; ".weight" and
/// ".bias" are appended.
public enum EncoderTensorNames: Equatable, Sendable {
  /// BERT and RoBERTa (`RobertaModel` mirrors `BertModel`): `embeddings.word_embeddings`,
  /// `encoder.layer.N.attention.self.query`, `….attention.output.dense`, `….attention.output.LayerNorm`,
  /// `….intermediate.dense`, `….output.dense`, `….output.LayerNorm`. `prefix` is "", "bert." or "roberta.".
  case bert(prefix: String)
  /// DistilBERT: `embeddings.*` (no token types), `transformer.layer.N.attention.q_lin|k_lin|v_lin|out_lin`,
  /// `….sa_layer_norm`, `….ffn.lin1`, `….ffn.lin2`, `….output_layer_norm`. `prefix` is "" or "distilbert.".
  case distilbert(prefix: String)

  var prefix: String {
    switch self {
    case let .bert(prefix), let .distilbert(prefix): prefix
    }
  }

  var wordEmbedding: String { prefix + "embeddings.word_embeddings.weight" }
  var positionEmbedding: String { prefix + "embeddings.position_embeddings.weight" }
  var tokenTypeEmbedding: String { prefix + "embeddings.token_type_embeddings.weight" }
  var embeddingNorm: String { prefix + "embeddings.LayerNorm" }

  /// Stems of one layer's tensors: q, k, v, attention output, its norm, FFN in, FFN out, output norm.
  func layer(_ index: Int) -> [String] {
    switch self {
    case let .bert(prefix):
      let stem = "\(prefix)encoder.layer.\(index)."
      return [
        "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
        "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm",
      ].map { stem + $0 }
    case let .distilbert(prefix):
      let stem = "\(prefix)transformer.layer.\(index)."
      return [
        "attention.q_lin", "attention.k_lin", "attention.v_lin", "attention.out_lin", "sa_layer_norm",
        "ffn.lin1", "ffn.lin2", "output_layer_norm",
      ].map { stem + $0 }
    }
  }
}
