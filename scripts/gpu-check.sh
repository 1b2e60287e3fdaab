#!/usr/bin/env bash
# One-shot GPU check for a lent GPU machine (no Swift toolchain needed there).
#
#   scripts/gpu-check.sh [OUT_DIR]        (default: $OUT, else ./gpu-check-out)
#
# Needs the static binary built elsewhere (swift build -c release --static-swift-stdlib) at
# .build/release/infer-plan, or gzipped at .build/release/infer-plan.gz (or $INFER_PLAN_BIN). Finds cuBLAS in the pip wheels PyTorch
# installed (nvidia/cu13/lib or nvidia/cublas/lib), then, every step under `timeout`:
#   1. machine facts: nvidia-smi, where libcuda/cuBLAS are, missing shared libraries
#   2. infer-plan devices; and with CUDA_VISIBLE_DEVICES='' and -1 (must hide every GPU)
#   3. infer-plan gpu-check on mlp-large and minilm: GPU output vs the host reference per
#      precision (fp32 ≤ 1e-3, tf32/fp16/bf16 ≤ 2e-2, pooled cosine ≥ 0.999) and event vs host
#      time; then the timed sweep (batch 1…1024) with calibration → OUT/gpu-sweep-*.csv
#   4. infer-plan gpu-check on the committed ONNX decoder and CNN exports (causal softmax and
#      the image kernels), then profile --devices cuda on model files
#   5. a compact summary (also OUT/summary.txt)
# Every step's full output is in OUT/<step>.log. The whole run stays under GPU_CHECK_SECONDS
# (default 230 s): each step's time limit is cut to what is left.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN="${INFER_PLAN_BIN:-.build/release/infer-plan}"
OUT_DIR="${1:-${OUT:-gpu-check-out}}"
CHECK_MODELS="${GPU_CHECK_MODELS:-mlp-large,minilm}"  # presets or model files (tests use tiny ones)
mkdir -p "$OUT_DIR"
START=$(date +%s)
SUMMARY=()

note() { echo "$*"; SUMMARY+=("$*"); }

# The whole run stays within BUDGET seconds: each step's limit is cut to what is left, and a
# step with under 10 s left is skipped (the important steps come first).
BUDGET="${GPU_CHECK_SECONDS:-230}"

# step NAME LIMIT_SECONDS COMMAND...: runs with a time limit, logs, prints the tail on failure.
step() {
  local name="$1" limit="$2"; shift 2
  local log="$OUT_DIR/$name.log" t0 t1 rc left
  left=$(( BUDGET - ($(date +%s) - START) ))
  if [ "$left" -lt 10 ]; then
    note "SKIPPED $name (time budget of ${BUDGET} s used up)"
    return 125
  fi
  [ "$limit" -gt "$left" ] && limit=$left
  echo "== $name (limit ${limit}s): $*"
  t0=$(date +%s)
  timeout -k 5 "$limit" "$@" >"$log" 2>&1
  rc=$?
  t1=$(date +%s)
  if [ $rc -eq 0 ]; then
    note "ok      $name ($((t1 - t0)) s)"
  else
    [ $rc -eq 124 ] && note "TIMEOUT $name after ${limit} s" || note "FAIL    $name (exit $rc, $((t1 - t0)) s)"
    echo "---- last lines of $log:"; tail -n 25 "$log"; echo "----"
  fi
  return $rc
}

# The static binary is ~75 MB (~60 MB stripped) because Foundation's ICU data is linked in; a
# gzipped copy (~23 MB) fits the device machine's 64 MiB carry limit, so accept BIN.gz too.
if [ ! -x "$BIN" ] && [ -f "$BIN.gz" ]; then
  UNPACKED="$(mktemp -d)/infer-plan"
  gunzip -c "$BIN.gz" >"$UNPACKED" && chmod +x "$UNPACKED" && BIN="$UNPACKED"
fi
if [ ! -x "$BIN" ]; then
  echo "FAIL: $BIN (or $BIN.gz) not found. Build it with:"
  echo "      swift build -c release --static-swift-stdlib && strip .build/release/infer-plan"
  echo "      gzip -9 -c .build/release/infer-plan > .build/release/infer-plan.gz"
  echo "      and carry .build/release/infer-plan.gz to this machine."
  exit 1
fi

# 1. Machine facts.
{
  echo "date: $(date -u +%FT%TZ)"; uname -a
  timeout 20 nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem --format=csv 2>&1 || echo "nvidia-smi failed"
  echo "libcuda: $(ldconfig -p 2>/dev/null | grep -m3 'libcuda.so' | tr '\n' ' ')"
  echo "missing shared libraries of the binary:"; ldd "$BIN" | grep 'not found' || echo "  none"
} >"$OUT_DIR/machine.log" 2>&1
cat "$OUT_DIR/machine.log"

# cuBLAS from PyTorch's pip wheels (the loader path usually lacks them).
CUBLAS_DIR="$(timeout 30 python3 - <<'PY' 2>/dev/null
import glob, os
roots = []
try:
    import nvidia
    roots = list(nvidia.__path__)
except Exception:
    pass
for root in roots:
    for sub in ("cu13/lib", "cublas/lib"):
        folder = os.path.join(root, sub)
        if glob.glob(os.path.join(folder, "libcublasLt.so.1[23]")):
            print(folder)
            raise SystemExit
PY
)"
if [ -z "$CUBLAS_DIR" ]; then
  for folder in /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib; do
    ls "$folder"/libcublasLt.so.1[23] >/dev/null 2>&1 && CUBLAS_DIR="$folder" && break
  done
fi
if [ -n "$CUBLAS_DIR" ]; then
  export INFER_PLAN_CUBLASLT="$(ls "$CUBLAS_DIR"/libcublasLt.so.1[23] | sort -r | head -1)"
  export INFER_PLAN_CUBLAS="$(ls "$CUBLAS_DIR"/libcublas.so.1[23] | sort -r | head -1)"
  export LD_LIBRARY_PATH="$CUBLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  note "cuBLAS: $INFER_PLAN_CUBLASLT"
else
  note "cuBLAS: not found in pip wheels or /usr/local/cuda (gpu-check will say what it tried)"
fi

# 2. Devices, then the two ways of hiding every GPU (nothing CUDA-related may load).
step devices 45 "$BIN" devices && cat "$OUT_DIR/devices.log"
for hide in "" "-1"; do
  name="devices-hidden${hide:+-minus1}"
  CUDA_VISIBLE_DEVICES="$hide" step "$name" 30 "$BIN" devices
  if grep -qs "hides all GPUs" "$OUT_DIR/$name.log"; then
    note "ok      CUDA_VISIBLE_DEVICES='$hide' hides every GPU"
  else
    note "FAIL    CUDA_VISIBLE_DEVICES='$hide': no 'hides all GPUs' in the devices output"
  fi
done

# 3. Outputs and timing first (quick), then the sweep (slow; partial output survives a timeout).
step gpu-check 90 "$BIN" gpu-check --models "$CHECK_MODELS"
step gpu-sweep 120 "$BIN" gpu-check --models "$CHECK_MODELS" --sweep --out "$OUT_DIR" --max-point-seconds 1

# 4. The decoder and CNN kernels on the committed ONNX exports (outputs and timing only), then
# the profiler's GPU path on real model files (kept out of OUT: the files are large).
# fp32 and fp16 only: the decoder's logits reach |14|, where bf16's 8 bits round by ~0.03 a
# store, past gpu-check's absolute 2e-2 (docs/gpu.md, "Limits").
FIXTURES=Tests/ModelGraphTests/Fixtures/onnx
step gpu-check-onnx 60 "$BIN" gpu-check --precision fp32,fp16 --models "$FIXTURES/gpt2/ts20.onnx,$FIXTURES/gpt2/dynamo20.onnx,$FIXTURES/cnn/ts14.onnx,$FIXTURES/cnn/dynamo20.onnx"
MODELS="$(mktemp -d)"
if step model-create 60 sh -c "'$BIN' model create '$MODELS/mlp-large.bin' --preset mlp-large && '$BIN' model create '$MODELS/minilm.bin' --preset minilm"; then
  step profile-mlp-large 60 "$BIN" profile --model "$MODELS/mlp-large.bin" --devices cuda --quick --out "$OUT_DIR/measurements-mlp-large-fp32.csv"
  step profile-minilm 60 "$BIN" profile --model "$MODELS/minilm.bin" --devices cuda --quick --precision fp16 --out "$OUT_DIR/measurements-minilm-fp16.csv"
fi
rm -rf "$MODELS"

# 5. Summary.
{
  echo; echo "==================== gpu-check summary ($(( $(date +%s) - START )) s) ===================="
  grep -h "^GPU [0-9]\|^driver:\|^cuBLAS:" "$OUT_DIR/gpu-check.log" 2>/dev/null
  grep -h "^PASS\|^FAIL\|note:" "$OUT_DIR/gpu-check.log" "$OUT_DIR/gpu-check-onnx.log" 2>/dev/null
  grep -h "calibration \|stop" "$OUT_DIR/gpu-sweep.log" 2>/dev/null
  sed -n 's/^gpu-check:/checks (gpu-check):/p' "$OUT_DIR/gpu-check.log" 2>/dev/null
  sed -n 's/^gpu-check:/checks (gpu-sweep, repeated):/p' "$OUT_DIR/gpu-sweep.log" 2>/dev/null
  printf '%s\n' "${SUMMARY[@]}"
  echo "files: $(cd "$OUT_DIR" && ls | tr '\n' ' ')"
} | tee "$OUT_DIR/summary.txt"
grep -q "^FAIL\|^TIMEOUT" "$OUT_DIR/summary.txt" && exit 1 || exit 0
