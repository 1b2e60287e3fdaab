import CKernels
import Foundation
import Kernels
import ModelGraph
import Records

/// One forward-pass latency row.
struct ForwardResult: Encodable {
  let model: String
  let batch: Int, sequence: Int, threads: Int32
  let medianSeconds: Double, bestSeconds: Double, runs: Int
}

/// Forward-pass latency of the `mlp-large` (batch 1, 16, 64, 256) and `minilm` (batch 1, 8, 32
/// at sequence 128) presets through the CPU executor (`CPUModel`), at each thread count: inputs
/// loaded once (not timed), 3 warm-up passes, then `forwardRuns` timed passes; the median counts.
/// With --export-models the same weights are written for compare.py's ONNX export.
struct ForwardBenchmark {
  let options: BenchOptions
  let isa: Int32

  static let presets: [(preset: ModelPreset, cases: [(batch: Int, sequence: Int)])] = [
    (.mlpLarge, [(1, 1), (16, 1), (64, 1), (256, 1)]),
    (.minilm, [(1, 128), (8, 128), (32, 128)]),
  ]

  func run(log: (String) -> Void) throws -> [ForwardResult] {
    let graphs = Self.presets.map { ($0.preset.makeGraph(), $0.cases) }
    if let directory = options.exportDirectory {
      for (graph, _) in graphs {
        let path = (directory as NSString).appendingPathComponent(graph.name + ".bin")
        try ModelFile.write(graph, to: path)
        log("wrote \(path)")
      }
    }
    let instructionSet: InstructionSet =
      isa >= Int32(IP_ISA_AVX512.rawValue) ? .avx512 : isa >= Int32(IP_ISA_AVX2.rawValue) ? .avx2 : .scalar
    log("\nForward pass (CPUModel, \(instructionSet.rawValue)), median of \(options.forwardRuns) runs")
    log("     model  batch  seq  threads  median ms   best ms")
    var results: [ForwardResult] = []
    for threads in options.threads {
      for (graph, cases) in graphs {
        let model = try CPUModel(graph: graph, instructionSet: instructionSet, threads: Int(threads))
        for (batch, sequence) in cases {
          let workspace = try model.makeWorkspace(batchSize: batch, sequenceLength: sequence)
          try model.load(Self.input(for: graph, batch: batch, sequence: sequence), into: workspace)
          for _ in 0..<3 { try model.run(workspace) }
          var samples: [Double] = []
          for _ in 0..<options.forwardRuns {
            let start = BenchClock.now()
            try model.run(workspace)
            samples.append(BenchClock.now() - start)
          }
          samples.sort()
          let result = ForwardResult(
            model: graph.name, batch: batch, sequence: sequence, threads: threads,
            medianSeconds: samples[samples.count / 2], bestSeconds: samples[0], runs: samples.count)
          results.append(result)
          log(String(format: "%10@ %6d %4d %8d %10.3f %9.3f", graph.name, batch, sequence, Int(threads),
                     result.medianSeconds * 1e3, result.bestSeconds * 1e3))
        }
      }
    }
    return results
  }

  /// Random features in [-1, 1) or random token ids with a full mask (no padding), seeded.
  static func input(for graph: Graph, batch: Int, sequence: Int) -> ModelInput {
    var random = SplitMix64(seed: UInt64(batch * 1000 + sequence))
    switch graph.kind {
    case .mlp(let features):
      return .features(Tensor(shape: [batch, features], scalars: (0..<(batch * features)).map { _ in random.nextSignedUnitFloat() }))
    case .encoder(let vocabulary, _, _):
      let ids = (0..<(batch * sequence)).map { _ in Int32(Double(random.nextSignedUnitFloat() + 1) / 2 * Double(vocabulary - 1)) }
      return .tokens(TokenBatch(batchSize: batch, sequenceLength: sequence, ids: ids))
    }
  }
}
