#!/usr/bin/env bash
# One command from a fresh clone: install prerequisites, build the distribution, then run the main
# job on the embedded default.
#
# Foundation stage: the pipeline stages (ResNet18, transfer learning, quantization, KV260
# compilation) are not built yet, so the "main job" today lists the plugins, validates the
# shipped Vitis AI config and prints ResNet18's summary. When `qforge run` lands, this script
# runs it with no argument.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-prerequisites.sh
mvn -B -q -DskipTests install
qforge=$(ls distribution/target/qforge-*/qforge-*/bin/qforge)
"$qforge" --version
"$qforge" plugins
"$qforge" validate examples/int8_config.json
"$qforge" summary --backbone resnet18 --input 3x224x224
