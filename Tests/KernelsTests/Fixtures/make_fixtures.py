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
  hf_roberta/                 Hugging Face folder (config.json + model.safetensors, "roberta." names):
                              hidden 12, 3 heads, 2 layers, FFN 20, pad_token_id 1, 12 positions
  hf_roberta_input_ids.npy    int64 [2, 6] (6 and 3 real tokens, padded with id 1), mask beside it
  hf_roberta_expected.npy     float32 [2, 6, 12] as HF computes it (padded positions use position
                              row 1 in HF; infer-plan uses 2 + s: compare unpadded tokens only)
  hf_distilbert/              Hugging Face folder ("distilbert." names, an unused head tensor):
                              dim 12, 2 heads, 2 layers, hidden_dim 20, 10 positions
  hf_distilbert_input_ids.npy int64 [2, 5] (5 and 2 real tokens), mask beside it
  hf_distilbert_expected.npy  float32 [2, 5, 12]
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


def hf_folder(name, config, tensors):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    ref.write_safetensors(os.path.join(folder, "model.safetensors"), tensors, {"format": "pt"})


def make_roberta():
    rng = np.random.default_rng(91)
    c = {"model_type": "roberta", "architectures": ["RobertaModel"], "vocab_size": 30, "hidden_size": 12,
         "num_attention_heads": 3, "num_hidden_layers": 2, "intermediate_size": 20, "max_position_embeddings": 12,
         "type_vocab_size": 1, "layer_norm_eps": 1e-5, "hidden_act": "gelu", "pad_token_id": 1, "bos_token_id": 0,
         "eos_token_id": 2}
    H, F, p = c["hidden_size"], c["intermediate_size"], "roberta."
    t = {p + "embeddings.word_embeddings.weight": f32(rng, (c["vocab_size"], H), 0.8),
         p + "embeddings.position_embeddings.weight": f32(rng, (c["max_position_embeddings"], H), 0.5),
         p + "embeddings.token_type_embeddings.weight": f32(rng, (1, H), 0.3)}
    for stem, shape in [("embeddings.LayerNorm", None)] + [
            (f"encoder.layer.{i}.{part}", shape) for i in range(c["num_hidden_layers"]) for part, shape in [
                ("attention.self.query", (H, H)), ("attention.self.key", (H, H)), ("attention.self.value", (H, H)),
                ("attention.output.dense", (H, H)), ("attention.output.LayerNorm", None),
                ("intermediate.dense", (F, H)), ("output.dense", (H, F)), ("output.LayerNorm", None)]]:
        if shape is None:
            t[p + stem + ".weight"] = (1 + f32(rng, (H,), 0.2)).astype(np.float32)
            t[p + stem + ".bias"] = f32(rng, (H,), 0.1)
        else:
            t[p + stem + ".weight"] = f32(rng, shape, 2.0 / np.sqrt(shape[1]))
            t[p + stem + ".bias"] = f32(rng, (shape[0],), 0.1)
    hf_folder("hf_roberta", c, t)
    ids = np.full((2, 6), c["pad_token_id"], dtype=np.int64)
    mask = np.zeros((2, 6), dtype=np.int64)
    for b, n in enumerate([6, 3]):
        ids[b, :n] = rng.integers(3, c["vocab_size"], n)
        ids[b, 0], ids[b, n - 1] = 0, 2  # <s> … </s>
        mask[b, :n] = 1
    hidden = ref.bert_forward({k: v.astype(np.float64) for k, v in t.items()}, c, ids, mask, np.zeros_like(ids), prefix=p)
    save("hf_roberta_input_ids.npy", ids)
    save("hf_roberta_attention_mask.npy", mask)
    save("hf_roberta_expected.npy", hidden.astype(np.float32))


def make_distilbert():
    rng = np.random.default_rng(92)
    c = {"model_type": "distilbert", "architectures": ["DistilBertForMaskedLM"], "vocab_size": 30, "dim": 12,
         "n_heads": 2, "n_layers": 2, "hidden_dim": 20, "max_position_embeddings": 10, "activation": "gelu",
         "sinusoidal_pos_embds": False, "pad_token_id": 0}
    H, F, p = c["dim"], c["hidden_dim"], "distilbert."
    t = {p + "embeddings.word_embeddings.weight": f32(rng, (c["vocab_size"], H), 0.8),
         p + "embeddings.position_embeddings.weight": f32(rng, (c["max_position_embeddings"], H), 0.5),
         "vocab_projector.bias": f32(rng, (c["vocab_size"],), 0.1)}  # a task head the import must ignore
    for stem, shape in [("embeddings.LayerNorm", None)] + [
            (f"transformer.layer.{i}.{part}", shape) for i in range(c["n_layers"]) for part, shape in [
                ("attention.q_lin", (H, H)), ("attention.k_lin", (H, H)), ("attention.v_lin", (H, H)),
                ("attention.out_lin", (H, H)), ("sa_layer_norm", None), ("ffn.lin1", (F, H)), ("ffn.lin2", (H, F)),
                ("output_layer_norm", None)]]:
        if shape is None:
            t[p + stem + ".weight"] = (1 + f32(rng, (H,), 0.2)).astype(np.float32)
            t[p + stem + ".bias"] = f32(rng, (H,), 0.1)
        else:
            t[p + stem + ".weight"] = f32(rng, shape, 2.0 / np.sqrt(shape[1]))
            t[p + stem + ".bias"] = f32(rng, (shape[0],), 0.1)
    hf_folder("hf_distilbert", c, t)
    ids = np.zeros((2, 5), dtype=np.int64)
    mask = np.zeros((2, 5), dtype=np.int64)
    for b, n in enumerate([5, 2]):
        ids[b, :n] = rng.integers(1, c["vocab_size"], n)
        mask[b, :n] = 1
    hidden = ref.distilbert_forward({k: v.astype(np.float64) for k, v in t.items()}, c, ids, mask, prefix=p)
    save("hf_distilbert_input_ids.npy", ids)
    save("hf_distilbert_attention_mask.npy", mask)
    save("hf_distilbert_expected.npy", hidden.astype(np.float32))


if __name__ == "__main__":
    make_mlp()
    make_bert()
    make_roberta()
    make_distilbert()
    for name in sorted(os.listdir(HERE)):
        if name.startswith(("tiny_", "hf_")) and not os.path.isdir(os.path.join(HERE, name)):
            print(f"{name}: {os.path.getsize(os.path.join(HERE, name))} bytes")
