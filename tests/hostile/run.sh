#!/bin/sh
# The hostile-input suites, one file per family.  usage: run.sh path/to/chokepoint
here=$(cd "$(dirname "$0")" && pwd)
status=0
for f in files numbers strings structure output messages; do
	[ -f "$here/$f.sh" ] || continue
	sh "$here/$f.sh" "$1" || status=1
done
exit $status
