#!/usr/bin/env bash
# One command from a fresh clone: install prerequisites, build the distribution, then run the main
# job on the embedded default with `qforge run` and no config: the offline Fashion-MNIST transfer
# (ResNet18 pretrained on classes 0-4, transferred to 5-9), int8 quantization with the shipped
# Vitis AI DPU config, KV260 inspection and compilation, evaluation, and out/fmnist-transfer/report.html.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-prerequisites.sh
# The distribution and what it needs; the Spark add-on (spark/) is not part of the main job.
mvn -B -q -DskipTests install -pl distribution -am
qforge=$(ls distribution/target/qforge-*/qforge-*/bin/qforge)
"$qforge" --version
"$qforge" run
