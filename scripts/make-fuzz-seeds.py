#!/usr/bin/env python3
"""Writes the small seed corpora of the readers' fuzz tests (see docs/reliability.md).

Each seed is a valid or nearly valid file, so that the fuzzer starts from inputs that reach deep
into a reader. Run from the repository root; the seeds are committed, this script only remakes them.
"""
import gzip
import io
import json
import os
import struct
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def seeds(module, package, test, method, files):
    folder = os.path.join(ROOT, module, "src/test/resources", package.replace(".", "/"), test + "Inputs", method)
    os.makedirs(folder, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def safetensors(header, data):
    h = json.dumps(header, separators=(",", ":")).encode()
    return struct.pack("<Q", len(h)) + h + data


seeds("engine", "io.qforge.engine.weights", "SafetensorsFuzzTest", "readsOrRefuses", {
    "two-tensors": safetensors({"__metadata__": {"format": "pt"},
                                "a.weight": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
                                "a.bias": {"dtype": "F16", "shape": [2], "data_offsets": [16, 20]},
                                "b.bias": {"dtype": "BF16", "shape": [1], "data_offsets": [20, 22]}},
                               struct.pack("<4f", 1, 2, 3, 4) + b"\x00\x3c\x00\xc0" + b"\x80\x3f"),
    "overlap": safetensors({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                            "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}, bytes(12)),
    "overflow": safetensors({"w": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 4]}}, bytes(4)),
    "empty": safetensors({}, b""),
})

# The run config and Vitis AI config loaders: the examples shipped in the repository.
EXAMPLES = os.path.join(ROOT, "examples")
seeds("engine", "io.qforge.engine.config", "RunConfigFuzzTest", "loadsOrRefuses", {
    name: open(os.path.join(EXAMPLES, name), "rb").read()
    for name in ["fmnist-transfer.json", "custom-30-class.json", "bring-your-own-onnx.json", "mobilenet-v2-fmnist.json"]})
seeds("engine", "io.qforge.engine.config", "VitisConfigFuzzTest", "loadsOrRefuses", {
    name: open(os.path.join(EXAMPLES, name), "rb").read() for name in ["int8_config.json", "cpu_int8_config.json"]})


def idx(dims, data):
    return struct.pack(">I", 0x0800 | len(dims)) + b"".join(struct.pack(">I", d) for d in dims) + data


seeds("plugins/datasets", "io.qforge.plugin.dataset", "IdxFuzzTest", "readsOrRefuses", {
    "images-2x3x3": idx([2, 3, 3], bytes(range(18))),
    "labels-4": idx([4], bytes([0, 1, 2, 3])),
    "labels-4-gzip": gzip.compress(idx([4], bytes([0, 1, 2, 3])), mtime=0),
    "huge-dims": idx([65536, 65536, 65536, 65536], b""),
})


def png(width, height, color_type, channels):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    rows = b"".join(b"\x00" + bytes((x * 40 + y * 7 + c) % 256 for x in range(width) for c in range(channels)) for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def bmp(width, height):
    row = bytes((x * 50) % 256 for x in range(width * 3))
    row += bytes((4 - len(row) % 4) % 4)
    pixels = row * height
    return (b"BM" + struct.pack("<IHHI", 54 + len(pixels), 0, 0, 54)
            + struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0) + pixels)


seeds("plugins/datasets", "io.qforge.plugin.dataset", "ImageDecodeFuzzTest", "decodesOrRefuses", {
    "rgb-4x3.png": png(4, 3, 2, 3),
    "gray-5x5.png": png(5, 5, 0, 1),
    "rgba-2x2.png": png(2, 2, 6, 4),
    "rgb-3x2.bmp": bmp(3, 2),
    # A header claiming 100000 x 100000 pixels over a few bytes of data.
    "huge-claim.png": png(1, 1, 2, 3).replace(struct.pack(">II", 1, 1), struct.pack(">II", 100000, 100000), 1),
})


# Protobuf, by hand: the seeds need only a few fields of ONNX's and XIR's messages.
def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        out += bytes([b | (0x80 if n else 0)])
        if not n:
            return out


def field(number, value):
    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    data = value.encode() if isinstance(value, str) else value
    return varint(number << 3 | 2) + varint(len(data)) + data


def message(*fields):
    return b"".join(field(n, v) for n, v in fields)


def onnx_tensor(name, dims, values):
    return message(*[(1, d) for d in dims], (2, 1), (8, name), (9, struct.pack("<%df" % len(values), *values)))


def onnx_node(op, inputs, outputs, name, *attributes):
    return message(*[(1, i) for i in inputs], *[(2, o) for o in outputs], (3, name), (4, op), *[(5, a) for a in attributes])


def onnx_ints(name, values):
    return message((1, name), (20, 7), *[(8, v) for v in values])  # AttributeProto: name, type INTS, ints


def onnx_value(name, dims):
    shape = message(*[(1, message((1, d))) for d in dims])
    return message((1, name), (2, message((1, message((1, 1), (2, shape))))))


def onnx_model(initializers, nodes):
    graph = message(*[(1, n) for n in nodes], (2, "tiny"), *[(5, t) for t in initializers],
                    (11, onnx_value("input", [1, 1, 4, 4])), (12, onnx_value("logits", [1, 3])))
    return message((1, 8), (7, graph), (8, message((1, ""), (2, 13))))


def tiny_weights(names):
    conv_w, conv_b, bn = names
    return [onnx_tensor(conv_w, [2, 1, 3, 3], [0.1 * i for i in range(18)]),
            onnx_tensor(bn + "weight", [2], [1, 1]), onnx_tensor(bn + "bias", [2], [0, 0]),
            onnx_tensor(bn + "running_mean", [2], [0, 0]), onnx_tensor(bn + "running_var", [2], [1, 1]),
            onnx_tensor("fc.weight", [3, 2], [1, 2, 3, 4, 5, 6]), onnx_tensor("fc.bias", [3], [0, 1, 2])]


window = [onnx_ints("kernel_shape", [3, 3]), onnx_ints("strides", [1, 1]), onnx_ints("pads", [1, 1, 1, 1])]
seeds("engine", "io.qforge.engine.weights", "OnnxWeightsFuzzTest", "importsOrRefuses", {
    # Every parameter by name, as a file the onnx backbone read.
    "by-name.onnx": onnx_model(tiny_weights(["conv.weight", None, "bn."]), [onnx_node("Relu", ["input"], ["r"], "r")]),
    # Matched by position: the node walk of an exported model.
    "by-position.onnx": onnx_model(tiny_weights(["onnx::Conv_1", None, "onnx::BN_"]), [
        onnx_node("Conv", ["input", "onnx::Conv_1"], ["c"], "conv", *window),
        onnx_node("BatchNormalization", ["c", "onnx::BN_weight", "onnx::BN_bias", "onnx::BN_running_mean", "onnx::BN_running_var"], ["b"], "bn"),
        onnx_node("Relu", ["b"], ["r"], "relu"),
        onnx_node("GlobalAveragePool", ["r"], ["g"], "gap"),
        onnx_node("Flatten", ["g"], ["f"], "flatten"),
        onnx_node("Gemm", ["f", "fc.weight", "fc.bias"], ["logits"], "fc", message((1, "transB"), (20, 2), (3, 1)))]),
})


def attr_int(value):
    return message((5, value))


def xir_op(name, op_type, args, dims):
    return message((1, name), (2, op_type), (3, message((1, "shape"), (2, message((14, message(*[(1, d) for d in dims])))))),
                   *[(4, message((1, "input"), (2, a))) for a in args], (5, message((1, name), *[(2, d) for d in dims])))


xmodel = message((1, "tiny"), (5, xir_op("input", "data", [], [1, 4, 4, 1])), (5, xir_op("relu", "relu", ["input"], [1, 4, 4, 1])),
                 (10, message((1, "root"), (5, message((1, "dpu_fingerprint"), (2, message((8, 1234))))),
                              (10, message((1, "child"), (3, "relu"))))),
                 (11, message((1, "return_ops"), (2, message((20, message((1, "relu"))))))))
seeds("targets/dpuczdx8g", "io.qforge.target.dpuczdx8g.xir", "XmodelFuzzTest", "readsOrRefuses", {"tiny.xmodel": xmodel})
