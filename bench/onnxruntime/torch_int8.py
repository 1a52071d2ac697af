"""The peer of bench/onnxruntime: PyTorch's own int8 (torch.ao FX graph mode PTQ, Debian
python3-torch) on qforge's trained transfer model, fp32 against int8 throughput at batch 1 and
32 with the same threads, and int8 top-1 on the same test images. Reuses the loaders of
bench/calibrate/torch_ao_ptq.py.

    /usr/bin/python3 bench/onnxruntime/torch_int8.py CHECKPOINT THREADS ROUNDS [ENGINE, default onednn]
"""
import json
import os
import sys
import time

import torch
import torchvision
from torch.ao.quantization import get_default_qconfig_mapping
from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "calibrate"))
import torch_ao_ptq as data  # noqa: E402


def throughput(model, images, batch):
    total = 256 if batch == 1 else 2048
    start = time.perf_counter()
    with torch.no_grad():
        for done in range(0, total, batch):
            offset = done % 4000
            model(images[offset:offset + batch].contiguous())
    return total / (time.perf_counter() - start)


def main():
    checkpoint, threads, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    # Debian's torch 1.13 has the onednn and qnnpack int8 engines, not fbgemm.
    engine = sys.argv[4] if len(sys.argv) > 4 else "onednn"
    torch.backends.quantized.engine = engine
    model = torchvision.models.resnet18(num_classes=len(data.CLASSES))
    state = data.read_safetensors(checkpoint)
    state.update({k: v for k, v in model.state_dict().items() if k.endswith("num_batches_tracked")})
    model.load_state_dict(state)
    model.eval()
    train_x, _ = data.split("train")
    test_x, test_y = data.split("t10k")
    torch.manual_seed(0)
    calibration = train_x[torch.randperm(len(train_x))[:320]]
    prepared = prepare_fx(model, get_default_qconfig_mapping(engine), (calibration[:32],))
    with torch.no_grad():
        for c in calibration.split(32):
            prepared(c)
    int8 = convert_fx(prepared)
    print(json.dumps({"peer": f"torch {torch.__version__} int8 ({engine})", "float_top1": round(100 * data.top1(model, test_x, test_y), 2),
                      "int8_top1": round(100 * data.top1(int8, test_x, test_y), 2)}))
    for batch in (1, 32):
        f, q = [], []
        try:
            for r in range(-1, rounds):
                a, b = throughput(model, test_x, batch), throughput(int8, test_x, batch)
                if r >= 0:
                    f.append(a)
                    q.append(b)
        except RuntimeError as e:
            print(json.dumps({"batch": batch, "engine": engine, "error": str(e)}))
            continue
        f.sort()
        q.sort()
        mf, mq = f[len(f) // 2], q[len(q) // 2]
        print(json.dumps({"batch": batch, "threads": threads, "torch_fp32_img_s": round(mf, 1), "torch_int8_img_s": round(mq, 1),
                          "int8_over_fp32": round(mq / mf, 2)}))


if __name__ == "__main__":
    main()
