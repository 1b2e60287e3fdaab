#!/usr/bin/env python3
"""ONNX Runtime's time per node on an ONNX file, to set beside `infer-plan-bench --steps` of the
same file. Benchmark-only (onnxruntime is never a product dependency):

    pip install onnxruntime numpy
    python3 Benchmarks/ort_node_times.py /tmp/onnx-cnn/mobilenetv2.onnx --batch 8 --threads 1
    .build/release/infer-plan-bench --steps /tmp/onnx-cnn/mobilenetv2.onnx --threads 1 --steps-batch 8

Inputs are those of `compare.py --onnx` (token ids 1, masks of ones, floats uniform in [-1, 1)).
At AVX2 on an AVX-512 host, both sides: `LD_PRELOAD=.build/avx2_only.so` here (built by
`compare.py --isa avx2`, or `cc -O2 -shared -fPIC -o .build/avx2_only.so Benchmarks/avx2_only.c`)
and `INFER_PLAN_ISA=avx2` for the bench.

The session is the one `compare.py` times (ORT_ENABLE_ALL, intra_op_num_threads = --threads),
timed first as it is and then again with ORT's profiler on (`enable_profiling`). The profiler's
cost depends on the host: on an Intel Ice Lake it added about 3 ms to an 8 ms MobileNetV2 pass at
batch 1, on an AMD Zen 4 0.5 ms, and 1–2% at batch 8 on both; so read the per-node times only
where the plain run median and the sum of the node medians, both printed, agree. Prints the
median of each node's kernel time over --runs runs, in graph order, with its op type and output
shape (ORT's NCHWc rewrite shows as Reorder nodes and channel counts padded to 16).
"""
import argparse
import collections
import json
import os
import statistics
import tempfile
import time

import numpy as np
import onnxruntime as ort

from onnx_compare import input_feeds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", help="ONNX file whose inputs' first dimension is the batch")
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--seq-len", type=int, default=128,
                        help="tokens per sequence for token inputs, and for float inputs' open dims (default 128, "
                             "as infer-plan-bench --steps-seq)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    def session(profiled: bool) -> ort.InferenceSession:
        options = ort.SessionOptions()
        options.intra_op_num_threads = args.threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if profiled:
            options.enable_profiling = True
            options.profile_file_prefix = os.path.join(tempfile.mkdtemp(prefix="ort-node-times-"), "profile")
        return ort.InferenceSession(args.model, options, providers=["CPUExecutionProvider"])

    plain, profiled = session(False), session(True)
    feed = input_feeds(plain, args.batch, args.seq_len, np.random.default_rng(0))
    plain_ms = []
    for index in range(args.warmup + args.runs):
        start = time.perf_counter()
        plain.run(None, feed)
        if index >= args.warmup:
            plain_ms.append((time.perf_counter() - start) * 1000)
    for _ in range(args.warmup + args.runs):
        profiled.run(None, feed)
    with open(profiled.end_profiling()) as file:
        events = json.load(file)

    runs = [e["dur"] / 1000 for e in events if e.get("name") == "model_run"][-args.runs:]
    nodes = collections.OrderedDict()
    for e in events:
        if e.get("cat") == "Node" and e["name"].endswith("_kernel_time"):
            entry = nodes.setdefault(e["name"][: -len("_kernel_time")], [e["args"].get("op_name"), e["args"].get("output_type_shape"), []])
            entry[2].append(e["dur"] / 1000)
    medians = {name: statistics.median(entry[2][-args.runs:]) for name, entry in nodes.items()}
    print(f"{args.model}: batch {args.batch}, {args.threads} thread(s); run median {statistics.median(plain_ms):.3f} ms "
          f"unprofiled, {statistics.median(runs):.3f} ms profiled; sum of the node medians {sum(medians.values()):.3f} ms")
    for name, (op, shape, _) in nodes.items():
        print(f"{medians[name]:9.3f} ms  {op or '?':20s} {name[:48]:48s} {shape}")


if __name__ == "__main__":
    main()
