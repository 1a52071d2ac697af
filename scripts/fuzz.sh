#!/usr/bin/env bash
# Fuzzes each reader of user files for longer than CI does (default 60 s per target, 7 targets).
#
#   scripts/fuzz.sh [seconds-per-target]
#
# It runs the same surefire execution as `mvn verify` (the "fuzz" execution of the parent pom:
# one JVM per *FuzzTest class, JAZZER_FUZZ=1), passing libFuzzer's -max_total_time, which wins
# over the @FuzzTest(maxDuration) that CI uses. The generated corpus and any crash file stay under
# each module's target/jazzer/. A crash fails the run and prints the input's file; keep it as a seed
# in the test's src/test/resources/.../<Test>Inputs/<method>/ folder once the reader is fixed.
# The last lines print each target's "Done N runs in S second(s)" from libFuzzer.
set -euo pipefail
seconds="${1:-60}"
cd "$(dirname "$0")/.."
log="$(mktemp -t qforge-fuzz.XXXXXX.log)"
set +e
mvn -o -B -pl engine,plugins/datasets,targets/dpuczdx8g -am test \
    -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
echo
echo "Executions per target (${seconds} s each; full log: $log):"
awk '/Running io\.qforge/ { test = $NF } /^Done [0-9]+ runs/ { print "  " test ": " $0 }' "$log"
exit "$status"
