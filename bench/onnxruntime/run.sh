#!/usr/bin/env bash
# ONNX Runtime int8 against ONNX Runtime fp32 on the transfer model, with PyTorch's own int8 as the
# peer, same machine and run. Compiles the trained model of examples/fmnist-transfer.json for the
# onnxruntime-cpu target first, with the shipped DPU config and with examples/cpu_int8_config.json. Needs the distribution built (mvn -DskipTests install), the model
# trained (qforge train examples/fmnist-transfer.json) and Debian's python3-torch for the peer.
#
#   bench/onnxruntime/run.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
qforge=$(ls distribution/target/qforge-*/qforge-*/bin/qforge)
lib=$(ls -d distribution/target/qforge-*/qforge-*/lib)
checkpoint=out/fmnist-transfer/checkpoint/model.safetensors
[ -f "$checkpoint" ] || { echo "train first: $qforge train examples/fmnist-transfer.json" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
threads=$(nproc)
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
# The shipped DPU config moved to the CPU by --target, then a CPU-native config (unsigned
# asymmetric activations, which let ONNX Runtime fuse each Conv, its Relu and QuantizeLinear).
python3 - "$work/cpu-native.json" <<'PY'
import json, sys
c = json.load(open("examples/fmnist-transfer.json"))
c["quantization"] = "cpu_int8_config.json"
c["target"] = {"type": "onnxruntime-cpu"}
json.dump(c, open(sys.argv[1], "w"), indent=2)
PY
cp examples/cpu_int8_config.json "$work/"
for config in examples/fmnist-transfer.json "$work/cpu-native.json"; do
  echo "## $(basename "$config"), target onnxruntime-cpu"
  "$qforge" compile "$config" --target onnxruntime-cpu --checkpoint "$checkpoint" --out "$work/out" > "$work/compile.log" 2>&1 \
    || { cat "$work/compile.log" >&2; exit 1; }
  grep -E "float top-1|integer check: integer|one image takes" "$work/compile.log"
  java -Dai.djl.offline=true -cp "$lib/*" bench/onnxruntime/OrtBenchmark.java "$config" "$work/out/fmnist-transfer/compiled" \
    "$threads" "$rounds" 2>/dev/null
done
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import torch" 2>/dev/null; then
  for engine in onednn qnnpack; do
    /usr/bin/python3 bench/onnxruntime/torch_int8.py "$checkpoint" "$threads" "$rounds" "$engine" 2>/dev/null
  done
fi
