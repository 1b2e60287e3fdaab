// infer-plan-bench: GEMM GFLOP/s on serving-sized shapes against this machine's FMA peak
// measured in the same run, forward-pass latency of the presets (back to back and paced), and
// the thread pool's wake-up latency. Not a test: timings vary with load.
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
  if let spin = options.spinMicroseconds { ip_pool_set_default_spin_us(Int32(spin)) }
  var report = BenchReport(options: options, isa: isa)
  let log: (String) -> Void = { line in
    if options.json { FileHandle.standardError.write(Data((line + "\n").utf8)) } else { print(line) }
  }
  log(report.headerText())
  if let path = options.stepsModel {
    do {
      try StepsBenchmark(options: options, isa: isa, path: path).run(log: log)
    } catch {
      FileHandle.standardError.write(Data("infer-plan-bench: --steps: \(error)\n".utf8))
      return 1
    }
    return 0
  }
  if options.poolWake {
    report.poolWake = PoolWakeBenchmark(options: options).run(log: log)
    return finish(report, options: options)
  }

  // FMA peak per level this CPU runs, in this run (the "% of peak" denominator): the best of
  // `rounds` windows of `roundSeconds`, the rule the GEMM figures follow, measured before and
  // after the GEMMs (the higher counts). `devices` reports the best 10 ms window (peaks10ms).
  func probePeaks(_ when: String) {
    for level in 0...ip_cpu_best_isa() {
      let name = String(cString: ip_isa_name(level))
      let peak = ip_probe_fma_gflops_windows(level, options.roundSeconds, Int32(options.rounds))
      report.peaks[name] = max(report.peaks[name] ?? 0, peak)
      report.peaks10ms[name] = max(report.peaks10ms[name] ?? 0, ip_probe_fma_gflops(level, options.quick ? 0.05 : 0.3))
      log(String(format: "FMA peak, one core, %@ (%@): %.1f GFLOP/s (best 10 ms window: %.1f)", name, when, peak,
                 report.peaks10ms[name] ?? 0))
    }
  }
  probePeaks("before")
  var blocks = ip_gemm_blocking()
  ip_gemm_blocks(isa, &blocks)
  var caches = ip_cache_info()
  ip_cpu_caches(&caches)
  report.blocks = blocks
  report.caches = caches
  log("Caches (\(String(cString: caches.source))): L1d \(caches.l1d.bytes >> 10) KiB, L2 \(caches.l2.bytes >> 10) KiB, "
    + "L3 \(caches.l3.bytes >> 10) KiB shared by \(caches.l3.shared_by); GEMM blocks: MR×NR \(blocks.mr)×\(blocks.nr), "
    + "KC \(blocks.kc), MC \(blocks.mc), NC \(blocks.nc)")

  // Copy bandwidth at each thread count, as `infer-plan devices` measures it (64 MiB arrays):
  // the denominator of the batch-1 forward pass's weight-read rate.
  for threads in options.threads {
    let gbps = ip_probe_copy_gbps(64 << 20, threads, options.quick ? 0.05 : 0.2)
    report.copyBandwidth[String(threads)] = gbps
    log(String(format: "Copy bandwidth, %d thread(s): %.1f GB/s", Int(threads), gbps))
  }

  let gemm = GemmBenchmark(isa: isa, roundSeconds: options.roundSeconds, rounds: options.rounds)
  if !options.skipGemm {
    log("\nGEMM c = a·wᵀ (packed w), GFLOP/s = fastest of \(options.rounds) round(s); % of peak = per core × threads")
    log("     M      N      K  threads   GFLOP/s  median  % peak")
  }
  for threads in options.threads where !options.skipGemm {
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

  if !options.skipGemm { probePeaks("after") }

  if !options.skipForward {
    do {
      report.forward = try ForwardBenchmark(options: options, isa: isa).run(log: log)
    } catch {
      FileHandle.standardError.write(Data("infer-plan-bench: forward pass: \(error)\n".utf8))
      return 1
    }
  }
  return finish(report, options: options)
}

/// Prints the JSON document when asked; returns the exit status.
func finish(_ report: BenchReport, options: BenchOptions) -> Int32 {
  guard options.json else { return 0 }
  do {
    print(try report.jsonText())
    return 0
  } catch {
    FileHandle.standardError.write(Data("infer-plan-bench: could not encode JSON: \(error)\n".utf8))
    return 1
  }
}

exit(runBench())
