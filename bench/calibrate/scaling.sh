#!/usr/bin/env bash
# Calibration time and peak memory against the number of calibration images
# (CalibrationScaling.java), one JVM per run so that each peak is its own: the default model's
# ResNet18 at 32x32 on 100, 1,000 and 5,000 images, and ResNet50 at 224x224 on 100 and 1,000,
# both with the shipped DPU config (diffs). Needs the distribution built (mvn -DskipTests install).
#
#   bench/calibrate/scaling.sh [QUANT_CONFIG]
set -euo pipefail
cd "$(dirname "$0")/../.."
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
config=${1:-examples/int8_config.json}
lib=$(ls -d distribution/target/qforge-*/qforge-*/lib)
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1), $config"
for run in "resnet18 32 100 50" "resnet18 32 1000 50" "resnet18 32 5000 50" "resnet50 224 100 25" "resnet50 224 1000 25"; do
  # shellcheck disable=SC2086
  java -Dai.djl.offline=true -cp "$lib/*" bench/calibrate/CalibrationScaling.java $run "$config" 2>/dev/null
done
