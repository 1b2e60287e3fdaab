#!/usr/bin/env python3
"""Exports realistically sized text models to ONNX with torch and checks infer-plan's outputs on
them against ONNX Runtime's, so `compare.py --onnx` can time real sizes, not only the tiny test
fixtures. Benchmark-only (torch, onnx and onnxruntime are never product dependencies):

    pip install 'torch==2.13.0+cpu' onnx onnxruntime
    swift build -c release --product infer-plan
    python3 Benchmarks/onnx_text_models.py --out /tmp/onnx-text
    python3 Benchmarks/compare.py --onnx /tmp/onnx-text/minilm-l6.onnx,/tmp/onnx-text/gpt2-6l.onnx \
      --tool .build/release/infer-plan --threads 1,2 --onnx-batches 1,8 --onnx-seq-len 128

The models reuse the layer definitions of the test fixtures' script
(Tests/ModelGraphTests/Fixtures/onnx/make_onnx_fixtures.py) at published sizes, random weights
(seeded), exported by the TorchScript exporter at opset 17 with dynamic batch and sequence axes:

  minilm-l6   the shape of sentence-transformers/all-MiniLM-L6-v2 (BertConfig in its
              config.json: vocabulary 30522, hidden 384, 12 heads, intermediate 1536, 6 layers,
              512 positions), outputs last_hidden_state and the mean-pooled sentence_embedding
              (about 90 MB).
  gpt2-6l     the shape of distilgpt2 (GPT2Config: vocabulary 50257, hidden 768, 12 heads,
              6 layers, 1024 positions, tied output projection), outputs logits (about 480 MB: the
              exporter stores the tied projection a second time, transposed).

The files are large, so they are written where --out says (not committed).
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnxruntime as ort
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "ModelGraphTests", "Fixtures", "onnx", "make_onnx_fixtures.py")


def fixture_module():
    spec = importlib.util.spec_from_file_location("make_onnx_fixtures", FIXTURES)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def models(fixtures):
    """(name, model, example inputs, output names, dynamic axes) for each benchmark model."""
    torch.manual_seed(17)
    text_axes = {0: "batch", 1: "sequence"}
    ids = torch.randint(0, 1000, (2, 16))
    mask = torch.ones(2, 16, dtype=torch.int64)
    mask[1, 11:] = 0
    encoder = fixtures.Encoder(vocabulary=30522, hidden=384, heads=12, ffn=1536, layers=6, positions=512)
    decoder = fixtures.Decoder(vocabulary=50257, hidden=768, heads=12, layers=6, positions=1024)
    for model in (encoder, decoder):
        model.eval()
        with torch.no_grad():  # BERT/GPT-2's initializer scale, so activations stay realistic
            for parameter in model.parameters():
                if parameter.dim() > 1:
                    parameter.normal_(0.0, 0.02)
    return [
        ("minilm-l6", encoder, {"input_ids": ids, "attention_mask": mask}, ["last_hidden_state", "sentence_embedding"],
         {"input_ids": text_axes, "attention_mask": text_axes, "last_hidden_state": text_axes,
          "sentence_embedding": {0: "batch"}}),
        ("gpt2-6l", decoder, {"input_ids": ids}, ["logits"], {"input_ids": text_axes, "logits": text_axes}),
    ]


def export(model, inputs, outputs, axes, path):
    with torch.no_grad():
        torch.onnx.export(model, tuple(inputs.values()), path, dynamo=False, opset_version=17,
                          input_names=list(inputs), output_names=outputs, dynamic_axes=axes,
                          do_constant_folding=True)


def check_against_ort(tool, path, inputs, batch, sequence):
    """Largest |ours − ORT| / (1 + max |ORT|) over the outputs, at batch × sequence tokens."""
    rng = np.random.default_rng(3)
    feeds = {}
    for name in inputs:
        if name == "attention_mask":
            mask = np.ones((batch, sequence), dtype=np.int64)
            mask[-1, sequence * 2 // 3:] = 0  # the last sample padded
            feeds[name] = mask
        else:
            feeds[name] = rng.integers(0, 1000, (batch, sequence)).astype(np.int64)
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    expected = dict(zip([o.name for o in session.get_outputs()], session.run(None, feeds)))
    with tempfile.TemporaryDirectory(prefix="infer-plan-text-") as folder:
        arguments = [tool, "model", "run", path, "--output-dir", folder, "--quiet"]
        for name, array in feeds.items():
            np.save(os.path.join(folder, f"in.{name}.npy"), array)
            arguments += ["--input", f"{name}={os.path.join(folder, f'in.{name}.npy')}"]
        subprocess.run(arguments, check=True)
        worst = 0.0
        for name, reference in expected.items():
            ours = np.load(os.path.join(folder, f"{name}.npy"))
            if ours.shape != reference.shape:
                raise SystemExit(f"{path}: output {name} has shape {ours.shape}, ONNX Runtime's {reference.shape}")
            worst = max(worst, float(np.max(np.abs(ours - reference)) / (1.0 + np.max(np.abs(reference)))))
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder for the .onnx files (large; not committed)")
    parser.add_argument("--tool", default=os.path.join(ROOT, ".build", "release", "infer-plan"),
                        help="infer-plan binary for the output check (default: the release build)")
    parser.add_argument("--models", default="minilm-l6,gpt2-6l", help="which models (default: both)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    wanted = set(args.models.split(","))
    report = {}
    for name, model, inputs, outputs, axes in models(fixture_module()):
        if name not in wanted:
            continue
        path = os.path.join(args.out, name + ".onnx")
        export(model, inputs, outputs, axes, path)
        worst = check_against_ort(args.tool, path, inputs, batch=3, sequence=40)
        report[name] = {"path": path, "bytes": os.path.getsize(path), "max_scaled_difference": worst}
        print(f"{name}: {os.path.getsize(path) / 1e6:.0f} MB, largest |ours - ORT| / (1 + max|ORT|) = {worst:.2e}",
              file=sys.stderr)
        if not worst <= 1e-4:
            raise SystemExit(f"{name}: outputs differ from ONNX Runtime by {worst:.2e} (scaled), over 1e-4")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
