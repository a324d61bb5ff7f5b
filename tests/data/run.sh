#!/bin/sh
# Data tests: the shipped graph against its sources (check_dataset.py), then
# every scenario validates with the graph without a warning and scores.
# usage: run.sh path/to/chokepoint
tool=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
cd "$root" || exit 1

if python3 tests/data/check_dataset.py >"$tmp/out" 2>&1; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL check_dataset.py"
	sed 's/^/  | /' "$tmp/out"
fi
if python3 tests/data/test_distributions.py >"$tmp/out" 2>&1; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL test_distributions.py"
	sed 's/^/  | /' "$tmp/out"
fi
for s in graphs/scenarios/*.json; do
	case $s in */diversify-*) set -- graphs/scenarios/october-2025.json "$s" ;; *) set -- "$s" ;; esac
	# capacity warnings are the point of a diversification scenario, not a
	# defect; tests/data/known-warnings.txt lists those given on purpose
	grep -v '^#' tests/data/known-warnings.txt >"$tmp/known"
	if ! "$tool" validate graphs/rare-earths.json "$@" >/dev/null 2>"$tmp/all" ||
	   grep -v "^warning: capacity: " "$tmp/all" | grep -vxF -f "$tmp/known" >"$tmp/err"; then
		failed=$((failed + 1))
		echo "FAIL $s: not valid, or warnings"
		sed 's/^/  | /' "$tmp/err"
	elif ! "$tool" score graphs/rare-earths.json "$@" --format json >"$tmp/json" 2>"$tmp/err" ||
	     ! python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["sectors"] else 1)' "$tmp/json"; then
		failed=$((failed + 1))
		echo "FAIL $s: does not score"
		sed 's/^/  | /' "$tmp/err"
	else
		passed=$((passed + 1))
	fi
done
# The calendar read on a date is the dated scenario of that date: two files, one state.
# (After 2026-04-04 the calendar also spends the French samarium stock, which the
# static files keep; so the lapse scenario is not compared.)
for pair in 2025-05-01:april-2025 2025-12-15:suspension-2025-11 2026-02-01:japan-military-2026; do
	d=${pair%%:*} f=${pair#*:}
	if "$tool" score graphs/rare-earths.json graphs/scenarios/calendar-2025-2026.json --at "$d" --format json -q >"$tmp/a" 2>"$tmp/err" &&
	   "$tool" score graphs/rare-earths.json "graphs/scenarios/$f.json" --format json -q >"$tmp/b" 2>>"$tmp/err" &&
	   python3 -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
x = {s["id"]: s["disruption"] for s in a["sectors"]}
y = {s["id"]: s["disruption"] for s in b["sectors"]}
bad = [(k, x[k], y.get(k)) for k in x if y.get(k) is None or abs(x[k] - y[k]) > 1e-9]
print("\n".join("%s: calendar %s, file %s" % t for t in bad))
sys.exit(1 if bad or not x else 0)' "$tmp/a" "$tmp/b" >>"$tmp/err"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL calendar --at $d differs from $f.json"
		sed 's/^/  | /' "$tmp/err"
	fi
done
# Long after its last event the calendar's timeline settles at the static state of
# that date (MODEL 7.3): stocks spent or refilled, lead times and shipping done.
if "$tool" timeline graphs/rare-earths.json graphs/scenarios/calendar-2025-2026.json --from 2025-03-05 \
	--to 2028-12-31 --format json -q >"$tmp/a" 2>"$tmp/err" &&
   "$tool" score graphs/rare-earths.json graphs/scenarios/calendar-2025-2026.json --at 2028-12-31 \
	--format json -q >"$tmp/b" 2>>"$tmp/err" &&
   python3 -c '
import json, sys
t, a = (json.load(open(f)) for f in sys.argv[1:3])
x = {s["id"]: s["output"][-1] for s in t["sectors"]}
y = {s["id"]: 1 - s["disruption"] for s in a["sectors"]}
bad = [(k, x[k], y.get(k)) for k in x if y.get(k) is None or abs(x[k] - y[k]) > 1e-9]
print("\n".join("%s: timeline %s, score --at %s" % b for b in bad))
sys.exit(1 if bad or not x or min(x.values()) >= 1 else 0)' "$tmp/a" "$tmp/b" >>"$tmp/err"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAIL calendar timeline on 2028-12-31 differs from score --at"
	sed 's/^/  | /' "$tmp/err"
fi
echo "data: $passed passed, $failed failed"
[ "$failed" = 0 ]
