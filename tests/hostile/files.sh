#!/bin/sh
# Input files that are not plain files, or that change while read: no
# hang, no crash, no 4 GB buffer, and an I/O error (3) or invalid input (1).
. "$(dirname "$0")/lib.sh"
G=$root/graphs/example.json
S=$root/graphs/example-scenario.json

# devices are refused at once
fresh
for dev in /dev/zero /dev/urandom /dev/null; do
	timeout_cmd="timeout 5" expect "validate $dev" 3 validate "$dev" &&
		check "$dev: named as not a regular file" err_has "not a regular file, pipe or '-'"
done
timeout_cmd="timeout 5" expect "scenario /dev/zero" 3 validate "$G" /dev/zero

# a FIFO with no writer: fails at once instead of blocking in open()
fresh
mkfifo "$tmp/fifo"
timeout_cmd="timeout 5" expect "FIFO with no writer" 3 validate fifo && check "says no writer" err_has "no process writes to it"
timeout_cmd="timeout 5" expect "target with a FIFO change file" 3 target "$G" --change fifo --sector auto --below 0.5

# pipes and standard input are streamed, and garbage fails at its first bytes
fresh
stdin_from() { # stdin_from FILE NAME RC ARGS...
	f=$1
	shift
	snapshot >"$base/snap-before"
	(cd "$tmp" && timeout 5 "$tool" "$@") <"$f" >"$tmp/.out" 2>"$tmp/.err"
	rc=$?
	snapshot >"$base/snap-after"
	[ "$rc" = "$want" ] && cmp -s "$base/snap-before" "$base/snap-after"
}
want=0; check "graph on stdin ('-')" stdin_from "$G" validate -
want=1; check "/dev/zero on stdin fails at its first byte" stdin_from /dev/zero validate -
err_has "NUL byte at offset 0" && ok || fail "/dev/zero on stdin: message"
want=1; check "/dev/urandom on stdin fails at once" stdin_from /dev/urandom validate -
want=0; check "scenario on stdin" stdin_from "$S" validate "$G" -
# a pipe as a path (as from <(...)): the FIFO has a writer
piped() { cat "$G" | (cd "$tmp" && timeout 5 "$tool" validate /dev/stdin) >/dev/null 2>&1; }
check "graph through a pipe path" piped

# a directory
expect "a directory" 3 validate . && check "named" err_has "is a directory"

# a file truncated while it is read: never a signal (SIGBUS), always a clean exit
fresh
python3 - "$tmp/big.json" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"chokepoint": 1, "nodes": [')
    f.write(",".join('{"id": "n%d", "kind": "element", "country": "CN"}' % i for i in range(600000)))
    f.write("]}")
PY
i=0
while [ $i -lt 3 ]; do
	cp "$tmp/big.json" "$tmp/victim.json"
	(cd "$tmp" && exec "$tool" validate -q victim.json) >/dev/null 2>"$tmp/.err" &
	pid=$!
	sleep 0.0$((i * 3 + 1))
	: >"$tmp/victim.json"
	wait $pid
	rc=$?
	if [ "$rc" -lt 128 ] && [ "$rc" -le 1 ]; then ok; else fail "truncated while read: exit $rc" "$tmp/.err"; fi
	i=$((i + 1))
done

# the size cap is checked before reading, and on streams while reading
fresh
expect "file over --max-file-size" 4 validate --max-file-size 100 "$G" && check "named" err_has "(see --max-file-size)"
want=4; check "stream over --max-file-size" stdin_from "$G" validate --max-file-size 100 -

done_family
