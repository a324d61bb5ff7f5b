#!/bin/sh
# CLI tests: golden outputs, one test per error class, the hand-computed
# cases.  usage: run.sh path/to/chokepoint
# CHOKEPOINT_WRAP (e.g. a valgrind command) is put in front of every run.
tool=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
tests=$(dirname "$here")
root=$(dirname "$tests")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "$2" ] && sed 's/^/  | /' "$2" | head -20; }

run() { # run OUT ERR ARGS...: the tool's exit code in $rc
	out=$1 err=$2
	shift 2
	# shellcheck disable=SC2086
	(cd "$root" && $CHOKEPOINT_WRAP "$tool" "$@") >"$out" 2>"$err"
	rc=$?
}

# Golden files: NAME.args holds the arguments (paths from the repository
# root), NAME.out the exact stdout, NAME.rc the exit code when not 0.
for args in "$here"/golden/*.args; do
	[ -f "$args" ] || continue
	name=$(basename "$args" .args)
	want_rc=0
	[ -f "$here/golden/$name.rc" ] && want_rc=$(cat "$here/golden/$name.rc")
	# shellcheck disable=SC2046
	run "$tmp/out" "$tmp/err" $(cat "$args")
	if [ "$rc" != "$want_rc" ]; then
		fail "golden $name: exit $rc, expected $want_rc" "$tmp/err"
	elif ! diff -u "$here/golden/$name.out" "$tmp/out" >"$tmp/diff"; then
		fail "golden $name: output differs" "$tmp/diff"
	else
		pass
	fi
done

# Error classes: every substring on the line must appear in stderr, the
# exit code must be 1 (invalid input), and nothing may reach stdout.
while IFS="$(printf '\t')" read -r name rest; do
	[ -z "$name" ] && continue
	case $name in \#*) continue ;; esac
	if [ -f "$tests/errors/$name.json" ]; then
		set -- validate "tests/errors/$name.json"
	else
		set -- validate "tests/errors/$name.graph.json" "tests/errors/$name.scenario.json"
	fi
	run "$tmp/out" "$tmp/err" "$@"
	ok=1
	[ "$rc" = 1 ] || ok=0
	[ -s "$tmp/out" ] && ok=0
	oldifs=$IFS
	IFS="$(printf '\t')"
	for needle in $rest; do
		grep -qF -- "$needle" "$tmp/err" || { ok=0; echo "  missing: $needle" >>"$tmp/err"; }
	done
	IFS=$oldifs
	if [ $ok = 1 ]; then pass; else fail "error $name (exit $rc)" "$tmp/err"; fi
done <"$tests/errors/expect.tsv"

# Commands whose JSON answer is checked against a value derived by hand:
# json_check NAME PYTHON-EXPRESSION-ON-r ARGS...
json_check() {
	name=$1 expr=$2
	shift 2
	run "$tmp/out" "$tmp/err" "$@"
	if [ "$rc" != 0 ]; then
		fail "$name: exit $rc" "$tmp/err"
	elif python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if ($expr) else 1)" "$tmp/out" 2>"$tmp/err"; then
		pass
	else
		cp "$tmp/out" "$tmp/err.out"
		fail "$name: expected $expr" "$tmp/err.out"
	fi
}
fx=tests/cli/fixtures
# d(p) = 0.8 (1 - p): below 0.4 from p = 0.5 on
json_check "target linear" 'r["reachable"] and abs(r["amount"] - 0.5) <= 1e-6 and r["monotone_on_grid"]' \
	target $fx/target-graph.json $fx/target-control.json --change $fx/target-shift.json --sector auto@JP --below 0.4 --format json
# with half of Malaysia lost: d(p) = 0.9 - 0.4 p, never below 0.3; below 0.7 from p = 0.5
json_check "target unreachable" 'not r["reachable"] and r["amount"] is None and abs(r["at_1"] - 0.5) < 1e-12' \
	target $fx/target-graph.json $fx/target-control.json $fx/target-outage.json --change $fx/target-shift.json --sector auto --below 0.3 --format json
json_check "target with outage" 'abs(r["amount"] - 0.5) <= 1e-6' \
	target $fx/target-graph.json $fx/target-control.json $fx/target-outage.json --change $fx/target-shift.json --sector auto --below 0.7 --format json
json_check "target already below" 'r["amount"] == 0' \
	target $fx/target-graph.json $fx/target-control.json --change $fx/target-shift.json --sector auto --below 0.9 --format json
# compare: the file's fraction 0.123 gives d = 0.8 * 0.877
json_check "compare shift" 'abs(r["sectors"][0]["base"]["disruption"] - 0.8) < 1e-12 and abs(r["sectors"][0]["with"]["disruption"] - 0.8 * 0.877) < 1e-12 and abs(r["sectors"][0]["delta"] + 0.8 * 0.123) < 1e-12 and abs(r["groups"][0]["with"]["value_at_risk"] - 80 * 0.877) < 1e-9' \
	compare $fx/target-graph.json --base $fx/target-control.json --with $fx/target-control.json --with $fx/target-shift.json --format json

# every change op once; the fixture's note derives the answer
json_check "changes, all ops" 'abs(r["sectors"][0]["disruption"] - 0.8 * 0.5 * 0.54 / 0.82) < 1e-12 and abs(r["sectors"][0]["value_at_risk"] - 120 * 0.8 * 0.5 * 0.54 / 0.82) < 1e-9' \
	score $fx/target-graph.json $fx/changes-all.json --format json -q

# A missing value (def@JP has no output, so its value at risk and its
# group's are missing) is an empty field in every CSV and "-" in every
# table; never nan, never null outside JSON.
mo=tests/cli/fixtures/missing-output.json
scen=graphs/example-scenario.json
missing() { # missing NAME EXPECTED-LINE ARGS...: the line must appear, and no nan or null anywhere
	name=$1 want=$2
	shift 2
	run "$tmp/out" "$tmp/err" "$@" -q
	if [ "$rc" != 0 ]; then
		fail "$name: exit $rc" "$tmp/err"
	elif grep -qiE 'nan|null' "$tmp/out"; then
		fail "$name: nan or null in the output" "$tmp/out"
	elif ! grep -qxF -- "$want" "$tmp/out"; then
		echo "expected line: $want" >>"$tmp/out"
		fail "$name: missing value not written as expected" "$tmp/out"
	else
		pass
	fi
}
missing "missing value, score csv" "def@JP,defence,JP,1," score $mo $scen --format csv --sectors
missing "missing value, compare csv" "def@JP,defence,JP,1,1,0,,," compare $mo --base $scen --with $scen --format csv
missing "missing value, compare table" "def@JP    100.00%   100.00%    +0.00 pts             -             -             -" \
	compare $mo --base $scen --with $scen --format table
missing "missing value, score table" "defence     100.00%*        100.00%               -   US 100.0%, JP 100.0%" \
	score $mo $scen --format table
missing "missing value, draws table" "sector                       p5        p50        p95       mean        sd  hangs on" \
	timeline $mo tests/cli/fixtures/missing-output-draws.json --draws 20 --threads 1

# Caps come from one table: the --max-string default that --help prints is
# the longest string accepted without the option, in a graph and in a
# scenario's changes, and --max-string raises the cap everywhere.
string_file() { # string_file LEN OUT: a scenario whose change and added node carry LEN-byte strings
	python3 - "$1" "$2" <<'PY'
import json, sys
n, out = int(sys.argv[1]), sys.argv[2]
s = "x" * n
json.dump({"chokepoint_scenario": 1, "changes": [
    {"op": "set", "at": "ndfeb@JP", "field": "end_use", "value": s},
    {"op": "add_node", "node": {"id": "n@JP", "kind": "material", "country": "JP", "name": s}}]}, open(out, "w"))
PY
}
run "$tmp/help" "$tmp/err" validate --help
max=$(sed -n 's/.*--max-string=BYTES.*(default \([0-9]*\)).*/\1/p' "$tmp/help")
if [ -z "$max" ]; then
	fail "--help: no --max-string default" "$tmp/help"
else
	string_file "$max" "$tmp/at-cap.json"
	string_file $((max + 1)) "$tmp/over-cap.json"
	string_file 200000 "$tmp/big.json"
	run "$tmp/out" "$tmp/err" validate graphs/example.json "$tmp/at-cap.json"
	if [ "$rc" = 0 ]; then pass; else fail "string of the default cap: exit $rc" "$tmp/err"; fi
	run "$tmp/out" "$tmp/err" validate graphs/example.json "$tmp/over-cap.json"
	if [ "$rc" = 4 ]; then pass; else fail "string over the default cap: exit $rc, expected 4" "$tmp/err"; fi
	run "$tmp/out" "$tmp/err" score -q --max-string 200000 graphs/example.json "$tmp/big.json"
	if [ "$rc" = 0 ]; then pass; else fail "--max-string 200000 on changes: exit $rc" "$tmp/err"; fi
fi

# The hand-computed cases, through the JSON output.
if python3 "$tests/check_cases.py" "$tool" "$tests/cases" >"$tmp/cases" 2>&1; then
	pass
else
	fail "hand-computed cases" "$tmp/cases"
fi

# docs/MODEL.md is the project's copy of the format contract; where the
# shared original sits beside the checkout, the two must not drift apart.
if [ -f "$root/../shared/MODEL.md" ]; then
	# docs/MODEL.md is the shared page word for word, then this program's
	# settled decisions appended after it.
	size=$(wc -c <"$root/../shared/MODEL.md")
	if head -c "$size" "$root/docs/MODEL.md" | cmp -s "$root/../shared/MODEL.md" -; then pass; else
		echo "docs/MODEL.md does not begin with the shared MODEL.md" >"$tmp/err"; fail "MODEL.md copy" "$tmp/err"; fi
fi

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
