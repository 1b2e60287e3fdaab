import Kernels
import ModelGraph
import Records

extension CUDACheck {
  /// One single-op graph run on the GPU and on the scalar `ReferenceForward`.
  public struct KernelCheck: Sendable {
    /// What the graph exercises, e.g. "layer_norm" or "dense+gelu (BIAS epilogue + bias_act)".
    public var name: String
    public var maxAbsDifference: Double
    public var tolerance: Double
    /// The error that stopped this graph, if any (then `maxAbsDifference` is ∞).
    public var error: String?
    public var passed: Bool { error == nil && maxAbsDifference <= tolerance }
  }

  /// Runs one tiny graph per kernel (and per dense epilogue) in `precision`, so a wrong model
  /// output can be traced to the kernel that causes it in the same run. Values are O(1), so the
  /// model tolerances apply (fp32 1e-3, others 2e-2).
  public static func kernelChecks(runtime: CUDARuntime, deviceOrdinal: Int, precision: CUDAPrecision)
    throws -> [KernelCheck]
  {
    var results: [KernelCheck] = []
    for (name, graph, input) in kernelGraphs() {
      do {
        let backend = try CUDABackend(graph: graph, runtime: runtime, deviceOrdinal: deviceOrdinal, precision: precision)
        let pass = try backend.prepare(input: input)
        try pass.run()
        let reference = try ReferenceForward.run(graph, input: input)
        let difference = compare(try pass.outputs(), reference, precision: precision, mask: nil).maxAbsDifference
        results.append(KernelCheck(name: name, maxAbsDifference: difference, tolerance: tolerance(precision)))
      } catch {
        results.append(
          KernelCheck(name: name, maxAbsDifference: .infinity, tolerance: tolerance(precision),
            error: (error as? CUDAError)?.message ?? "\(error)"))
      }
    }
    return results
  }

  /// (name, graph, input) for each check.
  static func kernelGraphs() -> [(String, Graph, ModelInput)] {
    var random = SplitMix64(seed: 3)
    func tensor(_ shape: [Int], _ scale: Float = 1) -> Tensor {
      Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in random.nextSignedUnitFloat() * scale })
    }
    let features = 48
    let input = ModelInput.features(tensor([5, features]))
    func mlp(_ name: String, _ nodes: [Node], _ weights: [String: Tensor] = [:]) -> (String, Graph, ModelInput) {
      (name, Graph(name: name, architecture: "mlp", kind: .mlp(inputFeatures: features), nodes: nodes,
        output: nodes.last?.output ?? "features", weights: weights), input)
    }
    var checks: [(String, Graph, ModelInput)] = []
    let denseWeights = ["w": tensor([40, features], 0.15), "b": tensor([40], 0.1)]
    let dense = Node(name: "fc", op: .dense(weight: "w", bias: "b"), inputs: ["features"], output: "h")
    checks.append(mlp("dense (cuBLASLt BIAS epilogue)", [dense], denseWeights))
    for activation in Activation.allCases {
      let route = activation == .relu || activation == .geluTanh ? "epilogue" : "BIAS epilogue + bias_act"
      checks.append(
        mlp("dense+\(activation.rawValue) (\(route))",
          [dense, Node(name: "act", op: .activation(activation), inputs: ["h"], output: "y")], denseWeights))
      checks.append(
        mlp("bias_act \(activation.rawValue)", [Node(name: "act", op: .activation(activation), inputs: ["features"], output: "y")]))
    }
    checks.append(mlp("add", [Node(name: "add", op: .add, inputs: ["features", "features"], output: "y")]))
    checks.append(mlp("softmax", [Node(name: "sm", op: .softmax, inputs: ["features"], output: "y")]))
    checks.append(
      mlp("layer_norm", [Node(name: "ln", op: .layerNorm(gamma: "g", beta: "b", epsilon: 1e-12), inputs: ["features"], output: "y")],
        ["g": tensor([features], 1), "b": tensor([features], 0.5)]))
    // Encoder pieces: embedding, attention (permute + batched GEMMs + masked softmax), pooling.
    let (vocabulary, hidden, positions) = (30, 32, 16)
    let tokens = TokenBatch(
      batchSize: 2, sequenceLength: 7, ids: (0..<14).map { Int32(($0 * 7) % vocabulary) },
      mask: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0], tokenTypes: (0..<14).map { Int32($0 % 2) })
    // The position table covers the offset (2, as RoBERTa) plus every position.
    let tables = ["word": tensor([vocabulary, hidden]), "pos": tensor([positions + 2, hidden]), "type": tensor([2, hidden])]
    let embedding = Node(
      name: "emb", op: .embedding(word: "word", position: "pos", tokenType: "type", positionOffset: 2),
      inputs: ["input_ids", "token_type_ids"], output: "e")
    func encoder(_ name: String, _ nodes: [Node]) -> (String, Graph, ModelInput) {
      (name, Graph(name: name, architecture: "bert",
        kind: .encoder(vocabularySize: vocabulary, hiddenSize: hidden, maxPositions: positions), nodes: nodes,
        output: nodes.last?.output ?? "e", weights: tables), .tokens(tokens))
    }
    checks.append(encoder("embedding", [embedding]))
    checks.append(
      encoder("attention (permute, batched GEMMs, masked softmax)",
        [embedding, Node(name: "attn", op: .attention(heads: 4), inputs: ["e", "e", "e", "attention_mask"], output: "c")]))
    checks.append(encoder("mean_pool", [embedding, Node(name: "pool", op: .meanPool, inputs: ["e", "attention_mask"], output: "p")]))
    checks.append(
      encoder("causal attention (causal masked softmax)",
        [embedding, Node(name: "attn", op: .causalAttention(heads: 4), inputs: ["e", "e", "e", "attention_mask"], output: "c")]))
    checks += imageGraphs(features: features, input: input, tensor: tensor)
    return checks
  }

  /// The image kernels on the same 48 features read as a 3×4×4 image: each convolution path,
  /// each pooling kind, the channel affine map and clipping, with uneven pads, strides and
  /// dilations.
  private static func imageGraphs(
    features: Int, input: ModelInput, tensor: (_ shape: [Int], _ scale: Float) -> Tensor
  ) -> [(String, Graph, ModelInput)] {
    let image = ImageGeometry(channels: 3, height: 4, width: 4)
    func check(_ name: String, _ op: Op, _ weights: [String: Tensor] = [:]) -> (String, Graph, ModelInput) {
      let node = Node(name: "op", op: op, inputs: ["features"], output: "y")
      return (name, Graph(name: name, architecture: "cnn", kind: .mlp(inputFeatures: features), nodes: [node],
        output: "y", weights: weights), input)
    }
    let uneven = ImageWindow(kernel: [3, 3], strides: [2, 1], pads: [1, 0, 1, 2], dilations: [1, 2])
    let same = ImageWindow(kernel: [3, 3], pads: [1, 1, 1, 1])
    let pointwise = ImageWindow(kernel: [1, 1])
    return [
      check("im2col + GEMM convolution (strides, uneven pads, dilation)",
        .convolution(weight: "w", bias: "b", spec: ConvolutionSpec(input: image, outputChannels: 4, window: uneven, groups: 1)),
        ["w": tensor([4, 3, 3, 3], 0.3), "b": tensor([4], 0.1)]),
      check("1×1 convolution (GEMM on the input, no bias)",
        .convolution(weight: "w", bias: nil, spec: ConvolutionSpec(input: image, outputChannels: 5, window: pointwise, groups: 1)),
        ["w": tensor([5, 3, 1, 1], 0.5)]),
      check("conv_direct (depthwise, two outputs a channel)",
        .convolution(weight: "w", bias: "b", spec: ConvolutionSpec(input: image, outputChannels: 6, window: same, groups: 3)),
        ["w": tensor([6, 1, 3, 3], 0.3), "b": tensor([6], 0.1)]),
      check("pool max",
        .pool(PoolSpec(kind: .max, input: image, window: ImageWindow(kernel: [2, 2], strides: [2, 2], pads: [1, 1, 0, 0])))),
      check("pool average",
        .pool(PoolSpec(kind: .average, input: image, window: ImageWindow(kernel: [2, 3], strides: [2, 1], pads: [0, 1, 1, 1])))),
      check("pool average counting pads",
        .pool(PoolSpec(kind: .average, input: image, window: same, countsPadding: true))),
      check("channel_affine", .channelAffine(scale: "s", shift: "t", channels: 3), ["s": tensor([3], 1), "t": tensor([3], 0.5)]),
      check("clip", .clip(minimum: -0.3, maximum: 0.4)),
    ]
  }
}
