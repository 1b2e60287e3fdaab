import CUDA
import Foundation
import Kernels
import ModelGraph
import Profiling

/// Runs the steps of `infer-plan gpu-check` and prints one line per result.
struct GPUCheckRunner {
  let context: CommandContext
  let models: [String]
  let precisions: [CUDAPrecision]
  let deviceOrdinal: Int
  let sequenceLength: Int
  let sweep: Bool
  let batchSizes: [Int]
  let maxPointSeconds: Double
  let sweepFolder: String?

  /// A preset's graph (seeded weights, as `model create` writes it), or a model file.
  static func graph(named name: String) throws -> Graph? {
    if let preset = ModelPreset(rawValue: name) { return preset.makeGraph() }
    if name.hasSuffix(".bin") || name.contains("/") { return try ModelLoader.load(path: name) }
    return nil
  }

  func run() throws -> Int32 {
    let paths = context.cudaLibraryPaths
    let discovery = context.discoverGPUs()
    context.out("driver: \(discovery.driverVersion ?? "none") (\(discovery.driverPath ?? "-"))\n")
    context.out("cuBLAS: \(discovery.cublasVersion ?? "none") (\(discovery.cublasPath ?? "-"))\n")
    for device in discovery.devices {
      context.out(
        "GPU \(device.ordinal): \(device.name), \(device.memoryBytes >> 20) MiB, "
          + "\(device.multiprocessorCount) SMs, CC \(device.computeCapability), "
          + "clock \(device.clockRateKilohertz / 1000) MHz, memory \(device.memoryClockRateKilohertz / 1000) MHz × \(device.memoryBusWidthBits) bit, "
          + "peak FP32 \(format(device.peakFP32FlopsPerSecond / 1e12, 1)) TFLOP/s, "
          + "FP16 tensor \(format(device.peakFlopsPerSecond(for: .fp16) / 1e12, 0)) TFLOP/s, "
          + "bandwidth \(format(device.peakBandwidthBytesPerSecond / 1e9, 0)) GB/s\n")
    }
    if context.cudaLaunchBlocking {
      context.out("warning: CUDA_LAUNCH_BLOCKING=1 makes every launch synchronous: wall times include it; unset it to measure serving latency\n")
    }
    if let reason = discovery.unavailableReason {
      context.out("FAIL no usable GPU: \(reason)\n")
      return 1
    }
    let runtime = try CUDARuntime.shared(paths: paths)
    var failures: [String] = []
    var checks = 0
    // Single-op graphs first: if a model output is off, these name the kernel responsible.
    for precision in precisions {
      checks += 1
      let results = try CUDACheck.kernelChecks(runtime: runtime, deviceOrdinal: deviceOrdinal, precision: precision)
      let failed = results.filter { !$0.passed }
      let worst = results.filter(\.passed).max { $0.maxAbsDifference < $1.maxAbsDifference }
      let worstText = worst.map { ", worst max |Δ| \(scientific($0.maxAbsDifference)) (\($0.name))" } ?? ""
      context.out("\(failed.isEmpty ? "PASS" : "FAIL") kernels \(precision.rawValue): \(results.count - failed.count)/\(results.count) single-op graphs within \(scientific(CUDACheck.tolerance(precision)))\(worstText)\n")
      for result in failed {
        context.out("     \(result.name): \(result.error ?? "max |Δ| \(scientific(result.maxAbsDifference))")\n")
      }
      if !failed.isEmpty { failures.append("kernels \(precision.rawValue)") }
    }
    for model in models {
      guard let graph = try Self.graph(named: model) else { continue }
      let model = graph.name
      let input = checkInput(for: graph)
      // The reference is the CPU backend itself (its kernels are tested against the scalar
      // ReferenceForward), so a pass means "the GPU computes what the CPU measures".
      let started = CUDACheck.hostSeconds()
      let cpu = try CPUModel(graph: graph, instructionSet: .detect(), threads: max(1, ProcessInfo.processInfo.activeProcessorCount))
      let reference = try cpu.forward(input)
      context.out("reference \(model): CPU backend (\(cpu.instructionSet.rawValue), \(cpu.threads) threads) fp32 forward in \(format(CUDACheck.hostSeconds() - started, 2)) s\n")
      var rows: [String] = []
      for precision in precisions {
        do {
          let label = "\(model) \(precision.rawValue)"
          let backend = try CUDABackend(graph: graph, runtime: runtime, deviceOrdinal: deviceOrdinal, precision: precision)
          // 1. Outputs against the reference.
          checks += 1
          let pass = try backend.prepare(input: input)
          try pass.run()
          var mask: [Int32]?
          if case .tokens(let batch) = input { mask = batch.mask }
          let result = CUDACheck.compare(try pass.outputs(), reference, precision: precision, mask: mask)
          let cosine = result.pooledCosine.map { ", pooled cosine \(format($0, 6))" } ?? ""
          context.out("\(result.passed ? "PASS" : "FAIL") output \(label): max |Δ| \(scientific(result.maxAbsDifference)) (limit \(scientific(result.tolerance)))\(cosine), lt fallbacks \(pass.ltFallbacks)\n")
          if !result.passed {
            failures.append("output \(label)")
            if precision == .bf16 {
              let largest = reference.scalars.reduce(0) { max($0, abs(Double($1))) }
              context.out("     note: bf16 keeps 8 significant bits, so storing a value of magnitude M rounds it by up to M·2⁻⁹ (here max |reference| = \(format(largest, 2)), i.e. up to \(scientific(largest / 512)) per rounding)\n")
            }
          }
          // 2. Event time against the host clock.
          checks += 1
          let timingBatch = graph.isEncoder ? 8 : 256
          let timed = try backend.prepare(
            input: CUDABackend.seededInput(for: graph, batchSize: timingBatch, sequenceLength: sequence(for: graph)))
          let sanity = try CUDACheck.timingSanity(timed)
          context.out("\(sanity.passed ? "PASS" : "FAIL") timing \(label) batch \(timingBatch): host \(milliseconds(sanity.medianHostSeconds)), event \(milliseconds(sanity.medianDeviceSeconds)), \(sanity.launches) launches, \(sanity.violations)/\(sanity.runs) runs outside the bounds\n")
          if !sanity.passed { failures.append("timing \(label)") }
          // 3. The sweep (the CSV is rewritten after each precision, so a timeout keeps the rest).
          if sweep, let sweepFolder {
            rows += try sweepRows(backend, model: model, precision: precision)
            let path = (sweepFolder as NSString).appendingPathComponent("gpu-sweep-\(model).csv")
            try writeAtomically(([GPUCheckRunner.csvHeader] + rows).joined(separator: "\n") + "\n", to: path)
            context.out("  wrote \(path)\n")
          }
        } catch let error as CUDAError {
          checks += 1
          failures.append("\(model) \(precision.rawValue)")
          context.out("FAIL \(model) \(precision.rawValue): \(error.message)\n")
        }
      }
    }
    context.out("gpu-check: \(checks) checks, \(failures.count) failed\(failures.isEmpty ? "" : ": " + failures.joined(separator: ", "))\n")
    return failures.isEmpty ? 0 : 1
  }

  /// The correctness input: MLP 64 seeded rows; encoders 2 × 64 tokens whose second row ends
  /// in 16 padding positions (mask 0), so masking is checked too.
  func checkInput(for graph: Graph) -> ModelInput {
    guard case .encoder = graph.kind else {
      return CUDABackend.seededInput(for: graph, batchSize: 64, sequenceLength: 0)
    }
    let length = min(64, sequence(for: graph))
    guard case .tokens(let batch) = CUDABackend.seededInput(for: graph, batchSize: 2, sequenceLength: length, seed: 5)
    else { return CUDABackend.seededInput(for: graph, batchSize: 2, sequenceLength: length) }
    var mask = batch.mask
    for s in (length - length / 4)..<length { mask[length + s] = 0 }
    let types = (0..<(2 * length)).map { Int32($0 % length >= length / 2 ? 1 : 0) }
    return .tokens(TokenBatch(batchSize: 2, sequenceLength: length, ids: batch.ids, mask: mask, tokenTypes: types))
  }

  /// `--sequence-length` clipped to the model's positions (0 for MLPs).
  func sequence(for graph: Graph) -> Int {
    guard case .encoder(_, _, let maxPositions) = graph.kind else { return 0 }
    return min(sequenceLength, maxPositions)
  }

  func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
  func scientific(_ value: Double) -> String { String(format: "%.2e", value) }
  func milliseconds(_ seconds: Double) -> String { String(format: "%.3f ms", seconds * 1000) }

  func writeAtomically(_ text: String, to path: String) throws {
    let temporary = path + ".tmp"
    try text.write(toFile: temporary, atomically: false, encoding: .utf8)
    guard rename(temporary, path) == 0 else {
      throw CUDAError(.unsupported, "could not move \(temporary) to \(path): \(String(cString: strerror(errno)))")
    }
  }
}

extension Graph {
  var isEncoder: Bool {
    if case .encoder = kind { return true }
    return false
  }
}
