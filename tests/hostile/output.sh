#!/bin/sh
# Output files and stdout: a failed write is exit 3 with a message, and
# never destroys what was at the target.
. "$(dirname "$0")/lib.sh"
G=$root/graphs/example.json
S=$root/graphs/example-scenario.json

# a device node as the target: written directly, never removed
fresh
if mknod "$tmp/full" c 1 7 2>/dev/null; then
	dev_kept() { [ -c "$tmp/full" ] && err_has "cannot write 'full'"; }
	expect "render -o a device that fails" 3 render "$G" -o full --format svg &&
		check "render -o a device: node kept, message" dev_kept
fi

# --draws-out onto a failing device: same rule
fresh
if mknod "$tmp/full" c 1 7 2>/dev/null; then
	dev_kept2() { [ -c "$tmp/full" ] && err_has "cannot write 'full'"; }
	expect "score --draws-out a device that fails" 3 score -q --draws 3 --draws-out full "$G" "$S" &&
		check "--draws-out a device: node kept, message" dev_kept2
fi

# timeline --chart through a link to a failing device, and through a link
# to a file: the link and the device stay, the file is replaced
fresh
if mknod "$tmp/full" c 1 7 2>/dev/null; then
	ln -s full "$tmp/full.svg"
	chart_dev_kept() { [ -c "$tmp/full" ] && [ -L "$tmp/full.svg" ] && err_has "cannot write"; }
	expect "timeline --chart to a failing device" 3 timeline -q "$G" "$S" --from 2026-01-01 --to 2026-01-20 \
		--chart full.svg && check "--chart: device and link kept" chart_dev_kept
fi
echo old >"$tmp/t.svg"
ln -s t.svg "$tmp/l.svg"
chart_link_kept() { [ -L "$tmp/l.svg" ] && grep -q '<svg' "$tmp/t.svg" && [ "$(ls -A "$tmp" | grep -c '^\.l\.svg')" = 0 ]; }
expect "timeline --chart through a link" 0 timeline -q "$G" "$S" --from 2026-01-01 --to 2026-01-20 --chart l.svg &&
	check "--chart: link kept, target replaced, no temporary left" chart_link_kept

# a symbolic link: its target is replaced, the link stays
fresh
echo old >"$tmp/keep.svg"
ln -s keep.svg "$tmp/link.svg"
link_kept() { [ -L "$tmp/link.svg" ] && grep -q '<svg' "$tmp/keep.svg"; }
expect "render -o a symlink" 0 render -q "$G" -o link.svg && check "render -o a symlink: link kept" link_kept

# an existing file and a write that fails half-way (file size limit):
# the old file stays as it was and no temporary file is left
fresh
echo 'precious' >"$tmp/out.svg"
printf 'trap "" XFSZ\nulimit -f 4\nexec "$@"\n' >"$base/fsz.sh"
old_kept() {
	[ "$(cat "$tmp/out.svg")" = precious ] && [ "$(ls -A "$tmp" | grep -cv '^\.out$\|^\.err$\|^out\.svg$')" = 0 ] &&
		err_has "cannot write 'out.svg'"
}
timeout_cmd="sh $base/fsz.sh" expect "render over a file, write fails" 3 render -q "$G" "$S" -o out.svg &&
	check "render over a file, write fails: old file kept, no temporary left" old_kept

# a FIFO nobody reads: fails at once instead of waiting
fresh
mkfifo "$tmp/pipe"
fifo_kept() { [ -p "$tmp/pipe" ] && err_has "no process reads from it"; }
expect "render -o a FIFO with no reader" 3 render -q "$G" -o pipe --format dot && check "render -o FIFO" fifo_kept

# a missing folder
fresh
expect "render -o in a missing folder" 3 render -q "$G" -o no/such/x.svg &&
	check "render -o missing folder: message" err_has "cannot create 'no/such/x.svg'"

# Graphviz on a failing stdout: our message, exit 3 (Graphviz itself would exit 1)
fresh
for f in svg png dot; do
	stdout=/dev/full expect "render -o - $f to /dev/full" 3 render -q "$G" -o - --format $f &&
		check "render $f to /dev/full: message" err_has "cannot write"
done

# every command checks stdout
for args in "--help" "--version" "validate $G" "validate --help" "score $G $S" "score --format json $G $S" \
	"score --format csv $G $S" "compare $G --base $S --with $S" "chokepoints $G $S" "render --help" \
	"target --help" "compare --help" "chokepoints --help" "score --help"; do
	# shellcheck disable=SC2086
	stdout=/dev/full expect "$args > /dev/full" 3 $args &&
		check "$args > /dev/full: message" err_has "cannot write"
done
stdout=/dev/full expect "timeline > /dev/full" 3 timeline "$G" "$S" --from 2026-01-01 --to 2026-01-10 &&
	check "timeline > /dev/full: message" err_has "cannot write"

# a successful write replaces the file whole and keeps its mode
fresh
echo old >"$tmp/a.dot"
chmod 640 "$tmp/a.dot"
replaced() { grep -q digraph "$tmp/a.dot" && [ "$(stat -c %a "$tmp/a.dot")" = 640 ]; }
expect "render over a file" 0 render -q "$G" -o a.dot && check "render over a file: content and mode" replaced

done_family
