#!/usr/bin/env bash
# Bring your own model: torchvision's ResNet18 and MobileNetV2 trained by PyTorch (train_fmnist.py,
# never by qforge), taken by qforge as given ("training": {"mode": "none"}) from their safetensors
# and from their ONNX export, quantized with the shipped DPU config (KV260) and with
# cpu_int8_config.json (onnxruntime-cpu, and once more with per-channel weights), beside
# PyTorch's own fp32 top-1 and its torch.ao PTQ of the same models, measured in the same run;
# then MobileNetV2 under the DPU config with cross-layer equalization and bias correction each
# off, both off, and with ReLU6 turned into ReLU. All on the 10,000 test images.
# Needs the distribution built (mvn -DskipTests install), the models trained
# (/usr/bin/python3 bench/byom/train_fmnist.py resnet18 out/byom --threads 1, the same for
# mobilenet_v2) and Debian's python3-torch.
#
#   bench/byom/run.sh [ARCH ...]     (default: resnet18 mobilenet_v2)
set -euo pipefail
cd "$(dirname "$0")/../.."
# Both sides wait passively, as bin/qforge does (docs/performance.md).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
qforge=$(ls distribution/target/qforge-*/qforge-*/bin/qforge)
models=out/byom
archs=("$@")
[ ${#archs[@]} -gt 0 ] || archs=(resnet18 mobilenet_v2)
for arch in "${archs[@]}"; do
  [ -f "$models/${arch}_fmnist.safetensors" ] || { echo "train first: /usr/bin/python3 bench/byom/train_fmnist.py $arch $models --threads 1" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"

# One qforge run of ARCH's model from SOURCE (safetensors or onnx) with QUANTIZATION for TARGET; EXTRA is
# JSON merged into the quantization config. Prints one JSON line of the run's figures.
run() {
  local arch=$1 source=$2 quantization=$3 target=$4 extra=$5 label=$6
  local name="${arch}-${source}-${target}-${label}"
  python3 - "$work/$name.json" "$arch" "$source" "$quantization" "$target" "$extra" "$name" "$PWD/$models" "$PWD/examples" <<'PY'
import json, sys
out, arch, source, quantization, target, extra, name, models, examples = sys.argv[1:]
classes = json.load(open(f"{models}/{arch}_fmnist.json"))["classes"]
backbone = ({"type": arch, "weights": f"{models}/{arch}_fmnist.safetensors"} if source == "safetensors"
            else {"type": "onnx", "path": f"{models}/{arch}_fmnist.onnx"})
backbone["classes"] = classes
quant = json.load(open(f"{examples}/{quantization}"))
quant.update(json.loads(extra))
config = {"name": name, "seed": 42, "backbone": backbone, "dataset": {"type": "fashion-mnist"},
          "preprocessing": {"height": 32, "width": 32, "resize": "pad", "grayscale_to_rgb": True, "mean": [0.286], "std": [0.353]},
          "training": {"mode": "none", "batch_size": 256}, "quantization": quant,
          "target": {"type": target, "preset": "KV260"} if target == "DPUCZDX8G" else {"type": target}}
json.dump(config, open(out, "w"), indent=2)
PY
  local start=$SECONDS
  "$qforge" run "$work/$name.json" --out "$work/out" > "$work/$name.log" 2>&1 || { cat "$work/$name.log" >&2; exit 1; }
  python3 - "$work/out/$name/report.json" "$arch" "$source" "$target" "$label" "$((SECONDS - start))" <<'PY'
import json, sys
report, arch, source, target, label, seconds = sys.argv[1:]
r = json.load(open(report))
a, check = r["accuracy"], r["target"].get("integer_check") or {}
print(json.dumps({"arch": arch, "weights": source, "target": target, "quantization": label,
                  "fp32_top1": round(100 * a["float_top1"], 2), "int8_top1": round(100 * a["quantized_top1"], 2),
                  "drop": round(100 * (a["float_top1"] - a["quantized_top1"]), 2), "agreement": round(100 * a["agreement"], 2),
                  "integer_model_agreement": round(100 * check.get("agreement", float("nan")), 2), "seconds": int(seconds)}))
PY
}

for arch in "${archs[@]}"; do
  echo "## $arch, trained by PyTorch"
  /usr/bin/python3 bench/byom/eval_torch.py "$models/${arch}_fmnist.safetensors" "$arch" --threads "$(nproc)"
  for source in safetensors onnx; do
    run "$arch" "$source" int8_config.json DPUCZDX8G '{}' dpu-default
    run "$arch" "$source" cpu_int8_config.json onnxruntime-cpu '{}' cpu-native
  done
  # The CPU config with per-channel weights, which ONNX Runtime runs and the DPU cannot.
  run "$arch" safetensors cpu_int8_config.json onnxruntime-cpu '{"tensor_quantize_config": {"input": {"symmetry": false},
    "activation": {"signed": false, "symmetry": false}, "bias": {"bit_width": 32}, "weights": {"per_channel": true}}}' cpu-per-channel
  /usr/bin/python3 bench/byom/torch_ao_ptq.py "$models/${arch}_fmnist.safetensors" "$arch" --threads "$(nproc)"
done
if [[ " ${archs[*]} " == *" mobilenet_v2 "* ]]; then
  echo "## mobilenet_v2 under the DPU config: cross-layer equalization and bias correction off and on, then ReLU6 to ReLU"
  echo "## (cle on, bias correction on, ReLU6 kept is the dpu-default safetensors row above)"
  for variant in '"include_cle": true, "include_bias_corr": false' '"include_cle": false, "include_bias_corr": true' \
                 '"include_cle": false, "include_bias_corr": false' '"convert_relu6_to_relu": true'; do
    label=$(echo "$variant" | tr -d '" ' | tr ':,' '-_')
    run mobilenet_v2 safetensors int8_config.json DPUCZDX8G "{$variant}" "$label"
  done
fi
