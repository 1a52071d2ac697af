"""PyTorch's own quantization-aware training (torch.ao, FX graph mode: prepare_qat_fx, train,
convert_fx) of a checkpoint written by bench/byom/train_fmnist.py: the peer of qforge's training
mode qat on the same model, in the same run. Debian's PyTorch (no fbgemm in its build):

    /usr/bin/python3 bench/deploy/torch_ao_qat.py CHECKPOINT.safetensors ARCH --per-class N|all --epochs E
        [--batch-size 32] [--lr 1e-4] [--backend auto|onednn|qnnpack] [--threads T]

Trains on N training images per class, drawn with seed 0 (qforge draws its own N per class with
the run's seed: the same count, not the same images), with Adam at a cosine-annealed learning
rate, the backend's default QAT qconfig mapping (observers keep updating, batch norm folded into
the fake-quantized convolutions as torch.ao does), then converts to int8 and prints one JSON line
with the float and the int8 top-1 on the 10,000 test images, and the seconds of training.
"""
import argparse
import json
import os
import sys
import time

import torch
from torch.ao.quantization import get_default_qat_qconfig_mapping
from torch.ao.quantization.quantize_fx import convert_fx, prepare_qat_fx

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "byom"))
import fmnist  # noqa: E402


def subset(labels, per_class, generator):
    """Indices of per_class images of each class, drawn without replacement."""
    chosen = []
    for c in range(len(fmnist.CLASSES)):
        members = (labels == c).nonzero().flatten()
        chosen.append(members[torch.randperm(len(members), generator=generator)[:per_class]])
    return torch.cat(chosen)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("checkpoint")
    p.add_argument("arch", choices=["resnet18", "mobilenet_v2"])
    p.add_argument("--per-class", required=True, help="a count, or all")
    p.add_argument("--epochs", type=int, required=True)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--backend", choices=["auto", "onednn", "qnnpack"], default="auto")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_flush_denormal(True)
    generator = torch.Generator().manual_seed(0)
    torch.manual_seed(0)

    model = fmnist.build(a.arch)
    fmnist.load_checkpoint(model, a.checkpoint)
    train_x, train_y = fmnist.load("train")
    test_x, test_y = fmnist.load("test")
    model.eval()
    float_right = fmnist.top1(model, test_x, test_y)

    candidates = ["onednn", "qnnpack"] if a.backend == "auto" else [a.backend]
    backend = next((b for b in candidates if b in torch.backends.quantized.supported_engines), None)
    if backend is None:
        raise SystemExit(f"none of {candidates} in this build ({torch.backends.quantized.supported_engines})")
    torch.backends.quantized.engine = backend
    picked = subset(train_y, len(train_y) if a.per_class == "all" else int(a.per_class), generator)
    example = fmnist.preprocess(train_x[picked[:1]])
    model.train()
    prepared = prepare_qat_fx(model, get_default_qat_qconfig_mapping(backend), (example,))
    optimizer = torch.optim.Adam(prepared.parameters(), lr=a.lr)
    steps = a.epochs * ((len(picked) + a.batch_size - 1) // a.batch_size)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, steps)
    loss_fn = torch.nn.CrossEntropyLoss()
    t0 = time.perf_counter()
    for _ in range(a.epochs):
        prepared.train()
        order = picked[torch.randperm(len(picked), generator=generator)]
        for batch in order.split(a.batch_size):
            x = fmnist.preprocess(train_x[batch], fmnist.random_flips(len(batch), generator))
            loss = loss_fn(prepared(x), train_y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
    seconds = time.perf_counter() - t0
    prepared.eval()
    quantized = convert_fx(prepared)
    int8_right = fmnist.top1(quantized, test_x, test_y)
    n = len(test_x)
    print(json.dumps({"model": a.arch, "quantization": f"torch.ao QAT ({backend} default QAT qconfig, FX)", "train_images": len(picked),
                      "epochs": a.epochs, "fp32_top1": round(100 * float_right / n, 2), "int8_top1": round(100 * int8_right / n, 2),
                      "drop": round(100 * (float_right - int8_right) / n, 2), "train_seconds": round(seconds, 1)}), flush=True)


if __name__ == "__main__":
    main()
