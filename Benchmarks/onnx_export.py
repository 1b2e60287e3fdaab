"""Reads an infer-plan native model (safetensors + graph JSON) and builds the same network as an
ONNX graph (opset 17) with the same weights, the way torch.onnx exports these layers:
dense → MatMul + Add (Gemm(transB=1) for 2-D rows), GELU (erf) → x·0.5·(1 + Erf(x/√2)),
layer_norm → LayerNormalization, attention → Reshape/Transpose/MatMul/Softmax with the additive
mask (1 − mask)·finfo(float32).min, as Hugging Face BERT does. Used by compare.py only.
"""
import json
import struct

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

DTYPES = {"F32": np.float32, "F16": np.float16}


def read_native_model(path):
    """(graph dict, {name: float32 array}) from a native model file."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    graph = json.loads(header.pop("__metadata__")["graph"])
    base = 8 + length
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        dtype = DTYPES.get(entry["dtype"])
        if dtype is None:
            raise ValueError(f"{path}: tensor {name} has dtype {entry['dtype']}; compare.py reads F32/F16")
        array = np.frombuffer(data[base + begin:base + end], dtype=dtype).reshape(entry["shape"])
        tensors[name] = array.astype(np.float32)
    return graph, tensors


class _Builder:
    def __init__(self, tensors):
        self.tensors = tensors
        self.nodes = []
        self.initializers = {}
        self.counter = 0

    def fresh(self, stem):
        self.counter += 1
        return f"{stem}__{self.counter}"

    def constant(self, name, array):
        if name not in self.initializers:
            self.initializers[name] = numpy_helper.from_array(np.asarray(array), name)
        return name

    def node(self, op, inputs, output=None, **attributes):
        output = output or self.fresh(op)
        self.nodes.append(helper.make_node(op, inputs, [output], **attributes))
        return output


def build_onnx_model(graph, tensors):
    b = _Builder(tensors)
    kind = graph["kind"]
    rank = {}  # value name → 2 (rows) or 3 (sequence)
    if kind["type"] == "mlp":
        inputs = [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", kind["input_features"]])]
        rank["features"] = 2
    else:
        inputs = [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "sequence"])
                  for n in ("input_ids", "token_type_ids", "attention_mask")]
    for node in graph["nodes"]:
        op, ins, out = node["op"], node["inputs"], node["output"]
        if op == "dense":
            weight = tensors[node["weight"]]
            bias = node.get("bias")
            if rank[ins[0]] == 2:
                gemm_inputs = [ins[0], b.constant(node["weight"], weight)] + ([b.constant(bias, tensors[bias])] if bias else [])
                b.node("Gemm", gemm_inputs, out, transB=1)
            else:
                product = b.node("MatMul", [ins[0], b.constant(node["weight"] + ".T", np.ascontiguousarray(weight.T))],
                                 out if not bias else None)
                if bias:
                    b.node("Add", [product, b.constant(bias, tensors[bias])], out)
            rank[out] = rank[ins[0]]
        elif op == "relu":
            rank[out] = rank[ins[0]]
            b.node("Relu", ins, out)
        elif op in ("tanh", "sigmoid"):
            rank[out] = rank[ins[0]]
            b.node(op.capitalize(), ins, out)
        elif op == "gelu":
            x = ins[0]
            scaled = b.node("Div", [x, b.constant("sqrt2", np.float32(np.sqrt(2.0)))])
            erf = b.node("Erf", [scaled])
            plus = b.node("Add", [erf, b.constant("one", np.float32(1.0))])
            half = b.node("Mul", [x, b.constant("half", np.float32(0.5))])
            b.node("Mul", [half, plus], out)
            rank[out] = rank[x]
        elif op == "gelu_tanh":
            x = ins[0]
            cube = b.node("Mul", [b.node("Mul", [x, x]), x])
            inner = b.node("Add", [x, b.node("Mul", [cube, b.constant("c044715", np.float32(0.044715))])])
            tanh = b.node("Tanh", [b.node("Mul", [inner, b.constant("sqrt2pi", np.float32(np.sqrt(2 / np.pi)))])])
            plus = b.node("Add", [tanh, b.constant("one", np.float32(1.0))])
            b.node("Mul", [b.node("Mul", [x, b.constant("half", np.float32(0.5))]), plus], out)
            rank[out] = rank[x]
        elif op == "softmax":
            b.node("Softmax", ins, out, axis=-1)
            rank[out] = rank[ins[0]]
        elif op == "layer_norm":
            b.node("LayerNormalization", [ins[0], b.constant(node["gamma"], tensors[node["gamma"]]),
                                          b.constant(node["beta"], tensors[node["beta"]])], out,
                   axis=-1, epsilon=float(node.get("epsilon", 1e-12)))
            rank[out] = rank[ins[0]]
        elif op == "add":
            b.node("Add", ins, out)
            rank[out] = max(rank[ins[0]], rank[ins[1]])
        elif op == "embedding":
            total = b.node("Gather", [b.constant(node["word"], tensors[node["word"]]), ins[0]])
            if node.get("position"):
                seq = b.node("Gather", [b.node("Shape", [ins[0]]), b.constant("one_i64", np.int64(1))])
                offset = b.constant("position_offset", np.int64(node.get("position_offset", 0)))
                positions = b.node("Range", [offset, b.node("Add", [seq, offset]), b.constant("one_i64", np.int64(1))])
                total = b.node("Add", [total, b.node("Gather", [b.constant(node["position"], tensors[node["position"]]), positions])])
            if node.get("token_type") and len(ins) > 1:
                total = b.node("Add", [total, b.node("Gather", [b.constant(node["token_type"], tensors[node["token_type"]]), ins[1]])])
            b.node("Identity", [total], out)
            rank[out] = 3
        elif op == "attention":
            q, k, v, mask = ins
            heads = int(node["heads"])
            split = b.constant(f"split_shape_{heads}", np.array([0, 0, heads, -1], dtype=np.int64))
            qh = b.node("Transpose", [b.node("Reshape", [q, split])], perm=[0, 2, 1, 3])
            kh = b.node("Transpose", [b.node("Reshape", [k, split])], perm=[0, 2, 3, 1])
            vh = b.node("Transpose", [b.node("Reshape", [v, split])], perm=[0, 2, 1, 3])
            head_dim = _head_dim(graph, tensors, heads)
            scores = b.node("Div", [b.node("MatMul", [qh, kh]), b.constant(f"sqrt_d_{head_dim}", np.float32(np.sqrt(head_dim)))])
            bias_name = "attention_mask_bias"
            if bias_name not in [n.output[0] for n in b.nodes]:
                as_float = b.node("Cast", [mask], to=TensorProto.FLOAT)
                inverted = b.node("Sub", [b.constant("one", np.float32(1.0)), as_float])
                scaled = b.node("Mul", [inverted, b.constant("float_min", np.float32(np.finfo(np.float32).min))])
                b.node("Unsqueeze", [scaled, b.constant("axes_1_2", np.array([1, 2], dtype=np.int64))], bias_name)
            probabilities = b.node("Softmax", [b.node("Add", [scores, bias_name])], axis=-1)
            context = b.node("Transpose", [b.node("MatMul", [probabilities, vh])], perm=[0, 2, 1, 3])
            b.node("Reshape", [context, b.constant("merge_shape", np.array([0, 0, -1], dtype=np.int64))], out)
            rank[out] = 3
        elif op == "mean_pool":
            h, mask = ins
            weights = b.node("Unsqueeze", [b.node("Cast", [mask], to=TensorProto.FLOAT), b.constant("axes_2", np.array([2], dtype=np.int64))])
            summed = b.node("ReduceSum", [b.node("Mul", [h, weights]), b.constant("axes_1", np.array([1], dtype=np.int64))], keepdims=0)
            count = b.node("ReduceSum", [weights, b.constant("axes_1", np.array([1], dtype=np.int64))], keepdims=0)
            b.node("Div", [summed, b.node("Max", [count, b.constant("tiny", np.float32(1e-9))])], out)
            rank[out] = 2
        else:
            raise ValueError(f"compare.py cannot export op '{op}' (node {node['name']})")
    dims = ["batch", "width"] if rank[graph["output"]] == 2 else ["batch", "sequence", "width"]
    output = helper.make_tensor_value_info(graph["output"], TensorProto.FLOAT, dims)
    onnx_graph = helper.make_graph(b.nodes, graph["name"], inputs, [output], list(b.initializers.values()))
    model = helper.make_model(onnx_graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=False)
    return model


def _head_dim(graph, tensors, heads):
    hidden = graph["kind"].get("hidden_size")
    if hidden is None:
        raise ValueError("attention needs an encoder graph (kind.hidden_size)")
    return hidden // heads
