#!/bin/sh
# The public face of the library.  usage: check.sh BUILD CC LIBS
#  1. the shared library exports exactly the functions the public header
#     marks CP_API (nothing internal);
#  2. a program that includes only the public header (no src/) compiles
#     against it, links the shared library and agrees with the CLI.
build=$1 cc=$2 libs=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

nm -D --defined-only "$build/libchokepoint.so" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sort >"$tmp/exported"
sed -n 's/^CP_API .*[ *]\(cp_[a-z_0-9]*\)(.*/\1/p' include/chokepoint/chokepoint.h | sort >"$tmp/declared"
if ! diff "$tmp/declared" "$tmp/exported" >"$tmp/diff"; then
	echo "FAIL exported symbols differ from the CP_API declarations (< header only, > library only):"
	sed 's/^/  | /' "$tmp/diff"
	failed=1
fi
soname=$(objdump -p "$build/libchokepoint.so" | awk '$1 == "SONAME" {print $2}')
[ "$soname" = "libchokepoint.so.0" ] || { echo "FAIL soname is '$soname'"; failed=1; }

# shellcheck disable=SC2086
if ! $cc -std=c11 -Wall -Wextra -Werror -Iinclude -o "$tmp/example" tests/api/example.c \
	-L"$build" -lchokepoint $libs -lm 2>"$tmp/cc"; then
	echo "FAIL the example does not build against the public header alone"
	sed 's/^/  | /' "$tmp/cc"
	failed=1
elif ! LD_LIBRARY_PATH="$build" "$tmp/example" graphs/rare-earths.json graphs/scenarios/october-2025.json \
	>"$tmp/out" 2>"$tmp/err"; then
	echo "FAIL the example program failed"
	sed 's/^/  | /' "$tmp/err"
	failed=1
elif ! "$build/chokepoint" score graphs/rare-earths.json graphs/scenarios/october-2025.json --format json -q >"$tmp/json"; then
	echo "FAIL chokepoint score"
	failed=1
elif ! python3 - "$tmp/out" "$tmp/json" <<'PY'
import json, sys
lines = [l.split() for l in open(sys.argv[1])]
r = json.load(open(sys.argv[2]))
d = {n["id"]: n["disruption"] for n in r["nodes"]}
nodes = [l for l in lines if l[0] == "node"]
groups = [l for l in lines if l[0] == "group"]
assert len(nodes) == len(r["sectors"]), "sector count"
for _, nid, country, x in nodes:
    assert abs(float(x) - d[nid]) <= 1e-12, (nid, x, d[nid])
want = {g["sector"]: g["value_at_risk"] for g in r["groups"]}
for _, name, var in groups:
    w = want[name]
    assert (w is None and var == "nan") or abs(float(var) - w) <= 1e-9 * (1 + abs(w)), (name, var, w)
assert nodes and groups
PY
then
	echo "FAIL the example disagrees with chokepoint score --format json"
	failed=1
fi
n=$(wc -l <"$tmp/exported")
if [ $failed = 0 ]; then
	echo "api: $n exported functions, all declared CP_API; an outside program agrees with the CLI"
fi
exit $failed
