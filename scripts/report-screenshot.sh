#!/usr/bin/env bash
# Renders a qforge report.html in headless Chromium (Debian's chromium) and saves a PNG of it.
#   scripts/report-screenshot.sh out/fmnist-transfer/report.html docs/report.png
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 REPORT.html OUT.png" >&2
  exit 2
fi
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "$0: no chromium on the PATH; install Debian's chromium (scripts/install-prerequisites.sh does)" >&2
  exit 2
fi
report=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
# --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
"$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,3000 \
  --screenshot="$out" "file://$report" >/dev/null 2>&1
test -s "$out"
echo "wrote $out"
