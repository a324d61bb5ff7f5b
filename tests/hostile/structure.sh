#!/bin/sh
# The shape of the JSON: huge objects, duplicate fields and ids found in
# linear time, the cap on fields per object, nesting.
. "$(dirname "$0")/lib.sh"
G=$root/graphs/example.json

# 99,990 fields in one node, one of them given twice: found, fast
fresh
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
n = 99990
f = ",".join('"f%d": 1' % i for i in range(n))
open(d + "/wide.json", "w").write('{"chokepoint": 1, "nodes": [{"id": "a", "kind": "element", "country": "CN", %s, "f77777": 2}]}' % f)
c = ",".join('{"id": "c%d", "origin": "CN"}' % i for i in range(100000))
open(d + "/ids.json", "w").write('{"chokepoint_scenario": 1, "controls": [%s, {"id": "c99999", "origin": "CN"}]}' % c)
open(d + "/ok-ids.json", "w").write('{"chokepoint_scenario": 1, "controls": [%s]}' % c)
# a nested object walked first, then the huge object's walk taken up again
open(d + "/nested.json", "w").write('{"chokepoint": 1, "nodes": [{"id": "a", "kind": "element", "country": "CN"},'
    ' {"id": "b", "kind": "magnet", "country": "CN", "inputs": [{"item": "x", "suppliers": {"a": 1}}], %s, "f5": 2}]}' % f)
g = ",".join('"g%d": 1' % i for i in range(n))
open(d + "/nested-control.json", "w").write('{"chokepoint_scenario": 1, "controls": [{"id": "c", "origin": "CN",'
    ' "buyers": {"a": 1}, %s, "g7": 1}]}' % g)
PY
timeout_cmd="timeout 5" expect "duplicate among 99,990 fields, within 5 s" 1 validate -q wide.json &&
	check "the duplicate is named" err_has "nodes[0] (a).f77777: given twice"
timeout_cmd="timeout 5" expect "duplicate among 100,000 control ids, within 5 s" 1 validate -q "$G" ids.json &&
	check "the duplicate id is named" err_has "duplicate control id 'c99999'"
timeout_cmd="timeout 5" expect "100,000 distinct control ids, within 5 s" 0 validate -q "$G" ok-ids.json
timeout_cmd="timeout 5" expect "duplicate after a nested object, within 5 s" 1 validate -q nested.json &&
	check "named" err_has "nodes[1] (b).f5: given twice"
timeout_cmd="timeout 5" expect "duplicate in a control after its buyers, within 5 s" 1 validate -q "$G" nested-control.json &&
	check "named" err_has "controls[0].g7: given twice"

# the cap on fields per object (exit 4), and its option
expect "fields over the default cap" 0 validate -q --max-fields 100000 "$G"
expect "fields over --max-fields" 4 validate -q --max-fields 5 "$G" &&
	check "--max-fields named" err_has "(see --max-fields)"
timeout_cmd="timeout 5" expect "fields over the cap in a huge object" 4 validate -q --max-fields 1000 wide.json
expect "--max-fields 0 is a usage error" 2 validate --max-fields 0 "$G"

# duplicates in small objects, at every level
fresh
printf '{"chokepoint": 1, "chokepoint": 1, "nodes": [{"id": "a", "kind": "element", "country": "CN", "kind": "magnet"}]}\n' >"$tmp/g.json"
expect "duplicate field in a node" 1 validate g.json && check "named" err_has "nodes[0] (a).kind: given twice"
printf '{"chokepoint_scenario": 1, "controls": [{"id": "c", "origin": "CN", "origin": "US"}]}\n' >"$tmp/s.json"
expect "duplicate field in a control" 1 validate "$G" s.json && check "named" err_has "controls[0].origin: given twice"
printf '{"chokepoint_scenario": 1, "controls": [{"id": "c", "origin": "CN"}]}\n' >"$tmp/s1.json"
expect "duplicate id across files" 1 validate "$G" s1.json s1.json && check "named" err_has "earlier scenario file"

# deep nesting is a limit, not a crash
fresh
python3 -c 'print("{\"chokepoint\": 1, \"x\": " + "[" * 100000 + "]" * 100000 + "}")' >"$tmp/deep.json"
expect "deep nesting" 4 validate deep.json && check "nesting named" err_has "nesting deeper than the limit"

done_family
