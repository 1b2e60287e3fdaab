import ModelGraph
import Testing

@Suite("GraphAnalysis")
struct GraphAnalysisTests {
  @Test("small: FLOPs per sample counted by hand")
  func smallFlops() {
    let graph = ModelPreset.small.makeGraph()
    // Dense 2·in·out + out (bias) per row; ReLU 1 per element.
    let fc1: Double = 2 * 512 * 1024 + 1024
    let fc2: Double = 2 * 1024 * 512 + 512
    let fc3: Double = 2 * 512 * 10 + 10
    let expected = fc1 + 1024 + fc2 + 512 + fc3
    #expect(graph.flopsPerSample(sequenceLength: 1) == expected)  // 2,110,474
    #expect(graph.flopsPerSample(sequenceLength: 999) == expected)  // no sequence in an MLP
    let costs = graph.costs(batchSize: 8, sequenceLength: 1)
    #expect(costs.map(\.name) == ["fc1", "act1", "fc2", "act2", "fc3"])
    #expect(costs.reduce(0) { $0 + $1.flops } == 8 * expected)
    // fc1 reads its weights and bias once, 8 input rows, writes 8 output rows.
    let fc1Elements: Double = 512 * 1024 + 1024 + 8 * 512 + 8 * 1024
    #expect(costs[0].bytesMoved == 4 * fc1Elements)
    #expect(costs.allSatisfy { $0.launches == 1 })
    #expect(graph.weightBytes == 4 * 1_055_242)
  }

  @Test("small: peak activations are an input plus an output of the widest layer")
  func smallActivations() {
    let graph = ModelPreset.small.makeGraph()
    // act1 reads h1 [b, 1024] and writes a1 [b, 1024] (features are freed after fc1).
    #expect(graph.activationBytes(batchSize: 1, sequenceLength: 1) == 4 * 2048)
    #expect(graph.activationBytes(batchSize: 32, sequenceLength: 1) == 4 * 2048 * 32)
  }

  @Test("tiny-bert: FLOPs follow the encoder formula", arguments: [1, 7, 64])
  func encoderFlops(sequenceLength: Int) {
    let graph = ModelPreset.tinyBERT.makeGraph()
    let (s, h, f, heads) = (Double(sequenceLength), 32.0, 64.0, 4.0)
    let embedding: Double = 2 * s * h + 8 * s * h  // two adds per element (three tables), then layer norm
    let projections: Double = 4 * (2 * s * h * h + s * h)  // q, k, v, attention output
    let feedForward: Double = (2 * s * h * f + s * f) + (2 * s * f * h + s * h)
    let attention: Double = 4 * s * s * h + 7 * heads * s * s
    let elementwise: Double = 2 * s * h + 2 * 8 * s * h + 8 * s * f  // two adds, two layer norms, GELU
    let expected = embedding + 2 * (projections + feedForward + attention + elementwise)
    #expect(abs(graph.flopsPerSample(sequenceLength: sequenceLength) - expected) <= 1e-9 * expected)
    let attentionCosts = graph.costs(batchSize: 2, sequenceLength: sequenceLength).filter { $0.name.hasSuffix(".attention") }
    #expect(attentionCosts.count == 2)
    #expect(attentionCosts.allSatisfy { $0.launches == 3 })
  }

  @Test("tiny-bert: activation peak grows with the attention scores")
  func encoderActivations() {
    let graph = ModelPreset.tinyBERT.makeGraph()
    let short = graph.activationBytes(batchSize: 1, sequenceLength: 8)
    let long = graph.activationBytes(batchSize: 1, sequenceLength: 64)
    #expect(short > 0)
    // At S = 64 the 4 heads' 64×64 scores (64 KiB) dominate the 64×64 FFN hidden state (16 KiB).
    #expect(long >= 4 * 4 * 64 * 64)
    #expect(graph.activationBytes(batchSize: 3, sequenceLength: 64) == 3 * long)
  }

  @Test("an invalid graph has no costs instead of crashing")
  func invalidGraph() {
    var graph = ModelPreset.tinyMLP.makeGraph()
    graph.weights["fc1.weight"] = nil
    #expect(graph.costs(batchSize: 1, sequenceLength: 1).isEmpty)
    #expect(graph.activationBytes(batchSize: 1, sequenceLength: 1) == 0)
  }
}
