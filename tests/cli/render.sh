#!/bin/sh
# CLI tests of `chokepoint render`: exit codes, messages, formats.
# usage: render.sh path/to/chokepoint
# CHOKEPOINT_WRAP (e.g. a valgrind command) is put in front of every run
# (tests/cli/harness.sh).
# Graphviz 2.42 and pango leak memory of their own (HTML tables, font
# caches): under valgrind pass --errors-for-leak-kinds=none.
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/cli/harness.sh
. "$here/harness.sh"
G="graphs/example.json graphs/example-scenario.json"

expect_file() { # expect_file NAME FILE MAGIC: FILE starts with MAGIC
	if [ -s "$2" ] && head -c 64 "$2" | grep -qF -- "$3"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1)); echo "FAIL $1: $2 does not start with '$3'"
	fi
}

# shellcheck disable=SC2086
run render $G -o "$tmp/a.svg"; check "svg by extension" 0
expect_file "svg by extension" "$tmp/a.svg" "<?xml"
# xmllint (libxml2-utils, installed by make deps) is an independent XML parser
if xmllint --noout "$tmp/a.svg" 2>"$tmp/err"; then passed=$((passed + 1)); else
	failed=$((failed + 1)); echo "FAIL svg is not well-formed"; cat "$tmp/err"; fi
# shellcheck disable=SC2086
run render $G -o "$tmp/a.png"; check "png by extension" 0
expect_file "png by extension" "$tmp/a.png" "PNG"
# shellcheck disable=SC2086
run render $G -o "$tmp/a.pdf"; check "pdf by extension" 0
expect_file "pdf by extension" "$tmp/a.pdf" "%PDF-"
# shellcheck disable=SC2086
run render $G -o "$tmp/a.gv"; check "dot by .gv" 0
expect_file "dot by .gv" "$tmp/a.gv" "digraph"
# shellcheck disable=SC2086
run render $G -o "$tmp/a.out" --format dot --focus defence@US --collapse country --cluster country --min-share 0.1
check "options together" 0
expect_file "options together" "$tmp/a.out" "digraph"
# shellcheck disable=SC2086
run render $G -o - -f dot; check "dot to stdout" 0
expect_file "dot to stdout" "$tmp/out" "digraph"

# usage errors: exit 2, nothing written
# shellcheck disable=SC2086
run render $G; check "missing -o" 2 "missing -o FILE"
# shellcheck disable=SC2086
run render $G -o "$tmp/x.jpeg"; check "unknown extension" 2 "cannot tell the format"
# shellcheck disable=SC2086
run render $G -o -; check "stdout without format" 2 "needs --format"
# shellcheck disable=SC2086
run render $G -o "$tmp/x.svg" --format gif; check "unknown format" 2 "unknown format 'gif'"
# shellcheck disable=SC2086
run render $G -o "$tmp/x.svg" --focus nowhere@XX; check "unknown focus" 2 "no node 'nowhere@XX'"
# shellcheck disable=SC2086
run render $G -o "$tmp/x.svg" --collapse kind --cluster country; check "cluster with kind" 2 "does not go with"
# shellcheck disable=SC2086
run render $G -o "$tmp/x.svg" --min-share 2; check "min-share range" 2 "from 0 to 1"
# shellcheck disable=SC2086
run render $G -o "$tmp/x.svg" --collapse region; check "collapse value" 2 "'country' or 'kind'"
[ -e "$tmp/x.svg" ] && { failed=$((failed + 1)); echo "FAIL a usage error wrote a file"; }

# too large: exit 4 with a hint, and no file
# shellcheck disable=SC2086
run render $G -o "$tmp/big.svg" --max-draw-nodes 5; check "node cap" 4 "--focus ID"
[ -e "$tmp/big.svg" ] && { failed=$((failed + 1)); echo "FAIL a refused drawing wrote a file"; }
# shellcheck disable=SC2086
run render $G -o "$tmp/big.svg" --max-draw-nodes 5 --collapse kind; check "node cap, collapsed" 0

# input errors keep their codes; writing fails with 3
run render tests/errors/unknown-supplier.json -o "$tmp/e.svg"; check "invalid graph" 1 "unknown node"
# shellcheck disable=SC2086
run render $G -o /nonexistent-dir/x.svg; check "cannot write" 3 "cannot create '/nonexistent-dir/x.svg'"

run render --help; check "help" 0
grep -q -- "--max-draw-nodes=N" "$tmp/out" && grep -q "default 2000" "$tmp/out" && passed=$((passed + 1)) ||
	{ failed=$((failed + 1)); echo "FAIL --help lacks the defaults"; }

# Clusters with a focus: Graphviz cannot always release such a laid-out
# graph, which must cost a warning at most, never the drawing.
run render -q graphs/rare-earths.json graphs/scenarios/october-2025.json --cluster country --focus defence@US \
	-o "$tmp/cf.svg"; check "clusters with focus" 0
if xmllint --noout "$tmp/cf.svg" 2>"$tmp/err"; then passed=$((passed + 1)); else
	failed=$((failed + 1)); echo "FAIL clusters with focus: svg is not well-formed"; cat "$tmp/err"; fi

echo "render: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
