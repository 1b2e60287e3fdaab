import ModelGraph
import Testing

@testable import CostModel

@Suite("ModelWork from a graph")
struct ModelWorkGraphTests {
  @Test("The small preset's work: FLOPs, bytes and launches from Graph.costs; memory = weights + activations")
  func smallPreset() {
    let graph = ModelPreset.small.makeGraph()
    let work = ModelWork(graph: graph, sequenceLength: 0)
    #expect(work.parameterCount == 1_055_242)
    #expect(work.weightBytes == 4 * 1_055_242)
    let ops = work.ops(batchSize: 4)
    let costs = graph.costs(batchSize: 4, sequenceLength: 0)
    #expect(ops.count == costs.count)
    #expect(ops.map(\.flops) == costs.map(\.flops))
    #expect(ops.map(\.bytes) == costs.map(\.bytesMoved))
    #expect(ops.map(\.launches) == costs.map(\.launches))
    // dense FLOPs dominate: 2·b·(512·1024 + 1024·512 + 512·10) plus biases and ReLUs
    let total = ops.reduce(0) { $0 + $1.flops }
    #expect(total >= 2 * 4 * Double(512 * 1024 + 1024 * 512 + 512 * 10))
    let activations = graph.activationBytes(batchSize: 4, sequenceLength: 0)
    #expect(work.memoryBytes(batchSize: 4) == 4 * 1_055_242 + activations)
    #expect(work.memoryBytes(batchSize: 4, bytesPerValue: 2) == (4 * 1_055_242 + activations) / 2)
  }
}
