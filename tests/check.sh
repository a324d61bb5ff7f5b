#!/bin/sh
# make check: run each suite with its output kept in BUILD/check/SUITE.log,
# print each suite's counts with its name, and end with one line over all
# of them: "N passed, M failed".  Logs hold the tools' expected diagnostics
# (marked as expected where a test prints them); only a failing suite's log
# is shown here.  usage: check.sh BUILD "SUITE..." MAKE [MAKE-ARGS...]
build=$1
suites=$2
shift 2
mkdir -p "$build/check"
total_p=0
total_f=0
status=0

# label LINE DEFAULT: "name: N passed, M failed" kept, a bare count named
count_line() {
	case $1 in
	*": "*" passed, "*" failed") echo "$1" ;;
	*) echo "$2: $1" ;;
	esac
}

for suite in $suites; do
	log=$build/check/$suite.log
	"$@" "$suite" >"$log" 2>&1
	rc=$?
	n=0
	bare=0
	grep -E '^([^:]+: )?[0-9]+ passed, [0-9]+ failed$' "$log" >"$log.counts"
	while IFS= read -r line; do
		n=$((n + 1))
		# the oracle's scripts print bare counts: name them in Makefile order
		case $line in
		[0-9]*) bare=$((bare + 1)) ;;
		esac
		case $suite:$bare in
		oracle-tests:1) name="oracle selftest" ;;
		oracle-tests:2) name="oracle differential (version 1)" ;;
		oracle-tests:3) name="oracle differential (version 2, dated, shares)" ;;
		oracle-tests:4) name="oracle timeline" ;;
		oracle-tests:5) name="oracle timeline cross-check" ;;
		*) name=$suite ;;
		esac
		line=$(count_line "$line" "$name")
		echo "$line"
		p=${line##*: }
		total_p=$((total_p + ${p%% passed*}))
		f=${line##*passed, }
		total_f=$((total_f + ${f%% failed}))
	done <"$log.counts"
	if [ "$suite" = fuzz-replay ]; then
		# one count per fuzz target replayed
		p=$(grep -c '^replay [a-z_]*: [0-9]* inputs' "$log")
		f=$([ "$rc" = 0 ] && echo 0 || echo 1)
		echo "fuzz replay: $p passed, $f failed"
		total_p=$((total_p + p))
		total_f=$((total_f + f))
		n=1
	fi
	if [ "$n" = 0 ] && [ "$rc" = 0 ]; then
		# a suite that prints no counts (api-check, fast-load-tests) is one test
		echo "$suite: 1 passed, 0 failed"
		total_p=$((total_p + 1))
	fi
	rm -f "$log.counts"
	if [ "$rc" != 0 ]; then
		status=1
		[ "$n" = 0 ] && total_f=$((total_f + 1))
		echo "--- $suite failed (exit $rc); its log, $log, ends:"
		grep -E '^FAIL|FAILED|ERROR|error' "$log" | head -40
		tail -15 "$log"
		echo "---"
	fi
done
echo "$total_p passed, $total_f failed"
exit $status
