#!/usr/bin/python3
"""The peer of TrainBenchmark.java: one training step of torchvision's ResNet18 in PyTorch eager
mode (Debian's python3-torch): forward in train mode, cross-entropy, backward, Adam (lr 1e-3),
with the loss and the count of right predictions read back as qforge's step does. Same batch,
size, threads and timing rule. Prints one JSON line."""
import json
import sys
import time

import torch
import torchvision

batch, size, classes, warmup, iterations = (int(a) for a in sys.argv[1:6])
torch.set_num_threads(int(sys.argv[6]) if len(sys.argv) > 6 else torch.get_num_threads())
torch.manual_seed(0)
model = torchvision.models.resnet18(weights=None, num_classes=classes).train()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_function = torch.nn.CrossEntropyLoss()
x = torch.randn(batch, 3, size, size)
y = torch.randint(0, classes, (batch,))
seconds = []
for i in range(-warmup, iterations):
    start = time.perf_counter()
    optimizer.zero_grad()
    logits = model(x)
    loss = loss_function(logits, y)
    loss.backward()
    loss.item()
    (logits.argmax(1) == y).sum().item()
    optimizer.step()
    if i >= 0:
        seconds.append(time.perf_counter() - start)
seconds.sort()
median = seconds[iterations // 2]
print(json.dumps({"impl": "pytorch-eager", "torch": torch.__version__, "threads": torch.get_num_threads(),
                  "batch": batch, "size": size, "median_step_s": round(median, 4),
                  "median_img_s": round(batch / median, 1), "best_img_s": round(batch / seconds[0], 1)}))
