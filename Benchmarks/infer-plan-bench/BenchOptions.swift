import CKernels
import Kernels

/// Command-line options of infer-plan-bench (parsed by hand: the bench has no dependencies
/// beyond the kernels it measures).
struct BenchOptions {
  var quick = false
  var json = false
  /// Instruction-set level (ip_isa); nil = the best this CPU runs (or INFER_PLAN_ISA).
  var isa: Int32?
  var threads: [Int32] = [1, 2]
  /// Minimum seconds per timing round (each shape runs `rounds` rounds).
  var roundSeconds = 0.1
  var rounds = 5
  var skipForward = false
  /// Folder to write the preset models into (native files), for compare.py's ONNX export.
  var exportDirectory: String?
  /// Timed forward passes per case (the median is reported).
  var forwardRuns = 30
  /// Also time each forward case with this idle gap (seconds) before every pass; nil = only
  /// back to back.
  var pacedGap: Double?
  /// The pools' idle spin (µs); nil = the default (or INFER_PLAN_SPIN_US).
  var spinMicroseconds: Int?
  var skipGemm = false
  /// Preset models to time (default both).
  var models: [String] = ["mlp-large", "minilm"]
  /// Measure the pool's wake-up latency and the spin's CPU cost instead of GEMM/forward.
  var poolWake = false
  /// Time this model file's forward pass step by step instead of GEMM/forward (`--steps`).
  var stepsModel: String?
  var stepsBatch = 1
  var stepsSequence = 128

  static let usage = """
    infer-plan-bench: GEMM GFLOP/s vs this machine's FMA peak (and forward-pass latency).

    Usage: swift run -c release infer-plan-bench [--quick] [--json] [--isa scalar|avx2|avx512]
                                                 [--threads 1,2] [--seconds 0.1] [--rounds 5]
                                                 [--paced MS] [--spin-us N] [--pool-wake]

      --quick        CI mode: every shape once, short rounds (a few seconds in all)
      --json         machine-readable output (Benchmarks/compare.py reads it)
      --isa LEVEL    force an instruction-set level (default: the best this CPU runs;
                     the INFER_PLAN_ISA environment variable does the same)
      --threads LIST thread counts to measure, comma-separated (default 1,2)
      --seconds S    minimum seconds per timing round (default 0.1)
      --rounds N     timing rounds per case; GFLOP/s uses the fastest, the median is shown too
      --no-forward   skip the forward-pass part
      --no-gemm      skip the GEMM part
      --models LIST  forward-pass models, comma-separated (default mlp-large,minilm)
      --forward-runs N  timed forward passes per case (default 30; median reported)
      --paced MS     also time every forward case with MS milliseconds idle before each pass
      --spin-us N    idle spin of the pool's workers in µs (default 100; INFER_PLAN_SPIN_US
                     does the same)
      --pool-wake    measure the pool's wake-up latency (asleep vs spinning) and the CPU time
                     the spin costs per paced pass, then exit
      --export-models DIR  write mlp-large.bin and minilm.bin (the benchmarked weights) into DIR
      --steps MODEL  time each step of MODEL's forward pass (a model file, Hugging Face folder or
                     .onnx with fixed per-sample dims), median of --forward-runs, then exit
      --steps-batch N    batch size for --steps (default 1)
      --steps-seq N      tokens per sequence for --steps on an encoder (default 128)

    Example: swift run -c release infer-plan-bench --threads 1 --json > bench.json
    """

  /// Parses the arguments (without the program name); throws a message for bad input.
  static func parse(_ arguments: [String], environment: [String: String]) throws(BenchUsageError) -> BenchOptions {
    var options = BenchOptions()
    if let forced = environment["INFER_PLAN_ISA"], !forced.isEmpty {
      options.isa = try level(named: forced, source: "INFER_PLAN_ISA")
    }
    if let spin = environment["INFER_PLAN_SPIN_US"] {
      do { options.spinMicroseconds = try PoolSpin.parse(spin) } catch { throw BenchUsageError(error.description) }
    }
    var index = 0
    func value(_ name: String) throws(BenchUsageError) -> String {
      index += 1
      guard index < arguments.count else { throw BenchUsageError("\(name) needs a value (see --help)") }
      return arguments[index]
    }
    while index < arguments.count {
      let argument = arguments[index]
      switch argument {
      case "--quick":
        options.quick = true
        options.roundSeconds = 0.005
        options.rounds = 1
        options.forwardRuns = 3
      case "--json": options.json = true
      case "--no-forward": options.skipForward = true
      case "--export-models": options.exportDirectory = try value(argument)
      case "--forward-runs":
        let text = try value(argument)
        guard let runs = Int(text), (1...10_000).contains(runs) else {
          throw BenchUsageError("--forward-runs wants a whole number from 1 to 10000, got '\(text)'")
        }
        options.forwardRuns = runs
      case "--no-gemm": options.skipGemm = true
      case "--pool-wake": options.poolWake = true
      case "--steps": options.stepsModel = try value(argument)
      case "--steps-batch", "--steps-seq":
        let text = try value(argument)
        guard let count = Int(text), (1...65_536).contains(count) else {
          throw BenchUsageError("\(argument) wants a whole number from 1 to 65536, got '\(text)'")
        }
        if argument == "--steps-batch" { options.stepsBatch = count } else { options.stepsSequence = count }
      case "--models":
        let text = try value(argument)
        let names = text.split(separator: ",").map { String($0) }
        guard !names.isEmpty, names.allSatisfy({ ["mlp-large", "minilm"].contains($0) }) else {
          throw BenchUsageError("--models wants mlp-large and/or minilm, comma-separated, got '\(text)'")
        }
        options.models = names
      case "--paced":
        let text = try value(argument)
        guard let milliseconds = Double(text), milliseconds > 0, milliseconds <= 10_000 else {
          throw BenchUsageError("--paced wants an idle gap in milliseconds in (0, 10000], got '\(text)'")
        }
        options.pacedGap = milliseconds / 1000
      case "--spin-us":
        let text = try value(argument)
        do {
          options.spinMicroseconds = try PoolSpin.parse(text)
        } catch {
          throw BenchUsageError("--spin-us wants whole microseconds from 0 to \(PoolSpin.maximumMicroseconds), got '\(text)'")
        }
      case "--isa": options.isa = try level(named: try value(argument), source: "--isa")
      case "--threads":
        let text = try value(argument)
        let counts = text.split(separator: ",").map { Int32($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 != nil && $0! >= 1 && $0! <= 256 }) else {
          throw BenchUsageError("--threads wants comma-separated counts from 1 to 256, got '\(text)' (e.g. --threads 1,2)")
        }
        options.threads = counts.compactMap { $0 }
      case "--seconds":
        let text = try value(argument)
        guard let seconds = Double(text), seconds > 0, seconds <= 60 else {
          throw BenchUsageError("--seconds wants a number of seconds in (0, 60], got '\(text)'")
        }
        options.roundSeconds = seconds
      case "--rounds":
        let text = try value(argument)
        guard let rounds = Int(text), (1...100).contains(rounds) else {
          throw BenchUsageError("--rounds wants a whole number from 1 to 100, got '\(text)'")
        }
        options.rounds = rounds
      default:
        throw BenchUsageError("unknown option '\(argument)' (see --help)")
      }
      index += 1
    }
    if let isa = options.isa, isa > ip_cpu_best_isa() {
      let best = String(cString: ip_isa_name(ip_cpu_best_isa()))
      throw BenchUsageError("this CPU cannot run \(String(cString: ip_isa_name(isa))); the best it runs is \(best)")
    }
    return options
  }

  static func level(named name: String, source: String) throws(BenchUsageError) -> Int32 {
    switch name.lowercased() {
    case "scalar": return Int32(IP_ISA_SCALAR.rawValue)
    case "avx2": return Int32(IP_ISA_AVX2.rawValue)
    case "avx512": return Int32(IP_ISA_AVX512.rawValue)
    default: throw BenchUsageError("\(source) must be scalar, avx2 or avx512, got '\(name)'")
    }
  }
}

/// A usage error: printed with the usage hint, exit status 64.
struct BenchUsageError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
