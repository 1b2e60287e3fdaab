"""ONNX files timed by infer-plan and by ONNX Runtime on the same file (used by compare.py --onnx).

Our side is `infer-plan profile` (its median over back-to-back passes, the figure plans use), run
as its own process per thread count; ORT's side is `session.run` from Python (ORT_ENABLE_ALL,
intra_op_num_threads = threads, inter_op_num_threads = 1) on the file itself, median of `runs`
passes after 3 warm-ups. Inputs: token ids 1 (in every vocabulary), masks of ones, token types 0,
float inputs uniform in [-1, 1), at each batch size (and sequence length for token inputs).
`input_shapes` ({name: [dims]}, from --input-shape NAME=3x224x224) gives the per-sample dims of
inputs whose file leaves them open (an image model exported with free height and width); both
sides get them. Repeats alternate the sides and keep each case's best median.
"""
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np


def parse_input_shapes(specs):
    """{name: [dims]} from NAME=DIMS strings (dims joined by x, e.g. image=3x224x224)."""
    shapes = {}
    for spec in specs or []:
        name, _, dims = spec.partition("=")
        try:
            shapes[name] = [int(d) for d in dims.split("x")]
        except ValueError:
            sys.exit(f"compare.py: --input-shape {spec}: expected NAME=DIMS, e.g. image=3x224x224")
    return shapes


def input_feeds(session, batch, sequence, rng, input_shapes=None):
    """Inputs for `session` at `batch` (and `sequence` for integer token inputs)."""
    feeds = {}
    for value in session.get_inputs():
        dims = [batch] + [d if isinstance(d, int) else sequence for d in value.shape[1:]]
        if input_shapes and value.name in input_shapes:
            dims = [batch] + input_shapes[value.name]
        if "int" in value.type:
            dtype = np.int64 if "int64" in value.type else np.int32
            name = value.name.lower()
            fill = 0 if ("type" in name or "segment" in name) else 1
            feeds[value.name] = np.full(dims, fill, dtype=dtype)
        else:
            feeds[value.name] = rng.uniform(-1, 1, dims).astype(np.float32)
    return feeds


def ort_medians(path, cases, threads, runs, input_shapes=None):
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(7)
    medians = {}
    for batch, sequence in cases:
        feeds = input_feeds(session, batch, sequence, rng, input_shapes)
        for _ in range(3):
            session.run(None, feeds)
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            session.run(None, feeds)
            samples.append(time.perf_counter() - start)
        medians[(batch, sequence)] = statistics.median(samples)
    return medians


def ours_medians(tool, path, batches, sequence, threads, min_time, input_shapes=None):
    with tempfile.TemporaryDirectory(prefix="infer-plan-onnx-") as folder:
        table = os.path.join(folder, "m.csv")
        command = [tool, "profile", "--model", path, "--threads", str(threads), "--batch-sizes", ",".join(map(str, batches)),
                   "--seq-len", str(sequence), "--min-time", f"{min_time}s", "--out", table, "--quiet"]
        for name, dims in (input_shapes or {}).items():
            command += ["--input-shape", f"{name}={'x'.join(map(str, dims))}"]
        print("running:", " ".join(command), file=sys.stderr)
        if subprocess.run(command).returncode != 0:
            sys.exit(f"compare.py: infer-plan profile failed on {path}")
        with open(table) as f:
            rows = [r for r in csv.DictReader(f) if r["mode"] == "back-to-back"]
    return {(int(r["batch_size"]), int(r["sequence_length"]) if int(r["sequence_length"]) > 0 else sequence):
            float(r["median_ms"]) / 1e3 for r in rows}


def compare(tool, paths, threads, batches, sequence, repeat, runs, min_time, input_shapes=None):
    """Rows of {file, batch, sequence, threads, ours_seconds, ort_seconds, ratio}."""
    best = {}
    for path in paths:
        for t in threads:
            for round_index in range(repeat):
                sides = ("ours", "ort") if round_index % 2 == 0 else ("ort", "ours")
                for side in sides:
                    found = (ours_medians(tool, path, batches, sequence, t, min_time, input_shapes) if side == "ours"
                             else ort_medians(path, [(b, sequence) for b in batches], t, runs, input_shapes))
                    for (batch, _), seconds in found.items():
                        key = (path, batch, sequence, t, side)
                        best[key] = min(best.get(key, float("inf")), seconds)
    rows = []
    for path in paths:
        for t in threads:
            for batch in batches:
                ours, theirs = best.get((path, batch, sequence, t, "ours")), best.get((path, batch, sequence, t, "ort"))
                if ours is None or theirs is None:
                    continue
                rows.append({"file": path, "batch": batch, "sequence": sequence, "threads": t, "ours_seconds": ours,
                             "ort_seconds": theirs, "ratio": ours / theirs})
    return rows


def print_rows(rows):
    print("\nONNX files, median latency in ms; ratio = infer-plan profile / ONNX Runtime (session.run from Python,"
          " ORT_ENABLE_ALL, intra_op_num_threads = threads)")
    print(f"{'file':>40} {'batch':>5} {'seq':>4} {'thr':>4} {'ours':>9} {'ORT':>9} {'ratio':>6}")
    for row in rows:
        print(f"{row['file'][-40:]:>40} {row['batch']:>5} {row['sequence']:>4} {row['threads']:>4} "
              f"{row['ours_seconds'] * 1e3:>9.3f} {row['ort_seconds'] * 1e3:>9.3f} {row['ratio']:>6.2f}")
