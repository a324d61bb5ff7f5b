#!/bin/sh
# CLI tests of the analyst's workflow (issue 13): what the numbers mean,
# warnings and --strict, did-you-mean, sweep, toggles, table options,
# import and export.  usage: workflow.sh path/to/chokepoint
# Messages printed by the tool on purpose are kept in the test's own files,
# never echoed, so nothing in this log reads like a failure unless it is one.
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/cli/harness.sh
. "$here/harness.sh"
fx=tests/cli/workflow

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "$2" ] && sed 's/^/  | /' "$2" | head -20; }

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

# ---- 2. warnings that catch real mistakes, and --strict
T=$fx/typos.json
W1="warning: $T: controls[0].origin: 'CH' is the country of no node of the graph (did you mean 'CN'?); the control matches nothing"
W2="warning: $T: outages[0].country: 'KP' is the country of no node of the graph (did you mean 'JP'?); the outage selects nothing"
W3="warning: control 'nd-my' matches no edge of the graph (no supplier in 'MY' ships a line it covers); it has no effect"
W4="warning: control 'dy-buyers': buyers: entry 'auto@EU' buys nothing the control reaches; it has no effect"
W5="warning: outage 'japan sectors' selects no node (no node of its kinds in its country); it has no effect"
expect_rc "typos validate" 0 validate $G $T
for w in "$W1" "$W2" "$W3" "$W4" "$W5"; do has "typos validate" err "$w"; done
has "typos validate says warnings" out "$G: valid, with warnings (nodes: 10, lines: 9, edges: 11; scenario files: 1, controls: 3, outages: 2, changes: 0; warnings: 5)"
expect_rc "typos validate --strict" 1 validate $G $T --strict
has "typos --strict says why" err "chokepoint: --strict: 5 warnings taken as errors"
# the input's warnings stop the run before any output, even with --quiet
expect_rc "typos csv --strict -q" 1 score $G $T --format csv --strict -q
[ -s "$tmp/out" ] && fail "typos csv --strict -q: no result" "$tmp/out" || pass
has "typos --strict -q says why" err "chokepoint: --strict: 5 warnings taken as errors"
expect_rc "strict without warnings" 0 score $G $S --strict
expect_rc "typos table footer" 0 score $G $T -q
has "typos table footer" out "warnings:"
has "typos table footer" out "  ${W3#warning: }"
expect_rc "typos json" 0 score $G $T --format json -q
json "typos json warnings" 'len(r["warnings"]) == 5 and any("buyers: entry" in w and "auto@EU" in w for w in r["warnings"])'
expect_rc "no false warning on the shipped data" 0 validate $RE $OCT --strict
# percentages: 60 and 0.4 normalised to 60/60.4 of 0.5
P=$fx/newcomer-percent.json
expect_rc "percentages" 0 score $P $fx/gallium.json --format json
has "percentages" err "warning: $P: nodes[2] (chip@US).inputs[0].suppliers: shares sum to 60.4, not 1; they are normalised (looks like percentages: write 0.6, not 60)"
json "percentages score" 'abs(r["sectors"][0]["disruption"] - 0.5 * 60 / 60.4) < 1e-12 and any("looks like percentages" in w for w in r["warnings"])'
expect_rc "percentages --strict" 1 validate $P --strict
# compare whose --with forgets a control of --base
expect_rc "compare lacks base" 0 compare $G --base $S --with $fx/example-edited.json --format json
has "compare lacks base" err "warning: --with lacks control 'dy-extraterritorial' of --base, so the sides differ by more than a change; give the base's files to --with too"
json "compare lacks base json" 'any(w.startswith("with: --with lacks control") for w in r["warnings"])'
# a warning found after loading fails the run at its end
expect_rc "compare lacks base --strict" 1 compare $G --base $S --with $fx/example-edited.json --strict
has "compare lacks base --strict says why" err "chokepoint: 1 warning and --strict: exit 1"
expect_rc "compare same controls" 0 compare $G --base $S --with $S --strict
expect_rc "chokepoints warnings" 0 chokepoints $G $T --format json -q
json "chokepoints warnings" 'len(r["warnings"]) == 5'
expect_rc "chokepoints footer" 0 chokepoints $G $T -q
has "chokepoints footer" out "  ${W5#warning: }"
expect_rc "timeline thousands" 0 timeline $RE $OCT --from 2025-10-01 --to 2026-09-30 -q --sector auto@EU
grep -Eq '^  auto@EU .* [0-9]{1,3},[0-9]{3}$' "$tmp/out" && pass || fail "timeline lost value with separators" "$tmp/out"

# ---- 3. did-you-mean, and node ids beside JSON paths
# the newcomer's three mistakes, with their exact messages
expect_rc "newcomer typo'd supplier" 1 score $fx/newcomer-typo.json $fx/gallium.json
has "newcomer typo'd supplier" err "error: $fx/newcomer-typo.json: nodes[2] (chip@US).inputs[0].suppliers: unknown node 'ga@CM' (did you mean 'ga@CN'?)"
expect_rc "newcomer percentages" 0 score $fx/newcomer-percent.json $fx/gallium.json --format csv
has "newcomer percentages" err "warning: $fx/newcomer-percent.json: nodes[2] (chip@US).inputs[0].suppliers: shares sum to 60.4, not 1; they are normalised (looks like percentages: write 0.6, not 60)"
expect_rc "newcomer misspelt field" 0 score $fx/newcomer-field.json $fx/gallium.json --format csv
has "newcomer misspelt field" err "warning: $fx/newcomer-field.json: nodes[2] (chip@US).inputs[0].value_shares: unknown field 'value_shares' (did you mean 'value_share'?) ignored (reported once)"
expect_rc "newcomer misspelt field --strict" 1 score $fx/newcomer-field.json $fx/gallium.json --format csv --strict
# the correct graph: d(chip) = 0.6 (CN share) x 0.5 (denial), by hand
expect_rc "newcomer correct" 0 score $fx/newcomer.json $fx/gallium.json --format json --strict
json "newcomer correct" 'abs(r["sectors"][0]["disruption"] - 0.3) < 1e-12 and r["warnings"] == []'
TG=$fx/typos-graph.json
expect_rc "graph typos" 1 validate $TG
has "kind" err "error: $TG: nodes[0] (ga@CN).kind: unknown kind 'elemnt' (did you mean 'element'?) (element, material, magnet, component, product, sector)"
has "element symbol" err "error: $TG: nodes[0] (ga@CN).elements[0]: unknown element symbol 'GA' (did you mean 'Ga'?)"
has "node field" err "warning: $TG: nodes[1] (ga@JP).outptu: unknown field 'outptu' (did you mean 'output'?) ignored (reported once)"
has "supplier" err "error: $TG: nodes[2] (chip@US).inputs[0].suppliers: unknown node 'ga@JJ' (did you mean 'ga@JP'?)"
TS=$fx/typos-scenario.json
expect_rc "scenario typos" 1 validate $fx/newcomer.json $TS
has "scenario kind" err "error: $TS: controls[0].kinds[0]: unknown kind 'elemnt' (did you mean 'element'?) (element, material, magnet, component, product, sector)"
has "control field" err "warning: $TS: controls[0].denail: unknown field 'denail' (did you mean 'denial'?) ignored (reported once)"
has "buyer" err "error: $TS: controls[0].buyers: unknown node 'chip@SU' (did you mean 'chip@US'?)"
has "outage node" err "error: $TS: outages[0].node: unknown node 'ga@JB' (did you mean 'ga@JP'?)"
has "outage field" err "warning: $TS: outages[0].los: unknown field 'los' (did you mean 'loss'?) ignored (reported once)"
# country codes: one edit away suggests; two-letter codes two edits apart do not
expect_rc "country typo" 0 validate $G $T
has "country typo" err "$W1"
expect_rc "no far suggestion" 0 score $fx/newcomer.json $S -q --format json
json "no far suggestion" 'any("'"'"'MM'"'"' is the country of no node of the graph; the outage" in w for w in r["warnings"])'

# ---- 4. sweep: each file on its own, the same numbers as separate score runs
SW="graphs/scenarios/october-2025.json graphs/scenarios/april-2025.json graphs/scenarios/embargo.json graphs/scenarios/myanmar-outage.json"
DIV=graphs/scenarios/diversify-australia.json
for nodes in "" --nodes; do
	expect_rc "sweep json $nodes" 0 sweep $RE $SW --with $DIV --format json -q $nodes
	cp "$tmp/out" "$tmp/sweep.json"
	ok=1
	for s in $SW; do
		run score $RE $s $DIV --format json -q
		cp "$tmp/out" "$tmp/score-$(basename $s)"
	done
	if python3 - "$tmp" "$nodes" $SW >"$tmp/perr" 2>&1 <<'PY'
import json, os, sys
tmp, nodes, files = sys.argv[1], sys.argv[2], sys.argv[3:]
sw = json.load(open(os.path.join(tmp, "sweep.json")))
assert [r["file"] for r in sw["scenarios"]] == files
def same(a, b):
    return (a is None and b is None) or abs(a - b) <= 1e-12 * max(1, abs(b))
for row in sw["scenarios"]:
    sc = json.load(open(os.path.join(tmp, "score-" + os.path.basename(row["file"]))))
    if nodes:
        want = {s["id"]: s for s in sc["sectors"]}
        got = row["nodes"]
    else:
        want = {g["sector"]: g for g in sc["groups"]}
        got = row["groups"]
    assert set(got) == set(want), (set(got), set(want))
    for k, v in got.items():
        assert same(v["disruption"], want[k]["disruption"]), (row["file"], k)
        assert same(v["value_at_risk"], want[k]["value_at_risk"]), (row["file"], k)
    assert any(v["disruption"] > 0 for v in got.values())
PY
	then pass; else fail "sweep $nodes agrees with score" "$tmp/perr"; fi
done
expect_rc "sweep csv wide" 0 sweep $G $S $fx/example-edited.json --nodes --format csv
has "sweep csv wide" out "scenario,name,auto@EU,defence@US"
expect_rc "sweep csv long" 0 sweep $G $S $fx/example-edited.json --nodes --format csv --long
has "sweep csv long" out "scenario,name,id,disruption,value_at_risk"
[ "$(wc -l <"$tmp/out")" = 5 ] && pass || fail "sweep csv long: 1 + 2 x 2 lines" "$tmp/out"
# the golden rows are the figures of score-table.out and of score on the edited file
expect_rc "sweep table" 0 sweep $G $S $fx/example-edited.json
if diff -u $here/workflow/sweep-table.out "$tmp/out" >"$tmp/diff"; then pass; else fail "sweep table golden" "$tmp/diff"; fi
expect_rc "sweep --long needs csv" 2 sweep $G $S --long
expect_rc "sweep needs a scenario" 2 sweep $G
# score with two files that share rule ids points to sweep
expect_rc "score duplicate ids" 1 score $G $S $fx/example-edited.json
has "score duplicate ids" err "error: $fx/example-edited.json: controls[0].id: duplicate control id 'dy-licence' (given in an earlier scenario file; to score files one by one side by side, use 'chokepoint sweep')"

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

# ---- 6. tables people can read
expect_rc "groups csv sorted" 0 score $RE $OCT --format csv --groups --sort disruption -q
cp "$tmp/out" "$tmp/groups.csv"
run score $RE $OCT --format json -q
if python3 - "$tmp/groups.csv" "$tmp/out" >"$tmp/perr" 2>&1 <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
r = json.load(open(sys.argv[2]))
want = sorted(r["groups"], key=lambda g: -g["disruption"])
assert [x["sector"] for x in rows] == [g["sector"] for g in want], rows
for x, g in zip(rows, want):
    assert abs(float(x["disruption"]) - g["disruption"]) < 1e-15
    assert abs(float(x["value_at_risk"]) - g["value_at_risk"]) < 1e-9 * max(1, g["value_at_risk"])
    assert int(x["nodes"]) == g["nodes"]
PY
then pass; else fail "groups csv: the JSON groups, largest disruption first" "$tmp/perr"; fi
expect_rc "table top by value" 0 score $RE $OCT --sort value --top 2 -q
if python3 - "$tmp/out" "$tmp/groups.csv" >"$tmp/perr" 2>&1 <<'PY'
import csv, sys
lines = open(sys.argv[1]).read().split("\n")
groups = list(csv.DictReader(open(sys.argv[2])))
head = next(i for i, l in enumerate(lines) if l.startswith("sector "))
shown = [l.split()[0] for l in lines[head + 1:head + 3]]
want = [g["sector"] for g in sorted(groups, key=lambda g: -float(g["value_at_risk"]))][:2]
assert shown == want, (shown, want)
assert "(top 2 of 6 groups and 2 of 24 sector nodes)" in lines[head + 3:head + 6], lines[head + 3:head + 6]
assert sum(1 for l in lines if "critical path:" in l) == 2
PY
then pass; else fail "table --sort value --top 2" "$tmp/perr"; fi
expect_rc "sort by id" 0 score $RE $OCT --format csv --groups --sort id -q
[ "$(sed -n 2p "$tmp/out" | cut -d, -f1)" = auto ] && pass || fail "sort by id: auto first" "$tmp/out"
expect_rc "sort unknown" 2 score $G $S --sort size
has "sort unknown" err "chokepoint score: --sort takes disruption, value, id or file, got 'size'"
expect_rc "sort needs table" 2 score $G $S --sort id --format json
# thousands separators in the table only: 0.701856 x 900,000 = 631,670.4
expect_rc "thousands table" 0 score $G $S
has "thousands table" out "auto@EU (auto, EU): disruption 70.19%, value at risk 631,670"
expect_rc "no thousands in csv" 0 score $G $S --format csv --sectors
has "no thousands in csv" out "auto@EU,auto,EU,0.701856,631670.4"
# compare: value-at-risk change, columns sized to the longest id
expect_rc "compare var delta" 0 compare $G --base $S --with $fx/example-edited.json --format json -q
json "compare var delta" 'all(abs(s["value_at_risk_delta"] - (s["with"]["value_at_risk"] - s["base"]["value_at_risk"])) < 1e-9 for s in r["sectors"]) and abs(r["groups"][0]["value_at_risk_delta"] - (596880 - 631670.4)) < 1e-6'
expect_rc "compare long ids" 0 compare $fx/long-ids.json --base $S --with $fx/example-edited.json -q
if python3 - "$tmp/out" >"$tmp/perr" 2>&1 <<'PY'
import sys
rows = [l for l in open(sys.argv[1]).read().split("\n") if " pts " in l]
assert len(rows) >= 2
assert len({l.index(" pts ") for l in rows}) == 1, rows
assert any(len(l.split()[0]) > 12 for l in rows)
PY
then pass; else fail "compare columns line up with long ids" "$tmp/perr"; fi

# ---- 7. spreadsheets in, graph tools out
# round trip: graph -> CSV tables (a test helper) -> import -> the same scores
for style in plain --excel; do
	python3 tests/cli/graph_to_csv.py "$root/$RE" "$tmp/nodes.csv" "$tmp/inputs.csv" $style
	expect_rc "import $style" 0 import "$tmp/nodes.csv" "$tmp/inputs.csv" -o "$tmp/imported.json" --value-unit "USD million per year"
	[ -s "$tmp/imported.json" ] && pass || fail "import $style: no graph written"
	run score "$tmp/imported.json" $OCT --format json -q
	cp "$tmp/out" "$tmp/imported-score.json"
	run score $RE $OCT --format json -q
	same_scores "import $style round trip scores" "$tmp/out" "$tmp/imported-score.json"
	json "import $style round trip has a shock" 'any(s["disruption"] > 0.3 for s in r["sectors"])'
done
if python3 - "$tmp/imported.json" "$root/$RE" >"$tmp/perr" 2>&1 <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
na = {n["id"]: n for n in a["nodes"]}
for n in b["nodes"]:
    m = na[n["id"]]
    for k in ("kind", "country", "sector", "end_use", "output", "elements"):
        if not isinstance(n.get(k), dict):   # a distribution comes back as its mean
            assert m.get(k) == n.get(k), (n["id"], k)
    if n.get("note"):
        assert m["note"] == n["note"] + ",\nas written", n["id"]   # quoted comma and line break kept
    for la, lb in zip(m.get("inputs", []), n.get("inputs", [])):
        assert la["suppliers"] == lb["suppliers"] and la.get("value_share") == lb.get("value_share"), n["id"]
        if isinstance(lb.get("substitutable"), dict) and "triangular" in lb["substitutable"]:
            assert abs(la["substitutable"] - sum(lb["substitutable"]["triangular"]) / 3) < 1e-15
PY
then pass; else fail "import keeps every field, notes with commas and line breaks" "$tmp/perr"; fi
BN=$fx/bad-nodes.csv
BI=$fx/bad-inputs.csv
expect_rc "import errors" 1 import $BN $BI
has "import unknown column" err "error: $BN: row 1, column 5: unknown column 'ouptut' (did you mean 'output'?)"
has "import kind" err "error: $BN: row 2, column 2 (kind): unknown kind 'elemnt' (did you mean 'element'?)"
has "import country" err "error: $BN: row 3, column 3 (country): 'jp' is not a country code (2 or 3 capital letters)"
has "import element" err "error: $BN: row 3, column 4 (elements): unknown element symbol 'GA' (did you mean 'Ga'?)"
has "import supplier" err "error: $BI: row 2, column 3 (supplier): unknown node 'ga@CM' (not in the node table) (did you mean 'ga@CN'?)"
has "import share" err "error: $BI: row 3, column 4 (share): 'x' is not a share above 0"
[ -s "$tmp/out" ] && fail "import errors: nothing on stdout" "$tmp/out" || pass
expect_rc "import malformed" 1 import $fx/malformed.csv $BI
has "import malformed" err "error: $fx/malformed.csv: row 2: error parsing data while strict checking enabled"
expect_rc "import missing file" 3 import $fx/none.csv $BI
# export: GraphML read back with xml.etree, attributes against score's JSON
run score $G $S --format json
cp "$tmp/out" "$tmp/score.json"
expect_rc "export graphml" 0 export $G $S -o "$tmp/g.graphml"
if python3 - "$tmp/g.graphml" "$tmp/score.json" "$root/$G" >"$tmp/perr" 2>&1 <<'PY'
import json, sys, xml.etree.ElementTree as ET
ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
root = ET.parse(sys.argv[1]).getroot()
score = json.load(open(sys.argv[2]))
graph = json.load(open(sys.argv[3]))
keys = {k.get("id"): (k.get("for"), k.get("attr.name")) for k in root.findall("g:key", ns)}
def data(el):
    return {keys[d.get("key")][1]: d.text for d in el.findall("g:data", ns)}
gr = root.find("g:graph", ns)
assert gr.get("edgedefault") == "directed"
assert data(gr)["model"].startswith("static")
nodes = {e.get("id"): data(e) for e in gr.findall("g:node", ns)}
by_id = {d["name"]: d for d in nodes.values()}
want = {n["id"]: n for n in score["nodes"]}
gnodes = {n["id"]: n for n in graph["nodes"]}
assert set(by_id) == set(want)
for i, d in by_id.items():
    assert abs(float(d["disruption"]) - want[i]["disruption"]) < 1e-12, i
    assert d["kind"] == gnodes[i]["kind"] and d["country"] == gnodes[i]["country"], i
    assert d["label"] == i
edges = gr.findall("g:edge", ns)
assert len(edges) == len(score["edges"])
for e, w in zip(edges, score["edges"]):
    d = data(e)
    assert nodes[e.get("source")]["name"] == w["from"] and nodes[e.get("target")]["name"] == w["to"]
    assert abs(float(d["blocked"]) - w["blocked"]) < 1e-12
    assert (d.get("rules") or "") == ", ".join(w["rules"])
    assert float(d["extraterritorial"]) == (1.0 if w["extraterritorial"] else 0.0)
assert any(float(data(e)["blocked"]) > 0 for e in edges)
PY
then pass; else fail "export graphml attributes" "$tmp/perr"; fi
if command -v xmllint >/dev/null 2>&1; then
	if xmllint --noout "$tmp/g.graphml" 2>"$tmp/perr"; then pass; else fail "export graphml is well-formed XML" "$tmp/perr"; fi
fi
expect_rc "export gml" 0 export $G $S --format gml -o "$tmp/g.out"
grep -q 'blocked 0.3' "$tmp/g.out" && grep -q 'rules "dy-licence"' "$tmp/g.out" && pass || fail "export gml attributes" "$tmp/g.out"
expect_rc "export needs -o" 2 export $G $S
expect_rc "export unknown format" 2 export $G $S --format dot -o "$tmp/x.dot"

echo "workflow: $passed passed, $failed failed"
[ "$failed" = 0 ]
