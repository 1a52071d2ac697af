#!/usr/bin/env bash
# One command from a fresh clone: install prerequisites, build the distribution, then run the main
# job on the embedded default.
#
# The main job's first stage is built: the offline Fashion-MNIST transfer (ResNet18 pretrained
# on classes 0-4, transferred to 5-9). Quantization and KV260 compilation join it as their issues
# land; when `qforge run` exists, this script runs it with no argument.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-prerequisites.sh
mvn -B -q -DskipTests install
qforge=$(ls distribution/target/qforge-*/qforge-*/bin/qforge)
"$qforge" --version
"$qforge" validate examples/int8_config.json > /dev/null
"$qforge" train examples/fmnist-transfer.json
