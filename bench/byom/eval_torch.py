"""Loads a checkpoint written by train_fmnist.py (a safetensors state_dict with torchvision's
names, read by this folder's own reader) into torchvision's ARCH and prints its fp32 top-1 on the
10,000 Fashion-MNIST test images, preprocessed as qforge's default run does. Debian's PyTorch:

    /usr/bin/python3 bench/byom/eval_torch.py CHECKPOINT.safetensors ARCH [--threads T] [--limit N]
    # e.g. /usr/bin/python3 bench/byom/eval_torch.py out/byom/resnet18_fmnist.safetensors resnet18

Prints one JSON line; when the checkpoint's metadata records a test_top1 (train_fmnist.py writes
one), that number is printed alongside for comparison. --limit N tests the first N images only.
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmnist  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("checkpoint")
    p.add_argument("arch", choices=["resnet18", "mobilenet_v2"])
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--limit", type=int, help="test on the first N test images only")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_flush_denormal(True)
    model = fmnist.build(a.arch)
    metadata = fmnist.load_checkpoint(model, a.checkpoint)
    model.eval()
    test_x, test_y = fmnist.load("test")
    if a.limit:
        test_x, test_y = test_x[:a.limit], test_y[:a.limit]
    t0 = time.perf_counter()
    right = fmnist.top1(model, test_x, test_y)
    out = {"checkpoint": a.checkpoint, "arch": a.arch, "test_images": len(test_x), "correct": right,
           "test_top1": round(100 * right / len(test_x), 2), "seconds": round(time.perf_counter() - t0, 1)}
    if "test_top1" in metadata:
        out["recorded_test_top1"] = float(metadata["test_top1"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
