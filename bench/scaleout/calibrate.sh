#!/usr/bin/env bash
# Calibration of 5,000 images of the default model (examples/fmnist-transfer.json with 1,000
# training images per class, calibration 100 batches of 50, DPU config): qforge quantize with
# calibration.executor "local" and "spark" (local[2]) on the same checkpoint. Prints each
# calibration's time as quantized/report.json records it (for spark: from sending the job to the
# merge, Spark's start-up included) and whether the quant params are identical.
#
#   bench/scaleout/calibrate.sh
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cp "$repo/examples/int8_config.json" "$work/"
cd "$work"
for executor in local spark; do
  python3 - "$repo/examples/fmnist-transfer.json" "$executor" > "calibrate-$executor.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c.pop("$schema", None)
c["name"] = "calibrate-5000"
c["dataset"]["samples_per_class"] = 1000
c["training"].pop("compare", None)
c["training"].pop("fine_tune", None)
c["calibration"] = {"batches": 100, "batch_size": 50, "executor": sys.argv[2]}
print(json.dumps(c, indent=2))
PY
done
"$qforge" train calibrate-local.json --out trained > train.log 2>&1 || { tail -30 train.log; exit 1; }
checkpoint=trained/calibrate-5000/checkpoint/model.safetensors
for executor in local spark; do
  QFORGE_JAVA_OPTS="-Dspark.master=local[2]" "$qforge" quantize "calibrate-$executor.json" --checkpoint "$checkpoint" --out "$executor" \
    > "quantize-$executor.log" 2>&1 || { tail -30 "quantize-$executor.log"; exit 1; }
done
identical=$(cmp -s local/calibrate-5000/quantized/quant_params.json spark/calibrate-5000/quantized/quant_params.json && echo true || echo false)
python3 - "$identical" <<'PY'
import json, sys
a = json.load(open("local/calibrate-5000/quantized/report.json"))
b = json.load(open("spark/calibrate-5000/quantized/report.json"))
print(json.dumps({"images": a["calibration_images"], "local_s": round(a["calibration_seconds"], 1),
                  "spark_local2_s": round(b["calibration_seconds"], 1), "speedup": round(a["calibration_seconds"] / b["calibration_seconds"], 2),
                  "quant_params_identical": sys.argv[1] == "true"}))
PY
