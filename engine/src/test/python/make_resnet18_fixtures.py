#!/usr/bin/python3
"""Reference fixtures for qforge's ResNet18 tests, made with Debian's python3-torch and
python3-torchvision (apt-get install python3-torch python3-torchvision).

    /usr/bin/python3 engine/src/test/python/make_resnet18_fixtures.py engine/src/test/resources/torchvision

Weights and inputs come from a formula that qforge's tests compute too (FormulaWeights.java), so
no trained weights are committed. Every formula value is a small dyadic fraction, exact in
float32, float16 and bfloat16, and periodic, so the full-size files below gzip to a few hundred
kilobytes.

Writes:
  logits_<H>x<W>_b<N>.bin     torchvision's logits (float32, little-endian) for the formula
                              inputs at 224x224 and 32x32, batch 1 and 8
  resnet18_formula_<dtype>.safetensors.gz
                              the state_dict in the safetensors format (F32, F16, BF16), written
                              here from the format's specification (Debian has no safetensors
                              package): 8-byte little-endian header length, JSON header, data
  resnet18_formula.onnx.gz    torch.onnx.export of the model, opset 13, batch axis dynamic
  manifest.json               what was written, with the torch and torchvision versions
"""
import gzip
import io
import json
import math
import pathlib
import struct
import sys

import torch
import torchvision


def name_key(name):
    """A parameter's phase in the formula: the sum of its name's bytes, modulo 17."""
    return sum(name.encode()) % 17


def formula(name, shape):
    """The formula value of every element of parameter `name`, by flat index i."""
    n = math.prod(shape)
    i = torch.arange(n, dtype=torch.int64)
    k = name_key(name)
    if len(shape) >= 2:
        # Weights: 17 levels in [-1, 1], scaled by 2^-e with 2^e about sqrt(fan_in).
        fan_in = math.prod(shape[1:])
        e = (fan_in.bit_length() - 1) // 2
        m = (i * 7 + k * 3) % 17 - 8
        v = m.double() / 8 * 2.0 ** -e
    else:
        m = (i * 5 + k) % 9 - 4
        suffix = name.rsplit(".", 1)[1]
        if suffix == "weight":
            v = 1 + m.double() / 64
        elif suffix == "bias":
            v = m.double() / 32
        elif suffix == "running_mean":
            v = m.double() / 16
        elif suffix == "running_var":
            v = 1 + m.abs().double() / 8
        else:
            raise ValueError(name)
    return v.float().reshape(shape)


def formula_input(shape):
    """Input pixels by flat index j: 23 levels in [-1.375, 1.375]."""
    j = torch.arange(math.prod(shape), dtype=torch.int64)
    return (((j * 11 + 3) % 23 - 11).double() / 8).float().reshape(shape)


def model_with(arch, values, num_classes=1000):
    """torchvision's `arch` in eval mode, every parameter and buffer set to values(name, shape)."""
    model = getattr(torchvision.models, arch)(weights=None, num_classes=num_classes)
    state = model.state_dict()
    for name, t in state.items():
        if not name.endswith("num_batches_tracked"):
            state[name] = values(name, tuple(t.shape))
    model.load_state_dict(state)
    return model.eval()


def formula_model(arch="resnet18", num_classes=1000):
    return model_with(arch, formula, num_classes)


SAFETENSORS_DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64"}


def safetensors_bytes(tensors):
    """The safetensors encoding of a name -> tensor dict."""
    header, chunks, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        raw = t.view(torch.int16).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[name] = {"dtype": SAFETENSORS_DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def write_gz(path, data):
    with gzip.GzipFile(filename=path.name[:-3], mode="wb", fileobj=open(path, "wb"), mtime=0) as f:
        f.write(data)


def main(out):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    model = formula_model()
    written = []
    with torch.no_grad():
        for size in (224, 32):
            for batch in (1, 8):
                logits = model(formula_input((batch, 3, size, size)))
                name = f"logits_{size}x{size}_b{batch}.bin"
                (out / name).write_bytes(logits.numpy().astype("<f4").tobytes())
                written.append(name)
    state = model.state_dict()
    for dtype, suffix in ((torch.float32, "f32"), (torch.float16, "f16"), (torch.bfloat16, "bf16")):
        tensors = {n: (t if n.endswith("num_batches_tracked") else t.to(dtype)) for n, t in state.items()}
        name = f"resnet18_formula_{suffix}.safetensors.gz"
        write_gz(out / name, safetensors_bytes(tensors))
        written.append(name)
    onnx = io.BytesIO()
    torch.onnx.export(model, formula_input((1, 3, 224, 224)), onnx, opset_version=13,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    write_gz(out / "resnet18_formula.onnx.gz", onnx.getvalue())
    written.append("resnet18_formula.onnx.gz")
    manifest = {"torch": torch.__version__, "torchvision": torchvision.__version__, "files": written,
                "script": "engine/src/test/python/make_resnet18_fixtures.py"}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "engine/src/test/resources/torchvision")
