#!/usr/bin/python3
"""ONNX files exported by PyTorch, for the onnx backbone's tests, made with Debian's python3-torch
and python3-torchvision:

    /usr/bin/python3 plugins/onnx/src/test/python/make_onnx_fixtures.py plugins/onnx/src/test/resources/onnx

The torchvision models get the formula weights of engine/src/test/python/make_resnet18_fixtures.py:
their exports gzip to tens of kilobytes, and their float32 logits are insensitive to rounding
(float32 and float64 agree to about 1e-6). The hand-written network is small and seeded.

Writes, each with torch's logits for the formula input (batch 2) as <name>.logits.bin (float32,
little-endian), and torch.onnx.export's defaults but opset 13 and a dynamic batch axis unless said:
  mobilenet_v2.onnx.gz      torchvision mobilenet_v2, 10 classes, 32x32: BN folded into the convs
                            by the exporter, depthwise convs, Clip for ReLU6
  mobilenet_v2_bn.onnx.gz   the same exported with its BatchNormalization nodes kept
                            (training=PRESERVE on the eval-mode model), under torchvision's names
  squeezenet1_1.onnx.gz     torchvision squeezenet1_1, 10 classes, 64x64: concat, ceil-mode pools,
                            a 1x1 conv head
  handmade.onnx.gz          a hand-written CNN with what exporters emit beyond torchvision's:
                            x.view(x.size(0), -1) (Shape, Gather, Unsqueeze, Concat, Reshape), a mean
                            over H and W (ReduceMean), matmul plus a bias (MatMul, Add), LeakyRelu,
                            a grouped and a dilated conv, average pooling without the padding,
                            a BatchNorm after a concat (not foldable), Dropout
  handmade_opset17.onnx.gz  the same at opset 17, the newest torch 1.13 writes (the tests make an
                            opset 18 copy, where ReduceMean takes its axes as an input)
  unsupported.onnx.gz       a small CNN with ops qforge does not read (Sigmoid, Mul of two
                            tensors, a final Softmax)
  opset9.onnx.gz            a small CNN exported at opset 9
  manifest.json             what was written, with the torch and torchvision versions
"""
import gzip
import json
import pathlib
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[5] / "engine/src/test/python"))
from make_resnet18_fixtures import formula_input, formula_model  # noqa: E402


class Handmade(nn.Module):
    """Layers in the styles exporters turn into the ops qforge reads beyond torchvision's."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, padding=1, bias=False)
        self.stem_bn = nn.BatchNorm2d(16)
        self.grouped = nn.Conv2d(16, 16, 3, padding=1, groups=2)
        self.dilated = nn.Conv2d(16, 16, 3, padding=2, dilation=2)
        self.mixed_bn = nn.BatchNorm2d(32)
        self.pool = nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)
        self.squeeze = nn.Conv2d(32, 24, 1)
        self.drop = nn.Dropout(0.3)
        self.weight = nn.Parameter(torch.randn(24, 10) * 0.2)
        self.bias = nn.Parameter(torch.randn(10) * 0.1)

    def forward(self, x):
        x = F.relu(self.stem_bn(self.stem(x)))
        x = F.max_pool2d(x, 3, stride=2, ceil_mode=True)
        a = F.leaky_relu(self.grouped(x), 0.1)
        b = F.hardtanh(self.dilated(x), 0.0, 6.0)
        x = self.mixed_bn(torch.cat([a, b], 1))
        x = F.relu(self.squeeze(self.pool(x)))
        x = x.mean((2, 3), keepdim=True)
        x = self.drop(x.view(x.size(0), -1))
        return torch.matmul(x, self.weight) + self.bias


class Unsupported(nn.Module):
    """Ops qforge does not read: a sigmoid gate (Sigmoid, Mul of two tensors) and a final Softmax."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        x = self.conv(x)
        x = x * torch.sigmoid(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return torch.softmax(self.fc(x), 1)


class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        return self.fc(F.adaptive_avg_pool2d(F.relu(self.conv(x)), 1).flatten(1))


def seeded(module):
    torch.manual_seed(0)
    model = module()
    with torch.no_grad():
        for name, buffer in model.named_buffers():
            if name.endswith("running_mean"):
                buffer.copy_(torch.randn(buffer.shape) * 0.1)
            elif name.endswith("running_var"):
                buffer.copy_(torch.rand(buffer.shape) + 0.5)
    return model.eval()


def export(model, size, out, name, opset=13, **options):
    x = formula_input((2, 3, size, size))
    path = out / f"{name}.onnx.gz"
    tmp = out / f"{name}.onnx"
    torch.onnx.export(model, x[:1], str(tmp), opset_version=opset, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, **options)
    with gzip.GzipFile(filename=tmp.name, mode="wb", fileobj=open(path, "wb"), mtime=0) as f:
        f.write(tmp.read_bytes())
    tmp.unlink()
    with torch.no_grad():
        logits = model(x)
    (out / f"{name}.logits.bin").write_bytes(logits.numpy().astype("<f4").tobytes())
    print(name, path.stat().st_size, "bytes gzipped, max |logit|", float(logits.abs().max()))
    return [path.name, f"{name}.logits.bin"]


def main(out):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    written += export(formula_model("mobilenet_v2", 10), 32, out, "mobilenet_v2")
    written += export(formula_model("mobilenet_v2", 10), 32, out, "mobilenet_v2_bn", training=torch.onnx.TrainingMode.PRESERVE,
                      do_constant_folding=False)
    written += export(formula_model("squeezenet1_1", 10), 64, out, "squeezenet1_1")
    written += export(seeded(Handmade), 32, out, "handmade")
    written += export(seeded(Handmade), 32, out, "handmade_opset17", opset=17)
    written += export(seeded(Unsupported), 16, out, "unsupported")
    written += export(seeded(Small), 16, out, "opset9", opset=9)
    manifest = {"torch": torch.__version__, "torchvision": torchvision.__version__, "files": written,
                "script": "plugins/onnx/src/test/python/make_onnx_fixtures.py"}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "plugins/onnx/src/test/resources/onnx")
