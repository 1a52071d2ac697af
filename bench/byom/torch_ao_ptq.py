"""PyTorch's own post-training int8 quantization (torch.ao, FX graph mode: prepare_fx, calibrate,
convert_fx) of a checkpoint written by train_fmnist.py: the peer to hold qforge's quantization of
the same "user's own model" against. Debian's PyTorch (no fbgemm in its build):

    /usr/bin/python3 bench/byom/torch_ao_ptq.py CHECKPOINT.safetensors ARCH [--calib-batches 10] [--batch-size 32]
        [--backend auto|onednn|qnnpack] [--threads T] [--limit N]
    # e.g. /usr/bin/python3 bench/byom/torch_ao_ptq.py out/byom/resnet18_fmnist.safetensors resnet18

Calibrates on the first calib-batches x batch-size TRAINING images in file order (unshuffled, not
flipped, preprocessed as qforge's default run: bench/byom/fmnist.py), then prints one JSON line per
qconfig with the float and the int8 top-1 on the 10,000 test images:
  - the backend's default qconfig mapping (onednn: per-channel symmetric int8 weights, histogram
    observer on quint8 activations; qnnpack's default has per-tensor weights instead),
  - per-tensor symmetric min/max for both: int8 weights (zero point 0) and quint8 activations
    with zero point 128 (scale = max|x| / 127.5).
The backend is onednn when it works on this machine (auto), otherwise qnnpack. --limit N tests on
the first N test images only (for a quick try).
"""
import argparse
import copy
import json
import os
import sys
import time

import torch
from torch.ao.quantization import MinMaxObserver, QConfig, QConfigMapping, get_default_qconfig_mapping
from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmnist  # noqa: E402

PER_TENSOR_SYMMETRIC = QConfig(
    activation=MinMaxObserver.with_args(dtype=torch.quint8, qscheme=torch.per_tensor_symmetric),
    weight=MinMaxObserver.with_args(dtype=torch.qint8, qscheme=torch.per_tensor_symmetric))


def describe(mapping):
    """A short human name of a mapping's global qconfig (observer classes and weight scheme)."""
    q = mapping.global_qconfig
    act, weight = q.activation(), q.weight()
    return (f"activations {type(act).__name__} {act.dtype} {act.qscheme}, weights {type(weight).__name__} "
            f"{weight.dtype} {weight.qscheme}").replace("torch.", "")


def quantize(model, mapping, chunks):
    """(int8 model, calibration seconds): a copy of model prepared, calibrated on chunks, converted."""
    prepared = prepare_fx(copy.deepcopy(model), mapping, (chunks[0],))
    t0 = time.perf_counter()
    with torch.no_grad():
        for c in chunks:
            prepared(c)
    seconds = time.perf_counter() - t0
    return convert_fx(prepared), seconds


def pick_backend(wanted, model, chunks):
    """The first backend of `wanted` (auto = onednn, then qnnpack) that quantizes and runs this model."""
    candidates = ["onednn", "qnnpack"] if wanted == "auto" else [wanted]
    for backend in candidates:
        if backend not in torch.backends.quantized.supported_engines:
            print(f"# {backend}: not in this build ({torch.backends.quantized.supported_engines})", file=sys.stderr)
            continue
        try:
            torch.backends.quantized.engine = backend
            q, _ = quantize(model, get_default_qconfig_mapping(backend), chunks[:1])
            with torch.no_grad():
                q(chunks[0])
            return backend
        except Exception as e:  # noqa: BLE001 - any failure means: try the next backend
            print(f"# {backend} failed ({type(e).__name__}: {e}); trying the next", file=sys.stderr)
    raise SystemExit(f"no working quantized backend among {candidates}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("checkpoint")
    p.add_argument("arch", choices=["resnet18", "mobilenet_v2"])
    p.add_argument("--calib-batches", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--backend", choices=["auto", "onednn", "qnnpack"], default="auto")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--limit", type=int, help="test on the first N test images only")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_flush_denormal(True)
    torch.manual_seed(0)

    model = fmnist.build(a.arch)
    fmnist.load_checkpoint(model, a.checkpoint)
    model.eval()
    train_x, _ = fmnist.load("train")
    test_x, test_y = fmnist.load("test")
    if a.limit:
        test_x, test_y = test_x[:a.limit], test_y[:a.limit]
    calibration = fmnist.preprocess(train_x[:a.calib_batches * a.batch_size])
    chunks = list(calibration.split(a.batch_size))

    backend = pick_backend(a.backend, model, chunks)
    float_right = fmnist.top1(model, test_x, test_y)
    for name, mapping in [(f"torch.ao {backend} default", get_default_qconfig_mapping(backend)),
                          ("torch.ao per-tensor symmetric minmax", QConfigMapping().set_global(PER_TENSOR_SYMMETRIC))]:
        quantized, seconds = quantize(model, mapping, chunks)
        t0 = time.perf_counter()
        int8_right = fmnist.top1(quantized, test_x, test_y)
        print(json.dumps({"config": name, "qconfig": describe(mapping), "backend": backend, "arch": a.arch,
                          "checkpoint": a.checkpoint, "calibration_images": len(calibration),
                          "calibration_seconds": round(seconds, 2), "test_images": len(test_x),
                          "float_top1": round(100 * float_right / len(test_x), 2),
                          "int8_top1": round(100 * int8_right / len(test_x), 2),
                          "drop": round(100 * (float_right - int8_right) / len(test_x), 2),
                          "int8_test_seconds": round(time.perf_counter() - t0, 1)}), flush=True)


if __name__ == "__main__":
    main()
