#!/bin/sh
# Run each unit test binary; print one closing line for all of them:
# "unit: N passed, M failed", counting cmocka's tests (a binary that dies
# before its summary counts as one failure).
passed=0
failed=0
status=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in "$@"; do
	echo "== $t"
	"$t" >"$out" 2>&1 || status=1
	cat "$out"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\.$/\1/p' "$out" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:$/\1/p' "$out" | tail -1)
	if [ -z "$p$f" ]; then
		failed=$((failed + 1))
		echo "FAIL $t: no cmocka summary (crashed?)"
	else
		passed=$((passed + ${p:-0}))
		failed=$((failed + ${f:-0}))
	fi
done
echo "unit: $passed passed, $failed failed"
exit $status
