#!/usr/bin/env python3
"""Classifies images on the board's DPU with VART, using what qforge compile wrote.

Copy the compiled folder to the board, compile @NET@_int.xmodel with compile.sh first (it writes
@NET@.xmodel), then:

    python3 run_on_board.py @NET@.xmodel ../meta.json image.png [image.png ...]
    python3 run_on_board.py @NET@.xmodel ../meta.json --dump board_dump image0.png image1.png

The images are prepared exactly as qforge prepared the test set, from meta.json alone (model_input):
bilinear resize with half-pixel centres or centred zero padding, as the model was trained; grey to
RGB; RGB channel order; mean and std; then the input's fix position and round mode (std_round, the
DPU's input default, rounds halves away from zero). qforge's BoardRunnerPreprocessingTest runs
model_input on the meta.json the DPU target writes and compares its int8 input with qforge's own,
byte for byte, for padded and resized models. With --dump, the int8
input and output of the DPU subgraph of image i go to DIR/i/, named as in the golden dumps of
qforge compile, so that `qforge diff golden DIR` compares them. The VART calls are UNTESTED:
qforge is built where no KV260 is available.
"""
import json
import os
import sys

import numpy as np


def model_input(pixels, meta):
    """HWC uint8 RGB (or grey) pixels to the DPU's int8 NHWC input, as meta.json describes the model's."""
    pre = meta["preprocessing"]
    if pre.get("channel_order", "RGB") != "RGB" or pre.get("layout", "NHWC") != "NHWC":
        sys.exit(f"meta.json asks for channel order {pre.get('channel_order')} and layout {pre.get('layout')}; this runner writes RGB NHWC")
    return quantize(prepare(pixels, pre), meta["input_fix_pos"], meta["input_round_mode"])


def prepare(pixels, pre):
    """HWC uint8 pixels (H, W, 1 or 3) to the model's float32 input, HWC, as qforge computes it."""
    height, width = pre["height"], pre["width"]
    img = pixels.astype(np.float32)
    if img.shape[2] == 1 and len(pre["mean"]) == 3:
        if not pre.get("grayscale_to_rgb", False):
            sys.exit("a grayscale image, but the model takes 3 channels and meta.json has grayscale_to_rgb false")
        img = np.repeat(img, 3, axis=2)
    if pre.get("resize", "resize") == "pad":
        if img.shape[0] > height or img.shape[1] > width:
            sys.exit(f"an image of {img.shape[0]}x{img.shape[1]} cannot be padded to {height}x{width}")
        out = np.zeros((height, width, img.shape[2]), dtype=np.float32)
        top, left = (height - img.shape[0]) // 2, (width - img.shape[1]) // 2
        out[top:top + img.shape[0], left:left + img.shape[1]] = img
    else:
        out = bilinear(img, height, width)
    mean = np.asarray(pre["mean"], dtype=np.float32)
    std = np.asarray(pre["std"], dtype=np.float32)
    return (out / np.float32(255) - mean) / std


def bilinear(img, height, width):
    """Half-pixel centres (align_corners=False), in float32 in qforge's order of operations."""
    h, w = img.shape[0], img.shape[1]
    if (h, w) == (height, width):
        return img
    f32 = np.float32
    ys = np.maximum(f32(0), (np.arange(height, dtype=f32) + f32(0.5)) * f32(h) / f32(height) - f32(0.5))
    xs = np.maximum(f32(0), (np.arange(width, dtype=f32) + f32(0.5)) * f32(w) / f32(width) - f32(0.5))
    y0 = np.minimum(ys.astype(np.int64), h - 1)
    x0 = np.minimum(xs.astype(np.int64), w - 1)
    y1, x1 = np.minimum(y0 + 1, h - 1), np.minimum(x0 + 1, w - 1)
    fy = (ys - y0.astype(f32))[:, None, None]
    fx = (xs - x0.astype(f32))[None, :, None]
    top = img[y0][:, x0] * (f32(1) - fx) + img[y0][:, x1] * fx
    bottom = img[y1][:, x0] * (f32(1) - fx) + img[y1][:, x1] * fx
    return top * (f32(1) - fy) + bottom * fy


def quantize(x, fix_pos, round_mode):
    """x * 2^fix_pos (exact in float32), rounded by the input's round mode, saturated to int8."""
    y = (x * np.float32(2.0 ** fix_pos)).astype(np.float64)
    if round_mode == "half_up":
        r = np.floor(y + 0.5)
    elif round_mode == "std_round":
        r = np.sign(y) * np.floor(np.abs(y) + 0.5)
    elif round_mode == "half_even":
        r = np.rint(y)
    elif round_mode == "half_down":
        r = np.sign(y) * np.ceil(np.abs(y) - 0.5)
    elif round_mode == "floor":
        r = np.floor(y)
    elif round_mode == "ceil":
        r = np.ceil(y)
    else:
        sys.exit(f"round mode {round_mode} of meta.json is not one this runner knows")
    return np.clip(r, -128, 127).astype(np.int8)


def read_image(path):
    from PIL import Image  # only on the board: the tests call prepare() with arrays
    img = Image.open(path)
    if img.mode not in ("L", "RGB"):
        img = img.convert("RGB")  # palette, RGBA, CMYK... as RGB, the channel order the model was trained in
    img = np.asarray(img)
    return img[:, :, None] if img.ndim == 2 else img


def dpu_subgraph(graph):
    children = graph.get_root_subgraph().toposort_child_subgraph()
    dpu = [s for s in children if s.has_attr("device") and s.get_attr("device").upper() == "DPU"]
    if len(dpu) != 1:
        sys.exit(f"expected one DPU subgraph, found {len(dpu)}: run qforge inspect to see why")
    return dpu[0]


def main():
    args = sys.argv[1:]
    dump = None
    if "--dump" in args:
        at = args.index("--dump")
        dump = args[at + 1]
        del args[at:at + 2]
    xmodel, meta_path, images = args[0], args[1], args[2:]
    meta = json.load(open(meta_path))
    import vart  # noqa: E402 (board only)
    import xir  # noqa: E402
    runner = vart.Runner.create_runner(dpu_subgraph(xir.Graph.deserialize(xmodel)), "run")
    out_tensor = runner.get_output_tensors()[0]
    for i, path in enumerate(images):
        data = model_input(read_image(path), meta)[None]
        out = np.empty(tuple(out_tensor.dims), dtype=np.int8)
        job = runner.execute_async([data], [out])
        runner.wait(job)
        print(path, meta["classes"][int(np.argmax(out))])
        if dump is not None:
            folder = os.path.join(dump, str(i))
            os.makedirs(folder, exist_ok=True)
            data.tofile(os.path.join(folder, meta["dump_files"]["input"]))
            out.tofile(os.path.join(folder, meta["dump_files"]["output"]))


if __name__ == "__main__":
    main()
