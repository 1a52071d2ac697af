#!/usr/bin/env bash
# One command from a fresh clone: install prerequisites, build the distribution, then run the main
# job on the embedded default.
#
# The main job's first two stages are built: the offline Fashion-MNIST transfer (ResNet18
# pretrained on classes 0-4, transferred to 5-9), then int8 quantization with the shipped Vitis AI
# DPU config. KV260 compilation joins them when its issue lands; when `qforge run` exists, this
# script runs it with no argument.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-prerequisites.sh
mvn -B -q -DskipTests install
qforge=$(ls distribution/target/qforge-*/qforge-*/bin/qforge)
"$qforge" --version
"$qforge" validate examples/int8_config.json > /dev/null
"$qforge" train examples/fmnist-transfer.json
"$qforge" quantize examples/fmnist-transfer.json
