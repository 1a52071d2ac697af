#!/usr/bin/env bash
# Training for deployment (issue 17): distillation and quantization-aware training, each beside
# its baseline in the same run. One JSON line per row.
#
#   distill: a ResNet18 student (the main job's backbone, pretrained here on Fashion-MNIST classes
#     0-4) learns classes 5-9 from a teacher: torchvision's resnet18 trained by PyTorch on all ten
#     classes (bench/byom/train_fmnist.py), whose logits of classes 5-9 teach it. At 100 images per
#     class (10 epochs) and at all 30,000 (1 epoch); the same student trained on the labels alone
#     (compare "no-teacher") beside it; the teacher's top-1 on the same test images; and the
#     seconds per epoch with the teacher's logits cached against recomputed for every batch.
#   qat: the PyTorch-trained MobileNetV2 (the hardest DPU case here: per-tensor power-of-two
#     scales on depthwise convolutions and ReLU6), taken as given: post-training quantization with
#     the shipped DPU config (KV260), then training mode qat, and qat with the float model as
#     teacher, on QAT_PER_CLASS images per class for QAT_EPOCHS epochs; beside PyTorch's own QAT
#     (torch.ao FX) of the same checkpoint on as many images, in the same run.
#
#   distill-timing: the seconds per epoch of the distilled student on all 30,000 images, 2 epochs,
#     with the teacher's logits cached (computed once, before the first epoch) and recomputed for
#     every batch, one run after the other.
#   qat-tuned: the same MobileNetV2 under the config `qforge tune --max-drop 0.3` chose for it in
#     docs/benchmarks.md (the shipped config with convert_relu6_to_relu, which the DPU runs as
#     ReLU), post-training and with qat plus distillation from the float model.
#
#   bench/deploy/run.sh [distill|distill-timing|qat|qat-tuned ...]      (default: distill qat)
#   QAT_PER_CLASS (default 500, or all), QAT_EPOCHS (default 2)
# Needs the distribution built, Debian's python3-torch, and out/byom/{resnet18,mobilenet_v2}_fmnist.*
# (bench/byom/train_fmnist.py; see docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
# Both sides wait passively, as bin/qforge does (docs/performance.md).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
qforge=$(ls distribution/target/qforge-*/qforge-*/bin/qforge)
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(distill qat)
for part in "${parts[@]}"; do
  case $part in distill|distill-timing|qat|qat-tuned) ;; *) echo "unknown part $part: distill, distill-timing, qat or qat-tuned" >&2; exit 2 ;; esac
done
QAT_PER_CLASS=${QAT_PER_CLASS:-500}
QAT_EPOCHS=${QAT_EPOCHS:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"

# config KIND NAME JSON_OVERRIDES: writes $work/NAME.json.
config() {
  python3 - "$work/$2.json" "$1" "$2" "$3" "$PWD" <<'PY'
import json, sys
out, kind, name, overrides, repo = sys.argv[1:]
pp = {"height": 32, "width": 32, "resize": "pad", "grayscale_to_rgb": True, "mean": [0.286], "std": [0.353], "random_flip": True}
if kind == "distill":
    main = json.load(open(f"{repo}/examples/fmnist-transfer.json"))
    teacher_classes = json.load(open(f"{repo}/out/byom/resnet18_fmnist.json"))["classes"]
    config = {"seed": 42, "backbone": main["backbone"], "dataset": {"type": "fashion-mnist", "classes": "5-9"}, "preprocessing": pp,
              "training": {"mode": "distill", "batch_size": 64, "optimizer": "adam", "learning_rate": 0.001, "schedule": "cosine",
                           "teacher": {"type": "resnet18", "weights": f"{repo}/out/byom/resnet18_fmnist.safetensors", "classes": teacher_classes},
                           "temperature": 4.0, "alpha": 0.9, "compare": ["no-teacher"]}}
else:
    model = "mobilenet_v2"
    quantization = json.load(open(f"{repo}/examples/int8_config.json"))
    if kind == "qat-tuned":
        quantization["convert_relu6_to_relu"] = True
    classes = json.load(open(f"{repo}/out/byom/{model}_fmnist.json"))["classes"]
    config = {"seed": 42, "backbone": {"type": model, "weights": f"{repo}/out/byom/{model}_fmnist.safetensors", "classes": classes},
              "dataset": {"type": "fashion-mnist"}, "preprocessing": pp,
              "training": {"mode": "none", "batch_size": 32}, "quantization": quantization,
              "target": {"type": "DPUCZDX8G", "preset": "KV260"}}
config["name"] = name
for path, value in json.loads(overrides).items():
    node = config
    keys = path.split(".")
    for k in keys[:-1]:
        node = node.setdefault(k, {})
    node[keys[-1]] = value
json.dump(config, open(out, "w"), indent=2)
PY
}

# distilled NAME OVERRIDES: qforge train, then one JSON line from its training.json.
distilled() {
  config distill "$1" "$2"
  "$qforge" train "$work/$1.json" --out "$work/out" > "$work/$1.log" 2> "$work/$1.err" || { cat "$work/$1.err" >&2; exit 1; }
  python3 - "$work/out/$1/training.json" "$1" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
def epoch_seconds(r):
    return round(sum(e["seconds"] for e in r["epochs"]) / len(r["epochs"]), 1)
row = {"run": sys.argv[2], "train_images": t["train_images"], "epochs": len(t["result"]["epochs"]),
       "teacher_top1": round(100 * t["teacher"]["test_accuracy"], 2), "student_top1": round(100 * t["result"]["test_accuracy"], 2),
       "student_epoch_s": epoch_seconds(t["result"]), "teacher_logits_cached": t["teacher"]["logits_cached"],
       "teacher_cache_s": round(t["teacher"]["cache_seconds"], 1)}
if "no-teacher" in t["comparisons"]:
    r = t["comparisons"]["no-teacher"]
    row.update({"no_teacher_top1": round(100 * r["test_accuracy"], 2), "no_teacher_epoch_s": epoch_seconds(r)})
print(json.dumps(row))
PY
}

# quantized NAME LABEL OVERRIDES [KIND]: qforge run, then one JSON line from its reports.
quantized() {
  config "${4:-qat}" "$1" "$3"
  /usr/bin/time -v "$qforge" run "$work/$1.json" --out "$work/out" > "$work/$1.log" 2> "$work/$1.err" || { cat "$work/$1.err" >&2; exit 1; }
  python3 - "$work/out/$1" "$2" "$work/$1.err" <<'PY'
import json, re, sys
run, label, err = sys.argv[1:]
r = json.load(open(f"{run}/report.json"))
q = json.load(open(f"{run}/quantized/report.json"))
a = r["accuracy"]
row = {"model": "mobilenet_v2", "quantization": label, "fp32_top1": round(100 * a["float_top1"], 2), "int8_top1": round(100 * a["quantized_top1"], 2),
       "drop": round(100 * (a["float_top1"] - a["quantized_top1"]), 2),
       "integer_check_agreement": round(100 * r["target"]["integer_check"]["agreement"], 2)}
if q.get("qat"):
    row.update({"epochs": len(q["qat"]["epochs"]), "qat_s": round(q["qat"]["seconds"], 1),
                "epoch_top1": [round(100 * e["test_accuracy"], 2) for e in q["qat"]["epochs"]]})
row["peak_rss_mb"] = round(int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(err).read()).group(1)) / 1024)
print(json.dumps(row))
PY
}

per_class=$([ "$QAT_PER_CLASS" = all ] && echo '"all"' || echo "$QAT_PER_CLASS")
qat="{\"training.mode\": \"qat\", \"training.epochs\": $QAT_EPOCHS, \"training.learning_rate\": 0.0001, \"dataset.samples_per_class\": $per_class}"
qat_kd="${qat%\}}, \"training.teacher\": \"float-model\"}"
for part in "${parts[@]}"; do
  echo "## $part"
  if [ "$part" = distill ]; then
    distilled distill-100 '{"dataset.samples_per_class": 100, "training.epochs": 10}'
    distilled distill-100-live '{"dataset.samples_per_class": 100, "training.epochs": 3, "training.cache_teacher_logits": false, "training.compare": []}'
    distilled distill-100-cached '{"dataset.samples_per_class": 100, "training.epochs": 3, "training.compare": []}'
    distilled distill-all '{"training.epochs": 1}'
  elif [ "$part" = distill-timing ]; then
    distilled distill-all-cached '{"training.epochs": 2, "training.compare": []}'
    distilled distill-all-live '{"training.epochs": 2, "training.compare": [], "training.cache_teacher_logits": false}'
  elif [ "$part" = qat-tuned ]; then
    quantized mnv2-relu-ptq "post-training, convert_relu6_to_relu" '{}' qat-tuned
    quantized mnv2-relu-qat-kd "qat + distillation, convert_relu6_to_relu, $QAT_PER_CLASS per class, $QAT_EPOCHS epochs" "$qat_kd" qat-tuned
  else
    quantized mnv2-ptq "post-training (shipped DPU config)" '{}'
    quantized mnv2-qat "qat, $QAT_PER_CLASS per class, $QAT_EPOCHS epochs" "$qat"
    quantized mnv2-qat-kd "qat + distillation from the float model" "$qat_kd"
    /usr/bin/python3 bench/deploy/torch_ao_qat.py out/byom/mobilenet_v2_fmnist.safetensors mobilenet_v2 --per-class "$QAT_PER_CLASS" \
      --epochs "$QAT_EPOCHS" --threads "$(nproc)" 2>/dev/null
  fi
done
