#!/bin/sh
# Numbers at the edges: no non-finite number in any output, shares and
# sums that do not overflow, products that cannot be represented refused
# with a located error, and the JSON number grammar.
. "$(dirname "$0")/lib.sh"

graph() { # graph OUTPUT1 OUTPUT2 SHARE-A SHARE-B
	printf '{"chokepoint": 1, "nodes": [
 {"id": "a", "kind": "element", "country": "CN"},
 {"id": "b", "kind": "element", "country": "AU"},
 {"id": "s1", "kind": "sector", "sector": "auto", "country": "US", "output": %s,
  "inputs": [{"item": "x", "suppliers": {"a": %s, "b": %s}}]},
 {"id": "s2", "kind": "sector", "sector": "auto", "country": "US", "output": %s,
  "inputs": [{"item": "x", "suppliers": {"a": 1, "b": 1}}]}]}\n' "$1" "$3" "$4" "$2"
}
fresh
printf '{"chokepoint_scenario": 1, "controls": [{"id": "c", "origin": "CN"}]}\n' >"$tmp/s.json"
json_finite() { python3 - "$tmp/.out" <<'PY'
import json, sys, math
def bad(x): raise SystemExit("non-finite: %s" % x)
d = json.loads(open(sys.argv[1]).read(), parse_constant=bad)
PY
}
group_is() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); g=d["groups"][0]
assert abs(g["disruption"] - float(sys.argv[2])) < 1e-12 and abs(g["value_at_risk"] - float(sys.argv[3])) <= 1e-12 * float(sys.argv[3]), g' "$tmp/.out" "$1" "$2"; }
sector_is() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=[x for x in d["sectors"] if x["id"] == sys.argv[2]][0]
assert abs(s["disruption"] - float(sys.argv[3])) < 1e-12, s' "$tmp/.out" "$1" "$2"; }

# shares 1e308, 1e308 are half and half (MODEL.md 6): CN's half is blocked
graph 1 1 1e308 1e308 >"$tmp/g.json"
expect "shares 1e308 1e308" 0 score -q --format json g.json s.json && check "JSON is finite" json_finite &&
	check "disruption 50%, not 100%" sector_is s1 0.5
graph 1 1 1e-300 1e-300 >"$tmp/g.json"
expect "shares 1e-300 1e-300" 0 score -q --format json g.json s.json && check "tiny shares: 50%" sector_is s1 0.5

# outputs near the largest double: the group's weighted mean and value at
# risk (hand: each sector loses half, VaR 0.5 * 8e307 each, 8e307 in all)
graph 8e307 8e307 1 1 >"$tmp/g.json"
expect "outputs 8e307" 0 score -q --format json g.json s.json && check "group 50%, VaR 8e307" group_is 0.5 8e307 &&
	check "JSON is finite" json_finite
expect "outputs 8e307, table" 0 score -q g.json s.json &&
	check "table shows 50.00%, no nan" sh -c "grep -q '50.00%' '$tmp/.out' && ! grep -qi 'nan\|inf' '$tmp/.out'"
expect "outputs 8e307, csv" 0 score -q --format csv --sectors g.json s.json &&
	check "CSV without inf or nan" sh -c "! grep -qi 'nan\|inf' '$tmp/.out'"

# outputs whose sum cannot be represented: refused, located
graph 1.7e308 1.7e308 1 1 >"$tmp/g.json"
expect "outputs 1.7e308 twice" 1 score -q g.json s.json && check "located at the node" err_has "g.json: nodes[3].output"
expect "outputs 1.7e308 twice, validate" 1 validate -q g.json

# a change that sets an output past the sum
graph 1 1 1 1 >"$tmp/g.json"
printf '{"chokepoint_scenario": 1, "changes": [{"op": "set", "at": "s1", "field": "output", "value": 1.7e308},
 {"op": "set", "at": "s2", "field": "output", "value": 1.7e308}]}\n' >"$tmp/c.json"
expect "changes pushing outputs past the largest number" 1 score -q g.json c.json &&
	check "said after the changes" err_has "after the changes"

# capacity warnings never print (infx)
fresh
printf '{"chokepoint": 1, "nodes": [
 {"id": "a", "kind": "element", "country": "CN", "output": 0},
 {"id": "s", "kind": "sector", "sector": "auto", "country": "US", "output": 5,
  "inputs": [{"item": "x", "value_share": 0.5, "suppliers": {"a": 1}}]}]}\n' >"$tmp/g.json"
printf '{"chokepoint_scenario": 1, "changes": [{"op": "set", "at": "s", "field": "output", "value": 6}]}\n' >"$tmp/c.json"
expect "capacity of a zero-output supplier" 0 score g.json c.json &&
	check "no (infx)" sh -c "! grep -q 'inf' '$tmp/.err' && grep -q 'buy 3 a year against its output of 0' '$tmp/.err'"

# the JSON number grammar
fresh
for n in 00.5 01 1. -01 1e 1e+ -.5 +1; do
	printf '{"chokepoint": 1, "nodes": [{"id": "a", "kind": "element", "country": "CN", "output": %s}]}\n' "$n" >"$tmp/g.json"
	expect "number $n refused" 1 validate g.json
done
for n in 0.5 0 -0 1e5 1E-5 0e0 10; do
	printf '{"chokepoint": 1, "nodes": [{"id": "a", "kind": "element", "country": "CN", "output": %s}]}\n' "$n" >"$tmp/g.json"
	case $n in -0) want=0 ;; *) want=0 ;; esac
	expect "number $n accepted" $want validate -q g.json
done
printf '{"chokepoint": 1, "nodes": [{"id": "a", "kind": "element", "country": "CN", "output": 1e400}]}\n' >"$tmp/g.json"
expect "number 1e400 refused" 1 validate g.json && check "said not finite" err_has "not finite"

done_family
