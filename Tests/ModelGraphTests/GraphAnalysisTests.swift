import ModelGraph
import Testing

@Suite("GraphAnalysis")
struct GraphAnalysisTests {
  @Test("small: FLOPs per sample counted by hand")
  func smallFlops() throws {
    let graph = ModelPreset.small.makeGraph()
    let analysis = try GraphAnalysis(graph)
    // Dense 2·in·out + out (bias) per row; ReLU 1 per element.
    let fc1: Double = 2 * 512 * 1024 + 1024
    let fc2: Double = 2 * 1024 * 512 + 512
    let fc3: Double = 2 * 512 * 10 + 10
    let expected = fc1 + 1024 + fc2 + 512 + fc3
    #expect(analysis.flopsPerSample(sequenceLength: 1) == expected)  // 2,110,474
    #expect(analysis.flopsPerSample(sequenceLength: 999) == expected)  // no sequence in an MLP
    #expect(graph.flopsPerSample(sequenceLength: 1) == expected)
    let costs = analysis.costs(batchSize: 8, sequenceLength: 1)
    #expect(costs.map(\.name) == ["fc1", "act1", "fc2", "act2", "fc3"])
    #expect(costs.reduce(0) { $0 + $1.flops } == 8 * expected)
    // fc1 reads its weights and bias once, 8 input rows, writes 8 output rows.
    let fc1Elements: Double = 512 * 1024 + 1024 + 8 * 512 + 8 * 1024
    #expect(costs[0].bytes == 4 * fc1Elements)
    // On the GPU each ReLU runs in its dense layer's GEMM epilogue: no launch of its own.
    #expect(costs.map(\.launches) == [1, 0, 1, 0, 1])
    #expect(graph.weightBytes == 4 * 1_055_242)
  }

  @Test("small: peak activations are an input plus an output of the widest layer")
  func smallActivations() throws {
    let analysis = try GraphAnalysis(ModelPreset.small.makeGraph())
    // act1 reads h1 [b, 1024] and writes a1 [b, 1024] (features are freed after fc1).
    #expect(analysis.activationBytes(batchSize: 1, sequenceLength: 1) == 4 * 2048)
    #expect(analysis.activationBytes(batchSize: 32, sequenceLength: 1) == 4 * 2048 * 32)
  }

  @Test("tiny-bert: FLOPs follow the encoder formula", arguments: [1, 7, 64])
  func encoderFlops(sequenceLength: Int) throws {
    let analysis = try GraphAnalysis(ModelPreset.tinyBERT.makeGraph())
    let (s, h, f, heads) = (Double(sequenceLength), 32.0, 64.0, 4.0)
    let embedding: Double = 2 * s * h + 8 * s * h  // two adds per element (three tables), then layer norm
    let projections: Double = 4 * (2 * s * h * h + s * h)  // q, k, v, attention output
    let feedForward: Double = (2 * s * h * f + s * f) + (2 * s * f * h + s * h)
    let attention: Double = 4 * s * s * h + 7 * heads * s * s
    let elementwise: Double = 2 * s * h + 2 * 8 * s * h + 8 * s * f  // two adds, two layer norms, GELU
    let expected = embedding + 2 * (projections + feedForward + attention + elementwise)
    #expect(abs(analysis.flopsPerSample(sequenceLength: sequenceLength) - expected) <= 1e-9 * expected)
    let attentionCosts = analysis.costs(batchSize: 2, sequenceLength: sequenceLength).filter { $0.name.hasSuffix(".attention") }
    #expect(attentionCosts.count == 2)
    // Split q, k, v into heads, scores GEMM, softmax, weighted sum, merge the heads.
    #expect(attentionCosts.allSatisfy { $0.launches == 7 })
    // GELU (erf) has no GEMM epilogue: it stays a kernel of its own after the FFN's first layer.
    let gelu = analysis.costs(batchSize: 2, sequenceLength: sequenceLength).filter { $0.name.hasSuffix("ffn.activation") }
    #expect(!gelu.isEmpty && gelu.allSatisfy { $0.launches == 1 })
  }

  @Test("tiny-bert: activation peak grows with the attention scores")
  func encoderActivations() throws {
    let analysis = try GraphAnalysis(ModelPreset.tinyBERT.makeGraph())
    let short = analysis.activationBytes(batchSize: 1, sequenceLength: 8)
    let long = analysis.activationBytes(batchSize: 1, sequenceLength: 64)
    #expect(short > 0)
    // At S = 64 the 4 heads' 64×64 scores (64 KiB) dominate the 64×64 FFN hidden state (16 KiB).
    #expect(long >= 4 * 4 * 64 * 64)
    #expect(analysis.activationBytes(batchSize: 3, sequenceLength: 64) == 3 * long)
  }

  @Test("tiny-bert: every value's type, and each node's work as a formula in B and S")
  func encoderTypes() throws {
    let analysis = try GraphAnalysis(ModelPreset.tinyBERT.makeGraph())
    #expect(analysis.type(of: "input_ids") == .tokenIDs)
    #expect(analysis.type(of: "token_type_ids") == .tokenTypes)
    #expect(analysis.type(of: "attention_mask") == .attentionMask)
    #expect(analysis.type(of: "layer.0.ffn.hidden") == .sequence(width: 64))
    #expect(analysis.type(of: "layer.0.ffn.hidden")?.description == "[batch, sequence, 64]")
    #expect(analysis.type(of: "nothing") == nil)
    #expect(analysis.output == .sequence(width: 32))
    let attention = try #require(analysis.nodes.first { $0.name == "layer.0.attention" })
    #expect(attention.inputs == [.sequence(width: 32), .sequence(width: 32), .sequence(width: 32), .attentionMask])
    // 4·B·S²·32 + 7·B·4·S² FLOPs; scratch 4 bytes per score.
    #expect(attention.flops.description == "156·B·S^2")
    #expect(attention.scratchBytes.description == "16·B·S^2")
    let query = try #require(analysis.nodes.first { $0.name == "layer.0.attention.query" })
    // 2·32·32 + 32 (bias) per token; weights + bias read once, input and output once per token.
    #expect(query.flops.description == "2080·B·S")
    #expect(query.bytes.description == "256·B·S + 4224")
    #expect(analysis.embeddingLimits == EmbeddingLimits(vocabularySize: 100, maximumSequenceLength: 64, tokenTypeCount: 2))
  }

  static let counts: [(SymbolicCount, Int, Int, Double, String)] = [
    (0, 3, 5, 0, "0"),
    (7, 3, 5, 7, "7"),
    (.batch * .sequence * 4 + 2, 3, 5, 62, "4·B·S + 2"),
    (2 * SymbolicCount.batch * .sequence * .sequence + .batch, 2, 3, 38, "2·B·S^2 + B"),
    ((SymbolicCount.batch + 1) * (SymbolicCount.batch + -1), 4, 9, 15, "B^2 − 1"),
    (.sequence * 0 + .batch, 6, 0, 6, "B"),
  ]

  @Test("SymbolicCount evaluates and prints sums of c·Bⁱ·Sʲ", arguments: counts)
  func symbolicCount(count: SymbolicCount, batch: Int, sequence: Int, value: Double, text: String) {
    #expect(count.value(batchSize: batch, sequenceLength: sequence) == value)
    #expect(count.description == text)
  }

  /// One convolution over a 3×8×8 image (192 features a sample) into 4 channels.
  static func convolution(kernel: Int, pads: Int, groups: Int, bias: Bool) -> Graph {
    let spec = ConvolutionSpec(
      input: ImageGeometry(channels: 3 * groups, height: 8, width: 8), outputChannels: 4 * groups,
      window: ImageWindow(kernel: [kernel, kernel], pads: [pads, pads, pads, pads]), groups: groups)
    var weights = ["w": Tensor(zeros: [4 * groups, 3, kernel, kernel])]
    if bias { weights["b"] = Tensor(zeros: [4 * groups]) }
    let node = Node(name: "conv", op: .convolution(weight: "w", bias: bias ? "b" : nil, spec: spec), inputs: ["features"], output: "y")
    return Graph(name: "conv", architecture: "cnn", kind: .mlp(inputFeatures: 192 * groups), nodes: [node], output: "y", weights: weights)
  }

  @Test(
    "a convolution's work, launches and GPU patch traffic",
    arguments: [
      // kernel, pads, groups, bias → launches, GPU scratch bytes at batch 2
      (3, 1, 1, true, 3, 2 * 4 * 27 * 64 * 2), (3, 1, 1, false, 2, 2 * 4 * 27 * 64 * 2), (1, 0, 1, false, 1, 0),
      (3, 1, 2, true, 1, 0),
    ])
  func convolution(kernel: Int, pads: Int, groups: Int, bias: Bool, launches: Int, scratch: Int) throws {
    let analysis = try GraphAnalysis(Self.convolution(kernel: kernel, pads: pads, groups: groups, bias: bias))
    let cost = try #require(analysis.costs(batchSize: 2, sequenceLength: 1).first)
    let outputs = 2.0 * 4 * Double(groups) * 64
    #expect(cost.flops == outputs * (2 * 3 * Double(kernel * kernel) + (bias ? 1 : 0)))
    let weights = Double(groups * 4 * 3 * kernel * kernel + (bias ? 4 * groups : 0))
    #expect(cost.bytes == 4 * (2 * 192 * Double(groups) + outputs + weights))
    #expect(cost.launches == launches)
    #expect(cost.gpuScratchBytes == Double(scratch))
    #expect(cost.gpuBytes == cost.bytes + Double(scratch))
    // At fp16 every byte count halves.
    #expect(cost.scaled(toBytesPerValue: 2).gpuScratchBytes == Double(scratch) / 2)
  }

  @Test("an invalid graph has no FLOPs or activations through the Graph conveniences")
  func invalidGraph() {
    var graph = ModelPreset.tinyMLP.makeGraph()
    graph.weights["fc1.weight"] = nil
    #expect(graph.flopsPerSample(sequenceLength: 1) == 0)
    #expect(graph.activationBytes(batchSize: 1, sequenceLength: 1) == 0)
    #expect(throws: GraphError.missingWeight(node: "fc1", op: "dense", tensor: "fc1.weight")) { try GraphAnalysis(graph) }
  }
}
