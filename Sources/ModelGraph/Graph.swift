/// Element-wise activation functions a graph can apply.
public enum Activation: String, Sendable, CaseIterable, Codable {
  case relu
  /// GELU, exact erf form: `x · Φ(x) = 0.5·x·(1 + erf(x/√2))` (BERT, MiniLM).
  case gelu
  /// GELU, tanh approximation: `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))` (GPT-2 style).
  case geluTanh = "gelu_tanh"
  case tanh
  case sigmoid
}

/// One operation of a model graph. Weight operands name tensors in `Graph.weights`.
///
/// Value shapes: MLP values are `[batch, features]`; encoder values are
/// `[batch, sequence, hidden]`; token-id and mask inputs are `[batch, sequence]`.
public enum Op: Equatable, Sendable {
  /// `y = x · Wᵀ + b` over the last axis; `W` is `[out, in]`, `b` is `[out]` (optional).
  case dense(weight: String, bias: String?)
  /// Applies an activation element-wise.
  case activation(Activation)
  /// Softmax over the last axis.
  case softmax
  /// Layer norm over the last axis: `(x − mean) / sqrt(var + epsilon) · gamma + beta`.
  case layerNorm(gamma: String, beta: String, epsilon: Float)
  /// Element-wise sum of two values of the same shape (residual connection).
  case add
  /// Embedding lookup: `word[id] + position[offset + s] + tokenType[type]`.
  /// Inputs: token ids, then token type ids (both `[batch, sequence]`).
  /// `positionOffset` is 0 for BERT/DistilBERT and `padding_idx + 1 = 2` for RoBERTa.
  case embedding(word: String, position: String?, tokenType: String?, positionOffset: Int)
  /// Multi-head scaled dot-product self-attention. Inputs: q, k, v (`[batch, seq, hidden]`)
  /// and the attention mask (`[batch, seq]`, 1 = attend, 0 = padding).
  case attention(heads: Int)
  /// `attention` where position i attends only to positions 0…i (GPT-style decoders), besides
  /// the mask. Same inputs.
  case causalAttention(heads: Int)
  /// Mean over the sequence axis of the positions whose mask is 1. Inputs: x, mask.
  case meanPool
  /// 2-D convolution of an image value flattened to `[batch, C·H·W]` (see `ImageGeometry`);
  /// weight `[out, in / groups, kh, kw]`, bias `[out]`. Output `[batch, C'·H'·W']`.
  case convolution(weight: String, bias: String?, spec: ConvolutionSpec)
  /// Max or average pooling of a flattened image value.
  case pool(PoolSpec)
  /// `y = x · scale[c] + shift[c]` per channel of a flattened image value with `channels`
  /// channels (an inference BatchNormalization that no convolution absorbs).
  case channelAffine(scale: String, shift: String, channels: Int)
  /// `min(max(x, minimum), maximum)` element-wise (ReLU6 is `clip(0, 6)`).
  case clip(minimum: Float, maximum: Float)
}

/// One node: an op applied to named values, producing one named value.
public struct Node: Equatable, Sendable {
  /// A readable name for reports ("layer.0.attention.query").
  public var name: String
  public var op: Op
  /// Names of the values this node reads: graph inputs or earlier nodes' outputs.
  public var inputs: [String]
  /// Name of the value this node writes.
  public var output: String

  public init(name: String, op: Op, inputs: [String], output: String) {
    self.name = name
    self.op = op
    self.inputs = inputs
    self.output = output
  }
}

/// What kind of model a graph is; decides its inputs.
public enum ModelKind: Equatable, Sendable {
  /// Feed-forward network: one float input `features` of shape `[batch, inputFeatures]`.
  case mlp(inputFeatures: Int)
  /// BERT-style encoder: inputs `input_ids`, `token_type_ids`, `attention_mask`
  /// (all `[batch, sequence]`), sequence length at most `maxPositions`.
  case encoder(vocabularySize: Int, hiddenSize: Int, maxPositions: Int)

  /// The graph inputs this kind fixes, with their types: `features` float32 `[batch, F]`
  /// (MLP); `input_ids`, `token_type_ids` and `attention_mask`, int32 `[batch, sequence]`
  /// (encoder).
  public var inputs: [GraphInput] {
    switch self {
    case let .mlp(inputFeatures): [GraphInput(name: "features", type: .rows(width: inputFeatures))]
    case .encoder:
      [
        GraphInput(name: "input_ids", type: .tokenIDs), GraphInput(name: "token_type_ids", type: .tokenTypes),
        GraphInput(name: "attention_mask", type: .attentionMask),
      ]
    }
  }
}

/// A value a graph reads from its caller: its name and type.
public struct GraphInput: Equatable, Sendable {
  /// The value name nodes read it by ("features", "input_ids").
  public var name: String
  /// Its element type, shape and role.
  public var type: ValueType

  /// Creates a graph input.
  public init(name: String, type: ValueType) {
    self.name = name
    self.type = type
  }
}

/// A model: nodes in execution order plus their fp32 weights.
///
/// Graph input value names: `features` (MLP) or `input_ids`, `token_type_ids`,
/// `attention_mask` (encoder). Nodes run in array order; each reads only values
/// defined before it (checked by `GraphAnalysis`).
public struct Graph: Equatable, Sendable {
  /// The most nodes a graph may have: 100,000. Real models have hundreds (BERT-base) to a few
  /// thousand (lowered ONNX exports); the cap bounds the time and memory a hostile or corrupt
  /// file can take (a graph claiming 10^6 nodes is refused).
  public static let maximumNodes = 100_000

  /// Model name for reports, e.g. "small" or "sentence-transformers/all-MiniLM-L6-v2".
  public var name: String
  /// Architecture label shown to users, e.g. "MLP" or "bert".
  public var architecture: String
  public var kind: ModelKind
  public var nodes: [Node]
  /// Name of the value the forward pass returns.
  public var output: String
  public var weights: [String: Tensor]
  /// The SHA-256 (hex) of the file the graph was lowered from, when that file, not the graph,
  /// identifies the model (ONNX: the `.onnx` file plus its external data); `contentHash` is it.
  public var sourceHash: String?
  /// Per-sample dims (batch excluded) of each float input of the file the graph was lowered
  /// from, by the file's input name (ONNX: `image` → `[3, 224, 224]`); empty for native and
  /// Hugging Face models, whose inputs the kind fixes. `sourceHash` does not cover them, so
  /// measurements record them beside it.
  public var sampleShapes: [String: [Int]] = [:]

  public init(
    name: String, architecture: String, kind: ModelKind, nodes: [Node], output: String,
    weights: [String: Tensor], sourceHash: String? = nil
  ) {
    self.sourceHash = sourceHash
    self.name = name
    self.architecture = architecture
    self.kind = kind
    self.nodes = nodes
    self.output = output
    self.weights = weights
  }

  /// The value names the graph reads from its caller.
  public var inputNames: [String] { kind.inputs.map(\.name) }

  /// Total number of weight elements.
  public var parameterCount: Int { weights.values.reduce(0) { $0 + $1.count } }
}

/// The input of one forward pass.
public enum ModelInput: Equatable, Sendable {
  /// `[batch, features]` fp32 rows for an MLP.
  case features(Tensor)
  /// Token ids for an encoder.
  case tokens(TokenBatch)

  /// Rows in the batch.
  public var batchSize: Int {
    switch self {
    case .features(let t): t.shape.first ?? 0
    case .tokens(let b): b.batchSize
    }
  }
}

/// Token ids, token types and attention mask for a batch of sequences, each `[batch, sequence]`
/// flattened row-major.
public struct TokenBatch: Equatable, Sendable {
  public var batchSize: Int
  public var sequenceLength: Int
  public var ids: [Int32]
  /// 1 = real token, 0 = padding.
  public var mask: [Int32]
  public var tokenTypes: [Int32]

  /// Creates a batch; `mask` defaults to all ones and `tokenTypes` to zeros.
  public init(
    batchSize: Int, sequenceLength: Int, ids: [Int32], mask: [Int32]? = nil,
    tokenTypes: [Int32]? = nil
  ) {
    let n = batchSize * sequenceLength
    precondition(ids.count == n, "TokenBatch: \(ids.count) ids for \(batchSize)×\(sequenceLength)")
    self.batchSize = batchSize
    self.sequenceLength = sequenceLength
    self.ids = ids
    self.mask = mask ?? [Int32](repeating: 1, count: n)
    self.tokenTypes = tokenTypes ?? [Int32](repeating: 0, count: n)
    precondition(self.mask.count == n && self.tokenTypes.count == n, "TokenBatch: mask/type size")
  }
}
