#!/usr/bin/env bash
# Accuracy recovery (issue 16): for each model, the shipped DPU config (KV260) as is, with fast
# finetune ("include_fast_ft"), with AdaRound ("include_adaround"), and what `qforge tune
# --max-drop 0.3 --trials 8` chose, beside PyTorch's torch.ao PTQ of the same model in the same
# run. Each qforge row is a `qforge run` under /usr/bin/time -v: its float and int8 top-1 on the
# whole test split, the seconds of calibration and of each reconstruction pass (from
# quantized/report.json), the most one layer's samples held, and the process's peak RSS.
# Models: "main" is the main job's transfer model (out/fmnist-transfer, from scripts/main-job.sh
# or `qforge run`); resnet18 and mobilenet_v2 are PyTorch-trained (bench/byom/train_fmnist.py)
# and taken as given. "per1000" is the cost per 1,000 calibration images: the PyTorch-trained
# ResNet18 calibrated on 32 batches of 32 (1,024 images), plain, with fast finetune and with
# AdaRound. Needs the distribution built and Debian's python3-torch.
#
#   bench/accuracy/run.sh [main|resnet18|mobilenet_v2|per1000 ...]     (default: the first three)
set -euo pipefail
cd "$(dirname "$0")/../.."
# Both sides wait passively, as bin/qforge does (docs/performance.md).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
qforge=$(ls distribution/target/qforge-*/qforge-*/bin/qforge)
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(main resnet18 mobilenet_v2)
for model in "${models[@]}"; do
  case $model in main|resnet18|mobilenet_v2|per1000) ;; *) echo "unknown model $model: main, resnet18, mobilenet_v2 or per1000" >&2; exit 2 ;; esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"

# config MODEL NAME CALIBRATION_JSON: the run config of MODEL with CALIBRATION_JSON merged into its calibration section.
config() {
  python3 - "$work/$2.json" "$1" "$2" "$3" "$PWD" <<'PY'
import json, sys
out, model, name, calibration, repo = sys.argv[1:]
if model == "main":
    config = json.load(open(f"{repo}/examples/fmnist-transfer.json"))
    config.pop("$schema", None)
    config["quantization"] = f"{repo}/examples/int8_config.json"
else:
    classes = json.load(open(f"{repo}/out/byom/{model}_fmnist.json"))["classes"]
    config = {"seed": 42, "backbone": {"type": model, "weights": f"{repo}/out/byom/{model}_fmnist.safetensors", "classes": classes},
              "dataset": {"type": "fashion-mnist"},
              "preprocessing": {"height": 32, "width": 32, "resize": "pad", "grayscale_to_rgb": True, "mean": [0.286], "std": [0.353]},
              "training": {"mode": "none", "batch_size": 256}, "quantization": f"{repo}/examples/int8_config.json",
              "target": {"type": "DPUCZDX8G", "preset": "KV260"}}
config["name"] = name
config.setdefault("calibration", {}).update(json.loads(calibration))
json.dump(config, open(out, "w"), indent=2)
PY
  # The main job's model is trained once, by the main job: each run starts from a copy of its run folder.
  if [ "$1" = main ]; then
    mkdir -p "$work/out/$2"
    cp -r out/fmnist-transfer/checkpoint out/fmnist-transfer/training.json out/fmnist-transfer/stages.json "$work/out/$2/"
  fi
}

# row MODEL LABEL CALIBRATION_JSON: one qforge run, one JSON line.
row() {
  local name="$1-$2"
  config "$1" "$name" "$3"
  /usr/bin/time -v "$qforge" run "$work/$name.json" --out "$work/out" > "$work/$name.log" 2> "$work/$name.err" || { cat "$work/$name.log" "$work/$name.err" >&2; exit 1; }
  python3 - "$work/out/$name" "$1" "$2" "$work/$name.err" <<'PY'
import json, re, sys
run, model, label, err = sys.argv[1:]
r = json.load(open(f"{run}/report.json"))
q = json.load(open(f"{run}/quantized/report.json"))
a = r["accuracy"]
passes = {p["name"]: p for p in q["passes"]}
row = {"model": model, "quantization": label, "fp32_top1": round(100 * a["float_top1"], 2), "int8_top1": round(100 * a["quantized_top1"], 2),
       "drop": round(100 * (a["float_top1"] - a["quantized_top1"]), 2), "agreement": round(100 * a["agreement"], 2),
       "mean_sqnr_db": round(q["mean_sqnr_db"], 1), "calibration_images": q["calibration_images"],
       "calibrate_s": round(passes["calibrate"]["seconds"], 1)}
for name in ("adaround", "fast-finetune"):
    if name in passes:
        row[name + "_s"] = round(passes[name]["seconds"], 1)
        row[name + "_layers"] = passes[name]["changes"][0].split(";")[0]
        row[name + "_layer_samples_mb"] = float(re.search(r"held at most ([\d.]+) MB", passes[name]["changes"][0]).group(1))
row["peak_rss_mb"] = round(int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(err).read()).group(1)) / 1024)
print(json.dumps(row))
PY
}

# tuned MODEL: qforge tune on the shipped config, then what it chose.
tuned() {
  local name="$1-tune"
  config "$1" "$name" '{}'
  local start=$SECONDS
  "$qforge" tune "$work/$name.json" --out "$work/out" --max-drop 0.3 --trials 8 > "$work/$name.log" 2> "$work/$name.err" || [ $? -eq 4 ] \
    || { cat "$work/$name.log" "$work/$name.err" >&2; exit 1; }
  python3 - "$work/out/$name/tune/tune.json" "$1" "$((SECONDS - start))" <<'PY'
import json, sys
path, model, seconds = sys.argv[1:]
t = json.load(open(path))
chosen = next(x for x in t["trials"] if x["key"] == t["chosen"])
settings = ", ".join(f"{k.split('.')[-1]}={v}" for k, v in chosen["trial"]["settings"].items()) or "as configured"
print(json.dumps({"model": model, "quantization": "qforge tune --max-drop 0.3: " + settings,
                  "fp32_top1": round(100 * chosen["test_float_top1"], 2), "int8_top1": round(100 * chosen["test_top1"], 2),
                  "drop": round(100 * (chosen["test_float_top1"] - chosen["test_top1"]), 2),
                  "scored_on": t["scored_on"], "scoring_drop": round(100 * (t["float_top1"] - chosen["top1"]), 2),
                  "trials": sum(1 for x in t["trials"] if x["outcome"] != "refused"), "within_budget": t["within_budget"],
                  "stopped": t["stopped"], "seconds": int(seconds)}))
PY
}

for model in "${models[@]}"; do
  echo "## $model"
  if [ "$model" = per1000 ]; then
    row resnet18 plain-1024 '{"batches": 32}'
    row resnet18 fast-finetune-1024 '{"batches": 32, "include_fast_ft": true}'
    row resnet18 adaround-1024 '{"batches": 32, "include_adaround": true}'
    continue
  fi
  row "$model" dpu-default '{}'
  row "$model" fast-finetune '{"include_fast_ft": true}'
  row "$model" adaround '{"include_adaround": true}'
  tuned "$model"
  if [ "$model" = main ]; then
    /usr/bin/python3 bench/calibrate/torch_ao_ptq.py out/fmnist-transfer/checkpoint/model.safetensors 10 32 "$(nproc)" 2>/dev/null
  else
    /usr/bin/python3 bench/byom/torch_ao_ptq.py "out/byom/${model}_fmnist.safetensors" "$model" --threads "$(nproc)" 2>/dev/null
  fi
done
