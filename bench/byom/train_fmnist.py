"""Trains torchvision's resnet18 or mobilenet_v2 from scratch on all 10 Fashion-MNIST classes at
32x32, outside qforge, so qforge can be tried on a "user's own model". Debian's PyTorch:

    /usr/bin/python3 bench/byom/train_fmnist.py ARCH OUT_DIR [--epochs N] [--seed S] [--threads T]
    # ARCH: resnet18 or mobilenet_v2; e.g.
    /usr/bin/python3 bench/byom/train_fmnist.py resnet18 out/byom --epochs 5

Input is preprocessed as qforge's default run does (bench/byom/fmnist.py: zero-pad to 32x32,
mean 0.286, std 0.353, gray to RGB, random horizontal flip while training). SGD with Nesterov
momentum, a linear warm-up then cosine decay per step, weight decay on conv/linear weights only.
Everything random (initialization, shuffling, flips) comes from --seed; the batch order is drawn
in this process, no data-loader workers. With the same seed and thread count a rerun gives the
same weights. After training the model is evaluated in eval mode on the 10,000 test images and
OUT_DIR gets <arch>_fmnist.safetensors (the state_dict with torchvision's names, F32, without
num_batches_tracked), <arch>_fmnist.onnx (opset 13, input "input", output "logits", dynamic
batch) and <arch>_fmnist.json (what was trained, and its test top-1).

For a quick try, --limit N trains on the first N training images and --test-limit M tests on the
first M test images (the JSON then says so).
"""
import argparse
import json
import math
import os
import sys
import time

import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmnist  # noqa: E402

DEFAULTS = {  # per arch: epochs, peak learning rate
    "resnet18": {"epochs": 5, "lr": 0.05},
    "mobilenet_v2": {"epochs": 5, "lr": 0.1},
}


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("arch", choices=sorted(DEFAULTS))
    p.add_argument("out_dir")
    p.add_argument("--epochs", type=int, help="default 5")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="torch threads (default: all cores)")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, help="peak learning rate (default 0.05 resnet18, 0.1 mobilenet_v2)")
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--weight-decay", type=float, default=5e-4)
    p.add_argument("--warmup", type=float, default=0.5, help="epochs of linear warm-up (default 0.5)")
    p.add_argument("--no-flip", action="store_true", help="no random horizontal flip while training")
    p.add_argument("--limit", type=int, help="train on the first N training images only (for a quick try)")
    p.add_argument("--test-limit", type=int, help="test on the first N test images only (for a quick try)")
    a = p.parse_args()
    a.epochs = a.epochs if a.epochs is not None else DEFAULTS[a.arch]["epochs"]
    a.lr = a.lr if a.lr is not None else DEFAULTS[a.arch]["lr"]
    return a


def lr_at(step, total, warmup, peak):
    """Linear warm-up from peak/total-ish to peak over `warmup` steps, then cosine to 0."""
    if step < warmup:
        return peak * (step + 1) / warmup
    return 0.5 * peak * (1 + math.cos(math.pi * (step - warmup) / max(1, total - warmup)))


def main():
    a = parse()
    torch.set_num_threads(a.threads)
    torch.set_flush_denormal(True)
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.manual_seed(a.seed)
    order = torch.Generator().manual_seed(a.seed)

    train_x, train_y = fmnist.load("train")
    test_x, test_y = fmnist.load("test")
    if a.limit:
        train_x, train_y = train_x[:a.limit], train_y[:a.limit]
    if a.test_limit:
        test_x, test_y = test_x[:a.test_limit], test_y[:a.test_limit]

    model = fmnist.build(a.arch)
    decay = [p for n, p in model.named_parameters() if p.ndim > 1]
    no_decay = [p for n, p in model.named_parameters() if p.ndim <= 1]
    optimizer = torch.optim.SGD([{"params": decay, "weight_decay": a.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
                                lr=a.lr, momentum=a.momentum, nesterov=True)
    loss_fn = torch.nn.CrossEntropyLoss()
    steps_per_epoch = math.ceil(len(train_x) / a.batch_size)
    total, warmup = a.epochs * steps_per_epoch, round(a.warmup * steps_per_epoch)
    print(f"{a.arch}: {sum(p.numel() for p in model.parameters()):,} parameters, {len(train_x)} training images, "
          f"{a.epochs} epochs of {steps_per_epoch} steps, batch {a.batch_size}, peak lr {a.lr}, seed {a.seed}, "
          f"{a.threads} threads, torch {torch.__version__}", flush=True)

    step, started = 0, time.perf_counter()
    for epoch in range(a.epochs):
        model.train()
        t0, loss_sum, correct, seen = time.perf_counter(), 0.0, 0, 0
        perm = torch.randperm(len(train_x), generator=order)
        for i in range(0, len(perm), a.batch_size):
            idx = perm[i:i + a.batch_size]
            if len(idx) < 2:  # batch norm cannot train on one image (the last maps are 1x1)
                continue
            flip = None if a.no_flip else fmnist.random_flips(len(idx), order)
            x, y = fmnist.preprocess(train_x[idx], flip), train_y[idx]
            for g in optimizer.param_groups:
                g["lr"] = lr_at(step, total, warmup, a.lr)
            logits = model(x)
            loss = loss_fn(logits, y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step += 1
            loss_sum += loss.item() * len(idx)
            correct += int((logits.argmax(1) == y).sum())
            seen += len(idx)
        print(f"epoch {epoch + 1}/{a.epochs}: train loss {loss_sum / seen:.4f}, train top-1 {100 * correct / seen:.2f} % "
              f"(train mode{'' if a.no_flip else ', random flips'}), lr now {optimizer.param_groups[0]['lr']:.5f}, {time.perf_counter() - t0:.1f} s", flush=True)
    train_seconds = time.perf_counter() - started

    model.eval()
    t0 = time.perf_counter()
    right = fmnist.top1(model, test_x, test_y)
    test_top1 = round(100 * right / len(test_x), 2)
    print(f"test top-1 {test_top1:.2f} % ({right}/{len(test_x)}, eval mode, {time.perf_counter() - t0:.1f} s)", flush=True)

    os.makedirs(a.out_dir, exist_ok=True)
    stem = os.path.join(a.out_dir, f"{a.arch}_fmnist")
    state = {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    fmnist.write_safetensors(stem + ".safetensors", state, {"arch": a.arch, "dataset": "fashion-mnist", "epochs": a.epochs,
                                                            "seed": a.seed, "test_top1": f"{test_top1:.2f}",
                                                            "source": "bench/byom/train_fmnist.py"})
    example = fmnist.preprocess(test_x[:1])
    with torch.no_grad():
        torch.onnx.export(model, example, stem + ".onnx", opset_version=13, input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    info = {
        "arch": a.arch,
        "epochs": a.epochs,
        "seed": a.seed,
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "test_top1": test_top1,
        "test_images": len(test_x),
        "classes": fmnist.CLASSES,
        "preprocessing": fmnist.preprocessing(not a.no_flip),
        "training": {"train_images": len(train_x), "batch_size": a.batch_size, "optimizer": "sgd", "nesterov": True,
                     "momentum": a.momentum, "learning_rate": a.lr, "schedule": f"linear warm-up {a.warmup} epochs, then cosine per step",
                     "weight_decay": a.weight_decay, "threads": a.threads, "seconds": round(train_seconds, 1)},
    }
    with open(stem + ".json", "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    print(f"wrote {stem}.safetensors, .onnx, .json")


if __name__ == "__main__":
    main()
