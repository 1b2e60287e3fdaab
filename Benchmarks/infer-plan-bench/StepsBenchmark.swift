import Foundation
import Kernels
import ModelGraph
import Records

/// `--steps MODEL`: where one forward pass of a model file spends its time, step by step
/// (`CPUModel.timeSteps`), at each thread count: inputs loaded once (random, seeded), 3 warm-up
/// passes, then `forwardRuns` timed passes; per step the median and the best, and beside them
/// the median of plain passes (`run`), so the steps' sum can be checked against the whole.
struct StepsBenchmark {
  let options: BenchOptions
  let isa: Int32
  let path: String

  func run(log: (String) -> Void) throws {
    let graph = try ModelLoader.load(path: path)
    let instructionSet = ForwardBenchmark.instructionSet(isa)
    let batch = options.stepsBatch
    var sequence = 1
    if case .encoder = graph.kind { sequence = options.stepsSequence }
    for threads in options.threads {
      let model = try CPUModel(graph: graph, instructionSet: instructionSet, threads: Int(threads),
                               spinMicroseconds: options.spinMicroseconds)
      let workspace = try model.makeWorkspace(batchSize: batch, sequenceLength: sequence)
      try model.load(ForwardBenchmark.input(for: graph, batch: batch, sequence: sequence), into: workspace)
      for _ in 0..<3 { try model.run(workspace) }
      var perStep = Array(repeating: [Double](), count: model.stepLabels.count)
      var whole: [Double] = []
      for _ in 0..<options.forwardRuns {  // alternate, so a slow phase of the machine hits both
        for (index, seconds) in try model.timeSteps(workspace).enumerated() { perStep[index].append(seconds) }
        let start = BenchClock.now()
        try model.run(workspace)
        whole.append(BenchClock.now() - start)
      }
      let medians = perStep.map { median($0) }
      let total = medians.reduce(0, +)
      log("\nSteps of \(graph.name) (CPUModel, \(instructionSet.rawValue)), batch \(batch)"
        + (sequence > 1 ? ", sequence \(sequence)" : "") + ", \(threads) thread(s), \(options.forwardRuns) runs")
      log("  step  median ms   best ms  share  what")
      for (index, label) in model.stepLabels.enumerated() {
        log(String(format: "%6d %10.3f %9.3f %5.1f%%  ", index, medians[index] * 1e3, (perStep[index].min() ?? 0) * 1e3,
                   total > 0 ? medians[index] / total * 100 : 0) + label)
      }
      let bestTotal = perStep.map { $0.min() ?? 0 }.reduce(0, +)
      log(String(format: "  sum of the steps' medians %.3f ms, of their bests %.3f ms; whole pass (run) median %.3f ms, best %.3f ms",
                 total * 1e3, bestTotal * 1e3, median(whole) * 1e3, (whole.min() ?? 0) * 1e3))
    }
  }

  private func median(_ values: [Double]) -> Double { Quantiles.median(values) ?? 0 }
}
