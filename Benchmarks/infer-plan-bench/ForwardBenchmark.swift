import Foundation
import ModelGraph

/// One forward-pass latency row.
struct ForwardResult: Encodable {
  let model: String
  let batch: Int, sequence: Int, threads: Int32
  let medianSeconds: Double, bestSeconds: Double, runs: Int
}

/// Forward-pass latency of the `mlp-large` (batch 1, 16, 64, 256) and `minilm` (batch 1, 8, 32
/// at sequence 128) presets. Writes the models for compare.py when asked. Timing needs the CPU
/// executor (`CPUModel`, cpu branch); until it lands on main this part only exports.
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
    log("\nForward pass: the CPU executor (cpu branch) is not on main yet; latency skipped")
    return []
  }
}
