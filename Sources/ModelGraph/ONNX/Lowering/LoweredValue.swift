/// What the lowering knows about one ONNX value: a value of our graph, a constant, or one
/// stage of a pattern that becomes a fused op once complete (a MatMul waiting for its bias, a
/// decomposed layer norm, GELU or attention part-way through).
///
/// The lowering walks the ONNX nodes in order and computes one of these per output. A stage
/// that another op reads in a way the pattern does not allow is first turned into graph nodes
/// (`ONNXLowerer.materialize`), or, when that is impossible, the node is refused with a message
/// naming it; nothing is ever silently approximated.
indirect enum LoweredValue: Sendable {
  /// A float value of our graph, by its graph value name.
  case tensor(String)
  /// An integer graph input `[batch, sequence]` (token ids, token types or a mask), by ONNX name.
  case tokenInput(String)
  /// A value known at load.
  case constant(LoweringConstant)
  /// `arange(sequence)`, broadcast to `shape` (position ids): the values run along the last axis.
  case positions(shape: [SymbolicInteger])
  /// Integer zeros of a symbolic shape (`zeros_like(input_ids)`: token types).
  case zeros(shape: [SymbolicInteger])
  /// A sum of embedding-table lookups, fused into one `embedding` node when read.
  case embedding(EmbeddingParts)
  /// `input · Wᵀ (+ bias)`, waiting for a bias Add; `weight` is `[out, in]` in the graph's weights.
  case dense(input: String, weight: String, bias: String?)
  /// `scale · mask + offset` for the integer input `mask`, with unit axes inserted (`dims`).
  case maskTerm(mask: String, scale: Double, offset: Double, dims: [SymbolicInteger])
  /// A stage of a decomposed layer norm of graph value `input`.
  case norm(input: String, stage: NormStage)
  /// An elementwise function of graph value `x` (an activation written out as arithmetic).
  case pointwise(x: String, expression: PointwiseExpression)
  /// Booleans (or ones) of a symbolic shape: the start of a causal mask.
  case ones(shape: [SymbolicInteger])
  /// `tril(ones(sequence, sequence))`: true where query i may attend to key j ≤ i.
  case causalMask
  /// Graph value `value` `[batch, sequence, heads·d]` viewed as `[batch, sequence, heads, d]`.
  case splitHeads(value: String, heads: Int)
  /// `[batch, heads, sequence, d]` (or `[batch, heads, d, sequence]` when `transposed`), times `scale`.
  case heads(value: String, heads: Int, transposed: Bool, scale: Double)
  /// A stage of scaled dot-product attention.
  case attention(AttentionParts, stage: AttentionStage)
  /// `x · mask` for per-token graph value `x` (mean pooling, before the sum).
  case maskedHidden(x: String, mask: String)
  /// `Σ_s x · mask` (mean pooling, before the divide).
  case maskedSum(x: String, mask: String)
  /// `Σ_s mask`, clamped at a small positive number or not (mean pooling's divisor).
  case maskCount(mask: String)
}

/// The tables of an embedding sum: `word[ids] + position[arange] + tokenType[types]`.
struct EmbeddingParts: Sendable {
  var word: String?
  var wordInput: String?
  var position: String?
  var tokenType: String?
  /// The ONNX input holding token types; nil when the model looks up row 0 (zeros).
  var tokenTypeInput: String?
}

/// Stages of `(x − mean) / √(var + ε) · γ + β` over the last axis.
enum NormStage: Sendable {
  case mean
  case centered
  case squared
  case variance
  case varianceEpsilon(Double)
  case deviation(Double)
  case normalized(Double)
  case scaled(epsilon: Double, gamma: String)
}

/// What attention has gathered so far: query and key (graph values), heads, the scale on the
/// scores, the mask input added to them, and the value.
struct AttentionParts: Sendable {
  var query: String
  var key: String
  var heads: Int
  var headSize: Int
  var scale: Double
  var mask: String?
  var value: String?
  /// Whether position i attends only to positions 0…i.
  var causal = false
}

/// `q·kᵀ` (scores), after softmax (probabilities), times v (`[batch, heads, sequence, d]`),
/// and transposed back to `[batch, sequence, heads, d]`.
enum AttentionStage: Sendable {
  case scores, probabilities, context, mergedContext
}
