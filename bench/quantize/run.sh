#!/usr/bin/env bash
# Post-training quantization of the transfer model of examples/fmnist-transfer.json with each
# calibration method, each with cross-layer equalization and bias correction on and off, each for
# the target its settings are for (CPU rows: onnxruntime-cpu; DPU rows: the KV260; the 16-bit rows:
# no target, a simulation): float and simulated-int top-1 on the 5,000 test images, the drop, the
# agreement, the mean SQNR and the calibration time. Needs the distribution built and the model
# trained (qforge train examples/fmnist-transfer.json, which writes out/fmnist-transfer/).
#
#   bench/quantize/run.sh
#   ROWS='percentile|entropy' bench/quantize/run.sh    # only the rows whose label matches the regex
set -euo pipefail
cd "$(dirname "$0")/../.."
# Both sides wait passively, as bin/qforge does (docs/performance.md).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
qforge=$(ls distribution/target/qforge-*/qforge-*/bin/qforge)
checkpoint=out/fmnist-transfer/checkpoint/model.safetensors
[ -f "$checkpoint" ] || { echo "train first: $qforge train examples/fmnist-transfer.json" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "| config | CLE | bias corr. | float top-1 | quantized top-1 | drop (points) | agreement | mean SQNR (dB) | calibration (s) | bias corr. (s) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
methods=(
  "dpu-default (diffs, power of two)|\"target_device\": \"DPU\", \"tensor_quantize_config\": {\"activation\": {\"round_mode\": \"half_up\"}}"
  "cpu maxmin, float scale|\"target_device\": \"CPU\", \"overall_quantize_config\": {\"method\": \"maxmin\"}"
  "cpu percentile, float scale|\"target_device\": \"CPU\", \"overall_quantize_config\": {\"method\": \"percentile\"}"
  "cpu entropy, float scale|\"target_device\": \"CPU\", \"overall_quantize_config\": {\"method\": \"entropy\"}"
  "cpu mse, float scale|\"target_device\": \"CPU\", \"overall_quantize_config\": {\"method\": \"mse\"}"
  "dpu, first/last/add layers at 16 bits|\"target_device\": \"DPU\", \"keep_first_last_layer_accuracy\": true, \"keep_add_layer_accuracy\": true, \"tensor_quantize_config\": {\"activation\": {\"round_mode\": \"half_up\"}}"
)
variants=()
for m in "${methods[@]}"; do
  [[ -z "${ROWS:-}" || "${m%%|*}" =~ ${ROWS} ]] || continue
  for cle in true false; do
    for bc in true false; do
      variants+=("${m%%|*}|$cle|$bc|{\"include_cle\": $cle, \"include_bias_corr\": $bc, ${m#*|}}")
    done
  done
done
i=0
for v in "${variants[@]}"; do
  IFS='|' read -r label cle bc quant <<< "$v"
  i=$((i + 1))
  name="q$i"
  python3 - "$name" "$quant" "$work/$name.json" <<'PY'
import json, sys
c = json.load(open("examples/fmnist-transfer.json"))
c["name"] = sys.argv[1]
q = json.loads(sys.argv[2])
c["quantization"] = q
# Each row names its target here rather than inheriting the example's (a target added to
# examples/fmnist-transfer.json once turned the CPU rows into DPU rows without a word): the CPU
# rows for ONNX Runtime, whose rules then apply (e.g. int32 biases); the 16-bit rows for no
# target, a simulation kept as written (the DPU computes 8 bits only); the DPU rows for the KV260.
if q["target_device"] == "CPU":
    c["target"] = {"type": "onnxruntime-cpu"}
elif q.get("keep_first_last_layer_accuracy"):
    c.pop("target", None)
else:
    c["target"] = {"type": "dpuczdx8g", "preset": "KV260"}
json.dump(c, open(sys.argv[3], "w"), indent=2)
PY
  "$qforge" quantize "$work/$name.json" --checkpoint "$checkpoint" --out "$work/out" > "$work/$name.log" 2>&1 || { cat "$work/$name.log" >&2; exit 1; }
  # The row's label must be what ran: the log names the target whose rules quantized it.
  expected="for target onnxruntime-cpu"
  case "$label" in dpu,*) expected="for no target";; dpu*) expected="for target dpuczdx8g";; esac
  grep -q "$expected" "$work/$name.log" || { echo "row '$label' did not run $expected:" >&2; cat "$work/$name.log" >&2; exit 1; }
  python3 - "$work/out/$name/quantized/report.json" "$label" "$cle" "$bc" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); e = r["evaluation"]
on = lambda v: "on" if v == "true" else "off"
print(f"| {sys.argv[2]} | {on(sys.argv[3])} | {on(sys.argv[4])} | {100*e['float_top1']:.2f} % | {100*e['quantized_top1']:.2f} % | "
      f"{100*(e['float_top1']-e['quantized_top1']):.2f} | {100*e['agreement']:.2f} % | {r['mean_sqnr_db']:.1f} | "
      f"{r['calibration_seconds']:.1f} | {sum(p['seconds'] for p in r['passes'] if p['name'] == 'bias-correction'):.1f} |")
PY
done
