#!/bin/sh
# make fuzz: run each libFuzzer target for SECONDS, seeded from graphs/ and
# tests/.  Inputs that crash, leak or time out are written to
# tests/fuzz/regressions/TARGET/, which `make check` replays.
# usage: run.sh BUILD_DIR SECONDS [TARGET...]
set -u
build=$1
seconds=$2
shift 2
targets=${*:-graph scenario score output import fastload}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
status=0
for t in $targets; do
	corpus=$build/corpus-$t
	seeds=$build/seeds-$t
	mkdir -p "$corpus" "$seeds" "tests/fuzz/regressions/$t"
	case $t in
	graph|fastload) cp graphs/*.json tests/cases/*/graph.json tests/errors/*.json "$seeds"/ 2>/dev/null ;;
	scenario) for f in graphs/scenarios/*.json tests/cases/*/scenario*.json tests/errors/*.scenario.json; do
			cp "$f" "$seeds/$(echo "$f" | tr / _)"; done ;;
	score|output) for d in tests/cases/*/; do
			n=$(basename "$d")
			for s in "$d"scenario*.json; do
				[ -f "$s" ] || continue
				{ cat "$d/graph.json"; printf '\0'; cat "$s"; } >"$seeds/$n-$(basename "$s")"
			done
			cp "$d/graph.json" "$seeds/$n.json"
		done
		{ cat graphs/example.json; printf '\0'; cat graphs/example-scenario.json; } >"$seeds/example"
		for c in tests/cli/fixtures/target-shift.json tests/cli/fixtures/changes-all.json; do
			{ cat tests/cli/fixtures/target-graph.json; printf '\0'; cat "$c"; } >"$seeds/changes-$(basename "$c")"
		done ;;
	import) python3 tests/cli/graph_to_csv.py graphs/example.json "$seeds/n.csv" "$seeds/i.csv" --excel
		{ cat "$seeds/n.csv"; printf '\0'; cat "$seeds/i.csv"; } >"$seeds/example"
		{ cat tests/cli/workflow/bad-nodes.csv; printf '\0'; cat tests/cli/workflow/bad-inputs.csv; } >"$seeds/bad"
		rm -f "$seeds/n.csv" "$seeds/i.csv" ;;
	esac
	echo "== fuzz_$t for ${seconds}s"
	"$build/fuzz_$t" "$corpus" "$seeds" -dict=tests/fuzz/json.dict -max_total_time="$seconds" \
		-timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
		-artifact_prefix="tests/fuzz/regressions/$t/" 2>"$build/fuzz_$t.log" || status=1
	grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)|cov:|ERROR" \
		"$build/fuzz_$t.log" | tail -5
done
exit $status
