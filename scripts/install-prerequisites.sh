#!/usr/bin/env bash
# Installs what qforge's build, tests and main job need on a fresh Debian machine, from Debian's
# packages only: a JDK 17, Maven, the Fashion-MNIST dataset (the offline default), protoc and
# Chromium. Java libraries, including PyTorch's native library, come from Maven Central during the
# build.
set -euo pipefail

missing=()
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
[ -d /usr/share/datasets/fashion-mnist ] || missing+=(dataset-fashion-mnist)
command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)  # decodes xmodels in the DPU target's tests
command -v chromium >/dev/null 2>&1 || missing+=(chromium)  # renders report.html in the report's screenshot test
python3 -c "import numpy" >/dev/null 2>&1 || missing+=(python3-numpy)  # runs the board runner's preprocessing in its test

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} with apt-get"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
fi

java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${java_major%%.*}" -lt 17 ]; then
  echo "qforge needs Java 17 or newer; the default java is $java_major. Set JAVA_HOME to a JDK 17+." >&2
  exit 1
fi
