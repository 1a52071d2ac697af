#!/usr/bin/python3
"""The peer of ForwardBenchmark.java: torchvision ResNet18 in PyTorch eager mode (Debian's
python3-torch), same batch, size, threads and timing rule. Prints one JSON line."""
import json
import sys
import time

import torch
import torchvision

batch, size, warmup, iterations = (int(a) for a in sys.argv[1:5])
torch.set_num_threads(int(sys.argv[5]) if len(sys.argv) > 5 else torch.get_num_threads())
model = torchvision.models.resnet18(weights=None).eval()
x = torch.randn(batch, 3, size, size)
seconds = []
with torch.inference_mode():
    for i in range(-warmup, iterations):
        start = time.perf_counter()
        model(x).numpy()
        if i >= 0:
            seconds.append(time.perf_counter() - start)
seconds.sort()
print(json.dumps({"impl": "pytorch-eager", "torch": torch.__version__, "threads": torch.get_num_threads(),
                  "batch": batch, "size": size,
                  "median_img_s": round(batch / seconds[iterations // 2], 1), "best_img_s": round(batch / seconds[0], 1)}))
