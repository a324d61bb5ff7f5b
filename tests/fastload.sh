#!/bin/sh
# The fast graph loader agrees with the cJSON path (same status, messages
# and graph) on every JSON file under tests/ and graphs/, every input of the
# fuzz corpora and generated graphs with cycles, each loaded whole and cut
# into chunks of several sizes (tests/fuzz/fuzz_fastload.c); and through
# the command line, where the pages of a large file's text already read are
# given back while the rest is read, the same output and messages.
set -e
replay=$1
tool=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in 50 400 3000 12000; do
	python3 tools/gengraph.py --nodes $n --seed $n --cycles 5 -o "$tmp/g$n.json"
done
# every node of the data set in a form the fast path takes, and broken copies
python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
g = json.load(open("graphs/rare-earths.json"))
open(tmp + "/compact.json", "w").write(json.dumps(g, separators=(",", ":")))
text = open(tmp + "/g400.json").read()
for i, cut in enumerate([len(text) // 3, len(text) // 2, len(text) - 5]):
    open("%s/cut%d.json" % (tmp, i), "w").write(text[:cut])
mid = len(text) // 2
open(tmp + "/junk.json", "w").write(text[:mid] + "}}" + text[mid:])
# files of megabytes, whose consumed text is given back while the rest is
# read: line:column of a late syntax error, a late node read the slow way
big = open(tmp + "/g12000.json").read()
late = big.rfind('{"id"', 0, len(big) * 9 // 10)
open(tmp + "/bigjunk.json", "w").write(big[:late] + "}}" + big[late:])
open(tmp + "/bigcut.json", "w").write(big[:len(big) * 4 // 5])
open(tmp + "/bigslow.json", "w").write(big[:late] + '{"note":"\\u0041",' + big[late + 1:])
open(tmp + "/bigkind.json", "w").write(big[:late] + big[late:].replace('"kind":"', '"kind":"x', 1))
PY
find tests graphs -name '*.json' | sort > "$tmp/list"
find tests/fuzz/regressions -type f | sort >> "$tmp/list"
ls "$tmp"/*.json >> "$tmp/list"
# shellcheck disable=SC2046
"$replay" $(cat "$tmp/list")
fail=0
for f in "$tmp"/*.json graphs/rare-earths.json tests/errors/*.json; do
	CHOKEPOINT_LOADER=slow "$tool" validate "$f" > "$tmp/slow.out" 2>&1 || true
	for chunk in 9000 100000 1048576; do
		CHOKEPOINT_LOAD_CHUNK=$chunk CHOKEPOINT_LOAD_THREADS=2 "$tool" validate "$f" > "$tmp/fast.out" 2>&1 || true
		if ! cmp -s "$tmp/slow.out" "$tmp/fast.out"; then
			echo "FAIL: $f: chokepoint validate with chunks of $chunk bytes differs from the cJSON path"
			diff "$tmp/slow.out" "$tmp/fast.out" | head -5
			fail=1
		fi
	done
done
# files from 64 MB on are read by two threads, each half of the file:
# padding in the middle changes nothing, and an error past the padding is
# found at its line and column
python3 - "$tmp" <<'PY'
import sys
tmp = sys.argv[1]
text = open(tmp + "/g400.json").read()
cut = text.index('{"id"', len(text) // 2)
pad = ("\n" + " " * 63) * (70 << 14)
open(tmp + "/pad.json", "w").write(text[:cut] + pad + text[cut:])
bad = text[:cut] + pad + text[cut:-3] + "@" + text[-3:]
open(tmp + "/padbad.json", "w").write(bad)
at = bad.rindex("@")
line = bad.count("\n", 0, at) + 1
print("%s/padbad.json:%d:%d:" % (tmp, line, at - bad.rfind("\n", 0, at)), file=open(tmp + "/padbad.where", "w"))
PY
"$tool" validate "$tmp/g400.json" > "$tmp/plain.out" 2>&1
"$tool" validate "$tmp/pad.json" 2>&1 | sed "s|$tmp/pad.json|$tmp/g400.json|g" > "$tmp/pad.out"
if ! cmp -s "$tmp/plain.out" "$tmp/pad.out"; then
	echo "FAIL: a 70 MB file read in two halves loads otherwise than the same graph unpadded"
	diff "$tmp/plain.out" "$tmp/pad.out" | head -5
	fail=1
fi
if "$tool" validate "$tmp/padbad.json" > "$tmp/padbad.out" 2>&1 || ! grep -qF "$(cat "$tmp/padbad.where")" "$tmp/padbad.out"; then
	echo "FAIL: a syntax error past 70 MB of padding is not found at $(cat "$tmp/padbad.where")"
	head -3 "$tmp/padbad.out"
	fail=1
fi
rm -f "$tmp/pad.json" "$tmp/padbad.json"
[ "$fail" -eq 0 ] && echo "fast loader: validate agrees on every file"
exit $fail
