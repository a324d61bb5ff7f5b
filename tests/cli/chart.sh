#!/bin/sh
# CLI tests of `chokepoint timeline --chart`: the files, what the SVG holds,
# stdout kept clean for the JSON, and write failures.
# usage: chart.sh path/to/chokepoint
# CHOKEPOINT_WRAP (e.g. a valgrind command) is put in front of every run
# (tests/cli/harness.sh).
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/cli/harness.sh
. "$here/harness.sh"
# The fixture's events, by hand: No. 18 from 2025-04-04 (lead 63 days: over
# 2025-06-06), its phases 05-12, 06-04, 06-10, 06-27, 10-01, 12-10; the
# outage 2025-08-01 to 10-15; 2026-01-06; 2026-06-22; Nos. 57 and 61 both on
# 2026-11-10 (one marker), No. 57's lead over 2027-01-12: 14 days, 15 events.
CAL="graphs/rare-earths.json tests/cli/fixtures/chart-calendar.json --to 2027-03-31"

expect() { # expect NAME COMMAND...: the command succeeds
	name=$1
	shift
	if "$@" >"$tmp/why" 2>&1; then passed=$((passed + 1)); else
		failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/  | /' "$tmp/why" | head -10; fi
}

# svg_holds SVG SERIES RULES MARKS: the SVG parses as XML; each of the
# comma-separated series names and rule ids is a legend text exactly once;
# the event list numbers 1..MARKS, each with its date, in date order;
# the labels in the strip (centred: "7", or "3-6" for marks too close to
# tell apart) cover 1..MARKS once each, in order, and no two of them
# overlap (same row, centres closer than half their widths).
svg_holds() {
	python3 - "$@" <<'EOF'
import re, sys, xml.etree.ElementTree as ET
path, series, rules, marks = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ns = "{http://www.w3.org/2000/svg}"
texts = []
for t in ET.parse(path).getroot().iter(ns + "text"):
    s = "".join(t.itertext())
    m = re.search(r"matrix\(([^)]*)\)", t.get("transform", ""))
    x, y = (float(v) for v in m.group(1).split()[4:6]) if m else (0.0, 0.0)
    texts.append((s, x, y, float(t.get("font-size", "0")), t.get("text-anchor")))
words = [s for s, *_ in texts]
bad = []
for name in [n for n in (series + "," + rules).split(",") if n]:
    if words.count(name) != 1:
        bad.append("legend text %r appears %d times" % (name, words.count(name)))
def runs(v):  # a mark's number and date come again at the top of a column
    return [w for i, w in enumerate(v) if i == 0 or v[i - 1] != w]
listed = runs([int(s) for s, x, y, fs, a in texts if a == "end" and s.isdigit()])
if listed != list(range(1, marks + 1)):
    bad.append("event list numbers %s, expected 1..%d" % (listed, marks))
dated = runs([w for w in words if re.fullmatch(r"\d{4}-\d\d-\d\d", w)])
if len(dated) != marks or dated != sorted(dated):
    bad.append("event list: %d dated lines, expected %d in order" % (len(dated), marks))
strip = [(x, y, fs, s) for s, x, y, fs, a in texts if a == "middle" and re.fullmatch(r"\d{1,3}(\u2013\d{1,3})?", s)]
covered = []
for *_, s in strip:
    a, _, b = s.partition("\u2013")
    covered += range(int(a), int(b or a) + 1)
if covered != list(range(1, marks + 1)):
    bad.append("strip labels %s do not cover 1..%d once each" % ([s for *_, s in strip], marks))
for i, (x1, y1, fs, s1) in enumerate(strip):
    for x2, y2, _, s2 in strip[i + 1:]:
        if abs(y1 - y2) < fs and abs(x1 - x2) < 0.6 * fs * (len(s1) + len(s2)) / 2:
            bad.append("event labels %s and %s overlap" % (s1, s2))
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
}

GROUPS="auto,defence,energy,electronics,medical,industry,threshold 99%"
RULES="mofcom-2025-18,mofcom-2025-57,mofcom-2025-61,mofcom-2026-1,mofcom-2026-us-entities"

# shellcheck disable=SC2086
run timeline $CAL --format json --chart "$tmp/cal.svg"; check "svg chart" 0
expect "stdout is the JSON alone" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); assert r['chokepoint_timeline'] == 1" "$tmp/out"
expect "svg: series, rules, events" svg_holds "$tmp/cal.svg" "$GROUPS" "$RULES" 14
# xmllint (libxml2-utils, installed by make deps): a second XML parser
expect "svg well-formed (xmllint)" xmllint --noout "$tmp/cal.svg"

# The shipped calendar as make diagrams draws it: as many markers as the
# table lists distinct event dates, labels apart.
if [ -f "$root/graphs/scenarios/calendar-2025-2026.json" ]; then
	run timeline -q graphs/rare-earths.json graphs/scenarios/calendar-2025-2026.json --from 2025-03-05 --to 2027-03-31 \
		--chart "$tmp/calendar.svg"; check "calendar chart" 0
	days=$(sed -n '/^events:/,/^$/p' "$tmp/out" | grep -oE '^  [0-9]{4}-[0-9]{2}-[0-9]{2}' | sort -u | wc -l)
	expect "calendar: $days event days" svg_holds "$tmp/calendar.svg" "auto,defence" "mofcom-2025-18" "$days"
fi

# --sector: the chosen nodes instead of the groups
# shellcheck disable=SC2086
run timeline $CAL --sector auto@US --sector defence --chart "$tmp/sec.svg"; check "svg with --sector" 0
expect "svg with --sector: the chosen nodes" svg_holds "$tmp/sec.svg" \
	"auto@US,defence@EU,defence@US,defence@JP,defence@CN,threshold 99%" "$RULES" 14
expect "svg with --sector: no group series" python3 -c "
import sys, xml.etree.ElementTree as ET
words = [''.join(t.itertext()) for t in ET.parse(sys.argv[1]).getroot().iter('{http://www.w3.org/2000/svg}text')]
sys.exit(1 if 'energy' in words or 'auto' in words else 0)" "$tmp/sec.svg"

# png and pdf through PLplot's cairo drivers; the table still on stdout
# shellcheck disable=SC2086
run timeline $CAL --chart "$tmp/cal.png"; check "png chart" 0
expect "png file" sh -c "head -c 8 '$tmp/cal.png' | grep -q PNG"
expect "table on stdout" grep -q "^events:" "$tmp/out"
# shellcheck disable=SC2086
run timeline $CAL --format csv --chart "$tmp/cal.pdf"; check "pdf chart" 0
expect "pdf file" sh -c "head -c 5 '$tmp/cal.pdf' | grep -q '%PDF-'"
expect "csv on stdout" sh -c "head -1 '$tmp/out' | grep -qx 'date,id,sector,country,output'"

# No events in the horizon, and a one-day horizon: still a chart.
run timeline graphs/rare-earths.json graphs/scenarios/april-2025.json --from 2025-01-01 --to 2025-03-31 \
	--chart "$tmp/quiet.svg"; check "no events" 0
expect "no events: series only" svg_holds "$tmp/quiet.svg" "auto,medical" "mofcom-2025-18" 0
run timeline graphs/rare-earths.json graphs/scenarios/april-2025.json --from 2025-04-04 --to 2025-04-04 \
	--chart "$tmp/day.svg"; check "one day" 0
expect "one day" svg_holds "$tmp/day.svg" "auto" "mofcom-2025-18" 1
# Thirty-five years: the same events crowd the axis; close ones share labels
# shellcheck disable=SC2086
run timeline $CAL --to 2060-01-01 --chart "$tmp/crowd.svg"; check "crowded events" 0
expect "crowded events: labels apart" svg_holds "$tmp/crowd.svg" "auto" "mofcom-2025-18" 14
# Thirty years: year ticks, hostile names (PLplot's escape '#', XML's <&),
# and a rule that matches no edge (no flow line, said in the legend)
cat >"$tmp/odd.json" <<'EOF'
{"chokepoint_scenario": 1, "name": "odd <names> & #signs",
 "controls": [{"id": "r#1 <&>", "origin": "CN", "elements": ["Dy"], "denial": 0.5, "start": "2030-01-01"},
              {"id": "none", "origin": "CN", "elements": ["Og"], "denial": 0.5}]}
EOF
run timeline graphs/rare-earths.json "$tmp/odd.json" --to 2060-01-01 --chart "$tmp/odd.svg"; check "long horizon, odd names" 0
expect "odd names kept" svg_holds "$tmp/odd.svg" "auto" "r#1 <&>,none (matches no edge)" 1

# Write failures: exit 3, a clear message, nothing left at the target.
# shellcheck disable=SC2086
run timeline $CAL --format json --chart /nonexistent-dir/x.svg; check "no such folder" 3 "cannot create '/nonexistent-dir/x.svg'"
expect "JSON printed before the failure" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/out"
mkdir "$tmp/taken.svg" "$tmp/w"
# shellcheck disable=SC2086
run timeline $CAL --chart "$tmp/taken.svg"; check "target is a folder" 3 "cannot write '$tmp/taken.svg'"
expect "no temporary file left" sh -c "[ -z \"\$(ls -A '$tmp' | grep '^\.taken')\" ]"
echo old >"$tmp/w/keep.jpg"
# shellcheck disable=SC2086
run timeline $CAL --chart "$tmp/w/keep.jpg"; check "unknown format" 1 "cannot tell the format of"
expect "unknown format: the file is untouched" sh -c "[ \"\$(cat '$tmp/w/keep.jpg')\" = old ] && [ \$(ls -A '$tmp/w' | wc -l) = 1 ]"

# With --draws: each group's band (a see-through fill) and its legend
# swatch, the medians said in the subtitle; the legend as without draws.
# bands SVG N: N band fills and N swatches; each band spans the horizon
# (its points reach both ends of the panel).
bands() {
	python3 - "$@" <<'EOF'
import sys, xml.etree.ElementTree as ET
path, want = sys.argv[1], int(sys.argv[2])
ns = "{http://www.w3.org/2000/svg}"
fills = []
for p in ET.parse(path).getroot().iter(ns + "polyline"):
    if p.get("fill-opacity", "1").startswith("0.2") and p.get("stroke") == "none":
        fills.append([tuple(map(float, q.split(","))) for q in p.get("points").split()])
def narrow(f):
    return max(x for x, _ in f) - min(x for x, _ in f) < 40
big = [f for f in fills if not narrow(f)]
swatches = [f for f in fills if narrow(f)]   # the legend's
bad = []
if len(big) != want or len(swatches) != want:
    bad.append("%d bands and %d swatches, expected %d each" % (len(big), len(swatches), want))
if big:
    left = min(x for f in big for x, _ in f)
    right = max(x for f in big for x, _ in f)
    for f in big:
        xs = [x for x, _ in f]
        if abs(min(xs) - left) > 0.5 or abs(max(xs) - right) > 0.5:
            bad.append("a band does not span the horizon: %.1f-%.1f of %.1f-%.1f" % (min(xs), max(xs), left, right))
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
}
# shellcheck disable=SC2086
run timeline $CAL --draws 20 --format json --chart "$tmp/bands.svg"; check "chart with bands" 0
expect "bands: JSON on stdout" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/out"
expect "bands: series, rules, events" svg_holds "$tmp/bands.svg" "$GROUPS" "$RULES" 14
expect "bands: one per group" bands "$tmp/bands.svg" 6
expect "bands: said in the subtitle" python3 -c "
import sys, xml.etree.ElementTree as ET
words = [''.join(t.itertext()) for t in ET.parse(sys.argv[1]).getroot().iter('{http://www.w3.org/2000/svg}text')]
sys.exit(0 if any('median of 20 draws' in w for w in words) else 1)" "$tmp/bands.svg"
expect "bands: well-formed (xmllint)" xmllint --noout "$tmp/bands.svg"
expect "no bands without draws" bands "$tmp/cal.svg" 0
# shellcheck disable=SC2086
run timeline $CAL --draws 20 --sector auto@US --chart "$tmp/bands1.png"; check "bands, one sector, png" 0
expect "png file" sh -c "head -c 8 '$tmp/bands1.png' | grep -q PNG"
# shellcheck disable=SC2086
run timeline $CAL --draws 20 --sector auto@US --chart "$tmp/bands1.svg"; check "bands, one sector" 0
expect "bands: the chosen node's alone" bands "$tmp/bands1.svg" 1

# score --draws --chart: the range plot.  ranges SVG CSV: one row per group
# then its nodes, each labelled once (groups in bold), a bar from p5 to p95
# and the median and range beside it, all as the CSV of the same run says;
# the bars placed on the axis by its 0% and 100% labels.
ranges() {
	python3 - "$@" <<'EOF'
import csv, re, sys, xml.etree.ElementTree as ET
path, table = sys.argv[1], sys.argv[2]
ns = "{http://www.w3.org/2000/svg}"
stats = {}
for row in csv.reader(open(table)):
    if len(row) == 7 and row[1] == "disruption":
        stats[row[0]] = [float(v) for v in row[2:]]   # mean sd p5 p50 p95
root = ET.parse(path).getroot()
texts = []
for t in root.iter(ns + "text"):
    m = re.search(r"matrix\(([^)]*)\)", t.get("transform", ""))
    x, y = (float(v) for v in m.group(1).split()[4:6])
    span = t.find(ns + "tspan")
    texts.append(("".join(t.itertext()), x, y, t.get("text-anchor"), span.get("font-weight") if span is not None else None))
bars = []
for p in root.iter(ns + "polyline"):
    if p.get("fill-opacity", "1").startswith("0.2") and p.get("stroke") == "none":
        pts = [tuple(map(float, q.split(","))) for q in p.get("points").split()]
        bars.append((min(x for x, _ in pts), max(x for x, _ in pts), sum(y for _, y in pts) / len(pts)))
bad = []
if len(bars) != len(stats):
    bad.append("%d bars, expected %d" % (len(bars), len(stats)))
axis = {s: x for s, x, y, a, w in texts if s in ("0%", "100%") and a == "middle"}
x0, x100 = axis["0%"], axis["100%"]
def pct(v):
    v *= 100
    return "%.1f" % v if v != 0 and abs(v) < 9.95 else "%.0f" % v
def label(key):
    return key[6:] if key.startswith("group:") else key
rows = []
for key, (mean, sd, p5, p50, p95) in stats.items():
    name = label(key)
    hits = [t for t in texts if t[0] == name and t[3] == "start"]
    if len(hits) != 1:
        bad.append("label %r appears %d times" % (name, len(hits)))
        continue
    _, lx, ly, _, weight = hits[0]
    rows.append((ly, name))
    if (weight == "bold") != key.startswith("group:"):
        bad.append("label %r: weight %s" % (name, weight))
    number = "%s%% (%s\u2013%s)" % (pct(p50), pct(p5), pct(p95))
    if not [t for t in texts if t[0] == number and abs(t[2] - ly) < 1]:
        bad.append("%s: no %r on its row" % (name, number))
    bar = min(bars, key=lambda b: abs(b[2] - ly))
    if abs(bar[2] - ly) > 10:
        bad.append("%s: no bar on its row" % name)
    for got, v in ((bar[0], p5), (bar[1], p95)):
        if abs(got - (x0 + v * (x100 - x0))) > 1.5:
            bad.append("%s: bar end at %.1f, expected %.1f" % (name, got, x0 + v * (x100 - x0)))
# rows top down: each group, then its nodes
order = [name for _, name in sorted(rows, reverse=True)]
expect = []
for g in [k for k in stats if k.startswith("group:")]:
    expect.append(g[6:])
    expect += [k for k in stats if not k.startswith("group:") and k.split("@")[0] == g[6:]]
if order != expect:
    bad.append("rows %s, expected %s" % (order, expect))
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
}
OCT="graphs/rare-earths.json graphs/scenarios/october-2025.json"
# shellcheck disable=SC2086
run score $OCT --draws 60 --format csv --chart "$tmp/ranges.svg"; check "ranges chart" 0
cp "$tmp/out" "$tmp/ranges.csv"
expect "ranges: rows, bars, numbers as the CSV says" ranges "$tmp/ranges.svg" "$tmp/ranges.csv"
expect "ranges: well-formed (xmllint)" xmllint --noout "$tmp/ranges.svg"
# shellcheck disable=SC2086
run score $OCT --draws 20 --chart "$tmp/ranges.png"; check "ranges png" 0
expect "ranges png file" sh -c "head -c 8 '$tmp/ranges.png' | grep -q PNG"
expect "ranges: the table on stdout" grep -q "^ranges over 20 draws" "$tmp/out"
# shellcheck disable=SC2086
run score $OCT --draws 20 --chart "$tmp/ranges.pdf"; check "ranges pdf" 0
expect "ranges pdf file" sh -c "head -c 5 '$tmp/ranges.pdf' | grep -q '%PDF-'"
# shellcheck disable=SC2086
run score $OCT --chart "$tmp/nodraws.svg"; check "score --chart without --draws" 2 "--chart goes with --draws"
expect "usage error: no file" sh -c "[ ! -e '$tmp/nodraws.svg' ]"
# shellcheck disable=SC2086
run score $OCT --draws 5 --chart /nonexistent-dir/r.svg; check "ranges: no such folder" 3 "cannot create '/nonexistent-dir/r.svg'"
mkdir "$tmp/taken-r.svg"
# shellcheck disable=SC2086
run score $OCT --draws 5 --chart "$tmp/taken-r.svg"; check "ranges: target is a folder" 3 "cannot write '$tmp/taken-r.svg'"
expect "ranges: no temporary file left" sh -c "[ -z \"\$(ls -A '$tmp' | grep '^\.taken-r')\" ]"
# shellcheck disable=SC2086
run score $OCT --draws 5 --chart "$tmp/w/r.gif"; check "ranges: unknown format" 1 "cannot tell the format of"

echo "chart: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
