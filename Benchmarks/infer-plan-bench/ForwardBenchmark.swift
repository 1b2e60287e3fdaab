/// One forward-pass latency row (filled once the CPU executor and presets are on main).
struct ForwardResult: Encodable {
  let model: String
  let batch: Int, sequence: Int, threads: Int32
  let medianSeconds: Double, bestSeconds: Double, runs: Int
}

/// Forward-pass latency of the presets. Needs the CPU executor (`CPUModel`) from the cpu
/// branch; until it lands this part reports nothing.
struct ForwardBenchmark {
  let options: BenchOptions
  let isa: Int32

  func run(log: (String) -> Void) throws -> [ForwardResult] {
    log("\nForward pass: waiting for the CPU executor (cpu branch) to land on main; skipped")
    return []
  }
}
