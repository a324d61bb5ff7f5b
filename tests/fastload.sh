#!/bin/sh
# The fast graph loader agrees with the cJSON path (same status, messages
# and graph) on every JSON file under tests/ and graphs/, every input of the
# fuzz corpora and generated graphs with cycles, each loaded whole and cut
# into chunks of several sizes (tests/fuzz/fuzz_fastload.c).
set -e
replay=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in 50 400 3000; do
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
PY
find tests graphs -name '*.json' | sort > "$tmp/list"
find tests/fuzz/regressions -type f | sort >> "$tmp/list"
ls "$tmp"/*.json >> "$tmp/list"
# shellcheck disable=SC2046
"$replay" $(cat "$tmp/list")
