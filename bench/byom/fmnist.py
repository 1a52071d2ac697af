"""Fashion-MNIST for the bring-your-own-model scripts: the gzipped IDX files read into uint8
tensors, and the preprocessing of qforge's default run (examples/fmnist-transfer.json).

    import fmnist
    train_x, train_y = fmnist.load("train")   # uint8 [60000, 28, 28], int64 [60000]
    test_x, test_y = fmnist.load("test")      # uint8 [10000, 28, 28], int64 [10000]
    batch = fmnist.preprocess(train_x[:64], flip=fmnist.random_flips(64, generator))

The preprocessing is qforge's ImagePreprocessor with "resize": "pad": zero-pad 28x28 to 32x32
(2 pixels of 0 on each side, before normalizing, so the border becomes (0 - mean) / std), an
optional horizontal flip, (v / 255 - 0.286) / 0.353 in float32, and the gray channel repeated to
three channels. Set FMNIST_DIR to read the files from elsewhere than /usr/share/datasets/fashion-mnist.
Also here: the safetensors reader and writer (F32 only) the scripts share.
"""
import gzip
import json
import os
import struct

import numpy as np
import torch

DATA = os.environ.get("FMNIST_DIR", "/usr/share/datasets/fashion-mnist")
FILES = {"train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
         "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")}
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
HEIGHT, WIDTH = 32, 32
MEAN, STD = 0.286, 0.353


def preprocessing(random_flip):
    """The "preprocessing" block of a qforge run that matches preprocess() (qforge's schema names)."""
    return {"height": HEIGHT, "width": WIDTH, "resize": "pad", "grayscale_to_rgb": True,
            "mean": [MEAN], "std": [STD], "random_flip": bool(random_flip)}


def read_idx(path):
    """An IDX file (gzipped or not) as a uint8 tensor of its declared shape."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    zero, dtype, dims = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file (magic {raw[:4].hex()})")
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims)
    if data.size != int(np.prod(shape)):
        raise ValueError(f"{path}: {data.size} bytes of data for shape {shape}")
    return torch.from_numpy(data.reshape(shape).copy())


def load(split):
    """("train" or "test") -> (images uint8 [N, 28, 28], labels int64 [N]), in file order."""
    images, labels = (read_idx(os.path.join(DATA, name)) for name in FILES[split])
    if len(images) != len(labels):
        raise ValueError(f"{split}: {len(images)} images but {len(labels)} labels")
    return images, labels.long()


def random_flips(n, generator):
    """A bool [n] mask, each True with probability 1/2, drawn from generator."""
    return torch.rand(n, generator=generator) < 0.5


def preprocess(images, flip=None):
    """uint8 [N, 28, 28] -> float32 [N, 3, 32, 32] as qforge feeds the network; flip is an
    optional bool [N] mask of images to mirror left-right."""
    x = images.float()
    top, left = (HEIGHT - x.shape[1]) // 2, (WIDTH - x.shape[2]) // 2
    x = torch.nn.functional.pad(x, (left, WIDTH - x.shape[2] - left, top, HEIGHT - x.shape[1] - top))
    if flip is not None and bool(flip.any()):
        x = torch.where(flip[:, None, None], x.flip(2), x)
    x = (x / 255.0 - MEAN) / STD
    return x.unsqueeze(1).expand(-1, 3, -1, -1).contiguous()


def top1(model, images, labels, batch_size=500):
    """Number of images whose highest logit is their label (model in whatever mode it is in)."""
    correct = 0
    with torch.no_grad():
        for i in range(0, len(images), batch_size):
            logits = model(preprocess(images[i:i + batch_size]))
            correct += int((logits.argmax(1) == labels[i:i + batch_size]).sum())
    return correct


def write_safetensors(path, tensors, metadata=None):
    """Writes {name: tensor} as F32 safetensors, names sorted (same tensors, same bytes);
    metadata values are turned into strings, as the format wants."""
    names = sorted(tensors)
    header, blobs, offset = {}, [], 0
    for name in names:
        data = tensors[name].detach().cpu().to(torch.float32).contiguous().numpy().astype("<f4", copy=False).tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt", **{k: str(v) for k, v in (metadata or {}).items()}}
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)


def read_safetensors(path):
    """(tensors {name: float32 tensor}, metadata {str: str}) of a safetensors file; F32 only."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    metadata = header.pop("__metadata__", {}) or {}
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {info['dtype']}, only F32 is read here")
        start, end = info["data_offsets"]
        if end - start != 4 * int(np.prod(info["shape"], dtype=np.int64)) or end > len(data):
            raise ValueError(f"{path}: {name} has data_offsets {info['data_offsets']} for shape {info['shape']}")
        tensors[name] = torch.from_numpy(np.frombuffer(data, dtype="<f4", count=(end - start) // 4, offset=start).copy()).reshape(info["shape"])
    return tensors, metadata


def build(arch):
    """torchvision's ARCH (resnet18 or mobilenet_v2) with 10 classes and no pretrained weights."""
    import torchvision
    if arch not in ("resnet18", "mobilenet_v2"):
        raise SystemExit(f"unknown arch {arch!r}; known: resnet18, mobilenet_v2")
    return getattr(torchvision.models, arch)(weights=None, num_classes=len(CLASSES))


def load_checkpoint(model, path):
    """Loads a safetensors state_dict (without num_batches_tracked) into model; returns metadata."""
    tensors, metadata = read_safetensors(path)
    expected = {k for k in model.state_dict() if not k.endswith("num_batches_tracked")}
    missing, extra = expected - tensors.keys(), tensors.keys() - expected
    if missing or extra:
        raise SystemExit(f"{path}: missing {sorted(missing)[:5]}, unexpected {sorted(extra)[:5]}")
    model.load_state_dict(tensors, strict=False)
    return metadata
