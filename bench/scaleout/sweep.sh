#!/usr/bin/env bash
# qforge sweep of 8 quantization configs of the default model (examples/fmnist-transfer.json, DPU,
# KV260): method diffs/maxmin x CLE on/off x bias correction on/off. The same sweep file runs with
# --master local[1] (one trial after another, in one process) and local[2] (two at once); the
# default model is trained once, in the first, and its train/ folder copied to the second, so the
# two time the same trials. Prints both sweeps' trial wall times, their ratio, and whether every
# trial's quant params and xmodel are identical between the two.
#
#   bench/scaleout/sweep.sh
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cp "$repo/examples/fmnist-transfer.json" "$repo/examples/int8_config.json" "$work/"
cat > "$work/sweep.json" <<'JSON'
{
  "name": "dpu-8",
  "base": "fmnist-transfer.json",
  "grid": {
    "quantization.overall_quantize_config.method": ["diffs", "maxmin"],
    "quantization.include_cle": [true, false],
    "quantization.include_bias_corr": [true, false]
  }
}
JSON
cd "$work"
"$qforge" sweep sweep.json --out one-by-one --master 'local[1]' > one-by-one.log 2> one-by-one.err || { tail -30 one-by-one.err; exit 1; }
mkdir -p two-at-once/dpu-8
cp -r one-by-one/dpu-8/train two-at-once/dpu-8/
"$qforge" sweep sweep.json --out two-at-once --master 'local[2]' > two-at-once.log 2> two-at-once.err || { tail -30 two-at-once.err; exit 1; }
cat one-by-one.log two-at-once.log
same=0
for t in one-by-one/dpu-8/trials/*/; do
  name=$(basename "$t")
  xmodel=$(cd "$t" && ls compiled/*.xmodel)
  if cmp -s "$t/quantized/quant_params.json" "two-at-once/dpu-8/trials/$name/quantized/quant_params.json" \
     && cmp -s "$t/$xmodel" "two-at-once/dpu-8/trials/$name/$xmodel"; then
    same=$((same + 1))
  else
    echo "DIFFERENT: $name"
  fi
done
python3 - "$same" <<'PY'
import json, sys
a = json.load(open("one-by-one/dpu-8/sweep.json"))
b = json.load(open("two-at-once/dpu-8/sweep.json"))
print(json.dumps({"trials": len(a["trials"]), "identical_trials": int(sys.argv[1]),
                  "training_s": round(a["train_seconds"]), "trials_local1_s": round(a["trial_seconds"]),
                  "trials_local2_s": round(b["trial_seconds"]), "speedup": round(a["trial_seconds"] / b["trial_seconds"], 2),
                  "per_trial_local1_s": round(a["trial_seconds"] / len(a["trials"]), 1)}))
PY
