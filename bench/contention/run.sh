#!/usr/bin/env bash
# Throughput of qforge when it shares the machine: the float forward (bench/forward) and the
# training step (bench/train) of one process alone, of each of two processes started together,
# and of one beside `stress-ng --cpu 1` (a single-threaded CPU hog), under each OpenMP waiting
# setting given (default: passive, active, and a bounded spin of GNU OpenMP). A setting is one
# environment assignment: OMP_WAIT_POLICY=PASSIVE|ACTIVE, or GOMP_SPINCOUNT=N (how many times an
# idle thread polls before it sleeps; OMP_WAIT_POLICY is then left unset). Needs the distribution
# built (mvn -DskipTests install) and Debian's stress-ng.
#
#   bench/contention/run.sh [ROUNDS [SETTING...]]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-2}
shift || true
settings=("$@")
(( ${#settings[@]} )) || settings=(OMP_WAIT_POLICY=PASSIVE OMP_WAIT_POLICY=ACTIVE GOMP_SPINCOUNT=30000)
lib=$(ls -d distribution/target/qforge-*/qforge-*/lib)
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
work=$(mktemp -d)
trap 'rm -rf "$work"; pkill -f "stress-ng --cpu 1" 2>/dev/null || true' EXIT

# name and command line of each workload; each prints one JSON line with "median_img_s"
workloads=("forward 224x224 batch 16|bench/forward/ForwardBenchmark.java 16 224 3 10"
           "forward 32x32 batch 256|bench/forward/ForwardBenchmark.java 256 32 3 10")
if [ -f bench/train/TrainBenchmark.java ]; then
  workloads+=("training step 32x32 batch 64|bench/train/TrainBenchmark.java 64 32 10 3 10")
fi

speed() { grep '"impl": "qforge"' "$1" | sed -n 's/.*"median_img_s": \([0-9.]*\).*/\1/p'; }
run() { java -Dai.djl.offline=true -cp "$lib/*" $1 > "$2" 2>/dev/null; }

for setting in "${settings[@]}"; do
  unset OMP_WAIT_POLICY GOMP_SPINCOUNT
  export "${setting?}"
  for w in "${workloads[@]}"; do
    name=${w%%|*}
    cmd=${w#*|}
    for round in $(seq "$rounds"); do
      run "$cmd" "$work/alone"
      run "$cmd" "$work/a" & a=$!
      run "$cmd" "$work/b" & b=$!
      wait $a $b
      stress-ng --cpu 1 --timeout 600s --quiet & hog=$!
      sleep 1
      run "$cmd" "$work/hog"
      kill $hog; wait $hog 2>/dev/null || true
      printf '{"workload": "%s", "setting": "%s", "round": %d, "alone_img_s": %s, "two_at_once_img_s": [%s, %s], "beside_stress_ng_img_s": %s}\n' \
        "$name" "$setting" "$round" "$(speed "$work/alone")" "$(speed "$work/a")" "$(speed "$work/b")" "$(speed "$work/hog")"
    done
  done
done
