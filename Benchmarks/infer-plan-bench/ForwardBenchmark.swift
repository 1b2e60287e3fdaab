import CKernels
import Foundation
import Kernels
import ModelGraph
import Records

/// One forward-pass latency row.
struct ForwardResult: Encodable {
  let model: String
  let batch: Int, sequence: Int, threads: Int32
  /// "back-to-back", or "paced" (an idle gap of `gapSeconds` before every pass).
  let mode: String
  let gapSeconds: Double
  let medianSeconds: Double, bestSeconds: Double, runs: Int
  /// Bytes of weights the model holds (each read once per pass) ÷ median seconds, in GB/s.
  let weightGbps: Double
  /// Process CPU time (all threads, user + system) per pass, gaps included: in paced mode it
  /// holds the workers' spin after each pass, so (this − threads × median) is what the spin costs.
  let cpuSecondsPerPass: Double
}

/// Forward-pass latency of the `mlp-large` (batch 1, 16, 64, 256) and `minilm` (batch 1, 8, 32
/// at sequence 128) presets through the CPU executor (`CPUModel`), at each thread count: inputs
/// loaded once (not timed), 3 warm-up passes, then `forwardRuns` timed passes back to back; the
/// median counts. With --paced, the same passes again with an idle gap (a sleep) before each.
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
    let instructionSet = Self.instructionSet(isa)
    let spin = options.spinMicroseconds ?? PoolSpin.processDefault
    log("\nForward pass (CPUModel, \(instructionSet.rawValue), pool spin \(spin) µs), median of \(options.forwardRuns) runs")
    log("     model  batch  seq  threads  mode          median ms   best ms  weights GB/s  CPU ms/pass")
    var results: [ForwardResult] = []
    for threads in options.threads {
      for (graph, cases) in graphs where options.models.contains(graph.name) {
        let model = try CPUModel(
          graph: graph, instructionSet: instructionSet, threads: Int(threads), spinMicroseconds: spin)
        for (batch, sequence) in cases {
          let workspace = try model.makeWorkspace(batchSize: batch, sequenceLength: sequence)
          try model.load(Self.input(for: graph, batch: batch, sequence: sequence), into: workspace)
          for _ in 0..<3 { try model.run(workspace) }
          var gaps: [Double] = [0]
          if let gap = options.pacedGap { gaps.append(gap) }
          for gap in gaps {
            let result = try time(model, workspace, gap: gap, graph: graph, batch: batch, sequence: sequence)
            results.append(result)
            let mode = result.mode.padding(toLength: 12, withPad: " ", startingAt: 0)
            log(String(format: "%10@ %6d %4d %8d  ", graph.name, batch, sequence, Int(threads)) + mode
              + String(format: " %10.3f %9.3f %13.1f %12.3f", result.medianSeconds * 1e3, result.bestSeconds * 1e3,
                       result.weightGbps, result.cpuSecondsPerPass * 1e3))
          }
        }
      }
    }
    return results
  }

  private func time(_ model: CPUModel, _ workspace: CPUWorkspace, gap: Double, graph: Graph, batch: Int,
                    sequence: Int) throws -> ForwardResult {
    var samples: [Double] = []
    let cpuStart = BenchClock.processCPUSeconds()
    for _ in 0..<options.forwardRuns {
      if gap > 0 { BenchClock.sleep(seconds: gap) }
      let start = BenchClock.now()
      try model.run(workspace)
      samples.append(BenchClock.now() - start)
    }
    let cpuPerPass = (BenchClock.processCPUSeconds() - cpuStart) / Double(options.forwardRuns)
    samples.sort()
    let median = samples[samples.count / 2]
    return ForwardResult(
      model: graph.name, batch: batch, sequence: sequence, threads: Int32(model.threads),
      mode: gap > 0 ? "paced" : "back-to-back", gapSeconds: gap, medianSeconds: median, bestSeconds: samples[0],
      runs: samples.count, weightGbps: Double(model.weightBytes) / median / 1e9, cpuSecondsPerPass: cpuPerPass)
  }

  /// The executor's level for an `ip_isa` value.
  static func instructionSet(_ isa: Int32) -> InstructionSet {
    isa >= Int32(IP_ISA_AVX512.rawValue) ? .avx512 : isa >= Int32(IP_ISA_AVX2.rawValue) ? .avx2 : .scalar
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
