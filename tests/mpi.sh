#!/bin/sh
# chokepoint-mpi under mpirun prints, byte for byte, what chokepoint prints:
# draws (score, timeline, compare), sampled Shapley shares (15 players) and
# chokepoints (exact knockouts split across ranks: also on 1 rank), on 2 and
# 3 ranks (3 splits the items unevenly).
# usage: tests/mpi.sh TOOL MPITOOL [MPIRUN]
set -e
tool=$1
mpitool=$2
mpirun=${3:-mpirun}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
pass=0
G=tests/cli/draws/graph.json
S=tests/cli/draws/scenario.json
python3 tools/gengraph.py --nodes 600 --seed 4 --cycles 4 -o "$tmp/g.json" --scenario "$tmp/s.json"
python3 tools/gengraph.py --nodes 1500 --seed 8 -o "$tmp/a.json" --scenario "$tmp/as.json"
# fifteen players: the scenario's controls repeated under new ids
python3 - "$tmp/s.json" "$tmp/s15.json" <<'PY'
import copy, json, sys
s = json.load(open(sys.argv[1]))
rules = s.get("controls", [])
out = []
for k in range(15 - len(s.get("outages", []))):
    r = copy.deepcopy(rules[k % len(rules)])
    r["id"] = "c%d" % k
    out.append(r)
s["controls"] = out
json.dump(s, open(sys.argv[2], "w"))
PY
same() {
	name=$1
	shift
	"$tool" "$@" > "$tmp/one" 2> "$tmp/one.err" || { echo "FAIL $name: chokepoint failed"; cat "$tmp/one.err"; fail=$((fail + 1)); return; }
	for np in ${ranks:-2 3}; do
		# shellcheck disable=SC2086
		$mpirun -np $np --oversubscribe --allow-run-as-root "$mpitool" "$@" > "$tmp/mpi" 2> "$tmp/mpi.err" || {
			echo "FAIL $name: chokepoint-mpi on $np ranks failed"; cat "$tmp/mpi.err"; fail=$((fail + 1)); continue; }
		if cmp -s "$tmp/one" "$tmp/mpi"; then
			pass=$((pass + 1))
		else
			echo "FAIL $name: $np ranks print other bytes"
			diff "$tmp/one" "$tmp/mpi" | head -5
			fail=$((fail + 1))
		fi
	done
}
same "score draws json" score $G $S --draws 300 --seed 7 --format json -q
same "score draws table" score $G $S --draws 101 --seed 3 -q
same "score draws csv" score $G $S --draws 57 --seed 11 --threads 2 --format csv -q
same "timeline draws" timeline $G $S --draws 21 --seed 5 --format json -q
same "compare draws" compare $G --base $S --with $S --draws 40 --seed 4 -q
same "sampled shares json" score "$tmp/g.json" "$tmp/s15.json" --format json --shares --share-samples 37 --seed 9 -q
same "sampled shares table" score "$tmp/g.json" "$tmp/s15.json" --share-samples 20 --seed 2 -q
# knockouts: exact (every node) and by candidates, under a scenario and on
# the undisturbed graph (where single points of failure are listed), on a
# graph with cycles and on one without
ranks="1 2 3"
same "chokepoints" chokepoints "$tmp/g.json" "$tmp/s.json" -q
same "chokepoints json" chokepoints "$tmp/g.json" "$tmp/s.json" --format json --top 50 -q
same "chokepoints csv, no scenario" chokepoints "$tmp/g.json" --format csv --top 20 -q
same "chokepoints candidates" chokepoints "$tmp/g.json" "$tmp/s.json" --exact-limit 97 --format json -q
same "chokepoints filtered" chokepoints "$tmp/g.json" --kind material --kind magnet --country CN --top 9 -q
same "chokepoints acyclic" chokepoints "$tmp/a.json" "$tmp/as.json" --format csv --top 100 -q
same "chokepoints small" chokepoints $G $S --format json -q
ranks=
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
