#!/usr/bin/python3
"""Reference logits of torchvision's other classification families for qforge's tests, made with
Debian's python3-torch and python3-torchvision:

    /usr/bin/python3 engine/src/test/python/make_family_fixtures.py engine/src/test/resources/torchvision-families

Weights come from a hash that HashedWeights.java computes too, so only logits are committed; inputs
are the formula inputs of make_resnet18_fixtures.py. Not ResNet18's periodic formula weights: deep
networks amplify their correlations until the logits depend on rounding (ResNet152's change by more
than their size when the input changes by 1e-15), while hashed weights, He-scaled, with batch
norms at the identity, keep float32 and float64 within about 1e-6 of each other.

Each value of parameter `name` at flat index i: u = the top 53 bits of splitmix64(fnv1a64(name) +
i), as a fraction in [0, 1); a weight (2 dimensions or more) is (2u - 1) 2^(1 - e), with 2^e about
sqrt(fan_in); a bias is (2u - 1) / 32; a batch norm's weight, running mean and running variance are
1, 0 and 1.

Writes:
  <arch>_<H>x<W>_b<N>.bin   torchvision's logits (float32, little-endian), 10 classes
  manifest.json             what was written, with the torch and torchvision versions
"""
import json
import math
import pathlib
import sys

import numpy as np
import torch
import torchvision

from make_resnet18_fixtures import formula_input, model_with

# Every family at 32x32, and the two with odd layouts at 224x224 too, where SqueezeNet's
# ceil-mode pools round up and MobileNetV2's depthwise maps are large.
CASES = [("resnet34", 32, 2), ("resnet50", 32, 2), ("resnet101", 32, 2), ("resnet152", 32, 2), ("mobilenet_v2", 32, 2),
         ("mobilenet_v2", 224, 1), ("squeezenet1_1", 32, 2), ("squeezenet1_1", 224, 1)]

U64 = np.uint64


def fnv1a64(name):
    h = 0xcbf29ce484222325
    for b in name.encode():
        h = ((h ^ b) * 0x100000001b3) & ((1 << 64) - 1)
    return h


def splitmix64(x):
    with np.errstate(over="ignore"):
        x = x + U64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> U64(30))) * U64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> U64(27))) * U64(0x94D049BB133111EB)
        return x ^ (x >> U64(31))


def hashed(name, shape):
    n = math.prod(shape)
    with np.errstate(over="ignore"):
        u = (splitmix64(U64(fnv1a64(name)) + np.arange(n, dtype=np.uint64)) >> U64(11)).astype(np.float64) * 2.0 ** -53
    if len(shape) >= 2:
        e = (math.prod(shape[1:]).bit_length() - 1) // 2
        v = (2 * u - 1) * 2.0 ** (1 - e)
    else:
        suffix = name.rsplit(".", 1)[1]
        v = {"weight": np.ones(n), "bias": (2 * u - 1) / 32, "running_mean": np.zeros(n), "running_var": np.ones(n)}[suffix]
    return torch.from_numpy(v).float().reshape(shape)


def main(out):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with torch.no_grad():
        for arch, size, batch in CASES:
            logits = model_with(arch, hashed, 10)(formula_input((batch, 3, size, size)))
            name = f"{arch}_{size}x{size}_b{batch}.bin"
            (out / name).write_bytes(logits.numpy().astype("<f4").tobytes())
            written.append(name)
            print(name, "max |logit|", float(logits.abs().max()))
    manifest = {"torch": torch.__version__, "torchvision": torchvision.__version__, "files": written,
                "script": "engine/src/test/python/make_family_fixtures.py"}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "engine/src/test/resources/torchvision-families")
