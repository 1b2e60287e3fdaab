import CKernels
import Foundation

/// Everything one bench run measured, printable as text and as JSON (snake_case keys).
struct BenchReport {
  let options: BenchOptions
  let isa: Int32
  var peaks: [String: Double] = [:]
  var gemm: [GemmResult] = []
  var forward: [ForwardResult] = []

  init(options: BenchOptions, isa: Int32) {
    self.options = options
    self.isa = isa
  }

  var isaName: String { String(cString: ip_isa_name(isa)) }

  static var cpuName: String {
    var buffer = [CChar](repeating: 0, count: 256)
    return ip_cpu_brand(&buffer, buffer.count) == 0 ? String(cString: buffer) : "unknown CPU"
  }

  static var buildConfiguration: String {
    #if DEBUG
      return "debug"
    #else
      return "release"
    #endif
  }

  func headerText() -> String {
    var text = "infer-plan-bench on \(Self.cpuName) (\(ProcessInfo.processInfo.activeProcessorCount) logical CPUs), "
    text += "kernels: \(isaName) (best here: \(String(cString: ip_isa_name(ip_cpu_best_isa())))), \(Self.buildConfiguration) build"
    if Self.buildConfiguration == "debug" {
      text += "\nWARNING: debug build: C kernels are compiled at -O0, so these timings mean nothing; use -c release"
    }
    return text
  }

  private struct JSONDocument: Encodable {
    struct Inputs: Encodable {
      let isa: String, threads: [Int32], quick: Bool, roundSeconds: Double, rounds: Int
    }
    struct Machine: Encodable {
      let cpu: String, logicalCpus: Int, bestIsa: String, build: String
    }
    struct Gemm: Encodable {
      let m: Int, n: Int, k: Int, threads: Int32
      let gflops: Double, medianGflops: Double, secondsPerCall: Double, medianSecondsPerCall: Double
      let percentOfPeak: Double
    }
    let schema: String, toolVersion: String
    let inputs: Inputs
    let machine: Machine
    let fmaPeakGflopsPerCore: [String: Double]
    let gemm: [Gemm]
    let forward: [ForwardResult]
  }

  func jsonText() throws -> String {
    let peak = peaks[isaName] ?? 0
    let document = JSONDocument(
      schema: "infer-plan-bench/1", toolVersion: "1",
      inputs: .init(isa: isaName, threads: options.threads, quick: options.quick,
                    roundSeconds: options.roundSeconds, rounds: options.rounds),
      machine: .init(cpu: Self.cpuName, logicalCpus: ProcessInfo.processInfo.activeProcessorCount,
                     bestIsa: String(cString: ip_isa_name(ip_cpu_best_isa())), build: Self.buildConfiguration),
      fmaPeakGflopsPerCore: peaks,
      gemm: gemm.map { result in
        .init(m: result.m, n: result.n, k: result.k, threads: result.threads, gflops: result.gflops,
              medianGflops: result.medianGflops, secondsPerCall: result.bestSeconds,
              medianSecondsPerCall: result.medianSeconds,
              percentOfPeak: peak > 0 ? 100 * result.gflops / (peak * Double(result.threads)) : 0)
      },
      forward: forward)
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: try encoder.encode(document), as: UTF8.self)
  }
}
