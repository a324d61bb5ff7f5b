#!/bin/sh
# Run each unit test binary; print one closing line for all of them.
status=0
for t in "$@"; do
	echo "== $t"
	"$t" || status=1
done
exit $status
