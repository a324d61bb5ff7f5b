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
echo "data: $passed passed, $failed failed"
[ "$failed" = 0 ]
