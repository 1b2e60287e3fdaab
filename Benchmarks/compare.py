#!/usr/bin/env python3
"""Side-by-side speed check (issue 5): infer-plan's kernels vs numpy (OpenBLAS) and ONNX Runtime.

In one run, on this machine:
  * GEMM: the issue's (M, N, K) shapes in infer-plan-bench (packed weights) and in numpy
    (`np.matmul(a, w.T, out=c)`, the BLAS numpy ships), at the same thread counts, same timing
    rule (fastest of R rounds, each at least S seconds of back-to-back calls);
  * forward pass: the `mlp-large` and `minilm` presets, same weights (the bench writes the native
    model files; this script reads their safetensors and builds the ONNX graph from the graph JSON),
    run by ONNX Runtime from Python (`session.run`, ORT_ENABLE_ALL, intra_op_num_threads = threads,
    inter_op_num_threads = 1), median latency vs the bench's median latency.
Prints ratios ours/theirs: GFLOP/s ratio > 1 and latency ratio < 1 mean infer-plan is faster.

Usage (from the repository root):
  python3 Benchmarks/compare.py                    # builds the release bench, full run
  python3 Benchmarks/compare.py --quick            # short rounds (smoke test)
  python3 Benchmarks/compare.py --threads 1 --skip-models --json out.json

Needs: numpy, threadpoolctl, onnx, onnxruntime (pip; benchmark-only, never product dependencies).
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are removed from this process's environment (the script
re-executes itself without them), since on some machines they force a slower OpenBLAS kernel;
the BLAS numpy then uses is reported via threadpoolctl.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

if any(v in os.environ for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

import numpy as np  # noqa: E402  (after the environment is settled)
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from onnx_export import build_onnx_model, read_native_model  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
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
               "--rounds", str(args.rounds), "--seconds", str(args.seconds)]
    if args.quick:
        command.append("--quick")
    if args.skip_models:
        command.append("--no-forward")
    else:
        command += ["--export-models", export_dir, "--forward-runs", str(args.forward_runs)]
    print("running:", " ".join(command), file=sys.stderr)
    result = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"compare.py: infer-plan-bench failed with status {result.returncode}")
    return json.loads(result.stdout)


def ort_forward(model_path, cases, threads, runs):
    """Median session.run latency for each (model, batch, seq) case at `threads` threads."""
    import onnxruntime as ort
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
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            session.run(None, feeds)
            samples.append(time.perf_counter() - start)
        rows.append({"model": graph["name"], "batch": batch, "sequence": seq, "threads": threads,
                     "median_seconds": statistics.median(samples), "best_seconds": min(samples)})
    return rows


def print_markdown(table, forward):
    print("\n| M | N | K | threads | ours GFLOP/s | numpy GFLOP/s | ours/numpy | ours % of peak |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in table:
        numpy_text = f"{r['numpy_gflops']:.1f}" if r["numpy_gflops"] else "n/a"
        print(f"| {r['m']} | {r['n']} | {r['k']} | {r['threads']} | {r['gflops']:.1f} | {numpy_text} | "
              f"{r['ratio']:.2f} | {r['percent_of_peak']:.0f}% |")
    if forward:
        print("\n| model | batch | seq | threads | ours median ms | ORT median ms | ours/ORT |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for r in forward:
            ort_text = f"{r['ort_median_seconds'] * 1e3:.3f}" if r["ort_median_seconds"] else "n/a"
            print(f"| {r['model']} | {r['batch']} | {r['sequence']} | {r['threads']} | "
                  f"{r['median_seconds'] * 1e3:.3f} | {ort_text} | {r['ratio']:.2f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", default=None, help="path of infer-plan-bench (default: build it with swift build -c release)")
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts (default 1,2)")
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds per GEMM case (fastest counts)")
    parser.add_argument("--seconds", type=float, default=0.1, help="minimum seconds per round")
    parser.add_argument("--forward-runs", type=int, default=30, help="timed forward passes per case (median)")
    parser.add_argument("--quick", action="store_true", help="short rounds, few forward runs")
    parser.add_argument("--skip-models", action="store_true", help="GEMM only")
    parser.add_argument("--json", default=None, help="also write every figure to this JSON file")
    parser.add_argument("--markdown", action="store_true", help="also print the tables as Markdown (for docs)")
    args = parser.parse_args()
    try:
        args.threads = [int(t) for t in args.threads.split(",")]
        assert all(1 <= t <= 256 for t in args.threads)
    except (ValueError, AssertionError):
        parser.error(f"--threads wants comma-separated counts from 1 to 256, got '{args.threads}'")
    if args.quick:
        args.rounds, args.seconds, args.forward_runs = 1, 0.01, 5
    if args.bench is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "infer-plan-bench"], cwd=ROOT, check=True,
                       stdout=sys.stderr)
        args.bench = os.path.join(ROOT, ".build", "release", "infer-plan-bench")

    blas = [f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')}, {i.get('threading_layer')})"
            for i in threadpool_info() if i.get("user_api") == "blas"]
    with tempfile.TemporaryDirectory(prefix="infer-plan-compare-") as export_dir:
        ours = run_bench(args, export_dir)
        theirs = [row for t in args.threads for row in numpy_gemm(t, args.rounds, args.seconds)]
        ort_rows = []
        if not args.skip_models:
            for name in ("mlp-large", "minilm"):
                path = os.path.join(export_dir, name + ".bin")
                cases = sorted({(r["batch"], r["sequence"]) for r in ours["forward"] if r["model"] == name})
                if not os.path.exists(path) or not cases:
                    continue
                for t in args.threads:
                    ort_rows += ort_forward(path, cases, t, args.forward_runs)

    import onnxruntime as ort
    machine = ours["machine"]
    print(f"\nMachine: {machine['cpu']}, {machine['logical_cpus']} logical CPUs; our kernels: {ours['inputs']['isa']}"
          f" ({machine['build']} build); FMA peak per core: "
          + ", ".join(f"{k} {v:.1f}" for k, v in sorted(ours["fma_peak_gflops_per_core"].items())) + " GFLOP/s")
    print(f"numpy {np.__version__}, BLAS: {'; '.join(blas) or 'unknown'}; onnxruntime {ort.__version__}")
    print(f"\nGEMM GFLOP/s (fastest of {args.rounds} rounds of >= {args.seconds} s); ratio = ours / numpy")
    print(f"{'M':>6} {'N':>6} {'K':>6} {'thr':>4} {'ours':>8} {'numpy':>8} {'ratio':>6} {'% peak':>7}")
    numpy_by_key = {(r["m"], r["n"], r["k"], r["threads"]): r for r in theirs}
    table = []
    for row in ours["gemm"]:
        other = numpy_by_key.get((row["m"], row["n"], row["k"], row["threads"]))
        ratio = row["gflops"] / other["gflops"] if other else float("nan")
        table.append({**row, "numpy_gflops": other["gflops"] if other else None, "ratio": ratio})
        print(f"{row['m']:>6} {row['n']:>6} {row['k']:>6} {row['threads']:>4} {row['gflops']:>8.1f} "
              f"{other['gflops'] if other else float('nan'):>8.1f} {ratio:>6.2f} {row['percent_of_peak']:>6.1f}%")
    forward = []
    if ours["forward"]:
        print("\nForward pass, median latency in ms; ratio = ours / ONNX Runtime (session.run from Python,"
              " ORT_ENABLE_ALL, intra_op_num_threads = threads)")
        print(f"{'model':>10} {'batch':>5} {'seq':>4} {'thr':>4} {'ours':>9} {'ORT':>9} {'ratio':>6}")
        ort_by_key = {(r["model"], r["batch"], r["sequence"], r["threads"]): r for r in ort_rows}
        for row in ours["forward"]:
            other = ort_by_key.get((row["model"], row["batch"], row["sequence"], row["threads"]))
            ratio = row["median_seconds"] / other["median_seconds"] if other else float("nan")
            forward.append({**row, "ort_median_seconds": other["median_seconds"] if other else None, "ratio": ratio})
            print(f"{row['model']:>10} {row['batch']:>5} {row['sequence']:>4} {row['threads']:>4} "
                  f"{row['median_seconds'] * 1e3:>9.3f} {other['median_seconds'] * 1e3 if other else float('nan'):>9.3f}"
                  f" {ratio:>6.2f}")
    if args.markdown:
        print_markdown(table, forward)
    if args.json:
        with open(args.json + ".tmp", "w") as out:
            json.dump({"schema": "infer-plan-compare/1", "tool_version": "1",
                       "inputs": {"threads": args.threads, "rounds": args.rounds, "round_seconds": args.seconds,
                                  "forward_runs": args.forward_runs, "quick": args.quick},
                       "machine": machine, "blas": blas, "numpy_version": np.__version__,
                       "onnxruntime_version": ort.__version__, "gemm": table, "forward": forward}, out, indent=2)
        os.replace(args.json + ".tmp", args.json)


if __name__ == "__main__":
    main()
