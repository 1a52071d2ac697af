#!/usr/bin/env bash
# Feature extraction with cached features against the naive loop of the seed article (the frozen
# backbone runs again in every epoch), both 20 epochs on the same data: the shipped Fashion-MNIST
# experiment without its comparison runs. Needs the distribution built (mvn -DskipTests install).
# The pretrained backbone comes from the qforge cache (made on first use; not timed here).
#
#   bench/transfer/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
# Both sides wait passively, as bin/qforge does (docs/performance.md).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
qforge=$(ls distribution/target/qforge-*/qforge-*/bin/qforge)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp examples/int8_config.json "$work/"
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for cache in true false; do
  python3 - "$cache" "$work/transfer-$cache.json" <<'PY'
import json, sys
c = json.load(open("examples/fmnist-transfer.json"))
c["name"] = "transfer-cache-" + sys.argv[1]
c["training"]["cache_features"] = sys.argv[1] == "true"
c["training"].pop("compare", None)
c["training"].pop("fine_tune", None)
json.dump(c, open(sys.argv[2], "w"), indent=2)
PY
  if ! "$qforge" train "$work/transfer-$cache.json" --out "$work/out" > "$work/log-$cache.txt" 2>&1; then
    cat "$work/log-$cache.txt" >&2
    exit 1
  fi
  python3 - "$work/out/transfer-cache-$cache/training.json" "$cache" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["result"]
print(json.dumps({"cache_features": sys.argv[2] == "true", "epochs": len(r["epochs"]),
                  "seconds": round(r["seconds"], 1), "test_accuracy": r["test_accuracy"]}))
PY
done
