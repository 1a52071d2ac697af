#!/usr/bin/env bash
# Calibration time per image against the float forward alone (CalibrateBenchmark.java), then
# PyTorch's own post-training quantization (torch.ao FX graph mode, Debian python3-torch) on the
# same model and images as the peer, for time and for accuracy drop. Needs the distribution built
# (mvn -DskipTests install) and the transfer model trained
# (qforge train examples/fmnist-transfer.json, which writes out/fmnist-transfer/).
#
#   bench/calibrate/run.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
# Both sides wait passively, as bin/qforge does (docs/performance.md).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
rounds=${1:-3}
lib=$(ls -d distribution/target/qforge-*/qforge-*/lib)
checkpoint=out/fmnist-transfer/checkpoint/model.safetensors
[ -f "$checkpoint" ] || { echo "train first: bin/qforge train examples/fmnist-transfer.json" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
configs=()
for method in maxmin diffs; do
  echo "{\"target_device\": \"DPU\", \"overall_quantize_config\": {\"method\": \"$method\"}}" > "$work/dpu-$method.json"
  configs+=("dpu-$method=$work/dpu-$method.json")
done
for method in maxmin percentile entropy mse; do
  echo "{\"target_device\": \"CPU\", \"overall_quantize_config\": {\"method\": \"$method\"}}" > "$work/cpu-$method.json"
  configs+=("cpu-$method=$work/cpu-$method.json")
done
java -Dai.djl.offline=true -cp "$lib/*" bench/calibrate/CalibrateBenchmark.java examples/fmnist-transfer.json "$checkpoint" 10 32 "$rounds" "${configs[@]}" 2>/dev/null
/usr/bin/python3 bench/calibrate/torch_ao_ptq.py "$checkpoint" 10 32 "$(nproc)" 2>/dev/null
