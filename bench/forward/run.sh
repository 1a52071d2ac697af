#!/usr/bin/env bash
# Float forward throughput: qforge's executor against PyTorch eager, ResNet18, same machine and
# run, interleaved so that both see the same machine load. Needs the distribution built
# (mvn -DskipTests package) and Debian's python3-torch and python3-torchvision. OpenMP threads
# wait passively in both, so that a busy neighbour on a shared machine does not starve them.
#
#   bench/forward/run.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
export OMP_WAIT_POLICY=PASSIVE
lib=$(ls -d distribution/target/qforge-*/qforge-*/lib)
threads=$(nproc)
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
for config in "16 224 3 10" "256 32 3 10"; do
  for round in $(seq "$rounds"); do
    # shellcheck disable=SC2086
    java -Dai.djl.offline=true -cp "$lib/*" bench/forward/ForwardBenchmark.java $config 2>/dev/null
    # shellcheck disable=SC2086
    /usr/bin/python3 bench/forward/pytorch_forward.py $config "$threads"
  done
done
