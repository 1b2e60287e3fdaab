#!/usr/bin/env python3
"""Exports ResNet-18- and MobileNetV2-shaped CNNs to ONNX with torch and checks infer-plan's
outputs on them against ONNX Runtime's, so `compare.py --onnx` can time real image models, not
only the tiny test fixtures. Benchmark-only (torch, onnx and onnxruntime are never product
dependencies):

    pip install 'torch==2.13.0+cpu' onnx onnxruntime
    swift build -c release --product infer-plan
    python3 Benchmarks/onnx_resnet.py --out /tmp/onnx-cnn
    python3 Benchmarks/compare.py --onnx /tmp/onnx-cnn/resnet18.onnx,/tmp/onnx-cnn/mobilenetv2.onnx \
      --tool .build/release/infer-plan --threads 1,2 --onnx-batches 1,8 --repeat 2 --forward-runs 50

The modules are written here (no torchvision), with the layer sizes of the published networks:

  resnet18     He et al. 2016, table 1: a 7×7/2 stem with 64 channels, 3×3/2 max pool, four stages
               of two basic blocks (64, 128, 256, 512 channels; 1×1/2 projection shortcuts),
               global average pool, 1000 classes (11.7 M parameters, about 47 MB).
  mobilenetv2  Sandler et al. 2018, table 2: a 3×3/2 stem with 32 channels, 17 inverted
               residual blocks (expansion 6, depthwise 3×3, ReLU6), a 1×1 conv to 1280, global
               average pool, 1000 classes (3.5 M parameters, about 14 MB).

Random weights (seeded), batch norms with random statistics (so that folding them is exercised),
eval mode, exported by the TorchScript exporter at opset 17 with a dynamic batch axis and a fixed
3×224×224 image (the exporter folds each batch norm into the conv before it).
The files are written where --out says (not committed).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnxruntime as ort
import torch
from torch import nn


def conv_bn(inputs, outputs, kernel, stride, groups=1, activation=nn.ReLU):
    layers = [nn.Conv2d(inputs, outputs, kernel, stride, kernel // 2, groups=groups, bias=False), nn.BatchNorm2d(outputs)]
    if activation is not None:
        layers.append(activation(inplace=True))
    return nn.Sequential(*layers)


class BasicBlock(nn.Module):
    def __init__(self, inputs, outputs, stride):
        super().__init__()
        self.body = nn.Sequential(conv_bn(inputs, outputs, 3, stride), conv_bn(outputs, outputs, 3, 1, activation=None))
        self.shortcut = (conv_bn(inputs, outputs, 1, stride, activation=None)
                         if stride != 1 or inputs != outputs else nn.Identity())
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.relu(self.body(x) + self.shortcut(x))


class ResNet18(nn.Module):
    def __init__(self, classes=1000):
        super().__init__()
        layers = [conv_bn(3, 64, 7, 2), nn.MaxPool2d(3, 2, 1)]
        channels = 64
        for width, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            layers += [BasicBlock(channels, width, stride), BasicBlock(width, width, 1)]
            channels = width
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(512, classes)

    def forward(self, x):
        return self.classifier(torch.flatten(self.pool(self.features(x)), 1))


class InvertedResidual(nn.Module):
    def __init__(self, inputs, outputs, stride, expansion):
        super().__init__()
        hidden = inputs * expansion
        layers = [] if expansion == 1 else [conv_bn(inputs, hidden, 1, 1, activation=nn.ReLU6)]
        layers += [conv_bn(hidden, hidden, 3, stride, groups=hidden, activation=nn.ReLU6),
                   conv_bn(hidden, outputs, 1, 1, activation=None)]
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and inputs == outputs

    def forward(self, x):
        return x + self.body(x) if self.residual else self.body(x)


class MobileNetV2(nn.Module):
    def __init__(self, classes=1000):
        super().__init__()
        layers = [conv_bn(3, 32, 3, 2, activation=nn.ReLU6)]
        channels = 32
        # (expansion, outputs, repeats, first stride): Sandler et al., table 2
        for expansion, width, repeats, stride in ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
                                                  (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)):
            for index in range(repeats):
                layers.append(InvertedResidual(channels, width, stride if index == 0 else 1, expansion))
                channels = width
        layers.append(conv_bn(channels, 1280, 1, 1, activation=nn.ReLU6))
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(1280, classes)

    def forward(self, x):
        return self.classifier(torch.flatten(self.pool(self.features(x)), 1))


def models():
    """(name, model) for each benchmark model, weights and batch-norm statistics seeded."""
    torch.manual_seed(23)
    made = [("resnet18", ResNet18()), ("mobilenetv2", MobileNetV2())]
    for _, model in made:
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):  # statistics a trained network could have
                with torch.no_grad():
                    module.running_mean.uniform_(-0.1, 0.1)
                    module.running_var.uniform_(0.5, 1.5)
                    module.weight.uniform_(0.5, 1.0)
                    module.bias.uniform_(-0.1, 0.1)
        model.eval()
    return made


def export(model, path, size):
    example = torch.randn(2, 3, size, size)
    with torch.no_grad():
        torch.onnx.export(model, (example,), path, dynamo=False, opset_version=17, input_names=["image"],
                          output_names=["logits"], dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
                          do_constant_folding=True)


def check_against_ort(tool, path, batch, size):
    """Largest |ours − ORT| / max |ORT| over the logits of `batch` random images."""
    image = np.random.default_rng(5).uniform(-1, 1, (batch, 3, size, size)).astype(np.float32)
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    expected = session.run(None, {"image": image})[0]
    with tempfile.TemporaryDirectory(prefix="infer-plan-cnn-") as folder:
        source, result = os.path.join(folder, "image.npy"), os.path.join(folder, "logits.npy")
        np.save(source, image)
        subprocess.run([tool, "model", "run", path, "--input", f"image={source}", "--output", f"logits={result}",
                        "--quiet"], check=True)
        ours = np.load(result)
    if ours.shape != expected.shape:
        raise SystemExit(f"{path}: logits have shape {ours.shape}, ONNX Runtime's {expected.shape}")
    return float(np.max(np.abs(ours - expected)) / np.max(np.abs(expected)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder for the .onnx files (large; not committed)")
    parser.add_argument("--tool", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                                       ".build", "release", "infer-plan"),
                        help="infer-plan binary for the output check (default: the release build)")
    parser.add_argument("--models", default="resnet18,mobilenetv2", help="which models (default: both)")
    parser.add_argument("--size", type=int, default=224, help="image height and width (default 224)")
    parser.add_argument("--check-batch", type=int, default=2, help="images in the output check (default 2)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    wanted = set(args.models.split(","))
    report = {}
    for name, model in models():
        if name not in wanted:
            continue
        path = os.path.join(args.out, name + ".onnx")
        export(model, path, args.size)
        worst = check_against_ort(args.tool, path, args.check_batch, args.size)
        report[name] = {"path": path, "bytes": os.path.getsize(path), "max_scaled_difference": worst}
        print(f"{name}: {os.path.getsize(path) / 1e6:.0f} MB, largest |ours - ORT| / max|ORT| = {worst:.2e}",
              file=sys.stderr)
        if not worst <= 1e-4:
            raise SystemExit(f"{name}: logits differ from ONNX Runtime by {worst:.2e} (scaled), over 1e-4")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
