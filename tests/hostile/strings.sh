#!/bin/sh
# Strings from files and argv: control characters escaped wherever they are
# echoed, C1 controls refused in ids, UTF-8 kept whole when cut, and the
# string cap counted in decoded bytes.
. "$(dirname "$0")/lib.sh"
ESC=$(printf '\033')
raw_free() { ! grep -q "$ESC" "$tmp/.out" "$tmp/.err" && ! LC_ALL=C grep -qP '\x07|\xc2[\x80-\x9f]' "$tmp/.out" "$tmp/.err"; }
utf8_ok() { python3 -c 'import sys
for f in sys.argv[1:]: open(f, "rb").read().decode("utf-8")' "$tmp/.out" "$tmp/.err"; }

graph() { # graph NAME-JSON UNIT-JSON EXTRA-NODE-FIELD
	printf '{"chokepoint": 1, "name": %s, "value_unit": %s, "nodes": [
 {"id": "a", "kind": "element", "country": "CN"%s},
 {"id": "s", "kind": "sector", "sector": "auto", "country": "US", "output": 1,
  "inputs": [{"item": "x", "suppliers": {"a": 1}}]}]}\n' "$1" "$2" "${3:-}"
}

# names echoed in the table: escaped, never raw
fresh
graph '"T\u001b[2J\u0007"' '"u\u009b31m"' ', "zz\u001b]0;x\u0007": 1' >"$tmp/g.json"
printf '{"chokepoint_scenario": 1, "name": "s\\u001bc", "controls": [{"id": "c", "origin": "CN"}]}\n' >"$tmp/s.json"
expect "escapes in names (table)" 0 score g.json s.json && check "table and warnings escape ESC, BEL, C1" raw_free &&
	check "table shows \\x1b" out_has 'T\x1b[2J\x07' && check "unit shows \\u009b" out_has 'u\u009b31m' &&
	check "scenario name escaped" out_has 's\x1bc' && check "unknown field escaped" err_has "zz\\x1b]0;x\\x07"

printf '{"chokepoint_scenario": 1, "name": "s\\u001bc", "controls": [{"id": "c", "origin": "CN"}],
 "outages": [{"name": "o\\u001b]2;x\\u0007", "node": "a", "loss": 0.5}]}\n' >"$tmp/s2.json"
expect "escapes in names (timeline table)" 0 timeline -q g.json s2.json --from 2026-01-01 --to 2026-01-05 &&
	check "timeline table escapes" raw_free && check "timeline title escaped" out_has 'T\x1b[2J\x07'
expect "escapes in outage names (share table)" 0 score -q g.json s2.json && check "shares escape outage names" raw_free &&
	check "outage name shown escaped" out_has 'o\x1b]2;x\x07'

# the same in the messages of every kind of field
fresh
printf '{"chokepoint": 1, "nodes": [{"id": "a", "kind": "el\\u001bement", "country": "C\\u001bN",
 "elements": ["N\\u001bd"], "inputs": [{"item": "x", "suppliers": {"b\\u001b": 1}}]}]}\n' >"$tmp/g.json"
expect "escapes in graph messages" 1 validate g.json && check "graph messages escaped" raw_free &&
	check "kind escaped" err_has "el\\x1bement" && check "supplier escaped" err_has "b\\x1b"
fresh
graph '"t"' '"u"' >"$tmp/g.json"
printf '{"chokepoint_scenario": 1, "controls": [{"id": "c", "origin": "CN", "buyers": {"q\\u001b": 1}}],
 "outages": [{"node": "n\\u001b", "loss": 1}], "changes": [{"op": "sh\\u001bift"}]}\n' >"$tmp/s.json"
expect "escapes in scenario messages" 1 validate g.json s.json && check "scenario messages escaped" raw_free &&
	check "op escaped" err_has "sh\\x1bift" && check "outage node escaped" err_has "n\\x1b"

# argv echoed in usage errors
fresh
expect "escapes in usage errors" 2 score "--bo${ESC}gus" x && check "unknown option escaped" raw_free &&
	check "option shown escaped" err_has "--bo\\x1bgus"
expect "escapes in unknown command" 2 "sc${ESC}ore" && check "command escaped" raw_free
graph '"t"' '"u"' >"$tmp/g.json"
expect "escapes in --focus" 2 render -q g.json -o x.svg --focus "n${ESC}" && check "focus escaped" raw_free
expect "escapes in a missing file" 3 validate "no${ESC}file.json" && check "path escaped" raw_free

# C1 controls are control characters: refused in ids
fresh
printf '{"chokepoint": 1, "nodes": [{"id": "a\\u0085", "kind": "element", "country": "CN"}]}\n' >"$tmp/g.json"
expect "C1 control in an id" 1 validate g.json && check "C1 refused with its code" err_has "control character (U+0085)"
printf '{"chokepoint": 1, "nodes": [{"id": "a\302\233", "kind": "element", "country": "CN"}]}\n' >"$tmp/g.json"
expect "raw C1 control in an id" 1 validate g.json && check "raw C1 refused" err_has "U+009B"
printf '{"chokepoint": 1, "nodes": [{"id": "a\302\240b", "kind": "element", "country": "CN"}]}\n' >"$tmp/g.json"
expect "no-break space is not C1" 0 validate g.json

# a name cut to 200 bytes ends on a whole character, also in JSON warnings
fresh
long=$(python3 -c 'print("\u00e9" * 150 + "x")')
graph '"t"' '"u"' ", \"k$long\": 1" >"$tmp/g.json"
printf '{"chokepoint_scenario": 1}\n' >"$tmp/s.json"
json_ok() { python3 -c 'import json,sys; json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))' "$tmp/.out"; }
expect "long multi-byte name in a warning" 0 score --format json g.json s.json && check "stderr is UTF-8" utf8_ok &&
	check "JSON warnings parse strictly" json_ok
printf '{"chokepoint": 1, "nodes": [{"id": "a", "kind": "k%s", "country": "CN"}]}\n' "$long" >"$tmp/g.json"
expect "long multi-byte kind in an error" 1 validate g.json && check "error is UTF-8" utf8_ok

# --max-string counts decoded bytes: 20000 escaped e-acutes are 40000 bytes
fresh
python3 -c 'import sys; sys.stdout.write("{\"chokepoint\": 1, \"name\": \"" + "\\u00e9" * 20000 + "\", \"nodes\": [{\"id\": \"a\", \"kind\": \"element\", \"country\": \"CN\"}]}")' >"$tmp/g.json"
expect "escaped string under --max-string" 0 validate g.json
expect "escaped string over --max-string" 4 validate --max-string 39999 g.json &&
	check "string limit named" err_has "string longer than the limit"

done_family
