#!/usr/bin/env python3
"""Checks the CPU projection for real on the machine at hand (docs/planning.md, "CPU projection").

Profiles each model on this CPU at two instruction-set levels (INFER_PLAN_ISA=scalar and --isa,
avx2 by default, avx512 where the CPU has it; each row carries the per-core peak measured at its
own level) and at 1 and 2 threads, then asks
the planner itself (`infer-plan plan --json -`) to project one table onto a hardware profile that
describes the other setting, and compares the projected p50 (the option's `service_time`, the
median per batch) with what was measured there:

  cross-ISA     fit on the scalar rows, project onto this CPU at --isa (its peak and triad at
                that level), and the reverse; same memory system, another per-core peak and
                other kernels.
  cross-thread  fit on the 2-thread rows, project onto 1 thread of the same CPU (the planner's
                rule for a count it did not measure: compute scaled by 2/1, memory and overhead as
                at 2 threads). The reverse (1 -> 2) is no path of the planner: it never projects
                above the most threads measured.
  cross-machine (--cross-from PREFIX) fit on another machine's committed tables PREFIX-MODEL.csv,
                project onto this CPU at --isa, compare with what was measured here.

Every figure is a median over --repeats rounds (each round profiles afresh). The load average
is printed before and after each round: the machine is shared, so run it when it is quiet.

  python3 Benchmarks/projection-check.py --binary .build/release/infer-plan --out /tmp/pc \\
      --repeats 3 [--isa avx512] [--keep Benchmarks/measurements --name amd-epyc-zen1]
      [--cross-from Benchmarks/measurements/amd-epyc-zen1]

--keep copies the last round's tables (both levels and thread counts of a model merged into one
table per level, with the samples sidecar) to FOLDER/NAME-MODEL.csv (--isa) and
FOLDER/NAME-MODEL-scalar.csv. Standard library only.
"""

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys

MODELS = {
    # model: (preset, extra profile arguments)
    "small": ("small", ["--batch-sizes", "1,4,16,64,256", "--min-time", "0.1s", "--max-time", "1s"]),
    "mlp-large": ("mlp-large", ["--batch-sizes", "1,4,16,64,256", "--min-time", "0.1s", "--max-time", "1s"]),
    "minilm": ("minilm", ["--seq-len", "128", "--batch-sizes", "1,2,4,8", "--min-time", "0.3s", "--max-time", "2s"]),
}


def load():
    return os.getloadavg()[0]


def run(command, env=None):
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr}")
    return result.stdout


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def merge_tables(paths, out):
    """Concatenates tables with one header and renumbers their sidecars' rows."""
    header, rows, samples = None, [], []
    for path in paths:
        with open(path, newline="") as f:
            reader = csv.reader(f)
            this_header = next(reader)
            header = header or this_header
            assert this_header == header, f"{path}: another header"
            table_rows = list(reader)
        sidecar = path + ".samples.json"
        if os.path.exists(sidecar):
            with open(sidecar) as f:
                document = json.load(f)
            for entry in document["rows"]:
                entry["row"] += len(rows)
                samples.append(entry)
            tag, version = document["schema"], document["tool_version"]
        rows += table_rows
    with open(out, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    if samples:
        document = {"schema": tag, "tool_version": version, "table": os.path.basename(out), "unit": "ms", "rows": samples}
        with open(out + ".samples.json", "w") as f:
            json.dump(document, f, separators=(",", ":"))


def host_figures(path):
    """Median per-core peak and triad of a table's rows, and its cores."""
    rows = read_rows(path)
    peak = statistics.median(float(r["host_per_core_gflops"]) for r in rows)
    triad = statistics.median(float(r["host_memory_bandwidth_gbs"]) for r in rows)
    return peak, triad, int(rows[0]["host_physical_cores"])


def profiles_folder(folder, targets):
    """A profiles folder with one CPU hardware entry per target: (name, peak, triad, cores)."""
    os.makedirs(folder + "/hardware", exist_ok=True)
    shutil.copytree(os.path.join(os.path.dirname(__file__), "..", "Profiles", "workloads"), folder + "/workloads",
                    dirs_exist_ok=True)
    note = '"this machine, measured by Benchmarks/projection-check.py"'
    entries = []
    for name, isa, peak, triad, cores in targets:
        entries.append(f"""  - name: {name}
    cloud: local
    region: here
    usd_per_hour: 1.0
    vcpus: {cores}
    memory_gib: 16.0
    source: {note}
    as_of: "2026-12-05"
    cpu:
      model: "this CPU"
      architecture: x86_64
      instruction_set: {isa}
      threads_per_core: 1
      per_core_gflops: {peak}
      source: {note}
      as_of: "2026-12-05"
      memory_bandwidth_gbs: {triad}
      memory_bandwidth_source: {note}
      memory_bandwidth_as_of: "2026-12-05"
""")
    with open(folder + "/hardware/targets.yaml", "w") as f:
        f.write("instances:\n" + "\n".join(entries))


def projected(binary, model, tables, profiles, target, seq):
    """(threads, batch) -> projected median seconds on `target`, from the planner's JSON."""
    command = [binary, "--model", model, "--volume", "1/s", "--budget", "1000", "--profiles", profiles,
               "--hardware", target, "--json", "-"]
    for table in tables:
        command += ["--measurements", table]
    if seq:
        command += ["--seq-len", str(seq)]
    document = json.loads(run(command, env={"CUDA_VISIBLE_DEVICES": ""}))
    return {(o["threads"], o["batch"]): o["service_time"] for o in document["options"]
            if o["hardware"] == target and o["label"] == "projected"}


def measured(path):
    """(threads, batch) -> measured median seconds (back-to-back rows)."""
    return {(int(r["threads"]), int(r["batch_size"])): float(r["median_ms"]) / 1000 for r in read_rows(path)
            if r["mode"] == "back-to-back"}


def one_round(args, round_index, errors):
    folder = os.path.join(args.out, f"round{round_index}")
    os.makedirs(folder, exist_ok=True)
    print(f"round {round_index}: load {load():.2f}", flush=True)
    tables = {}
    for name in args.models:
        preset, extra = MODELS[name]
        model = os.path.join(args.out, name + ".bin")
        if not os.path.exists(model):
            run([args.binary, "model", "create", model, "--preset", preset])
        for isa in (args.isa, "scalar"):
            parts = []
            for threads in (1, 2):
                part = os.path.join(folder, f"{name}-{isa}-t{threads}.csv")
                run([args.binary, "profile", "--model", model, "--threads", str(threads), "--out", part, *extra],
                    env={"INFER_PLAN_ISA": isa})
                parts.append(part)
            merged = os.path.join(folder, f"{name}-{isa}.csv")
            merge_tables(parts, merged)
            tables[(name, isa)] = (merged, parts)
    print(f"round {round_index}: profiled, load {load():.2f}", flush=True)
    for name in args.models:
        model = os.path.join(args.out, name + ".bin")
        seq = 128 if name == "minilm" else 0
        fast = args.isa
        targets = []
        for isa in (fast, "scalar"):
            peak, triad, cores = host_figures(tables[(name, isa)][0])
            targets.append((f"this-{isa}", isa, peak, triad, cores))
        # The thread check stays on one probe: the 2-thread table's own figures.
        peak, triad, cores = host_figures(tables[(name, fast)][1][1])
        targets.append((f"this-{fast}-t2", fast, peak, triad, cores))
        profiles = os.path.join(folder, f"profiles-{name}")
        profiles_folder(profiles, targets)
        checks = [
            (f"scalar->{fast}", [tables[(name, "scalar")][0]], f"this-{fast}", measured(tables[(name, fast)][0]), None),
            (f"{fast}->scalar", [tables[(name, fast)][0]], "this-scalar", measured(tables[(name, "scalar")][0]), None),
            ("2->1 threads", [tables[(name, fast)][1][1]], f"this-{fast}-t2", measured(tables[(name, fast)][1][0]), 1),
        ]
        if args.cross_from and os.path.exists(f"{args.cross_from}-{name}.csv"):
            # Another machine's table, projected onto this CPU's figures at the fast level.
            label = os.path.basename(args.cross_from) + "->here"
            checks.append((label, [f"{args.cross_from}-{name}.csv"], f"this-{fast}",
                           measured(tables[(name, fast)][0]), None))
        for label, sources, target, truth, only_threads in checks:
            for (threads, batch), seconds in projected(args.binary, model, sources, profiles, target, seq).items():
                if only_threads and threads != only_threads or (threads, batch) not in truth:
                    continue
                errors.setdefault((name, label, threads, batch), []).append(seconds / truth[(threads, batch)] - 1)
    return tables


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--models", default="small,mlp-large,minilm")
    parser.add_argument("--keep", help="folder to copy the last round's merged tables to")
    parser.add_argument("--name", default="this-cpu", help="file name prefix for --keep")
    parser.add_argument("--isa", default="avx2", choices=["avx2", "avx512"],
                        help="the fast instruction-set level profiled beside scalar (default avx2)")
    parser.add_argument("--cross-from", help="another machine's tables, PREFIX-MODEL.csv, to project onto this CPU")
    args = parser.parse_args()
    args.models = args.models.split(",")
    os.makedirs(args.out, exist_ok=True)
    errors = {}
    for index in range(args.repeats):
        tables = one_round(args, index + 1, errors)
    print("\nprojected p50 / measured p50 - 1 (median over rounds; each round's value in brackets)")
    print(f"{'model':<10} {'check':<13} {'threads':>7} {'batch':>6} {'error':>8}  rounds")
    for (name, label, threads, batch), values in sorted(errors.items()):
        rounds = " ".join(f"{v * 100:+.0f}%" for v in values)
        print(f"{name:<10} {label:<13} {threads:>7} {batch:>6} {statistics.median(values) * 100:>+7.1f}%  [{rounds}]")
    if args.keep:
        for name in args.models:
            for isa in (args.isa, "scalar"):
                suffix = "" if isa == args.isa else "-scalar"
                destination = os.path.join(args.keep, f"{args.name}-{name}{suffix}.csv")
                merge_tables(tables[(name, isa)][1], destination)
                print(f"kept {destination}")


if __name__ == "__main__":
    main()
