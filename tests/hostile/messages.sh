#!/bin/sh
# What the tool says: the right error for the right cause, warnings for
# silent no-ops, limits named with their real range, output bounded by --top.
. "$(dirname "$0")/lib.sh"
F=$root/tests/cli/fixtures
TG=$F/target-graph.json
TC=$F/target-control.json

# target: a change invalid at every amount reports the change's error, exit 1
fresh
printf '{"chokepoint_scenario": 1, "changes": [{"op": "shift", "at": "m@JP", "item": "dy", "from": "CN", "to": "MY", "to_node": "dy@CN", "fraction": 0.5}]}\n' >"$tmp/bad.json"
expect "target: change invalid at every amount" 1 target "$TG" "$TC" --change bad.json --sector auto --below 0.5 &&
	check "the change's own error" err_has "to_node 'dy@CN' is in 'CN', not in 'MY'" &&
	check "no false 'no sector' claim" sh -c "! grep -q 'no sector node' '$tmp/.err'"
# invalid only at amount 1 (the supplier is already on the line once it takes a share)
printf '{"chokepoint_scenario": 1, "changes": [{"op": "add_supplier", "at": "m@JP", "item": "dy", "supplier": "dy@MY", "share": 0.5}]}\n' >"$tmp/bad1.json"
expect "target: change invalid at amount 1" 1 target "$TG" "$TC" --change bad1.json --sector auto --below 0.5 &&
	check "names the amount and the error" err_has "already supplies line 'dy'"
expect "target: a sector that does not exist" 2 target "$TG" "$TC" --change "$F/target-shift.json" --sector nope --below 0.5 &&
	check "says so" err_has "no sector node or sector named 'nope'"

# shift from a country with no supplier on the line: a warning; --strict fails
printf '{"chokepoint_scenario": 1, "changes": [{"op": "shift", "at": "m@JP", "item": "dy", "from": "ZZ", "to": "MY", "fraction": 0.5}]}\n' >"$tmp/zz.json"
expect "shift from ZZ" 0 score "$TG" "$TC" zz.json && check "warns that it moves nothing" err_has "shift moves nothing: node 'm@JP' line 'dy' has no supplier in 'ZZ'"
expect "shift from ZZ, --strict" 1 score --strict "$TG" "$TC" zz.json && check "--strict says why" err_has "--strict"
expect "target with a shift from ZZ" 0 target "$TG" "$TC" --change zz.json --sector auto --below 0.5 &&
	check "target warns too" err_has "shift moves nothing"
expect "target with a shift from ZZ, --strict" 1 target --strict "$TG" "$TC" --change zz.json --sector auto --below 0.5
expect "--strict without warnings" 0 score --strict "$TG" "$TC"

# chokepoints: the dominator list obeys --top (a chain of 2,000 sectors)
fresh
python3 - "$tmp/chain.json" <<'PY'
import sys
nodes = ['{"id": "e", "kind": "element", "country": "CN"}']
prev = "e"
for i in range(2000):
    nodes.append('{"id": "s%d", "kind": "sector", "sector": "x", "country": "US", "inputs": [{"item": "i", "suppliers": {"%s": 1}}]}' % (i, prev))
    prev = "s%d" % i
open(sys.argv[1], "w").write('{"chokepoint": 1, "nodes": [%s]}' % ",".join(nodes))
PY
# hand: s1999's dominators nearest first are s1998, s1997, s1996; then "more"
small() { [ "$(wc -c <"$tmp/.out")" -lt 800000 ]; }
timeout_cmd="timeout 60" expect "chokepoints on a chain, table" 0 chokepoints --top 3 chain.json &&
	check "output bounded" small && check "nearest three, then more" out_has "on every supply path: s1998 <- s1997 <- s1996 <- ..."
timeout_cmd="timeout 60" expect "chokepoints on a chain, csv" 0 chokepoints --top 3 --format csv chain.json &&
	check "csv bounded" sh -c "[ \$(grep -c '^s1999,on_every_path' '$tmp/.out') = 3 ]"
timeout_cmd="timeout 60" expect "chokepoints on a chain, json" 0 chokepoints --top 3 --format json chain.json &&
	check "json bounded" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["sectors"][-1]
assert s["on_every_path"] == ["s1998", "s1997", "s1996"], s["on_every_path"]' "$tmp/.out"

# option ranges say their ceiling
expect "--top too large" 2 chokepoints --top 1000000000 "$TG" && check "says the ceiling" err_has "from 1 to 100000000"
expect "--max-depth too large" 2 validate --max-depth 5000 "$TG" && check "says the ceiling" err_has "from 1 to 1000"
expect "option without its value" 2 score --format && check "says it needs a value" err_has "option '--format' needs a value"
expect "flag with a value" 2 score --quiet=1 "$TG" && check "says it takes none" err_has "option '--quiet=1' takes no value"

done_family
