#!/usr/bin/env bash
# One command from a fresh clone: install prerequisites, build the distribution, then run the main
# job on the embedded default.
#
# The main job: the offline Fashion-MNIST transfer (ResNet18 pretrained on classes 0-4, transferred
# to 5-9), then int8 quantization with the shipped Vitis AI DPU config and compilation for the
# KV260 (qforge compile quantizes under the target's rules, then writes compiled/). When
# `qforge run` exists, this script runs it with no argument.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-prerequisites.sh
mvn -B -q -DskipTests install
qforge=$(ls distribution/target/qforge-*/qforge-*/bin/qforge)
"$qforge" --version
"$qforge" validate examples/int8_config.json > /dev/null
"$qforge" train examples/fmnist-transfer.json
"$qforge" inspect examples/fmnist-transfer.json
"$qforge" compile examples/fmnist-transfer.json
