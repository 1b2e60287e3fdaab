import ModelGraph
import Testing

@testable import CostModel

@Suite("ModelWork from a graph")
struct ModelWorkGraphTests {
  @Test("The small preset's work: the graph analysis's costs; memory = weights + activations")
  func smallPreset() throws {
    let graph = ModelPreset.small.makeGraph()
    let work = try ModelWork(graph: graph, sequenceLength: 0)
    #expect(work.parameterCount == 1_055_242)
    #expect(work.weightBytes == 4 * 1_055_242)
    let analysis = try GraphAnalysis(graph)
    #expect(work.ops(batchSize: 4) == analysis.costs(batchSize: 4, sequenceLength: 0))
    // dense FLOPs dominate: 2·b·(512·1024 + 1024·512 + 512·10) plus biases and ReLUs
    let total = work.ops(batchSize: 4).reduce(0) { $0 + $1.flops }
    #expect(total >= 2 * 4 * Double(512 * 1024 + 1024 * 512 + 512 * 10))
    let activations = analysis.activationBytes(batchSize: 4, sequenceLength: 0)
    #expect(work.memoryBytes(batchSize: 4) == 4 * 1_055_242 + activations)
    #expect(work.memoryBytes(batchSize: 4, bytesPerValue: 2) == (4 * 1_055_242 + activations) / 2)
  }

  @Test("An invalid graph is an error, not a model with no work")
  func invalidGraph() {
    var graph = ModelPreset.tinyMLP.makeGraph()
    graph.weights["fc1.weight"] = nil
    #expect(throws: GraphError.missingWeight(node: "fc1", op: "dense", tensor: "fc1.weight")) {
      try ModelWork(graph: graph, sequenceLength: 0)
    }
  }
}
