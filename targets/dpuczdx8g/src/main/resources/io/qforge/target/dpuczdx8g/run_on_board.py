#!/usr/bin/env python3
"""Classifies images on the board's DPU with VART, using what qforge compile wrote.

UNTESTED: qforge is built where no KV260 is available. Copy the compiled folder to the board,
compile @NET@_int.xmodel with compile.sh first (it writes @NET@.xmodel), then:

    python3 run_on_board.py @NET@.xmodel ../meta.json image.png [image.png ...]
"""
import json
import sys

import numpy as np
import vart
import xir
from PIL import Image


def dpu_subgraph(graph):
    children = graph.get_root_subgraph().toposort_child_subgraph()
    dpu = [s for s in children if s.has_attr("device") and s.get_attr("device").upper() == "DPU"]
    if len(dpu) != 1:
        sys.exit(f"expected one DPU subgraph, found {len(dpu)}: run qforge inspect to see why")
    return dpu[0]


def main():
    xmodel, meta_path, images = sys.argv[1], sys.argv[2], sys.argv[3:]
    meta = json.load(open(meta_path))
    pre = meta["preprocessing"]
    runner = vart.Runner.create_runner(dpu_subgraph(xir.Graph.deserialize(xmodel)), "run")
    in_tensor, out_tensor = runner.get_input_tensors()[0], runner.get_output_tensors()[0]
    scale = 2 ** in_tensor.get_attr("fix_point")
    for path in images:
        img = Image.open(path).convert("RGB").resize((pre["width"], pre["height"]))
        x = (np.asarray(img, dtype=np.float32) / 255.0 - pre["mean"]) / pre["std"]
        data = np.clip(np.round(x * scale), -128, 127).astype(np.int8)[None]
        out = np.empty(tuple(out_tensor.dims), dtype=np.int8)
        job = runner.execute_async([data], [out])
        runner.wait(job)
        print(path, meta["classes"][int(np.argmax(out))])


if __name__ == "__main__":
    main()
