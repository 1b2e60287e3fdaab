#!/usr/bin/env python3
"""Writes the Kernels test fixtures: two tiny native infer-plan models, their inputs and the
expected outputs computed in float64 by numpy_reference.py (an implementation independent of
infer-plan's Swift code).

    python3 Tests/KernelsTests/Fixtures/make_fixtures.py   # rewrites the files next to it

Files (all small enough to commit):
  tiny_mlp.safetensors        MLP 8 → 16 → 12 → 10 → 9 → 5: relu, gelu_tanh, sigmoid, tanh, softmax
  tiny_mlp_input.npy          float32 [3, 8]
  tiny_mlp_expected.npy       float32 [3, 5]
  tiny_bert.safetensors       BERT: vocab 50, hidden 16, 4 heads, 2 layers, FFN 32 (gelu), 12 positions
  tiny_bert_input_ids.npy     int64 [3, 7], rows padded to 7, 4 and 1 real tokens
  tiny_bert_attention_mask.npy int64 [3, 7]
  tiny_bert_token_type_ids.npy int32 [3, 7]
  tiny_bert_expected.npy      float32 [3, 7, 16]  last_hidden_state
  tiny_bert_pooled.npy        float32 [3, 16]     mean pooled over the mask
"""
import json
import os

import numpy as np

import numpy_reference as ref

HERE = os.path.dirname(os.path.abspath(__file__))


def save(name, array):
    np.save(os.path.join(HERE, name), array)


def native(path, graph, tensors):
    meta = {"format": "infer-plan", "format_version": "1", "graph": json.dumps(graph)}
    ref.write_safetensors(os.path.join(HERE, path), tensors, meta)


def f32(rng, shape, scale):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def make_mlp():
    rng = np.random.default_rng(1234)
    widths = [8, 16, 12, 10, 9, 5]
    acts = ["relu", "gelu_tanh", "sigmoid", "tanh"]
    tensors, nodes, value = {}, [], "features"
    for i in range(1, len(widths)):
        w, b = f"fc{i}.weight", f"fc{i}.bias"
        tensors[w] = f32(rng, (widths[i], widths[i - 1]), 1.5 / np.sqrt(widths[i - 1]))
        tensors[b] = f32(rng, (widths[i],), 0.2)
        nodes.append({"name": f"fc{i}", "op": "dense", "inputs": [value], "output": f"h{i}", "weight": w, "bias": b})
        value = f"h{i}"
        if i - 1 < len(acts):
            nodes.append({"name": f"act{i}", "op": acts[i - 1], "inputs": [value], "output": f"a{i}"})
            value = f"a{i}"
    nodes.append({"name": "softmax", "op": "softmax", "inputs": [value], "output": "probabilities"})
    graph = {"name": "tiny_mlp", "architecture": "mlp", "kind": {"type": "mlp", "input_features": widths[0]},
             "output": "probabilities", "nodes": nodes}
    native("tiny_mlp.safetensors", graph, tensors)

    x = f32(rng, (3, widths[0]), 1.0)
    h = x.astype(np.float64)
    for i in range(1, len(widths)):
        h = ref.dense(h, tensors[f"fc{i}.weight"].astype(np.float64), tensors[f"fc{i}.bias"].astype(np.float64))
        if i - 1 < len(acts):
            h = ref.ACTIVATIONS[acts[i - 1]](h)
    save("tiny_mlp_input.npy", x)
    save("tiny_mlp_expected.npy", ref.softmax(h).astype(np.float32))


BERT = {"vocab_size": 50, "hidden_size": 16, "num_attention_heads": 4, "num_hidden_layers": 2,
        "intermediate_size": 32, "max_position_embeddings": 12, "type_vocab_size": 2,
        "layer_norm_eps": 1e-12, "hidden_act": "gelu"}


def bert_graph(config):
    """The native graph of a BertModel whose tensors keep their Hugging Face names."""
    nodes = [{"name": "embeddings", "op": "embedding", "inputs": ["input_ids", "token_type_ids"], "output": "emb",
              "word": "embeddings.word_embeddings.weight", "position": "embeddings.position_embeddings.weight",
              "token_type": "embeddings.token_type_embeddings.weight", "position_offset": 0},
             {"name": "embeddings.LayerNorm", "op": "layer_norm", "inputs": ["emb"], "output": "h0",
              "gamma": "embeddings.LayerNorm.weight", "beta": "embeddings.LayerNorm.bias",
              "epsilon": config["layer_norm_eps"]}]

    def dense(name, x, out):
        nodes.append({"name": name, "op": "dense", "inputs": [x], "output": out, "weight": name + ".weight", "bias": name + ".bias"})

    def norm(name, x, out):
        nodes.append({"name": name, "op": "layer_norm", "inputs": [x], "output": out, "gamma": name + ".weight",
                      "beta": name + ".bias", "epsilon": config["layer_norm_eps"]})

    for layer in range(config["num_hidden_layers"]):
        p, h = f"encoder.layer.{layer}.", f"h{layer}"
        for part in ["query", "key", "value"]:
            dense(p + "attention.self." + part, h, p + part)
        nodes.append({"name": p + "attention", "op": "attention", "output": p + "context",
                      "inputs": [p + "query", p + "key", p + "value", "attention_mask"],
                      "heads": config["num_attention_heads"]})
        dense(p + "attention.output.dense", p + "context", p + "attention_out")
        nodes.append({"name": p + "attention.residual", "op": "add", "inputs": [p + "attention_out", h], "output": p + "attention_sum"})
        norm(p + "attention.output.LayerNorm", p + "attention_sum", p + "attention_normed")
        dense(p + "intermediate.dense", p + "attention_normed", p + "intermediate")
        nodes.append({"name": p + "intermediate.gelu", "op": "gelu", "inputs": [p + "intermediate"], "output": p + "gelu"})
        dense(p + "output.dense", p + "gelu", p + "ffn_out")
        nodes.append({"name": p + "output.residual", "op": "add", "inputs": [p + "ffn_out", p + "attention_normed"], "output": p + "ffn_sum"})
        last = layer == config["num_hidden_layers"] - 1
        norm(p + "output.LayerNorm", p + "ffn_sum", "last_hidden_state" if last else f"h{layer + 1}")
    return {"name": "tiny_bert", "architecture": "bert",
            "kind": {"type": "encoder", "vocab_size": config["vocab_size"], "hidden_size": config["hidden_size"],
                     "max_positions": config["max_position_embeddings"]},
            "output": "last_hidden_state", "nodes": nodes}


def make_bert():
    rng = np.random.default_rng(5678)
    c = BERT
    H, F = c["hidden_size"], c["intermediate_size"]
    t = {"embeddings.word_embeddings.weight": f32(rng, (c["vocab_size"], H), 0.8),
         "embeddings.position_embeddings.weight": f32(rng, (c["max_position_embeddings"], H), 0.3),
         "embeddings.token_type_embeddings.weight": f32(rng, (c["type_vocab_size"], H), 0.3)}

    def norm(name):
        t[name + ".weight"] = (1 + f32(rng, (H,), 0.2)).astype(np.float32)
        t[name + ".bias"] = f32(rng, (H,), 0.1)

    def lin(name, out, inp):
        t[name + ".weight"] = f32(rng, (out, inp), 1.0 / np.sqrt(inp))
        t[name + ".bias"] = f32(rng, (out,), 0.1)

    norm("embeddings.LayerNorm")
    for layer in range(c["num_hidden_layers"]):
        p = f"encoder.layer.{layer}."
        # Larger q/k weights make the attention distribution peaky, so a wrong mask or scale shows.
        for part in ["query", "key"]:
            lin(p + "attention.self." + part, H, H)
            t[p + "attention.self." + part + ".weight"] *= 3
        lin(p + "attention.self.value", H, H)
        lin(p + "attention.output.dense", H, H)
        norm(p + "attention.output.LayerNorm")
        lin(p + "intermediate.dense", F, H)
        lin(p + "output.dense", H, F)
        norm(p + "output.LayerNorm")
    native("tiny_bert.safetensors", bert_graph(c), t)

    lengths = [7, 4, 1]
    ids = np.zeros((3, 7), dtype=np.int64)
    mask = np.zeros((3, 7), dtype=np.int64)
    types = np.zeros((3, 7), dtype=np.int32)
    for b, n in enumerate(lengths):
        ids[b, :n] = rng.integers(1, c["vocab_size"], n)
        ids[b, 0] = 2  # a [CLS]-like first token
        mask[b, :n] = 1
        types[b, n // 2 : n] = 1
    tensors = {k: v.astype(np.float64) for k, v in t.items()}
    hidden = ref.bert_forward(tensors, c, ids, mask, types)
    save("tiny_bert_input_ids.npy", ids)
    save("tiny_bert_attention_mask.npy", mask)
    save("tiny_bert_token_type_ids.npy", types)
    save("tiny_bert_expected.npy", hidden.astype(np.float32))
    save("tiny_bert_pooled.npy", ref.mean_pool(hidden, mask).astype(np.float32))


if __name__ == "__main__":
    make_mlp()
    make_bert()
    for name in sorted(os.listdir(HERE)):
        if name.startswith("tiny_"):
            print(f"{name}: {os.path.getsize(os.path.join(HERE, name))} bytes")
