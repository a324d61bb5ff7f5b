#!/bin/sh
# make install into a temporary DESTDIR, then use what was installed the way
# a user would: build examples/ with pkg-config (shared and static), run it
# and compare its number with `chokepoint score --format json`; render both
# man pages with every groff warning on; check that the man page names every
# command and option the tool's --help lists, that its example files are
# valid, and that bash completion offers commands and options; then
# make uninstall and check nothing is left.
set -u
MAKE=${MAKE:-make}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
D=$tmp/dest
prefix=/opt/cp-test
fail=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: install: $*"; fail=$((fail + 1)); }

if ! $MAKE --no-print-directory -s install DESTDIR="$D" PREFIX="$prefix" >"$tmp/make.log" 2>&1; then
	cat "$tmp/make.log"
	echo "FAIL: install: make install failed"
	exit 1
fi
P=$D$prefix
for f in bin/chokepoint lib/libchokepoint.a lib/libchokepoint.so lib/libchokepoint.so.0 \
	include/chokepoint/chokepoint.h lib/pkgconfig/chokepoint.pc share/man/man1/chokepoint.1 \
	share/man/man5/chokepoint-format.5 share/bash-completion/completions/chokepoint; do
	[ -e "$P/$f" ] && ok || bad "$f not installed"
done
soname=$(readelf -d "$P/lib/libchokepoint.so.0" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = libchokepoint.so.0 ] && ok || bad "soname is '$soname', not libchokepoint.so.0"
grep -q "^prefix=$prefix\$" "$P/lib/pkgconfig/chokepoint.pc" && ok || bad "chokepoint.pc does not say prefix=$prefix"

# pkg-config as a user of a staged install: the .pc says $prefix, the
# sysroot puts DESTDIR in front of its paths.
export PKG_CONFIG_PATH="$P/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D"
cflags=$(pkg-config --cflags chokepoint) && libs=$(pkg-config --libs chokepoint) \
	&& deps=$(pkg-config --print-requires-private chokepoint | tr '\n' ' ') || { bad "pkg-config does not know chokepoint"; exit 1; }
case "$cflags" in *"$P/include"*) ok ;; *) bad "pkg-config --cflags gives '$cflags'" ;; esac
src=examples/sector_disruption.c
# -I. would let a header of the source tree slip in: build in $tmp
if cc -std=c11 -Wall -Werror ${EXAMPLE_CFLAGS:-} $cflags -o "$tmp/ex-shared" "$src" $libs 2>"$tmp/cc.log"; then ok; else
	cat "$tmp/cc.log"; bad "examples/ does not build against the installed shared library"; fi
# the static library, its dependencies shared (Debian ships no static igraph deps)
slibs="$(echo "$libs" | sed "s/-lchokepoint/-l:libchokepoint.a/") $(pkg-config --libs $deps) -lm -pthread"
if cc -std=c11 -Wall -Werror ${EXAMPLE_CFLAGS:-} $cflags -o "$tmp/ex-static" "$src" $slibs 2>"$tmp/cc.log"; then ok; else
	cat "$tmp/cc.log"; bad "examples/ does not build against the installed static library"; fi
if [ -x "$tmp/ex-shared" ]; then
	lib=$(LD_LIBRARY_PATH="$P/lib" ldd "$tmp/ex-shared" | sed -n 's/.*libchokepoint.so.0 => \([^ ]*\).*/\1/p')
	[ "$lib" = "$P/lib/libchokepoint.so.0" ] && ok || bad "ex-shared loads libchokepoint from '$lib'"
fi
if [ -x "$tmp/ex-static" ]; then
	ldd "$tmp/ex-static" | grep -q libchokepoint && bad "ex-static needs libchokepoint.so" || ok
fi

# The example's number against the installed tool's JSON.
check_number() { # graph sector scenario...
	g=$1 sec=$2
	shift 2
	"$P/bin/chokepoint" score -q --format json "$g" "$@" >"$tmp/score.json" || { bad "score $g failed"; return; }
	for bin in ex-shared ex-static; do
		[ -x "$tmp/$bin" ] || continue
		if ! LD_LIBRARY_PATH="$P/lib" "$tmp/$bin" "$g" "$sec" "$@" >"$tmp/ex.out" 2>"$tmp/ex.err"; then
			cat "$tmp/ex.err"; bad "$bin $g $sec failed"; continue
		fi
		if python3 - "$tmp/score.json" "$tmp/ex.out" "$sec" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))
want = [n["disruption"] for n in res["nodes"] if n["id"] == sys.argv[3]]
got = open(sys.argv[2]).read().split()
ok = len(want) == 1 and len(got) == 2 and got[0] == sys.argv[3] and abs(float(got[1]) - want[0]) <= 5e-7
if not ok:
    print("example printed %r, score --format json says %r" % (got, want))
# a number that says nothing would pass too easily
sys.exit(0 if ok and 0 < want[0] < 1 else 1)
PY
		then ok; else bad "$bin $g $sec disagrees with score --format json"; fi
	done
}
check_number graphs/example.json auto@EU graphs/example-scenario.json
check_number graphs/rare-earths.json defence@US graphs/scenarios/october-2025.json
check_number graphs/rare-earths.json auto@JP graphs/scenarios/april-2025.json

# Man pages: no groff warning, through man as a user runs it and groff -ww.
for page in man1/chokepoint.1 man5/chokepoint-format.5; do
	f=$P/share/man/$page
	out=$(MANWIDTH=80 man --warnings=w -l -Tutf8 "$f" 2>&1 >"$tmp/page.txt")
	[ -z "$out" ] && ok || bad "man -l $page warns: $out"
	[ -s "$tmp/page.txt" ] && ok || bad "man -l $page printed nothing"
	out=$(groff -ww -man -z "$f" 2>&1)
	[ -z "$out" ] && ok || bad "groff -ww $page warns: $out"
done

# chokepoint(1) names every command of `chokepoint --help` and every option
# of each command's --help.
page=$P/share/man/man1/chokepoint.1
cmds=$("$P/bin/chokepoint" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$cmds" ] && ok || bad "no commands in chokepoint --help"
for c in $cmds; do
	grep -q "^\.B $c\( \|\$\)" "$page" && ok || bad "chokepoint.1 has no entry for command '$c'"
	# each option in the command's own subsection of OPTIONS, or in a shared
	# one that names the command ("Every command", "Draws (score, ...)")
	"$P/bin/chokepoint" "$c" --help | sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' | sort -u >"$tmp/opts"
	[ -s "$tmp/opts" ] && ok || bad "no options in 'chokepoint $c --help'"
	missing=$(python3 - "$page" "$c" "$tmp/opts" <<'PY'
import re, sys
page, cmd, opts = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().split()
text = open(page).read()
options = text.split("\n.SH OPTIONS\n", 1)[1].split("\n.SH ", 1)[0]
where = ""
for part in re.split(r"\n(?=\.SS )", options):
    title = part.split("\n", 1)[0][4:]
    words = re.findall(r"[a-z]+", title.lower())
    if title == "Every command" or (words and words[0] == cmd) or ("(" in title and cmd in words):
        where += part
print(" ".join(o for o in opts if o.replace("-", "\\-") not in where))
PY
)
	[ -z "$missing" ] && ok || bad "chokepoint.1 does not document '$c' option(s) $missing where the command's options are"
done

# chokepoint-format(5)'s example is a valid graph and scenario: dysprosium
# denied at 0.5 with a single supplier leaves the sector at 50%.
MANWIDTH=100 man -l "$P/share/man/man5/chokepoint-format.5" 2>/dev/null | sed -n '/^EXAMPLE/,/^SEE ALSO/p' | sed '1d;$d' >"$tmp/ex.txt"
if python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
t = open(d + "/ex.txt").read()
i = t.index('{ "chokepoint_scenario"')
open(d + "/g.json", "w").write(t[:i])
open(d + "/s.json", "w").write(t[i:])
PY
then
	"$P/bin/chokepoint" validate "$tmp/g.json" "$tmp/s.json" >/dev/null 2>&1 && ok || bad "chokepoint-format.5's example is not valid"
	"$P/bin/chokepoint" score --format json "$tmp/g.json" "$tmp/s.json" 2>/dev/null | python3 -c '
import json, sys
s = json.load(sys.stdin)["sectors"]
sys.exit(0 if len(s) == 1 and abs(s[0]["disruption"] - 0.5) < 1e-12 else 1)' && ok || bad "chokepoint-format.5's example does not score 50%"
else
	bad "chokepoint-format.5 has no example to check"
fi

# bash completion, installed copy, against the installed tool.
comp=$P/share/bash-completion/completions/chokepoint
complete_words() { # words..., the last being completed
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _chokepoint; echo "${COMPREPLY[*]}"' sh "$comp" "$@"
}
got=$(complete_words "$P/bin/chokepoint" "")
for c in $cmds --help; do
	case " $got " in *" $c "*) ok ;; *) bad "completion of a command misses '$c' (got: $got)" ;; esac
done
got=$(complete_words "$P/bin/chokepoint" score --sh)
[ "$got" = "--share-samples --shares" ] && ok || bad "completion of 'score --sh' gives '$got'"
# options named in a description are not options of the command
got=$(complete_words "$P/bin/chokepoint" report --f)
[ "$got" = "--from" ] && ok || bad "completion of 'report --f' gives '$got'"
got=$(complete_words "$P/bin/chokepoint" render --format "")
[ "$got" = "svg png pdf dot" ] && ok || bad "completion of 'render --format' gives '$got'"

# make uninstall leaves no file behind.
$MAKE --no-print-directory -s uninstall DESTDIR="$D" PREFIX="$prefix" >"$tmp/make.log" 2>&1 || bad "make uninstall failed"
left=$(find "$D" ! -type d)
[ -z "$left" ] && ok || bad "make uninstall left: $left"

echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
