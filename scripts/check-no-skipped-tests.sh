#!/usr/bin/env bash
# Fails when any test was skipped in the last build: in CI, ../shared and the prerequisites are
# present, so a skip means a test that should have run did not. Reads every module's surefire
# and failsafe reports (TEST-*.xml; failsafe-summary.xml only repeats the counts) under the
# project folder, or under the folder given as the argument.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
mapfile -t reports < <(find . -path '*/target/surefire-reports/TEST-*.xml' -o -path '*/target/failsafe-reports/TEST-*.xml' | sort)
if [ "${#reports[@]}" -eq 0 ]; then
    echo "check-no-skipped-tests: no test reports under */target; run the tests first" >&2
    exit 1
fi
skipped=()
for report in "${reports[@]}"; do
    # A skipped test case holds a <skipped/> or <skipped message="..."/> element: name the last test case opened before it.
    while IFS= read -r name; do
        skipped+=("${report#./}: $name")
    done < <(awk '
        /<testcase / { name = $0; sub(/.*<testcase /, "", name); cls = name
                        if (!sub(/.* name="/, "", name) && !sub(/^name="/, "", name)) name = "?"; sub(/".*/, "", name)
                        if (sub(/.*classname="/, "", cls)) { sub(/".*/, "", cls); name = cls "." name } }
        /<skipped/ { print (name == "" ? "(a skipped test)" : name) }' "$report")
done
if [ "${#skipped[@]}" -gt 0 ]; then
    echo "check-no-skipped-tests: ${#skipped[@]} test(s) skipped; in CI every test must run (the skip message is in the test's output):" >&2
    printf '  %s\n' "${skipped[@]}" >&2
    exit 1
fi
echo "check-no-skipped-tests: no test skipped in ${#reports[@]} reports"
