import CKernels
import Foundation

/// Everything one bench run measured, printable as text and as JSON (snake_case keys).
struct BenchReport {
  let options: BenchOptions
  let isa: Int32
  /// FMA peak per core by level: best round of the GEMM rule, and best 10 ms window.
  var peaks: [String: Double] = [:]
  var peaks10ms: [String: Double] = [:]
  /// Copy bandwidth (GB/s) by thread count.
  var copyBandwidth: [String: Double] = [:]
  var blocks = ip_gemm_blocking()
  var caches = ip_cache_info()
  var gemm: [GemmResult] = []
  var forward: [ForwardResult] = []
  var poolWake: [PoolWakeResult] = []

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
      let pacedGapSeconds: Double?, spinMicroseconds: Int
    }
    struct Caches: Encodable {
      let source: String, l1dBytes: Int, l2Bytes: Int, l3Bytes: Int, l3SharedBy: Int
    }
    struct Blocks: Encodable {
      let mr: Int32, nr: Int32, kc: Int32, mc: Int32, nc: Int32
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
    let fmaPeak10msGflopsPerCore: [String: Double]
    let copyBandwidthGbps: [String: Double]
    let caches: Caches
    let blocks: Blocks
    let gemm: [Gemm]
    let forward: [ForwardResult]
    let poolWake: [PoolWakeResult]
  }

  func jsonText() throws -> String {
    let peak = peaks[isaName] ?? 0
    let document = JSONDocument(
      schema: "infer-plan-bench/2", toolVersion: "1",
      inputs: .init(isa: isaName, threads: options.threads, quick: options.quick,
                    roundSeconds: options.roundSeconds, rounds: options.rounds, pacedGapSeconds: options.pacedGap,
                    spinMicroseconds: options.spinMicroseconds ?? Int(ip_pool_default_spin_us())),
      machine: .init(cpu: Self.cpuName, logicalCpus: ProcessInfo.processInfo.activeProcessorCount,
                     bestIsa: String(cString: ip_isa_name(ip_cpu_best_isa())), build: Self.buildConfiguration),
      fmaPeakGflopsPerCore: peaks, fmaPeak10msGflopsPerCore: peaks10ms, copyBandwidthGbps: copyBandwidth,
      caches: .init(source: caches.source.map { String(cString: $0) } ?? "unknown", l1dBytes: caches.l1d.bytes,
                    l2Bytes: caches.l2.bytes, l3Bytes: caches.l3.bytes, l3SharedBy: Int(caches.l3.shared_by)),
      blocks: .init(mr: blocks.mr, nr: blocks.nr, kc: blocks.kc, mc: blocks.mc, nc: blocks.nc),
      gemm: gemm.map { result in
        .init(m: result.m, n: result.n, k: result.k, threads: result.threads, gflops: result.gflops,
              medianGflops: result.medianGflops, secondsPerCall: result.bestSeconds,
              medianSecondsPerCall: result.medianSeconds,
              percentOfPeak: peak > 0 ? 100 * result.gflops / (peak * Double(result.threads)) : 0)
      },
      forward: forward, poolWake: poolWake)
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: try encoder.encode(document), as: UTF8.self)
  }
}
