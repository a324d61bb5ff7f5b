# Set-up shared by the CLI test scripts, sourced after they set $here (the
# folder of the script): $tool (absolute path of the script's first
# argument), $root, a temporary folder $tmp removed on exit, the counts
# $passed and $failed, and run and check.
# CHOKEPOINT_WRAP (e.g. a valgrind command) is put in front of every run.
tool=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(dirname "$(dirname "$here")")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

run() { # run ARGS...: exit code in $rc, stdout in $tmp/out, stderr in $tmp/err
	# shellcheck disable=SC2086
	(cd "$root" && $CHOKEPOINT_WRAP "$tool" "$@") >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

check() { # check NAME WANT_RC [NEEDLE_IN_STDERR]
	if [ "$rc" != "$2" ]; then
		failed=$((failed + 1)); echo "FAIL $1: exit $rc, expected $2"; sed 's/^/  | /' "$tmp/err" | head -10
	elif [ -n "$3" ] && ! grep -qF -- "$3" "$tmp/err"; then
		failed=$((failed + 1)); echo "FAIL $1: stderr lacks '$3'"; sed 's/^/  | /' "$tmp/err" | head -10
	else
		passed=$((passed + 1))
	fi
}
