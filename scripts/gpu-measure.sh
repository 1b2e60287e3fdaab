#!/usr/bin/env bash
# Measures the example GPU sweeps on a GPU machine (no Swift toolchain needed there) and packs
# every result into one archive: OUT/gpu-measurements.tar.gz.
#
#   scripts/gpu-measure.sh [OUT_DIR] [HARDWARE_NAME]
#
# Needs the static binary (.build/release/infer-plan or .build/release/infer-plan.gz, see
# scripts/gpu-check.sh). For each model (mlp-large, minilm at 128 tokens) and precision
# (fp32, fp16) it runs `infer-plan profile --devices cuda` over batch sizes 1…1024, tagged
# `--as HARDWARE_NAME` (a Profiles hardware name; default p5en.48xlarge, the 8× H200 instance),
# then plans both models from those measurements, as a machine without a GPU would.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT_DIR="${1:-${OUT:-gpu-measure-out}}"
HW="${2:-p5en.48xlarge}"
WORK="$(mktemp -d)"
BIN=.build/release/infer-plan
if [ ! -x "$BIN" ] && [ -f "$BIN.gz" ]; then gunzip -c "$BIN.gz" >"$WORK/infer-plan" && chmod +x "$WORK/infer-plan" && BIN="$WORK/infer-plan"; fi
[ -x "$BIN" ] || { echo "FAIL: no binary at $BIN(.gz)"; exit 1; }
# cuBLAS from PyTorch's pip wheels, as scripts/gpu-check.sh finds it.
LIBDIR=$(python3 -c 'import nvidia, os; p=list(nvidia.__path__)[0]; print(next((d for d in (os.path.join(p,"cu13","lib"), os.path.join(p,"cublas","lib")) if os.path.isdir(d)), ""))' 2>/dev/null)
[ -n "$LIBDIR" ] && export INFER_PLAN_CUBLASLT="$(ls "$LIBDIR"/libcublasLt.so.* | head -1)" INFER_PLAN_CUBLAS="$(ls "$LIBDIR"/libcublas.so.* | head -1)"
R="$WORK/results"; mkdir -p "$R" "$OUT_DIR"
{ lscpu; grep -m1 -A25 '^processor' /proc/cpuinfo; nvidia-smi; } >"$R/machine.txt" 2>&1
"$BIN" devices >"$R/devices.txt" 2>&1
for model in mlp-large minilm; do
  timeout 30 "$BIN" model create "$WORK/$model.bin" --preset "$model" >/dev/null || echo "FAIL create $model"
  for p in fp32 fp16; do
    echo "== $model $p"
    timeout 100 "$BIN" profile --model "$WORK/$model.bin" --devices cuda --precision "$p" \
      --batch-sizes 1,2,4,8,16,32,64,128,256,512,1024 --min-time 0.3s --max-time 1s \
      --as "$HW" --out "$R/h200-$model-$p.csv" >"$R/profile-$model-$p.txt" 2>&1 \
      && tail -n 14 "$R/profile-$model-$p.txt" || { echo "FAIL profile $model $p"; tail -20 "$R/profile-$model-$p.txt"; }
  done
  timeout 60 "$BIN" --model "$WORK/$model.bin" --volume 20k/s --budget 20000 --latency-slo 50ms \
    --measurements "$R/h200-$model-fp32.csv,$R/h200-$model-fp16.csv" --quick \
    >"$R/plan-$model.txt" 2>&1 || echo "FAIL plan $model"
  head -30 "$R/plan-$model.txt"
done
tar -C "$WORK" -czf "$OUT_DIR/gpu-measurements.tar.gz" results && echo "wrote $OUT_DIR/gpu-measurements.tar.gz"
