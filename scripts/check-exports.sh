#!/usr/bin/env bash
# Checks what `infer-plan export` writes with the projects' own validators:
#   - Triton: every config.pbtxt parses as Triton's ModelConfig proto (tritonclient's
#     model_config_pb2 with google.protobuf.text_format), and its batch, delay and instance
#     kind are the plan's;
#   - Kubernetes: deployment.yaml, service.yaml and hpa.yaml pass `kubernetes-validate --strict`;
#   - KServe: kubernetes-validate has no schema for InferenceService, so it is checked field by
#     field here.
# Each validator is first shown a broken file, so a check that passes everything fails loudly.
#
# Needs Python packages outside CI's required path:
#   pip install 'tritonclient[grpc]' kubernetes-validate pyyaml
# Usage: scripts/check-exports.sh [INFER_PLAN_BINARY]   (PYTHON=… picks the interpreter;
#        default .build/debug/infer-plan, built with `swift build`)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tool=${1:-$root/.build/debug/infer-plan}
python=${PYTHON:-python3}
validate=${KUBERNETES_VALIDATE:-$(dirname "$(command -v "$python")")/kubernetes-validate}
[[ -x $validate ]] || validate=$(command -v kubernetes-validate || true)
if [[ ! -x $tool ]]; then echo "check-exports: no $tool; run 'swift build' first" >&2; exit 1; fi
if ! "$python" -c 'import tritonclient.grpc.model_config_pb2, google.protobuf.text_format, yaml' 2>/dev/null \
  || [[ -z $validate ]]; then
  echo "check-exports: needs pip install 'tritonclient[grpc]' kubernetes-validate pyyaml (for $python)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
golden=$root/Tests/ReportingTests/Golden

# Plans: the fixed CPU and GPU plans of the golden tests, an ONNX variant, and one with a peak
# factor so the autoscaler has room to scale.
cp "$golden/page-input-small.json" "$work/small.json"
cp "$golden/page-input-large.json" "$work/large.json"
"$python" - "$work" <<'PY'
import json, sys
work = sys.argv[1]
plan = json.load(open(f"{work}/small.json"))
plan["inputs"]["model"] = "models/encoder.onnx"
json.dump(plan, open(f"{work}/onnx.json", "w"))
plan = json.load(open(f"{work}/large.json"))
plan["inputs"]["peak_factor"] = 4
plan["inputs"]["peak_rate"] = plan["inputs"]["volume"] * 4
plan["recommendation"]["replicas"] = 8
json.dump(plan, open(f"{work}/peak.json", "w"))
PY
for plan in small large onnx peak; do
  for format in triton kubernetes kserve; do
    "$tool" export --plan "$work/$plan.json" --format "$format" --out "$work/$plan-$format" \
      --image nvcr.io/nvidia/tritonserver:24.08-py3 --model-uri "s3://models/$plan" --quiet > /dev/null
  done
done

# A broken Deployment (replicas as text) must fail kubernetes-validate --strict.
sed 's/^  replicas: .*/  replicas: "many"/' "$work/small-kubernetes/deployment.yaml" > "$work/broken.yaml"
if "$validate" --strict --quiet "$work/broken.yaml" > /dev/null 2>&1; then
  echo "check-exports: kubernetes-validate accepted a broken Deployment; the check is not working" >&2
  exit 1
fi
"$validate" --strict --quiet "$work"/*-kubernetes/*.yaml
echo "kubernetes-validate --strict: $(ls "$work"/*-kubernetes/*.yaml | wc -l) manifests passed"

"$python" - "$work" <<'PY'
import glob, json, os, sys
import yaml
from google.protobuf import text_format
from tritonclient.grpc import model_config_pb2

work = sys.argv[1]
problems = []

def check(ok, what):
    if not ok:
        problems.append(what)

# The parser must refuse a broken config, or passing means nothing.
try:
    text_format.Parse('name: "x"\nmax_batch_size: "eight"\n', model_config_pb2.ModelConfig())
    problems.append("text_format accepted a broken config.pbtxt")
except text_format.ParseError:
    pass

configs = 0
for plan_name in ("small", "large", "onnx", "peak"):
    plan = json.load(open(f"{work}/{plan_name}.json"))
    option = plan["recommendation"]
    for path in glob.glob(f"{work}/{plan_name}-triton/*/config.pbtxt"):
        configs += 1
        config = text_format.Parse(open(path).read(), model_config_pb2.ModelConfig())
        check(config.max_batch_size == option["batch"], f"{path}: max_batch_size {config.max_batch_size}")
        check(list(config.dynamic_batching.preferred_batch_size) == [option["batch"]], f"{path}: preferred_batch_size")
        delay = round(option["batching_delay"] * 1e6)
        check(config.dynamic_batching.max_queue_delay_microseconds == delay, f"{path}: delay")
        kind = model_config_pb2.ModelInstanceGroup.KIND_GPU if option["device_class"] == "gpu" \
            else model_config_pb2.ModelInstanceGroup.KIND_CPU
        check(len(config.instance_group) == 1 and config.instance_group[0].kind == kind, f"{path}: instance kind")
        onnx = plan["inputs"]["model"].endswith(".onnx")
        check(config.platform == ("onnxruntime_onnx" if onnx else ""), f"{path}: platform {config.platform!r}")
        check(config.backend == ("" if onnx else "python"), f"{path}: backend {config.backend!r}")
        check(os.path.isdir(os.path.join(os.path.dirname(path), "1")), f"{path}: no version folder 1/")

    # KServe: no published schema in kubernetes-validate, so field by field.
    for path in glob.glob(f"{work}/{plan_name}-kserve/*.yaml"):
        doc = yaml.safe_load(open(path))
        check(doc.get("apiVersion") == "serving.kserve.io/v1beta1", f"{path}: apiVersion")
        check(doc.get("kind") == "InferenceService", f"{path}: kind")
        meta = doc.get("metadata", {})
        check(isinstance(meta.get("name"), str) and len(meta["name"]) <= 63, f"{path}: name")
        for key, value in meta.get("labels", {}).items():
            check(isinstance(value, str) and len(value) <= 63, f"{path}: label {key}")
        predictor = doc.get("spec", {}).get("predictor", {})
        low, high = predictor.get("minReplicas"), predictor.get("maxReplicas")
        check(isinstance(low, int) and isinstance(high, int) and 1 <= low <= high, f"{path}: min/max replicas {low}/{high}")
        check(high == option["replicas"], f"{path}: maxReplicas {high} vs plan {option['replicas']}")
        check(predictor.get("nodeSelector", {}).get("node.kubernetes.io/instance-type") == option["hardware"],
              f"{path}: nodeSelector")
        if "model" in predictor:
            model = predictor["model"]
            check(model.get("modelFormat", {}).get("name") == "onnx", f"{path}: modelFormat")
            check(isinstance(model.get("storageUri"), str), f"{path}: storageUri")
            resources = model.get("resources", {})
        else:
            containers = predictor.get("containers", [])
            check(len(containers) == 1 and isinstance(containers[0].get("image"), str), f"{path}: containers")
            resources = containers[0].get("resources", {}) if containers else {}
        check(resources.get("limits", {}).get("cpu") == str(option["threads"]), f"{path}: cpu limit")
        check(("nvidia.com/gpu" in resources.get("limits", {})) == (option["device_class"] == "gpu"), f"{path}: GPU")
        check(set(doc) == {"apiVersion", "kind", "metadata", "spec"}, f"{path}: unexpected top-level keys")

for problem in problems:
    print("check-exports:", problem, file=sys.stderr)
print(f"Triton ModelConfig: {configs} config.pbtxt parsed; KServe: InferenceServices checked field by field")
sys.exit(1 if problems else 0)
PY
echo "check-exports: all exports valid"
