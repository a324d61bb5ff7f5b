#!/bin/sh
# CLI tests of the analyst's workflow (issue 13): what the numbers mean,
# warnings and --strict, did-you-mean, sweep, toggles, table options,
# import and export.  usage: workflow.sh path/to/chokepoint
# Messages printed by the tool on purpose are kept in the test's own files,
# never echoed, so nothing in this log reads like a failure unless it is one.
tool=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
fx=tests/cli/workflow
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "$2" ] && sed 's/^/  | /' "$2" | head -20; }

run() { # run ARGS...: stdout in $tmp/out, stderr in $tmp/err, exit code in $rc
	# shellcheck disable=SC2086
	(cd "$root" && $CHOKEPOINT_WRAP "$tool" "$@") >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# expect NAME RC ARGS...: the exit code must be RC
expect_rc() {
	name=$1 want=$2
	shift 2
	run "$@"
	if [ "$rc" = "$want" ]; then pass; else fail "$name: exit $rc, expected $want" "$tmp/err"; fi
}

# has NAME FILE TEXT: FILE (out or err) holds the exact line TEXT
has() {
	if grep -qxF -- "$3" "$tmp/$2"; then pass; else
		echo "expected line: $3" >>"$tmp/$2"; fail "$1: $2 lacks the line" "$tmp/$2"; fi
}

# json NAME PYTHON-EXPRESSION-ON-r: the last run's stdout as JSON
json() {
	if python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$tmp/out" 2>"$tmp/perr"; then
		pass
	else
		cat "$tmp/perr" >>"$tmp/out"; fail "$1: expected $2" "$tmp/out"; fi
}

G=graphs/example.json
S=graphs/example-scenario.json
RE=graphs/rare-earths.json
OCT=graphs/scenarios/october-2025.json

# ---- 1. meaning in every output
expect_rc "meaning static" 0 score $G $S
first=$(head -1 "$tmp/out")
[ "$first" = "model:    static: steady state, shock held indefinitely, stocks spent, no re-routing (an upper bound)" ] && pass || fail "meaning static: first line '$first'"
expect_rc "meaning at json" 0 score $RE $OCT --at 2025-12-01 --format json -q
json "meaning at json" 'r["model"]["kind"] == "at-date" and r["model"]["horizon"] == "indefinite from 2025-12-01" and "stocks spent" in r["model"]["assumptions"]'
expect_rc "meaning at table" 0 score $RE $OCT --at 2025-12-01 -q
first=$(head -1 "$tmp/out")
case $first in "model:    the state on 2025-12-01: "*) pass ;; *) fail "meaning at table: first line '$first'" ;; esac
expect_rc "meaning static json" 0 score $G $S --format json
json "meaning static json" 'r["model"]["kind"] == "static" and r["model"]["horizon"] == "indefinite"'
expect_rc "meaning timeline json" 0 timeline $RE $OCT --from 2025-10-01 --to 2025-10-10 --format json -q
json "meaning timeline json" 'r["model"]["kind"] == "timeline" and r["model"]["horizon"] == "2025-10-01/2025-10-10"'
expect_rc "meaning compare" 0 compare $G --base $S --with $S --format json
json "meaning compare json" 'r["model"]["kind"] == "static"'
expect_rc "meaning chokepoints" 0 chokepoints $G $S
first=$(head -1 "$tmp/out")
case $first in "model:    static: "*) pass ;; *) fail "meaning chokepoints: first line '$first'" ;; esac

# ---- 5. toggles: the same as editing the file, and located errors
# same_scores NAME FILE-A FILE-B: every node's disruption agrees to 1e-12
same_scores() {
	if python3 - "$2" "$3" >"$tmp/perr" 2>&1 <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
da = {n["id"]: n["disruption"] for n in a["nodes"]}
db = {n["id"]: n["disruption"] for n in b["nodes"]}
bad = [k for k in da if abs(da[k] - db[k]) > 1e-12]
print("differ:", bad)
sys.exit(1 if bad or set(da) != set(db) else 0)
PY
	then pass; else fail "$1" "$tmp/perr"; fi
}
run score $G $fx/example-edited.json --format json
cp "$tmp/out" "$tmp/edited.json"
expect_rc "toggles" 0 score $G $S --format json --without dy-extraterritorial --set dy-licence.denial=0.8 \
	--set dy-licence.end_use.defence=0.6 --set dy-licence.buyers.ndfeb@JP=0.1 --set "outage 1.loss=0.5"
same_scores "toggles equal the edited file" "$tmp/edited.json" "$tmp/out"
json "toggles change something" 'any(n["disruption"] > 0 for n in r["nodes"])'
run score $G --format json
cp "$tmp/out" "$tmp/none.json"
expect_rc "without everything" 0 score $G $S --format json --without dy-licence --without dy-extraterritorial --without "outage 1"
same_scores "without everything is no scenario" "$tmp/none.json" "$tmp/out"
json "without everything lists no rule" 'all(e["rules"] == [] for e in r["edges"])'
expect_rc "timeline takes toggles" 0 timeline $RE $OCT --from 2025-10-01 --to 2025-10-03 --format json -q --without mofcom-2025-61
expect_rc "render takes toggles" 0 render $G $S --format dot -o "$tmp/x.dot" --set dy-licence.denial=0
expect_rc "without unknown" 2 score $G $S --without dy-licnce
has "without unknown" err "error: --without 'dy-licnce': no control or outage of that name (did you mean 'dy-licence'?)"
expect_rc "set unknown field" 2 score $G $S --set dy-licence.denail=0.3
has "set unknown field" err "error: --set 'dy-licence.denail=0.3': control 'dy-licence' has no field 'denail' (denial, end_use.TAG or buyers.NODE) (did you mean 'denial'?)"
expect_rc "set unknown buyer" 2 score $G $S --set dy-licence.buyers.motr@DE=0
has "set unknown buyer" err "error: --set 'dy-licence.buyers.motr@DE=0': unknown node 'motr@DE' (did you mean 'motor@DE'?)"
expect_rc "set bad value" 2 score $G $S --set dy-licence.denial=50
has "set bad value" err "error: --set 'dy-licence.denial=50': the value must be a number from 0 to 1, got '50'"
expect_rc "set outage field" 2 score $G $S --set "outage 1.los=0.2"
has "set outage field" err "error: --set 'outage 1.los=0.2': an outage has only the field 'loss', not 'los' (did you mean 'loss'?)"

echo "workflow: $passed passed, $failed failed"
[ "$failed" = 0 ]
