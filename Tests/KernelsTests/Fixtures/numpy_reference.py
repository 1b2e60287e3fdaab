"""An independent float64 NumPy implementation of infer-plan's ops and of a BERT encoder.

Written from the op definitions (docs/forward-pass.md and the Hugging Face BERT code), not from
infer-plan's Swift: it is the "other implementation" the fixtures' expected outputs come from.
Used by make_fixtures.py and minilm_check.py.
"""
import json
import math
import struct

import numpy as np

# --- ops (x is float64; the last axis is the feature axis) ------------------------------------


def dense(x, w, b=None):
    """y = x·Wᵀ + b, W is [out, in] (PyTorch Linear layout)."""
    y = x @ w.T
    return y if b is None else y + b


def relu(x):
    return np.maximum(x, 0.0)


_erf = np.vectorize(math.erf)


def gelu(x):
    """Exact GELU: 0.5·x·(1 + erf(x/√2))."""
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


ACTIVATIONS = {"relu": relu, "gelu": gelu, "gelu_tanh": gelu_tanh, "tanh": np.tanh, "sigmoid": sigmoid}


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def layer_norm(x, gamma, beta, eps):
    """Biased variance (÷ width), like torch.nn.LayerNorm."""
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


def embedding(ids, types, word, position=None, token_type=None, offset=0):
    """word[id] + position[offset + s] + token_type[type]; ids/types are [batch, seq]."""
    y = word[ids]
    if position is not None:
        y = y + position[offset : offset + ids.shape[1]][None, :, :]
    if token_type is not None:
        y = y + token_type[types]
    return y


FP32_MIN = float(np.finfo(np.float32).min)


def attention(q, k, v, mask, heads):
    """Multi-head self-attention as Hugging Face BERT: scores + (1 − mask)·finfo(float32).min."""
    batch, seq, hidden = q.shape
    d = hidden // heads

    def split(t):
        return t.reshape(batch, seq, heads, d).transpose(0, 2, 1, 3)  # [b, h, s, d]

    scores = split(q) @ split(k).transpose(0, 1, 3, 2) / math.sqrt(d)
    scores = scores + (1.0 - mask[:, None, None, :].astype(np.float64)) * FP32_MIN
    p = softmax(scores)
    return (p @ split(v)).transpose(0, 2, 1, 3).reshape(batch, seq, hidden)


def mean_pool(x, mask):
    """sentence-transformers mean pooling: Σ mask·x / max(Σ mask, 1e-9)."""
    m = mask[:, :, None].astype(np.float64)
    return (x * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)


# --- a BERT encoder from Hugging Face tensor names ---------------------------------------------


HF_ACTIVATIONS = {"gelu": "gelu", "relu": "relu", "gelu_new": "gelu_tanh", "gelu_pytorch_tanh": "gelu_tanh"}


def roberta_position_ids(ids, padding_idx):
    """HF create_position_ids_from_input_ids: padding_idx + 1 + index for real tokens, padding_idx
    for padding tokens (so padded positions use the padding row, not offset + s)."""
    real = (ids != padding_idx).astype(np.int64)
    return np.cumsum(real, axis=1) * real + padding_idx


def bert_forward(tensors, config, ids, mask, types, prefix=""):
    """last_hidden_state of a BertModel or RobertaModel (model_type "roberta": position ids from
    roberta_position_ids); tensors maps HF names to float64 arrays."""
    t = lambda name: tensors[prefix + name]  # noqa: E731
    eps = config.get("layer_norm_eps", 1e-12)
    heads = config["num_attention_heads"]
    act = ACTIVATIONS[HF_ACTIVATIONS[config.get("hidden_act", "gelu")]]
    position = t("embeddings.position_embeddings.weight")
    if config.get("model_type") == "roberta":
        h = t("embeddings.word_embeddings.weight")[ids] + position[roberta_position_ids(ids, config["pad_token_id"])]
        h = h + t("embeddings.token_type_embeddings.weight")[types]
    else:
        h = embedding(ids, types, t("embeddings.word_embeddings.weight"), position, t("embeddings.token_type_embeddings.weight"))
    h = layer_norm(h, t("embeddings.LayerNorm.weight"), t("embeddings.LayerNorm.bias"), eps)
    for layer in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{layer}."
        lin = lambda name, x: dense(x, t(p + name + ".weight"), t(p + name + ".bias"))  # noqa: E731
        ctx = attention(lin("attention.self.query", h), lin("attention.self.key", h), lin("attention.self.value", h), mask, heads)
        a = layer_norm(lin("attention.output.dense", ctx) + h, t(p + "attention.output.LayerNorm.weight"),
                       t(p + "attention.output.LayerNorm.bias"), eps)
        f = lin("output.dense", act(lin("intermediate.dense", a)))
        h = layer_norm(f + a, t(p + "output.LayerNorm.weight"), t(p + "output.LayerNorm.bias"), eps)
    return h


def distilbert_forward(tensors, config, ids, mask, prefix=""):
    """last_hidden_state of a DistilBertModel: word + position embeddings (no token types),
    post-norm blocks q_lin/k_lin/v_lin/out_lin → sa_layer_norm, ffn.lin1/lin2 → output_layer_norm."""
    t = lambda name: tensors[prefix + name]  # noqa: E731
    act = ACTIVATIONS[HF_ACTIVATIONS[config.get("activation", "gelu")]]
    h = embedding(ids, None, t("embeddings.word_embeddings.weight"), t("embeddings.position_embeddings.weight"))
    h = layer_norm(h, t("embeddings.LayerNorm.weight"), t("embeddings.LayerNorm.bias"), 1e-12)
    for layer in range(config["n_layers"]):
        p = f"transformer.layer.{layer}."
        lin = lambda name, x: dense(x, t(p + name + ".weight"), t(p + name + ".bias"))  # noqa: E731
        ctx = attention(lin("attention.q_lin", h), lin("attention.k_lin", h), lin("attention.v_lin", h), mask, config["n_heads"])
        a = layer_norm(lin("attention.out_lin", ctx) + h, t(p + "sa_layer_norm.weight"), t(p + "sa_layer_norm.bias"), 1e-12)
        h = layer_norm(lin("ffn.lin2", act(lin("ffn.lin1", a))) + a, t(p + "output_layer_norm.weight"),
                       t(p + "output_layer_norm.bias"), 1e-12)
    return h


# --- safetensors, written and read by hand ------------------------------------------------------


def write_safetensors(path, tensors, metadata=None):
    """tensors: name → float32 array. 8-byte LE header length, JSON header (padded with spaces to
    a multiple of 8), then the data in header order."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    blobs = []
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    """name → float64 array (F32, F16 and BF16 supported); also returns __metadata__."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        buf = raw[base + begin : base + end]
        if info["dtype"] == "F32":
            a = np.frombuffer(buf, dtype="<f4")
        elif info["dtype"] == "F16":
            a = np.frombuffer(buf, dtype="<f2")
        elif info["dtype"] == "BF16":
            a = (np.frombuffer(buf, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        elif info["dtype"] == "I64":
            a = np.frombuffer(buf, dtype="<i8")
        else:
            raise ValueError(f"{path}: tensor {name} has dtype {info['dtype']}")
        out[name] = a.reshape(info["shape"]).astype(np.float64)
    return out, header.get("__metadata__", {})
