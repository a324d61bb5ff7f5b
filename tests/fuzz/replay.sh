#!/bin/sh
# Replay every input the fuzzers once failed on, one binary per target.
# usage: replay.sh BUILD TARGETS
# Leaks fail the replay when the binaries run under LeakSanitizer (or
# ASan); a probe that leaks on purpose tells whether they do here, and the
# output says which.  An empty regression directory is reported as such.
build=$1 targets=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
first=${targets%% *}
if CP_REPLAY_LEAK_PROBE=1 "$build/tests/replay_$first" >/dev/null 2>&1; then
	echo "replay: leaks NOT checked (no LeakSanitizer in this build); crashes are"
	leaks=""
else
	leaks=" or leak"
	echo "replay: crashes and leaks checked (LeakSanitizer)"
fi
status=0
for t in $targets; do
	dir=tests/fuzz/regressions/$t
	set -- "$dir"/*
	if [ ! -e "$1" ]; then
		echo "replay $t: $dir is empty, nothing replayed"
		continue
	fi
	if "$build/tests/replay_$t" "$@" >/dev/null; then
		echo "replay $t: $# inputs, no crash$leaks"
	else
		echo "FAIL replay $t: an input in $dir crashes$leaks"
		status=1
	fi
done
exit $status
