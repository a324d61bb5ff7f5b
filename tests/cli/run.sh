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

# The hand-computed cases, through the JSON output.
if python3 "$tests/check_cases.py" "$tool" "$tests/cases" >"$tmp/cases" 2>&1; then
	pass
else
	fail "hand-computed cases" "$tmp/cases"
fi

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
