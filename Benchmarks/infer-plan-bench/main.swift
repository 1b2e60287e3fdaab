// infer-plan-bench: GEMM GFLOP/s on the issue-5 shapes against this machine's FMA peak measured
// in the same run, and forward-pass latency of the presets. Not a test: timings vary with load.
// Benchmarks/compare.py runs this with --json next to numpy and ONNX Runtime.
import CKernels
import Foundation

func runBench() -> Int32 {
  let arguments = Array(CommandLine.arguments.dropFirst())
  if arguments.contains("--help") || arguments.contains("-h") {
    print(BenchOptions.usage)
    return 0
  }
  let options: BenchOptions
  do {
    options = try BenchOptions.parse(arguments, environment: ProcessInfo.processInfo.environment)
  } catch {
    FileHandle.standardError.write(Data("infer-plan-bench: \(error.description)\n".utf8))
    return 64
  }
  let isa = options.isa ?? ip_cpu_best_isa()
  var report = BenchReport(options: options, isa: isa)
  let log: (String) -> Void = { line in
    if options.json { FileHandle.standardError.write(Data((line + "\n").utf8)) } else { print(line) }
  }
  log(report.headerText())

  // FMA peak per level this CPU runs, in this run (the "% of peak" denominator).
  for level in 0...ip_cpu_best_isa() {
    let peak = ip_probe_fma_gflops(level, options.quick ? 0.05 : 0.3)
    report.peaks[String(cString: ip_isa_name(level))] = peak
    log(String(format: "FMA peak, one core, %@: %.1f GFLOP/s", String(cString: ip_isa_name(level)), peak))
  }

  let gemm = GemmBenchmark(isa: isa, roundSeconds: options.roundSeconds, rounds: options.rounds)
  log("\nGEMM c = a·wᵀ (packed w), GFLOP/s = fastest of \(options.rounds) round(s); % of peak = per core × threads")
  log("     M      N      K  threads   GFLOP/s  median  % peak")
  for threads in options.threads {
    guard let pool = ip_pool_create(threads) else {
      FileHandle.standardError.write(Data("infer-plan-bench: could not start \(threads) threads\n".utf8))
      return 1
    }
    defer { ip_pool_destroy(pool) }
    for shape in GemmBenchmark.shapes {
      let result = gemm.run(m: shape.m, n: shape.n, k: shape.k, pool: pool)
      report.gemm.append(result)
      let peak = (report.peaks[report.isaName] ?? 0) * Double(threads)
      log(String(format: "%6d %6d %6d %8d %9.1f %7.1f %6.1f%%", shape.m, shape.n, shape.k, Int(threads),
                 result.gflops, result.medianGflops, peak > 0 ? 100 * result.gflops / peak : 0))
    }
  }

  if !options.skipForward {
    do {
      report.forward = try ForwardBenchmark(options: options, isa: isa).run(log: log)
    } catch {
      FileHandle.standardError.write(Data("infer-plan-bench: forward pass: \(error)\n".utf8))
      return 1
    }
  }
  if options.json {
    do {
      print(try report.jsonText())
    } catch {
      FileHandle.standardError.write(Data("infer-plan-bench: could not encode JSON: \(error)\n".utf8))
      return 1
    }
  }
  return 0
}

exit(runBench())
