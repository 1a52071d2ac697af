"""The peer of bench/calibrate: PyTorch's own post-training quantization (torch.ao, FX graph mode)
on qforge's trained transfer model, with Debian's python3-torch and python3-torchvision.

    /usr/bin/python3 bench/calibrate/torch_ao_ptq.py CHECKPOINT CALIBRATION_BATCHES BATCH_SIZE THREADS

Loads qforge's checkpoint (torchvision's names) into torchvision's resnet18, preprocesses
Fashion-MNIST classes 5-9 as examples/fmnist-transfer.json does (zero-pad 28x28 to 32x32, grey
to RGB, mean 0.286, std 0.353), and prints one JSON line per qconfig: float forward and
calibration time per image over the same calibration images, the ratio, and float and int8
top-1 on the 5,000 test images of those classes.
"""
import gzip
import json
import struct
import sys
import time

import numpy as np
import torch
import torchvision
from torch.ao.quantization import QConfigMapping, get_default_qconfig_mapping
from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

DATA = "/usr/share/datasets/fashion-mnist"
CLASSES = [5, 6, 7, 8, 9]
MEAN, STD = 0.286, 0.353


def read_safetensors(path):
    """A safetensors file's F32 tensors (the format: u64 header length, JSON header, raw data)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{name}: {info['dtype']}, expected F32")
        start, end = info["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[start:end], dtype="<f4").copy()).reshape(info["shape"])
    return tensors


def idx(name):
    with gzip.open(f"{DATA}/{name}", "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def split(prefix):
    images, labels = idx(f"{prefix}-images-idx3-ubyte.gz"), idx(f"{prefix}-labels-idx1-ubyte.gz")
    keep = np.isin(labels, CLASSES)
    x = torch.from_numpy(images[keep].astype(np.float32))
    x = torch.nn.functional.pad(x, (2, 2, 2, 2))
    x = ((x / 255.0 - MEAN) / STD).unsqueeze(1).repeat(1, 3, 1, 1)
    y = torch.from_numpy(np.searchsorted(CLASSES, labels[keep]).astype(np.int64))
    return x, y


def top1(model, x, y, batch=256):
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return correct / len(x)


def main():
    checkpoint, batches, batch_size, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    torch.set_flush_denormal(True)  # without it, this model's tiny values make every forward ~10x slower
    torch.manual_seed(0)
    model = torchvision.models.resnet18(num_classes=len(CLASSES))
    state = read_safetensors(checkpoint)
    state.update({k: v for k, v in model.state_dict().items() if k.endswith("num_batches_tracked")})
    model.load_state_dict(state)
    model.eval()
    train_x, _ = split("train")
    test_x, test_y = split("t10k")
    calibration = train_x[torch.randperm(len(train_x))[:batches * batch_size]]
    chunks = list(calibration.split(batch_size))
    float_top1 = top1(model, test_x, test_y)
    example = (chunks[0],)
    for name, mapping in [("torch.ao fbgemm default (per-channel weights, histogram activations)", get_default_qconfig_mapping("fbgemm")),
                          ("torch.ao per-tensor minmax", QConfigMapping().set_global(torch.ao.quantization.default_qconfig))]:
        with torch.no_grad():
            for c in chunks[:2]:
                model(c)  # warm up
            start = time.perf_counter()
            for c in chunks:
                model(c)
            forward = (time.perf_counter() - start) / len(calibration)
            prepared = prepare_fx(model, mapping, example)
            start = time.perf_counter()
            for c in chunks:
                prepared(c)
            calibrate = (time.perf_counter() - start) / len(calibration)
            quantized = convert_fx(prepared)
        q_top1 = top1(quantized, test_x, test_y)
        print(json.dumps({"config": name, "images": len(calibration), "forward_ms_per_image": round(1e3 * forward, 3),
                          "calibration_ms_per_image": round(1e3 * calibrate, 3), "ratio_to_forward": round(calibrate / forward, 2),
                          "float_top1": round(100 * float_top1, 2), "int8_top1": round(100 * q_top1, 2),
                          "drop": round(100 * (float_top1 - q_top1), 2)}))


if __name__ == "__main__":
    main()
