#!/usr/bin/env bash
# One training step (forward, cross-entropy, backward, Adam) of ResNet18 on random data: qforge's
# training path against PyTorch eager, same machine and run, interleaved round by round so that
# both see the same machine load. Needs the distribution built (mvn -DskipTests package) and
# Debian's python3-torch and python3-torchvision. OpenMP threads wait passively in both, so that
# a busy neighbour on a shared machine does not starve them.
#
#   bench/train/run.sh [ROUNDS] [BATCH SIZE CLASSES WARMUP ITERATIONS]   (default: 5 64 32 10 3 10)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
shift || true
config=${*:-64 32 10 3 10}
export OMP_WAIT_POLICY=PASSIVE
lib=$(ls -d distribution/target/qforge-*/qforge-*/lib)
threads=$(nproc)
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
qforge() {
  # shellcheck disable=SC2086
  java -Dai.djl.offline=true -cp "$lib/*" bench/train/TrainBenchmark.java $config 2>/dev/null
}
pytorch() {
  # shellcheck disable=SC2086
  /usr/bin/python3 bench/train/pytorch_train.py $config "$threads"
}
# Each round runs both; they take turns going first, so that a neighbour's load that rises or
# falls during a round is not always met by the same one.
for round in $(seq "$rounds"); do
  if (( round % 2 )); then qforge; pytorch; else pytorch; qforge; fi
done
