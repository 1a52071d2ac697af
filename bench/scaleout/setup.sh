#!/usr/bin/env bash
# Sourced by the scale-out benchmarks: a copy of the built distribution with the Spark add-on
# unpacked over it, in $work/qforge (build first: mvn -B -q -DskipTests install).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dist=$(ls -d "$repo"/distribution/target/qforge-*/qforge-* | head -1)
addon=$(ls -d "$repo"/spark/target/qforge-spark-*-addon/qforge-* | head -1)
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
rm -rf "$work/qforge"
cp -r "$dist" "$work/qforge"
cp -r "$addon/lib/spark" "$work/qforge/lib/"
qforge="$work/qforge/bin/qforge"
# One backbone cache for every run: the default model is pretrained once.
export QFORGE_CACHE="$work/cache"
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), commit $(git -C "$repo" rev-parse --short HEAD), work $work"
