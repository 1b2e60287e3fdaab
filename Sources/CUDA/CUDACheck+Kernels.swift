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
    func tensor(_ shape: [Int], _ scale: Float = 1) -> Tensor { CUDACheckGraphs.uniform(shape, scale, &random) }
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
    let tables = ["word": tensor([vocabulary, hidden]), "pos": tensor([positions, hidden]), "type": tensor([2, hidden])]
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
    return checks
  }
}
