#!/usr/bin/env python3
"""Side-by-side speed check: infer-plan's kernels vs numpy (OpenBLAS) and ONNX Runtime.

In one run, on this machine:
  * GEMM: serving-sized (M, N, K) shapes in infer-plan-bench (packed weights) and in numpy
    (`np.matmul(a, w.T, out=c)`, the BLAS numpy ships), at the same thread counts, same timing
    rule (fastest of R rounds, each at least S seconds of back-to-back calls);
  * forward pass: the `mlp-large` and `minilm` presets, same weights (the bench writes the native
    model files; this script reads their safetensors and builds the ONNX graph from the graph JSON),
    run by ONNX Runtime from Python (`session.run`, ORT_ENABLE_ALL, intra_op_num_threads = threads,
    inter_op_num_threads = 1), median latency vs the bench's median latency;
  * with --onnx FILE,…: instead, each ONNX file timed by `infer-plan profile` and by ONNX Runtime on
    the same file (Benchmarks/onnx_compare.py), at --threads, --onnx-batches and --onnx-seq-len;
  * with --check-profile: each back-to-back forward case also timed by `infer-plan profile` on the
    same model file, printed beside the bench's figure (the figures plans use must agree with it);
  * with --paced GAP: every forward case also with GAP milliseconds idle before each pass, on both
    sides (the way requests arrive at a lightly loaded server: every pass meets an idle pool);
  * with --isa avx2: every side at AVX2 on an AVX-512 host, ours by INFER_PLAN_ISA=avx2 and the
    peers by Benchmarks/avx2_only.c (preloaded; makes cpuid report no AVX-512), so our AVX2
    kernels meet OpenBLAS's and ONNX Runtime's AVX2 kernels, not their AVX-512 ones.
Prints ratios ours/theirs: GFLOP/s ratio > 1 and latency ratio < 1 mean infer-plan is faster.

Usage (from the repository root):
  python3 Benchmarks/compare.py                    # builds the release bench, full run
  python3 Benchmarks/compare.py --quick            # short rounds (smoke test)
  python3 Benchmarks/compare.py --paced 16 --skip-gemm --models mlp-large   # paced batch-1 check
  python3 Benchmarks/compare.py --threads 1 --skip-models --json out.json
  python3 Benchmarks/compare.py --isa avx2 --skip-gemm  # AVX2 against AVX2 on an AVX-512 host
  python3 Benchmarks/compare.py --onnx model.onnx --threads 1,2 --onnx-batches 1,8 --onnx-seq-len 128

Needs: numpy, threadpoolctl, onnx, onnxruntime (pip; benchmark-only, never product dependencies).
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are removed from this process's environment (the script
re-executes itself without them), since on some machines they force a slower OpenBLAS kernel;
the BLAS numpy then uses is reported via threadpoolctl.
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AVX2_ONLY_MARK = "INFER_PLAN_COMPARE_AVX2_ONLY"


def wants_avx2_only(argv):
    """--isa avx2 on the command line (read before argparse: it decides how this process starts)."""
    return any(a == "--isa=avx2" or (a == "--isa" and i + 1 < len(argv) and argv[i + 1] == "avx2")
               for i, a in enumerate(argv))


def avx2_only_library():
    """Builds Benchmarks/avx2_only.c (an LD_PRELOAD library that hides AVX-512 from cpuid) into .build."""
    source = os.path.join(ROOT, "Benchmarks", "avx2_only.c")
    library = os.path.join(ROOT, ".build", "avx2_only.so")
    if not os.path.exists(library) or os.path.getmtime(library) < os.path.getmtime(source):
        os.makedirs(os.path.dirname(library), exist_ok=True)
        subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", library, source], check=True)
    return library


def settle_environment():
    """Re-executes this script, before numpy loads, without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE
    and, for --isa avx2, with the AVX-512-hiding library preloaded (numpy, OpenBLAS and ONNX Runtime
    then pick their AVX2 kernels). In the re-executed process, programs it starts get
    INFER_PLAN_ISA=avx2 and no preload: our side is forced by our own switch."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    avx2_only = wants_avx2_only(sys.argv[1:])
    if avx2_only and os.environ.get(AVX2_ONLY_MARK) != "1":
        env["LD_PRELOAD"] = avx2_only_library()
        env[AVX2_ONLY_MARK] = "1"
        os.execve(sys.executable, [sys.executable] + sys.argv, env)
    if env != dict(os.environ) and not avx2_only:
        os.execve(sys.executable, [sys.executable] + sys.argv, env)
    if avx2_only:
        os.environ.pop("LD_PRELOAD", None)
        os.environ["INFER_PLAN_ISA"] = "avx2"


settle_environment()

import numpy as np  # noqa: E402  (after the environment is settled)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

SHAPES = [(1, 384, 384), (8, 384, 384), (128, 384, 384), (128, 1536, 384), (128, 384, 1536),
          (1024, 1024, 1024), (64, 4096, 1024)]


def seconds_per_call(fn, minimum_seconds):
    """Back-to-back calls until a batch lasts minimum_seconds; seconds per call of that batch."""
    repetitions = 1
    while True:
        start = time.perf_counter()
        for _ in range(repetitions):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= minimum_seconds:
            return elapsed / repetitions
        repetitions = int(repetitions * (min(max(2.0, minimum_seconds / elapsed * 1.2), 1000.0) if elapsed > 0 else 1000))


def numpy_gemm(threads, rounds, minimum_seconds):
    rows = []
    rng = np.random.default_rng(1)
    from threadpoolctl import threadpool_limits  # lazy: --help and --onnx run without it
    with threadpool_limits(limits=threads):
        for m, n, k in SHAPES:
            a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
            w = rng.uniform(-1, 1, (n, k)).astype(np.float32)
            wt = w.T  # a view: BLAS gets the transposed flag, no copy (as torch.nn.Linear does)
            c = np.empty((m, n), dtype=np.float32)
            np.matmul(a, wt, out=c)
            times = sorted(seconds_per_call(lambda: np.matmul(a, wt, out=c), minimum_seconds) for _ in range(rounds))
            rows.append({"m": m, "n": n, "k": k, "threads": threads,
                         "gflops": 2.0 * m * n * k / times[0] / 1e9,
                         "median_gflops": 2.0 * m * n * k / times[len(times) // 2] / 1e9})
    return rows


def run_bench(args, export_dir):
    command = [args.bench, "--json", "--threads", ",".join(map(str, args.threads)),
               "--rounds", str(args.rounds), "--seconds", str(args.seconds), "--models", ",".join(args.models)]
    if args.quick:
        command.append("--quick")
    if args.skip_gemm:
        command.append("--no-gemm")
    if args.skip_models:
        command.append("--no-forward")
    else:
        command += ["--export-models", export_dir, "--forward-runs", str(args.forward_runs)]
        if args.paced:
            command += ["--paced", str(args.paced)]
    print("running:", " ".join(command), file=sys.stderr)
    result = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"compare.py: infer-plan-bench failed with status {result.returncode}")
    return json.loads(result.stdout)


def ort_forward(model_path, cases, threads, runs, gaps):
    """Median session.run latency for each (model, batch, seq) case at `threads` threads, back to
    back (gap 0) and with each idle gap in `gaps` (seconds, a sleep before every run)."""
    import onnxruntime as ort
    from onnx_export import build_onnx_model, read_native_model  # lazy: needs onnx
    graph, tensors = read_native_model(model_path)
    model = build_onnx_model(graph, tensors)
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    rows = []
    rng = np.random.default_rng(7)
    for batch, seq in cases:
        if graph["kind"]["type"] == "mlp":
            feeds = {"features": rng.uniform(-1, 1, (batch, graph["kind"]["input_features"])).astype(np.float32)}
        else:
            vocab = graph["kind"]["vocab_size"]
            feeds = {"input_ids": rng.integers(0, vocab, (batch, seq)).astype(np.int64),
                     "token_type_ids": np.zeros((batch, seq), dtype=np.int64),
                     "attention_mask": np.ones((batch, seq), dtype=np.int64)}
        for _ in range(3):
            session.run(None, feeds)
        for gap in [0.0] + gaps:
            samples = []
            for _ in range(runs):
                if gap > 0:
                    time.sleep(gap)
                start = time.perf_counter()
                session.run(None, feeds)
                samples.append(time.perf_counter() - start)
            rows.append({"model": graph["name"], "batch": batch, "sequence": seq, "threads": threads,
                         "mode": "paced" if gap > 0 else "back-to-back",
                         "median_seconds": statistics.median(samples), "best_seconds": min(samples)})
    return rows


FORWARD_KEY = ("model", "batch", "sequence", "threads", "mode")


def best_rows(old, new, key_fields):
    """Per case, the row with the higher GFLOP/s or the lower median latency."""
    best = {tuple(r[f] for f in key_fields): r for r in old}
    for r in new:
        key = tuple(r[f] for f in key_fields)
        kept = best.get(key)
        if kept is None or ("gflops" in r and r["gflops"] > kept["gflops"]) or \
                ("median_seconds" in r and r["median_seconds"] < kept["median_seconds"]):
            best[key] = r
    return list(best.values())


def merge_best(old, new):
    """Keeps the best GEMM and forward rows of two bench reports (the rest from the newer)."""
    if old is None:
        return new
    new["gemm"] = best_rows(old["gemm"], new["gemm"], ("m", "n", "k", "threads"))
    new["forward"] = best_rows(old["forward"], new["forward"], FORWARD_KEY)
    return new


def markdown_table(header, rows, text_columns=()):
    """Prints a Markdown table; columns are right-aligned except those in text_columns."""
    print("\n| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i in text_columns else "---:" for i in range(len(header))) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")


def print_markdown(table, forward, copy_bandwidth):
    if table:
        markdown_table(["M", "N", "K", "threads", "ours GFLOP/s", "numpy GFLOP/s", "ours/numpy", "ours % of peak"],
                       [[r["m"], r["n"], r["k"], r["threads"], f"{r['gflops']:.1f}",
                         f"{r['numpy_gflops']:.1f}" if r["numpy_gflops"] else "n/a", f"{r['ratio']:.2f}",
                         f"{r['percent_of_peak']:.0f}%"] for r in table])
    if forward:
        markdown_table(["model", "batch", "seq", "threads", "mode", "ours median ms", "ORT median ms", "ours/ORT",
                        "spread ours / ORT"],
                       [[r["model"], r["batch"], r["sequence"], r["threads"], r["mode"],
                         f"{r['median_seconds'] * 1e3:.3f}",
                         f"{r['ort_median_seconds'] * 1e3:.3f}" if r["ort_median_seconds"] else "n/a",
                         f"{r['ratio']:.2f}", f"{spread(r['ours_repeat_medians'])} / {spread(r['ort_repeat_medians'])}"]
                        for r in forward], text_columns=(0, 4, 8))
        batch_one = [r for r in forward if r["batch"] == 1 and r["model"] == "mlp-large"]
        rows = []
        for r in batch_one:
            copy = copy_bandwidth.get(str(r["threads"]))
            rows.append(["ours", r["threads"], r["mode"], f"{r['median_seconds'] * 1e3:.3f}", f"{r['weight_gbps']:.1f}",
                         f"{100 * r['weight_gbps'] / copy:.0f}%" if copy else "n/a",
                         f"{r['cpu_seconds_per_pass'] * 1e3:.3f}"])
        if rows:
            markdown_table(["mlp-large batch 1", "threads", "mode", "median ms", "weights read GB/s",
                            "% of copy bandwidth", "CPU ms per pass"], rows, text_columns=(0, 2))


def spread(values):
    """Slowest repeat's median over the fastest's, as "×1.07" (a dash for one repeat)."""
    return f"×{max(values) / min(values):.2f}" if len(values) > 1 and min(values) > 0 else "–"


def profile_medians(args, export_dir, forward_rows):
    """`infer-plan profile`'s back-to-back median (seconds) for each back-to-back forward case of
    the bench, on the model file the bench exported, at the same batch, sequence and threads."""
    tool = args.tool or os.path.join(ROOT, ".build", "release", "infer-plan")
    if not os.path.exists(tool):
        subprocess.run(["swift", "build", "-c", "release", "--product", "infer-plan"], cwd=ROOT, check=True,
                       stdout=sys.stderr)
    found = {}
    cases = {(r["model"], r["sequence"], r["threads"]) for r in forward_rows if r["mode"] == "back-to-back"}
    for model, sequence, threads in sorted(cases):
        batches = sorted({r["batch"] for r in forward_rows
                          if (r["model"], r["sequence"], r["threads"]) == (model, sequence, threads)})
        table = os.path.join(export_dir, f"profile-{model}-{threads}.csv")
        command = [tool, "profile", "--model", os.path.join(export_dir, model + ".bin"), "--threads", str(threads),
                   "--batch-sizes", ",".join(map(str, batches)), "--min-time", "1s", "--out", table, "--quiet"]
        if sequence > 1:
            command += ["--seq-len", str(sequence)]
        print("running:", " ".join(command), file=sys.stderr)
        if subprocess.run(command).returncode != 0:
            sys.exit(f"compare.py: infer-plan profile failed on {model}")
        with open(table) as f:
            for r in csv.DictReader(f):
                if r["mode"] == "back-to-back":
                    found[(model, int(r["batch_size"]), sequence, threads, "back-to-back")] = float(r["median_ms"]) / 1e3
    return found


def print_profile_check(forward):
    """The bench's median next to `infer-plan profile`'s for the same case: the figures plans use
    must be the figures the benchmark compares, within the spread of this machine."""
    print("\nBench vs profile, back-to-back median ms (the same model file, batch, sequence and threads)")
    print(f"{'model':>10} {'batch':>5} {'seq':>4} {'thr':>4} {'bench':>9} {'profile':>9} {'ratio':>6}  bench spread")
    for r in forward:
        if r.get("profile_median_seconds") is None:
            continue
        ratio = r["median_seconds"] / r["profile_median_seconds"]
        print(f"{r['model']:>10} {r['batch']:>5} {r['sequence']:>4} {r['threads']:>4} {r['median_seconds'] * 1e3:>9.3f} "
              f"{r['profile_median_seconds'] * 1e3:>9.3f} {ratio:>6.2f}  {spread(r['ours_repeat_medians'])}")


def check_peers_without_avx512():
    """Stops unless this process's numpy sees no AVX-512, i.e. the cpuid mask is in effect (ONNX
    Runtime and OpenBLAS read the same masked cpuid in this process)."""
    from numpy._core._multiarray_umath import __cpu_features__ as features
    if features.get("AVX512F") or not features.get("AVX2"):
        sys.exit("compare.py: --isa avx2 wants numpy to see AVX2 and no AVX-512, but it sees AVX512F="
                 f"{features.get('AVX512F')} AVX2={features.get('AVX2')}: was Benchmarks/avx2_only.c preloaded?")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", default=None, help="path of infer-plan-bench (default: build it with swift build -c release)")
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts (default 1,2)")
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds per GEMM case (fastest counts)")
    parser.add_argument("--seconds", type=float, default=0.1, help="minimum seconds per round")
    parser.add_argument("--forward-runs", type=int, default=30, help="timed forward passes per case (median)")
    parser.add_argument("--quick", action="store_true", help="short rounds, few forward runs")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run both sides this many times, alternating which goes first; keep each case's best")
    parser.add_argument("--skip-models", action="store_true", help="GEMM only")
    parser.add_argument("--skip-gemm", action="store_true", help="forward passes only")
    parser.add_argument("--models", default="mlp-large,minilm", help="forward-pass models (default mlp-large,minilm)")
    parser.add_argument("--paced", type=float, default=None, metavar="GAP",
                        help="also time every forward case, ours and ORT, with GAP ms idle before each pass")
    parser.add_argument("--json", default=None, help="also write every figure to this JSON file")
    parser.add_argument("--markdown", action="store_true", help="also print the tables as Markdown (for docs)")
    parser.add_argument("--check-profile", action="store_true",
                        help="also time each back-to-back forward case with `infer-plan profile` (--tool) on the same "
                             "model file, and print both figures: the bench and the profiler must agree")
    parser.add_argument("--onnx", default=None, metavar="FILES",
                        help="comma-separated .onnx files: time each with infer-plan profile and ONNX Runtime instead")
    parser.add_argument("--tool", default=None, help="infer-plan binary for --onnx (default: build it with swift build -c release)")
    parser.add_argument("--onnx-batches", default="1,8", help="batch sizes for --onnx (default 1,8)")
    parser.add_argument("--onnx-seq-len", type=int, default=16, help="sequence length for --onnx token inputs (default 16)")
    parser.add_argument("--input-shape", action="append", default=[], metavar="NAME=DIMS",
                        help="per-sample dims of an --onnx input the file leaves open, e.g. image=3x224x224 "
                             "(repeatable; passed to infer-plan profile and used for ONNX Runtime's input)")
    parser.add_argument("--isa", choices=["avx2"], default=None,
                        help="avx2: run every side at AVX2 on an AVX-512 host: ours with INFER_PLAN_ISA=avx2, numpy "
                             "(OpenBLAS) and ONNX Runtime with Benchmarks/avx2_only.c preloaded (cpuid without "
                             "AVX-512; needs the cpuid_fault CPU flag and a C compiler)")
    args = parser.parse_args()
    if args.isa == "avx2":
        check_peers_without_avx512()
    try:
        args.threads = [int(t) for t in args.threads.split(",")]
        assert all(1 <= t <= 256 for t in args.threads)
    except (ValueError, AssertionError):
        parser.error(f"--threads wants comma-separated counts from 1 to 256, got '{args.threads}'")
    args.models = [m for m in args.models.split(",") if m]
    if not args.models or any(m not in ("mlp-large", "minilm") for m in args.models):
        parser.error(f"--models wants mlp-large and/or minilm, comma-separated, got '{','.join(args.models)}'")
    if args.paced is not None and not 0 < args.paced <= 10000:
        parser.error(f"--paced wants an idle gap in milliseconds in (0, 10000], got {args.paced}")
    gaps = [args.paced / 1000] if args.paced else []
    if args.quick:
        args.rounds, args.seconds, args.forward_runs = 1, 0.01, 5
    if args.bench is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "infer-plan-bench"], cwd=ROOT, check=True,
                       stdout=sys.stderr)
        args.bench = os.path.join(ROOT, ".build", "release", "infer-plan-bench")

    if args.onnx:
        return compare_onnx(args)

    from threadpoolctl import threadpool_info  # lazy, like threadpool_limits
    blas = [f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')}, {i.get('threading_layer')})"
            for i in threadpool_info() if i.get("user_api") == "blas"]
    # Repeats alternate the sides (ours, theirs, theirs, ours, …) and keep each case's best
    # figure, so a burst of load from other processes does not land on one side only.
    ours, theirs, ort_rows = None, [], []
    # Every repeat's median per forward case and side, so the tables can show the spread.
    medians = {}

    def note_medians(side, rows):
        for r in rows:
            medians.setdefault((side,) + tuple(r[f] for f in FORWARD_KEY), []).append(r["median_seconds"])

    profiled = {}
    with tempfile.TemporaryDirectory(prefix="infer-plan-compare-") as export_dir:
        for repeat in range(args.repeat):
            for side in (("ours", "theirs") if repeat % 2 == 0 else ("theirs", "ours")):
                if side == "ours":
                    report = run_bench(args, export_dir)
                    note_medians("ours", report["forward"])
                    ours = merge_best(ours, report)
                    continue
                if ours is None:
                    ours = run_bench(args, export_dir)
                    note_medians("ours", ours["forward"])
                if not args.skip_gemm:
                    theirs = best_rows(theirs, [row for t in args.threads for row in numpy_gemm(t, args.rounds, args.seconds)],
                                       ("m", "n", "k", "threads"))
                if not args.skip_models:
                    for name in args.models:
                        path = os.path.join(export_dir, name + ".bin")
                        cases = sorted({(r["batch"], r["sequence"]) for r in ours["forward"] if r["model"] == name})
                        if not os.path.exists(path) or not cases:
                            continue
                        for t in args.threads:
                            found = ort_forward(path, cases, t, args.forward_runs, gaps)
                            note_medians("ort", found)
                            ort_rows = best_rows(ort_rows, found, FORWARD_KEY)
        if args.check_profile and ours["forward"]:
            profiled = profile_medians(args, export_dir, ours["forward"])

    import onnxruntime as ort
    machine = ours["machine"]
    print(f"\nMachine: {machine['cpu']}, {machine['logical_cpus']} logical CPUs; our kernels: {ours['inputs']['isa']}"
          f" ({machine['build']} build); FMA peak per core: "
          + ", ".join(f"{k} {v:.1f}" for k, v in sorted(ours["fma_peak_gflops_per_core"].items())) + " GFLOP/s")
    caches, blocks = ours["caches"], ours["blocks"]
    print(f"Caches ({caches['source']}): L1d {caches['l1d_bytes'] >> 10} KiB, L2 {caches['l2_bytes'] >> 10} KiB, "
          f"L3 {caches['l3_bytes'] >> 10} KiB; GEMM blocks MR {blocks['mr']} NR {blocks['nr']} KC {blocks['kc']} "
          f"MC {blocks['mc']} NC {blocks['nc']}; pool spin {ours['inputs']['spin_microseconds']} us; copy bandwidth "
          + ", ".join(f"{k} thread(s) {v:.1f}" for k, v in sorted(ours["copy_bandwidth_gbps"].items())) + " GB/s")
    print(f"numpy {np.__version__}, BLAS: {'; '.join(blas) or 'unknown'}; onnxruntime {ort.__version__}"
          + ("; peers limited to AVX2 (cpuid without AVX-512)" if args.isa else ""))
    numpy_by_key = {(r["m"], r["n"], r["k"], r["threads"]): r for r in theirs}
    table = []
    if ours["gemm"]:
        print(f"\nGEMM GFLOP/s (fastest of {args.rounds} rounds of >= {args.seconds} s); ratio = ours / numpy")
        print(f"{'M':>6} {'N':>6} {'K':>6} {'thr':>4} {'ours':>8} {'numpy':>8} {'ratio':>6} {'% peak':>7}")
    for row in ours["gemm"]:
        other = numpy_by_key.get((row["m"], row["n"], row["k"], row["threads"]))
        ratio = row["gflops"] / other["gflops"] if other else float("nan")
        table.append({**row, "numpy_gflops": other["gflops"] if other else None, "ratio": ratio})
        print(f"{row['m']:>6} {row['n']:>6} {row['k']:>6} {row['threads']:>4} {row['gflops']:>8.1f} "
              f"{other['gflops'] if other else float('nan'):>8.1f} {ratio:>6.2f} {row['percent_of_peak']:>6.1f}%")
    forward = []
    if ours["forward"]:
        print("\nForward pass, median latency in ms; ratio = ours / ONNX Runtime (session.run from Python,"
              " ORT_ENABLE_ALL, intra_op_num_threads = threads)" + (f"; paced = {args.paced:g} ms idle before each pass"
                                                                    if args.paced else ""))
        print(f"{'model':>10} {'batch':>5} {'seq':>4} {'thr':>4} {'mode':>12} {'ours':>9} {'ORT':>9} {'ratio':>6}")
        ort_by_key = {tuple(r[f] for f in FORWARD_KEY): r for r in ort_rows}
        for row in sorted(ours["forward"], key=lambda r: (r["mode"] != "back-to-back", r["threads"])):
            other = ort_by_key.get(tuple(row[f] for f in FORWARD_KEY))
            ratio = row["median_seconds"] / other["median_seconds"] if other else float("nan")
            key = tuple(row[f] for f in FORWARD_KEY)
            forward.append({**row, "ort_median_seconds": other["median_seconds"] if other else None, "ratio": ratio,
                            "ours_repeat_medians": medians.get(("ours",) + key, []),
                            "ort_repeat_medians": medians.get(("ort",) + key, []),
                            "profile_median_seconds": profiled.get(key)})
            print(f"{row['model']:>10} {row['batch']:>5} {row['sequence']:>4} {row['threads']:>4} {row['mode']:>12} "
                  f"{row['median_seconds'] * 1e3:>9.3f} {other['median_seconds'] * 1e3 if other else float('nan'):>9.3f}"
                  f" {ratio:>6.2f}")
    if profiled:
        print_profile_check(forward)
    if args.markdown:
        print_markdown(table, forward, ours["copy_bandwidth_gbps"])
    if args.json:
        with open(args.json + ".tmp", "w") as out:
            json.dump({"schema": "infer-plan-compare/2", "tool_version": "1",
                       "inputs": {"threads": args.threads, "rounds": args.rounds, "round_seconds": args.seconds,
                                  "forward_runs": args.forward_runs, "quick": args.quick, "paced_ms": args.paced,
                                  "isa": args.isa or "native",
                                  "models": args.models},
                       "machine": machine, "caches": ours["caches"], "blocks": ours["blocks"],
                       "copy_bandwidth_gbps": ours["copy_bandwidth_gbps"], "blas": blas, "numpy_version": np.__version__,
                       "onnxruntime_version": ort.__version__, "gemm": table, "forward": forward}, out, indent=2)
        os.replace(args.json + ".tmp", args.json)


def compare_onnx(args):
    from onnx_compare import compare, parse_input_shapes, print_rows
    paths = [p for p in args.onnx.split(",") if p]
    batches = [int(b) for b in args.onnx_batches.split(",") if b]
    tool = args.tool
    if tool is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "infer-plan"], cwd=ROOT, check=True, stdout=sys.stderr)
        tool = os.path.join(ROOT, ".build", "release", "infer-plan")
    rows = compare(tool, paths, args.threads, batches, args.onnx_seq_len, args.repeat, args.forward_runs,
                   0.05 if args.quick else 1.0, parse_input_shapes(args.input_shape))
    if args.isa:
        print(f"Every side at AVX2: ours with INFER_PLAN_ISA={os.environ.get('INFER_PLAN_ISA')}, ONNX Runtime with cpuid "
              "without AVX-512 (Benchmarks/avx2_only.c)")
    print_rows(rows)
    if args.json:
        with open(args.json + ".tmp", "w") as out:
            json.dump({"schema": "infer-plan-compare-onnx/1", "tool_version": "1", "onnx": rows}, out, indent=2)
        os.replace(args.json + ".tmp", args.json)


if __name__ == "__main__":
    main()
