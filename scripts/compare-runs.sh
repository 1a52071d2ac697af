#!/usr/bin/env bash
# Compares two run folders of `qforge run` (for example the same config run by two builds of
# qforge): every artifact of the checkpoint, quantized/ and compiled/ byte for byte, reports and logs
# aside (a safetensors file also counts as the same when only its header's key order differs), then
# the headline figures of each report.json.
#
#   scripts/compare-runs.sh OLD/out/fmnist-transfer NEW/out/fmnist-transfer
set -euo pipefail
a=$1
b=$2
status=0

# Safetensors: an 8-byte little-endian header length, a JSON header, then the tensor bytes.
same_safetensors() {
  python3 - "$1" "$2" <<'PY'
import json, struct, sys
def parts(path):
    data = open(path, "rb").read()
    n = struct.unpack("<Q", data[:8])[0]
    return json.loads(data[8:8 + n]), data[8 + n:]
sys.exit(0 if parts(sys.argv[1]) == parts(sys.argv[2]) else 1)
PY
}
while IFS= read -r f; do
  if [ ! -f "$b/$f" ]; then
    echo "only in $a: $f"; status=1
  elif cmp -s "$a/$f" "$b/$f"; then
    echo "same    $f"
  elif [[ $f == *.safetensors ]] && same_safetensors "$a/$f" "$b/$f"; then
    echo "same    $f (the same header as JSON and the same tensor bytes; the header's keys in another order)"
  else
    echo "differ  $f"; status=1
  fi
done < <(cd "$a" && find checkpoint quantized compiled -type f ! -name report.json ! -name compile_report.json ! -name config.json ! -name '*.log' | sort)
python3 - "$a" "$b" <<'PY'
import json, sys
for run in sys.argv[1:]:
    r = json.load(open(run + "/report.json"))
    a, t = r["accuracy"], r["target"]
    check = t.get("integer_check") or {}
    print(f"{run}: transfer {100*a['transfer_top1']:.2f} %, float {100*a['float_top1']:.2f} %, int8 {100*a['quantized_top1']:.2f} %, "
          f"agreement {100*a['agreement']:.2f} %, mean SQNR {a['mean_sqnr_db']:.2f} dB, integer model = simulation on "
          f"{100*check.get('agreement', float('nan')):.2f} %")
PY
exit $status
