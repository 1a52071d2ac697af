#!/usr/bin/env bash
# The README's main job as a new user meets it, timed: a fresh clone of this repository's HEAD,
# `mvn -B -q -DskipTests install -pl distribution -am` as scripts/main-job.sh builds it (the
# prerequisites already installed, Maven's repository warm), then `qforge run` on the embedded
# default with an empty backbone cache, so that pretraining is included. Prints the build's and
# the run's wall time and the run's peak resident memory (GNU time's maximum resident set size of
# the qforge JVM).
#
#   bench/mainjob/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q . "$work/qforge"
cd "$work/qforge"
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), commit $(git rev-parse --short HEAD)"
start=$(date +%s.%N)
mvn -B -q -DskipTests install -pl distribution -am > "$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 1; }
built=$(date +%s.%N)
qforge=$(ls distribution/target/qforge-*/qforge-*/bin/qforge)
QFORGE_CACHE="$work/cache" /usr/bin/time -v -o "$work/time.txt" "$qforge" run > "$work/run.log" 2>&1 || { tail -20 "$work/run.log"; exit 1; }
ran=$(date +%s.%N)
# qforge run's closing summary: from its first line to the end
sed -n '/^qforge run .*: done in/,$p' "$work/run.log"
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
awk -v s="$start" -v b="$built" -v r="$ran" -v rss="$rss" 'BEGIN {
  printf "{\"build_s\": %.0f, \"run_s\": %.0f, \"total_s\": %.0f, \"run_peak_rss_mib\": %.0f}\n", b - s, r - b, r - s, rss / 1024 }'
