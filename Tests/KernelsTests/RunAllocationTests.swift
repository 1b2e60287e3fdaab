import Foundation
import Kernels
import ModelGraph
import Testing

/// `malloc_count()` from Fixtures/malloc_count.c when the test runs under LD_PRELOAD, else nil.
private let mallocCount: (@convention(c) () -> Int)? = {
  guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "malloc_count") else { return nil }
  return unsafeBitCast(symbol, to: (@convention(c) () -> Int).self)
}()

/// `CPUModel.run` allocates nothing once warm (optional: needs the malloc counter preloaded,
/// see Fixtures/malloc_count.c). The counter is process-wide, so a couple of allocations by the
/// test runner's own threads may land in the window; 200 passes that each allocated would
/// show as ≥ 200.
@Suite("CPUModel.run allocations (optional: LD_PRELOAD malloc counter)", .enabled(if: mallocCount != nil), .serialized)
struct RunAllocationTests {
  @Test("200 passes after warm-up allocate nothing", arguments: [1, 2])
  func noAllocation(threads: Int) throws {
    let count = try #require(mallocCount)
    let encoder = ForwardTestGraphs.encoder(hidden: 32, heads: 4, ffn: 64, layers: 2, pooled: true, seed: 1)
    let mlp = ForwardTestGraphs.mlp(widths: [16, 33, 8], residual: true, seed: 2)
    let cases: [(Graph, ModelInput)] = [
      (encoder, .tokens(ForwardTestGraphs.tokens(batchSize: 3, sequenceLength: 9, seed: 3))),
      (mlp, .features(Tensor(zeros: [5, 16]))),
    ]
    for (graph, input) in cases {
      let model = try CPUModel(graph: graph, instructionSet: .detect(), threads: threads)
      var sequenceLength = 1
      if case .tokens(let batch) = input { sequenceLength = batch.sequenceLength }
      let workspace = try model.makeWorkspace(batchSize: input.batchSize, sequenceLength: sequenceLength)
      try model.load(input, into: workspace)
      try model.run(workspace)
      let before = count()
      for _ in 0..<200 { try model.run(workspace) }
      #expect(count() - before <= 2, "\(graph.name): \(count() - before) allocations in 200 passes")
    }
  }
}
