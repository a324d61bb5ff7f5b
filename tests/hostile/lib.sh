# Shared by the hostile-input suites: each case runs the tool in a fresh
# temporary folder, checks its exit code, and checks that nothing outside
# that folder changed (the repository's files, and the folder the suite's
# temporary folders live in).  Sourced with $1 = path to chokepoint.
tool=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
family=$(basename "$0" .sh)
base=$(mktemp -d)
tmp=$base/case
trap 'rm -rf "$base"' EXIT
passed=0
failed=0
export TMPDIR="$tmp"

snapshot() {
	(cd "$root" && find . \( -path ./build -o -path './build-*' -o -name .git \) -prune \
		-o -printf '%p %s %T@ %m\n' | LC_ALL=C sort)
	# the folder holding this suite's temporary folder, besides it
	find "$base" -maxdepth 1 ! -name 'snap-*' -printf '%p %s %m\n' | LC_ALL=C sort
}

fail() {
	failed=$((failed + 1))
	echo "FAIL $family: $1"
	[ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/  | /' "$2" | head -12
	return 0
}

# fresh: a new empty case folder ($tmp); fixtures are made in it afterwards.
fresh() {
	rm -rf "$tmp"
	mkdir -p "$tmp"
}

# expect NAME RC ARGS...: run the tool in $tmp (stdout to $tmp/.out, stderr
# to $tmp/.err unless $stdout is set to another path); $rc holds its exit
# code.  Returns 1 (after reporting) when the code or the world is wrong.
expect() {
	name=$1 want=$2
	shift 2
	snapshot >"$base/snap-before"
	(cd "$tmp" && exec ${timeout_cmd:-timeout 20} "$tool" "$@") >"${stdout:-$tmp/.out}" 2>"$tmp/.err" </dev/null
	rc=$?
	snapshot >"$base/snap-after"
	if [ "$rc" != "$want" ]; then
		fail "$name: exit $rc, expected $want" "$tmp/.err"
		return 1
	fi
	if ! diff "$base/snap-before" "$base/snap-after" >"$base/snap-diff"; then
		fail "$name: something outside the test folder changed" "$base/snap-diff"
		return 1
	fi
	ok
	return 0
}

# Checks on the last run's stderr / stdout.  A case reads
#   expect NAME RC ARGS... && check NAME CONDITION...
# where check runs CONDITION (a command) and counts one pass or failure.
err_has() { grep -qF -- "$1" "$tmp/.err" || { echo "  stderr lacks: $1" >>"$tmp/.err"; return 1; }; }
out_has() { grep -qF -- "$1" "$tmp/.out" || { echo "  stdout lacks: $1" >>"$tmp/.err"; return 1; }; }
ok() { passed=$((passed + 1)); }
check() {
	name=$1
	shift
	if "$@"; then ok; else fail "$name" "$tmp/.err"; fi
}

done_family() {
	echo "hostile $family: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}
