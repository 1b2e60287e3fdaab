#!/usr/bin/env python3
"""Makes the small ONNX models, inputs and ONNX Runtime outputs that the ONNX tests read.

CI never runs this: its outputs are committed. To remake them (CPU-only torch wheel; a plain
`pip install torch` pulls GBs of CUDA wheels):

    pip install 'torch==2.13.0+cpu' onnx onnxruntime onnxscript
    python3 Tests/ModelGraphTests/Fixtures/onnx/make_onnx_fixtures.py

Versions used for the committed files: torch 2.13.0+cpu, onnx 1.23.2, onnxruntime 1.32.0,
onnxscript 0.7.2, numpy 2.4.6, Python 3.11.7. Other versions export other op sets; the script
refuses to run with others unless given --any-version.

Four families, each exported with dynamic axes (batch; and sequence for the text models):

  mlp/   Linear, ReLU, GELU, Tanh, Sigmoid.                       input features [batch, 8]
  bert/  embeddings (word + position + token type), LayerNorm, 2 layers of attention with an
         additive mask, GELU feed-forward, mean pooling.         inputs input_ids, attention_mask
  gpt2/  pre-norm decoder, 2 layers, fused QKV projection split in three, causal mask, tanh GELU,
         output projection tied to the word embedding.           input input_ids [batch, sequence]
  cnn/   Conv (groups, strides, pads, dilations), BatchNorm (one after a conv, one after a
         residual Add, which no exporter can fold), ReLU, ReLU6 (Clip), MaxPool, AvgPool,
         GlobalAveragePool, Flatten, Linear.                     input image [batch, 3, 16, 16]

Each model is exported by the TorchScript exporter (dynamo=False) at opsets 14 and 20 (and 17
for the text models, where LayerNormalization appears), and by the dynamo exporter (dynamo=True)
at its default opset (20 with torch 2.13) and, for the text models, at 18 (GELU decomposed).
A folder holds, per model:

  <exporter>.onnx                 e.g. ts14.onnx, ts20.onnx, dynamo18.onnx
  input.<name>.npy                the seeded inputs (batch 2; sequence 5 for text models)
  <exporter>.output.<name>.npy    ONNX Runtime's outputs for that file on those inputs
  manifest.json                   per file: exporter, opsets, inputs/outputs with symbolic dims,
                                  op histogram, a few initializers' names, types, dims and values,
                                  and the sha256 of the file; written with the onnx package, so
                                  the Swift reader is checked against an independent parser.

Besides: external/ holds mlp's ts14 export saved with its weights in external data
(mlp.onnx + mlp.weights), and dtypes/ holds a model built with onnx.helper whose initializers
cover every data type the reader converts, in both raw_data and typed-field form, and one node
carrying every attribute type (a subgraph included).

A failed export is recorded in summary.json under "failures" with the exception's first line.
"""
import argparse
import hashlib
import json
import math
import os
import shutil
import sys
import warnings

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
VERSIONS = {"torch": "2.13.0+cpu", "onnx": "1.23.2", "onnxruntime": "1.32.0"}
BATCH, SEQUENCE = 2, 5


# ---------------------------------------------------------------------------------------------
# The four models (tiny, so all fixtures stay well under 1 MB).


class MLP(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = torch.nn.Linear(8, 16), torch.nn.Linear(16, 16)
        self.fc3, self.fc4 = torch.nn.Linear(16, 12), torch.nn.Linear(12, 4)

    def forward(self, features):
        x = torch.relu(self.fc1(features))
        x = torch.nn.functional.gelu(self.fc2(x))
        x = torch.tanh(self.fc3(x))
        return torch.sigmoid(self.fc4(x))


class EncoderLayer(torch.nn.Module):
    """A BERT layer: post-norm self-attention and GELU feed-forward."""

    def __init__(self, hidden, heads, ffn):
        super().__init__()
        self.heads, self.head_size = heads, hidden // heads
        self.query, self.key, self.value = (torch.nn.Linear(hidden, hidden) for _ in range(3))
        self.attention_output = torch.nn.Linear(hidden, hidden)
        self.attention_norm = torch.nn.LayerNorm(hidden, eps=1e-12)
        self.intermediate, self.output = torch.nn.Linear(hidden, ffn), torch.nn.Linear(ffn, hidden)
        self.output_norm = torch.nn.LayerNorm(hidden, eps=1e-12)

    def split_heads(self, x):
        batch, sequence, _ = x.shape
        return x.view(batch, sequence, self.heads, self.head_size).transpose(1, 2)

    def forward(self, x, additive_mask):
        q, k, v = self.split_heads(self.query(x)), self.split_heads(self.key(x)), self.split_heads(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_size) + additive_mask
        context = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2)
        context = context.reshape(x.shape[0], x.shape[1], -1)
        x = self.attention_norm(x + self.attention_output(context))
        return self.output_norm(x + self.output(torch.nn.functional.gelu(self.intermediate(x))))


class Encoder(torch.nn.Module):
    def __init__(self, vocabulary=30, hidden=16, heads=2, ffn=32, layers=2, positions=16):
        super().__init__()
        self.word = torch.nn.Embedding(vocabulary, hidden)
        self.position = torch.nn.Embedding(positions, hidden)
        self.token_type = torch.nn.Embedding(2, hidden)
        self.norm = torch.nn.LayerNorm(hidden, eps=1e-12)
        self.layers = torch.nn.ModuleList(EncoderLayer(hidden, heads, ffn) for _ in range(layers))

    def forward(self, input_ids, attention_mask):
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.word(input_ids) + self.position(positions) + self.token_type(torch.zeros_like(input_ids))
        x = self.norm(x)
        mask = attention_mask[:, None, None, :].to(x.dtype)
        additive_mask = (1.0 - mask) * torch.finfo(x.dtype).min
        for layer in self.layers:
            x = layer(x, additive_mask)
        weights = attention_mask.unsqueeze(-1).to(x.dtype)
        pooled = (x * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
        return x, pooled


class DecoderBlock(torch.nn.Module):
    """A GPT-2 block: pre-norm causal self-attention (fused QKV) and tanh-GELU MLP."""

    def __init__(self, hidden, heads):
        super().__init__()
        self.heads, self.head_size = heads, hidden // heads
        self.norm1, self.norm2 = torch.nn.LayerNorm(hidden), torch.nn.LayerNorm(hidden)
        self.qkv, self.projection = torch.nn.Linear(hidden, 3 * hidden), torch.nn.Linear(hidden, hidden)
        self.fc, self.fc_out = torch.nn.Linear(hidden, 4 * hidden), torch.nn.Linear(4 * hidden, hidden)

    def forward(self, x):
        batch, sequence, hidden = x.shape
        q, k, v = self.qkv(self.norm1(x)).split(hidden, dim=2)
        q, k, v = (t.view(batch, sequence, self.heads, self.head_size).transpose(1, 2) for t in (q, k, v))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_size)
        causal = torch.tril(torch.ones(sequence, sequence, dtype=torch.bool, device=x.device))
        scores = torch.where(causal, scores, torch.tensor(torch.finfo(scores.dtype).min, dtype=scores.dtype))
        context = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(batch, sequence, hidden)
        x = x + self.projection(context)
        return x + self.fc_out(torch.nn.functional.gelu(self.fc(self.norm2(x)), approximate="tanh"))


class Decoder(torch.nn.Module):
    def __init__(self, vocabulary=32, hidden=16, heads=2, layers=2, positions=16):
        super().__init__()
        self.word = torch.nn.Embedding(vocabulary, hidden)
        self.position = torch.nn.Embedding(positions, hidden)
        self.blocks = torch.nn.ModuleList(DecoderBlock(hidden, heads) for _ in range(layers))
        self.final_norm = torch.nn.LayerNorm(hidden)
        self.head = torch.nn.Linear(hidden, vocabulary, bias=False)
        self.head.weight = self.word.weight  # tied output projection, as in GPT-2

    def forward(self, input_ids):
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.word(input_ids) + self.position(positions)
        for block in self.blocks:
            x = block(x)
        return self.head(self.final_norm(x))


class CNN(torch.nn.Module):
    def __init__(self, classes=5):
        super().__init__()
        self.stem = torch.nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.stem_norm = torch.nn.BatchNorm2d(8)
        # Grouped, strided, padded; then a dilated one on the residual path.
        self.grouped = torch.nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=2)
        self.dilated = torch.nn.Conv2d(8, 8, 3, padding=2, dilation=2, groups=8)
        self.shortcut = torch.nn.Conv2d(8, 8, 1, stride=2)
        self.merge_norm = torch.nn.BatchNorm2d(8)  # after the residual Add: cannot be folded
        self.widen = torch.nn.Conv2d(8, 12, (3, 1), stride=(1, 2), padding=(1, 0))
        self.classifier = torch.nn.Linear(12, classes)

    def forward(self, image):
        x = torch.relu(self.stem_norm(self.stem(image)))
        x = torch.nn.functional.max_pool2d(x, 2, stride=1, padding=1)
        y = torch.nn.functional.relu6(self.grouped(x))
        y = self.dilated(y)
        x = self.merge_norm(y + self.shortcut(x))
        x = torch.relu(x)
        x = torch.nn.functional.avg_pool2d(x, 2, stride=2)
        x = torch.relu(self.widen(x))
        x = torch.nn.functional.adaptive_avg_pool2d(x, 1)
        return self.classifier(torch.flatten(x, 1))


def randomize_batch_norms(model, generator):
    """Gives every BatchNorm non-trivial running statistics, so folding errors would show."""
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.copy_(torch.randn(module.num_features, generator=generator) * 0.1)
            module.running_var.copy_(torch.rand(module.num_features, generator=generator) + 0.5)
            module.weight.data.copy_(torch.rand(module.num_features, generator=generator) + 0.5)
            module.bias.data.copy_(torch.randn(module.num_features, generator=generator) * 0.1)


# ---------------------------------------------------------------------------------------------
# What to export: model, example inputs (name -> tensor), output names, dynamic axes.


def specifications():
    generator = torch.Generator().manual_seed(17)
    mask = torch.ones(BATCH, SEQUENCE, dtype=torch.int64)
    mask[1, 3:] = 0  # the second sample is padded: 3 real tokens
    text_axes = {0: "batch", 1: "sequence"}
    return [
        dict(
            name="mlp", model=MLP(),
            inputs={"features": torch.randn(BATCH, 8, generator=generator)},
            outputs=["scores"], axes={"features": {0: "batch"}, "scores": {0: "batch"}},
            opsets=[14, 20]),
        dict(
            name="bert", model=Encoder(),
            inputs={"input_ids": torch.randint(0, 30, (BATCH, SEQUENCE), generator=generator), "attention_mask": mask},
            outputs=["last_hidden_state", "sentence_embedding"],
            axes={"input_ids": text_axes, "attention_mask": text_axes, "last_hidden_state": text_axes,
                  "sentence_embedding": {0: "batch"}},
            opsets=[14, 17, 20], dynamo_opsets=[18, None]),
        dict(
            name="gpt2", model=Decoder(),
            inputs={"input_ids": torch.randint(0, 32, (BATCH, SEQUENCE), generator=generator)},
            outputs=["logits"], axes={"input_ids": text_axes, "logits": text_axes},
            opsets=[14, 17, 20], dynamo_opsets=[18, None]),
        dict(
            name="cnn", model=CNN(),
            inputs={"image": torch.randn(BATCH, 3, 16, 16, generator=generator)},
            outputs=["logits"], axes={"image": {0: "batch"}, "logits": {0: "batch"}},
            opsets=[14, 20]),
    ]


def export_torchscript(spec, opset, path):
    torch.onnx.export(
        spec["model"], tuple(spec["inputs"].values()), path, dynamo=False, opset_version=opset,
        input_names=list(spec["inputs"]), output_names=spec["outputs"], dynamic_axes=spec["axes"],
        do_constant_folding=True)


def export_dynamo(spec, opset, path):
    batch = torch.export.Dim("batch", min=1, max=64)
    sequence = torch.export.Dim("sequence", min=1, max=16)
    shapes = {}
    for name, tensor in spec["inputs"].items():
        axes = spec["axes"][name]
        shapes[name] = {axis: (batch if label == "batch" else sequence) for axis, label in axes.items()}
    program = torch.onnx.export(
        spec["model"], tuple(spec["inputs"].values()), dynamo=True, input_names=list(spec["inputs"]),
        output_names=spec["outputs"], dynamic_shapes=shapes, optimize=True, verbose=False,
        **({"opset_version": opset} if opset else {}))
    program.save(path)
    model = onnx.load(path)
    # Stack traces name this machine's paths, and they and the FX node texts are most of the
    # file; the other per-node metadata stays (the reader must skip metadata_props).
    dropped = ("pkg.torch.onnx.stack_trace", "pkg.torch.onnx.fx_node")
    for node in model.graph.node:
        kept = [p for p in node.metadata_props if p.key not in dropped]
        del node.metadata_props[:]
        node.metadata_props.extend(kept)
    onnx.save_model(model, path)
    return next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))


# ---------------------------------------------------------------------------------------------
# The manifest: what an independent parser (the onnx package) sees in each file.


def dims_of(value_info):
    if not value_info.type.tensor_type.HasField("shape"):
        return None  # rank unknown
    dims = []
    for dim in value_info.type.tensor_type.shape.dim:
        if dim.HasField("dim_value"):
            dims.append(dim.dim_value)
        elif dim.HasField("dim_param"):
            dims.append(dim.dim_param)
        else:
            dims.append(None)
    return dims


def initializer_sample(tensor):
    array = numpy_helper.to_array(tensor)
    flat = array.reshape(-1)
    return {
        "name": tensor.name, "data_type": TensorProto.DataType.Name(tensor.data_type), "dims": list(tensor.dims),
        "first": [float(v) for v in flat[:4]], "sum": float(flat.astype(np.float64).sum()) if flat.size else 0.0,
    }


def describe(path, exporter):
    model = onnx.load(path)
    graph = model.graph
    histogram = {}
    for node in graph.node:
        key = node.op_type if node.domain in ("", "ai.onnx") else node.domain + "." + node.op_type
        histogram[key] = histogram.get(key, 0) + 1
    initializer_names = {t.name for t in graph.initializer}
    samples = sorted(graph.initializer, key=lambda t: (-len(t.dims), t.name))
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    return {
        "exporter": exporter, "ir_version": model.ir_version, "producer": model.producer_name,
        "producer_version": model.producer_version,
        "opsets": {o.domain or "ai.onnx": o.version for o in model.opset_import},
        "inputs": [{"name": v.name, "elem_type": TensorProto.DataType.Name(v.type.tensor_type.elem_type),
                    "dims": dims_of(v)} for v in graph.input if v.name not in initializer_names],
        "outputs": [{"name": v.name, "elem_type": TensorProto.DataType.Name(v.type.tensor_type.elem_type),
                     "dims": dims_of(v)} for v in graph.output],
        "node_count": len(graph.node), "initializer_count": len(graph.initializer),
        "initializer_values": int(sum(np.prod(t.dims, dtype=np.int64) for t in graph.initializer)),
        "initializers": [initializer_sample(t) for t in samples[:3]],
        "functions": [f.domain + "." + f.name for f in model.functions],
        "op_histogram": dict(sorted(histogram.items())), "sha256": digest,
    }


def run_onnxruntime(path, inputs):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    return dict(zip(names, session.run(names, {k: v.numpy() for k, v in inputs.items()})))


def make_family(spec, summary):
    folder = os.path.join(HERE, spec["name"])
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    model = spec["model"].eval()
    with torch.no_grad():
        reference = model(*spec["inputs"].values())
    reference = reference if isinstance(reference, tuple) else (reference,)
    for name, tensor in spec["inputs"].items():
        np.save(os.path.join(folder, f"input.{name}.npy"), tensor.numpy())
    manifest = {"inputs": {k: list(v.shape) for k, v in spec["inputs"].items()}, "files": {}}
    attempts = [(f"ts{opset}", lambda path, opset=opset: (export_torchscript(spec, opset, path), opset)[1])
                for opset in spec["opsets"]]
    for opset in spec.get("dynamo_opsets", [None]):
        attempts.append(("dynamo", lambda path, opset=opset: export_dynamo(spec, opset, path)))
    for label, export in attempts:
        path = os.path.join(folder, label + ".onnx")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with torch.no_grad():
                    opset = export(path)
        except Exception as error:  # noqa: BLE001 - recorded, not hidden
            first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
            summary["failures"].append({"model": spec["name"], "exporter": label, "error": first_line[:300]})
            print(f"  {spec['name']} {label}: FAILED: {first_line[:200]}")
            if os.path.exists(path):
                os.remove(path)
            continue
        if label == "dynamo":
            final = os.path.join(folder, f"dynamo{opset}.onnx")
            os.replace(path, final)
            path, label = final, f"dynamo{opset}"
        for stray in os.listdir(folder):  # the dynamo exporter may leave a .data file beside
            if stray.endswith(".data"):
                raise SystemExit(f"{spec['name']} {label}: exporter wrote external data {stray}; keep models tiny")
        outputs = run_onnxruntime(path, spec["inputs"])
        for (name, value), torch_value in zip(outputs.items(), reference):
            np.save(os.path.join(folder, f"{label}.output.{name}.npy"), value)
            gap = float(np.max(np.abs(value - torch_value.numpy())))
            if gap > 1e-4 * max(1.0, float(np.max(np.abs(value)))):
                raise SystemExit(f"{spec['name']} {label}: ORT and torch differ by {gap}")
        entry = describe(path, "torchscript" if label.startswith("ts") else "dynamo")
        manifest["files"][label + ".onnx"] = entry
        ops = ", ".join(f"{k} {v}" for k, v in entry["op_histogram"].items())
        print(f"  {spec['name']} {label}: {os.path.getsize(path)} bytes, {entry['node_count']} nodes: {ops}")
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")


# ---------------------------------------------------------------------------------------------
# External data: mlp's ts14 export with every initializer moved into mlp.weights.


def make_external():
    folder = os.path.join(HERE, "external")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    model = onnx.load(os.path.join(HERE, "mlp", "ts14.onnx"))
    path = os.path.join(folder, "mlp.onnx")
    onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                    location="mlp.weights", size_threshold=0)
    entry = describe(path, "torchscript")
    with open(path, "rb") as f, open(os.path.join(folder, "mlp.weights"), "rb") as g:
        entry["sha256_with_external_data"] = hashlib.sha256(f.read() + g.read()).hexdigest()
    entry["external"] = []
    for tensor in onnx.load(path, load_external_data=False).graph.initializer:
        fields = {e.key: e.value for e in tensor.external_data}
        entry["external"].append({"name": tensor.name, **fields})
    features = np.load(os.path.join(HERE, "mlp", "input.features.npy"))
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    np.save(os.path.join(folder, "output.scores.npy"), session.run(None, {"features": features})[0])
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump({"files": {"mlp.onnx": entry}}, f, indent=1, sort_keys=True)
        f.write("\n")


# ---------------------------------------------------------------------------------------------
# Data types and attribute types, built with onnx.helper (no exporter emits all of them).

DTYPE_VALUES = {
    "FLOAT": (np.float32, [1.5, -2.25, 3.0e-8, 65504.0]),
    "FLOAT16": (np.float16, [1.0, -2.0, 65504.0, 5.9604645e-08]),
    "BFLOAT16": (None, [1.0, -3.0, 0.25, 3.3895314e38]),
    "DOUBLE": (np.float64, [0.1, -1e10, 2.5, 0.0]),
    "INT8": (np.int8, [-128, 127, 0, -1]),
    "UINT8": (np.uint8, [0, 255, 7, 128]),
    "INT16": (np.int16, [-32768, 32767, 5, -5]),
    "UINT16": (np.uint16, [0, 65535, 9, 1000]),
    "INT32": (np.int32, [-2147483648, 2147483647, 3, -3]),
    "INT64": (np.int64, [-9223372036854775808, 9223372036854775807, 224, -1]),
    "UINT32": (np.uint32, [0, 4294967295, 11, 12]),
    "UINT64": (np.uint64, [0, 9223372036854775807, 13, 14]),
    "BOOL": (np.bool_, [True, False, True, True]),
}


def bfloat16_bits(values):
    bits = np.array(values, dtype=np.float32).view(np.uint32)
    return ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)  # round to nearest even


def make_dtypes():
    folder = os.path.join(HERE, "dtypes")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    initializers, expected = [], {}
    for type_name, (numpy_type, values) in DTYPE_VALUES.items():
        code = getattr(TensorProto, type_name)
        if type_name == "BFLOAT16":
            raw = bfloat16_bits(values).tobytes()
            decoded = (bfloat16_bits(values).astype(np.uint32) << 16).view(np.float32)
            # make_tensor rounds float values to bfloat16 and stores the bits in int32_data.
            typed = helper.make_tensor("typed_" + type_name, code, [2, 2], values)
        else:
            array = np.array(values, dtype=numpy_type).reshape(2, 2)
            raw, decoded = array.tobytes(), array
            typed = helper.make_tensor("typed_" + type_name, code, [2, 2], array.reshape(-1).tolist())
        initializers.append(helper.make_tensor("raw_" + type_name, code, [2, 2], raw, raw=True))
        initializers.append(typed)
        flat = np.asarray(decoded).reshape(-1)
        if np.issubdtype(flat.dtype, np.floating):
            expected[type_name] = [float(np.float32(v)) for v in flat]
        else:
            expected[type_name] = [int(v) for v in flat]
    initializers.append(helper.make_tensor("empty", TensorProto.FLOAT, [0, 3], []))
    initializers.append(helper.make_tensor("scalar", TensorProto.INT64, [], [42]))

    body = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"])], "body",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])])
    everything = helper.make_node(
        "Everything", ["data", "", "raw_FLOAT"], ["out", "aux"], name="every_attribute", domain="test.infer_plan",
        alpha=0.5, count=-7, mode="tanh", weight=helper.make_tensor("w", TensorProto.FLOAT, [2], [0.25, -4.0]),
        body=body, scales=[1.0, 2.5], axes=[-1, 0, 3], names=["a", "bc"],
        pair=[helper.make_tensor("p0", TensorProto.INT64, [1], [5]), helper.make_tensor("p1", TensorProto.INT64, [2], [6, 7])],
        branches=[body, body],
        element=helper.make_tensor_type_proto(TensorProto.FLOAT16, ["n", 3]))
    relu = helper.make_node("Relu", ["out"], ["activated"], name="relu")
    graph = helper.make_graph(
        [everything, relu], "dtypes",
        [helper.make_tensor_value_info("data", TensorProto.FLOAT, ["batch", 3, None, 5])],
        [helper.make_tensor_value_info("activated", TensorProto.FLOAT, ["batch", "n"]),
         helper.make_tensor_value_info("aux", TensorProto.INT64, None)],
        initializer=initializers)
    model = helper.make_model(
        graph, producer_name="make_onnx_fixtures", producer_version="1",
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("test.infer_plan", 1)])
    model.ir_version = 8
    helper.set_model_props(model, {"note": "reader fixture"})
    path = os.path.join(folder, "dtypes.onnx")
    onnx.save_model(model, path)
    manifest = {"values": expected, "files": {"dtypes.onnx": describe(path, "onnx.helper")}}
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--any-version", action="store_true", help="run with other package versions")
    arguments = parser.parse_args()
    found = {"torch": torch.__version__, "onnx": onnx.__version__, "onnxruntime": ort.__version__}
    if found != VERSIONS and not arguments.any_version:
        sys.exit(f"expected {VERSIONS}, found {found}; pass --any-version to run anyway")
    torch.manual_seed(17)
    summary = {"versions": found, "failures": []}
    for spec in specifications():
        randomize_batch_norms(spec["model"], torch.Generator().manual_seed(3))
        make_family(spec, summary)
    make_external()
    make_dtypes()
    with open(os.path.join(HERE, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(root, name)) for root, _, names in os.walk(HERE) for name in names)
    print(f"fixtures: {total} bytes in all")


if __name__ == "__main__":
    main()
