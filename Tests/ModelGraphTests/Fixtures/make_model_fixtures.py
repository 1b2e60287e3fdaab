#!/usr/bin/env python3
"""Makes the tiny Hugging Face model folders and .npy files ModelGraphTests read.

Needs only numpy. Run from anywhere:  python3 Tests/ModelGraphTests/Fixtures/make_model_fixtures.py

hf-bert/        model_type bert, tensors with the "bert." prefix of BertForMaskedLM checkpoints,
                plus a pooler and an int64 position_ids buffer (both must be ignored).
hf-roberta/     model_type roberta, "roberta." prefix, pad_token_id 1 so positions start at 2,
                max_position_embeddings 18 (16 usable), type_vocab_size 1, plus lm_head tensors.
hf-distilbert/  model_type distilbert, no prefix, weights stored as F16 (converted on load),
                activation "gelu", no token type table.
expected.json   per folder: a few tensors' first values (as float64) to check the import against.
npy/            .npy arrays written by numpy itself (the reader is tested against numpy's writer).

Tensor names follow transformers' modeling_bert.py / modeling_roberta.py / modeling_distilbert.py.
"""
import json
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
HIDDEN, FFN, VOCAB, LAYERS = 8, 16, 20, 2


def write_safetensors(path, tensors, metadata):
    """Writes a safetensors file: u64 LE header length, JSON header, contiguous data."""
    header = {"__metadata__": metadata}
    blobs, offset = [], 0
    for name, array in tensors:
        dtype = {np.float32: "F32", np.float16: "F16", np.int64: "I64"}[array.dtype.type]
        data = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def linear(rng, stem, out_features, in_features, dtype):
    return [(stem + ".weight", rng.uniform(-0.5, 0.5, (out_features, in_features)).astype(dtype)),
            (stem + ".bias", rng.uniform(-0.1, 0.1, (out_features,)).astype(dtype))]


def norm(rng, stem, dtype):
    return [(stem + ".weight", (1 + rng.uniform(-0.1, 0.1, (HIDDEN,))).astype(dtype)),
            (stem + ".bias", rng.uniform(-0.1, 0.1, (HIDDEN,)).astype(dtype))]


def bert_like(rng, prefix, positions, types, dtype=np.float32):
    p = prefix
    tensors = [(p + "embeddings.word_embeddings.weight", rng.uniform(-1, 1, (VOCAB, HIDDEN)).astype(dtype)),
               (p + "embeddings.position_embeddings.weight", rng.uniform(-1, 1, (positions, HIDDEN)).astype(dtype)),
               (p + "embeddings.token_type_embeddings.weight", rng.uniform(-1, 1, (types, HIDDEN)).astype(dtype))]
    tensors += norm(rng, p + "embeddings.LayerNorm", dtype)
    for i in range(LAYERS):
        s = f"{p}encoder.layer.{i}."
        for part in ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"):
            tensors += linear(rng, s + part, HIDDEN, HIDDEN, dtype)
        tensors += norm(rng, s + "attention.output.LayerNorm", dtype)
        tensors += linear(rng, s + "intermediate.dense", FFN, HIDDEN, dtype)
        tensors += linear(rng, s + "output.dense", HIDDEN, FFN, dtype)
        tensors += norm(rng, s + "output.LayerNorm", dtype)
    return tensors


def distilbert(rng, dtype):
    tensors = [("embeddings.word_embeddings.weight", rng.uniform(-1, 1, (VOCAB, HIDDEN)).astype(dtype)),
               ("embeddings.position_embeddings.weight", rng.uniform(-1, 1, (16, HIDDEN)).astype(dtype))]
    tensors += norm(rng, "embeddings.LayerNorm", dtype)
    for i in range(LAYERS):
        s = f"transformer.layer.{i}."
        for part in ("attention.q_lin", "attention.k_lin", "attention.v_lin", "attention.out_lin"):
            tensors += linear(rng, s + part, HIDDEN, HIDDEN, dtype)
        tensors += norm(rng, s + "sa_layer_norm", dtype)
        tensors += linear(rng, s + "ffn.lin1", FFN, HIDDEN, dtype)
        tensors += linear(rng, s + "ffn.lin2", HIDDEN, FFN, dtype)
        tensors += norm(rng, s + "output_layer_norm", dtype)
    return tensors


def save_folder(name, config, tensors, checked):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    write_safetensors(os.path.join(folder, "model.safetensors"), tensors, {"format": "pt"})
    by_name = dict(tensors)
    return {n: [float(v) for v in by_name[n].astype(np.float64).ravel()[:6]] for n in checked}


def main():
    rng = np.random.default_rng(20261126)
    expected = {}
    bert = bert_like(rng, "bert.", 16, 2)
    bert += linear(rng, "bert.pooler.dense", HIDDEN, HIDDEN, np.float32)
    bert.insert(0, ("bert.embeddings.position_ids", np.arange(16, dtype=np.int64).reshape(1, 16)))
    expected["hf-bert"] = save_folder("hf-bert", {
        "model_type": "bert", "architectures": ["BertForMaskedLM"], "hidden_size": HIDDEN,
        "num_hidden_layers": LAYERS, "num_attention_heads": 2, "intermediate_size": FFN,
        "hidden_act": "gelu", "vocab_size": VOCAB, "max_position_embeddings": 16, "type_vocab_size": 2,
        "layer_norm_eps": 1e-12, "pad_token_id": 0, "position_embedding_type": "absolute"},
        bert, ["bert.encoder.layer.1.attention.self.key.weight", "bert.embeddings.LayerNorm.weight"])

    roberta = bert_like(rng, "roberta.", 18, 1)
    roberta += linear(rng, "lm_head.dense", HIDDEN, HIDDEN, np.float32)
    expected["hf-roberta"] = save_folder("hf-roberta", {
        "model_type": "roberta", "architectures": ["RobertaForMaskedLM"], "hidden_size": HIDDEN,
        "num_hidden_layers": LAYERS, "num_attention_heads": 4, "intermediate_size": FFN,
        "hidden_act": "gelu_new", "vocab_size": VOCAB, "max_position_embeddings": 18, "type_vocab_size": 1,
        "layer_norm_eps": 1e-05, "pad_token_id": 1, "bos_token_id": 0, "eos_token_id": 2},
        roberta, ["roberta.embeddings.position_embeddings.weight", "roberta.encoder.layer.0.output.dense.bias"])

    expected["hf-distilbert"] = save_folder("hf-distilbert", {
        "model_type": "distilbert", "architectures": ["DistilBertModel"], "dim": HIDDEN, "n_layers": LAYERS,
        "n_heads": 2, "hidden_dim": FFN, "activation": "gelu", "vocab_size": VOCAB,
        "max_position_embeddings": 16, "sinusoidal_pos_embds": False, "pad_token_id": 0},
        distilbert(rng, np.float16), ["transformer.layer.1.ffn.lin1.weight", "embeddings.word_embeddings.weight"])

    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)

    npy = os.path.join(HERE, "npy")
    os.makedirs(npy, exist_ok=True)
    np.save(os.path.join(npy, "float32_2x3.npy"), np.array([[1.5, -2, 0.25], [3, 1e-8, -0.0]], dtype=np.float32))
    np.save(os.path.join(npy, "int32_ids.npy"), np.array([[101, 2054, 102, 0]], dtype=np.int32))
    np.save(os.path.join(npy, "int64_ids.npy"), np.array([[101, 7592], [102, 0]], dtype=np.int64))
    np.save(os.path.join(npy, "int64_too_big.npy"), np.array([1, 2**40], dtype=np.int64))
    np.save(os.path.join(npy, "float64.npy"), np.array([1.0, 2.0], dtype=np.float64))
    np.save(os.path.join(npy, "fortran.npy"), np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
    np.save(os.path.join(npy, "big_endian.npy"), np.array([1, 2], dtype=">f4"))
    np.save(os.path.join(npy, "scalar.npy"), np.array(7.0, dtype=np.float32))
    np.save(os.path.join(npy, "empty_0x4.npy"), np.zeros((0, 4), dtype=np.float32))


if __name__ == "__main__":
    main()
