#!/usr/bin/env python3
"""The HTML report against the JSON outputs.

For each case: `chokepoint report` writes a page; its tables are read back
with html.parser and compared, cell by cell, with `score --format json
--shares` and `timeline --format json` of the same files.  Each number is
checked twice: the exact value in data-value must equal the JSON's, and
the rounded text a reader sees must round that value.  The timeline's
per-sector rows are recomputed here from the JSON's daily group series,
so the group summary is checked against an independent reading of
MODEL.md 7.4.  Then: the page is self-contained (no scripts, no fetches),
sources and citations match the files, the chart is there exactly when
`timeline --chart` can draw one, and bad command lines fail cleanly.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tally import Tally  # noqa: E402

TALLY = Tally("report")
check = TALLY.check


class Page(HTMLParser):
    """Tables by id: header texts and rows of (text, data-value or None);
    heading texts; ids of sections; svg elements and where they sit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.headings, self.ids = {}, [], set()
        self.svgs, self.stack = [], []
        self.table = None
        self.cell = None
        self.heading = None
        self.section = None
        self.bad = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "section":
            self.section = a.get("id")
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "srcset") and value and not value.startswith("#"):
                self.bad.append("%s=%s" % (name, value))
            if name == "style" and value and "url(" in value:
                self.bad.append("style url(): " + value)
        if tag in ("script", "link", "iframe", "img", "object", "embed", "base"):
            self.bad.append("<%s>" % tag)
        if tag == "svg":
            self.svgs.append((self.section, a.get("id"), a.get("class")))
        if tag == "table":
            self.table = {"id": a.get("id"), "head": [], "rows": []}
            self.tables[a.get("id")] = self.table
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.table is not None:
            self.cell = {"tag": tag, "text": "", "value": a.get("data-value"), "title": a.get("title")}
        elif tag in ("h1", "h2", "h3"):
            self.heading = [tag, ""]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.cell["text"] = " ".join(self.cell["text"].split())
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.table is not None:
            if self.row and all(c["tag"] == "th" for c in self.row):
                self.table["head"] = [c["text"] for c in self.row]
            else:
                self.table["rows"].append(self.row)
        elif tag == "table":
            self.table = None
        elif tag in ("h1", "h2", "h3") and self.heading:
            self.headings.append((self.heading[0], " ".join(self.heading[1].split())))
            self.heading = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data
        if self.heading is not None:
            self.heading[1] += data


def run(tool, *args, ok=True):
    p = subprocess.run([tool] + list(args), capture_output=True, text=True)
    if ok and p.returncode != 0:
        raise SystemExit("%s %s failed (%d): %s" % (tool, " ".join(args), p.returncode, p.stderr))
    return p


def same(value_attr, x):
    """data-value holds the JSON's number exactly (or empty for null)."""
    if x is None:
        return value_attr == ""
    return value_attr is not None and value_attr != "" and float(value_attr) == float(x)


def shown_pct(text, x, digits=2):
    if x is None:
        return text == "\u2013"
    m = re.fullmatch(r"(-?[0-9.]+)%", text)
    return bool(m) and abs(float(m.group(1)) - 100 * x) <= 0.5 * 10 ** -digits + 1e-9


def shown_amount(text, x):
    if x is None:
        return text == "\u2013"
    try:
        v = float(text.replace(",", ""))
    except ValueError:
        return False
    if abs(x) >= 100:
        return abs(v - x) <= 0.5 + 1e-9 * abs(x)
    return abs(v - x) <= 0.005 * max(abs(x), 1e-300) + 1e-12 or float("%.3g" % x) == v


def shown_date(text, d):
    return text == ("\u2013" if d is None else d)


def col(table, name):
    return table["head"].index(name)


def check_score(page, res, label):
    groups = page.tables.get("groups")
    if not check(groups is not None, label + ": no groups table"):
        return
    check(len(groups["rows"]) == len(res["groups"]), label + ": groups table has %d rows, JSON %d"
          % (len(groups["rows"]), len(res["groups"])))
    for row, gr in zip(groups["rows"], res["groups"]):
        d, var = row[2], row[4]
        check(row[0]["text"] == gr["sector"], label + ": group %s named %r" % (gr["sector"], row[0]["text"]))
        check(same(d["value"], gr["disruption"]) and shown_pct(d["text"], gr["disruption"]),
              label + ": group %s disruption %r/%r, JSON %r" % (gr["sector"], d["text"], d["value"], gr["disruption"]))
        check(same(var["value"], gr["value_at_risk"]) and shown_amount(var["text"], gr["value_at_risk"]),
              label + ": group %s value at risk %r, JSON %r" % (gr["sector"], var["text"], gr["value_at_risk"]))
        if "disruption_outside_origin" in gr:
            out, vout = row[5], row[6]
            check(same(out["value"], gr["disruption_outside_origin"]) and shown_pct(out["text"], gr["disruption_outside_origin"]),
                  label + ": group %s outside the origin %r, JSON %r" % (gr["sector"], out["text"], gr["disruption_outside_origin"]))
            check(same(vout["value"], gr["value_at_risk_outside_origin"]) and
                  shown_amount(vout["text"], gr["value_at_risk_outside_origin"]),
                  label + ": group %s value at risk outside %r, JSON %r" % (gr["sector"], vout["text"], gr["value_at_risk_outside_origin"]))
        regions = [s["country"] for s in res["sectors"] if s["sector"] == gr["sector"]]
        regions = list(dict.fromkeys(regions))
        check(row[1]["text"] == ", ".join(regions), label + ": group %s regions %r" % (gr["sector"], row[1]["text"]))

    nodes = page.tables.get("sector-nodes")
    if check(nodes is not None, label + ": no sector-nodes table"):
        check(len(nodes["rows"]) == len(res["sectors"]), label + ": %d sector node rows, JSON has %d"
              % (len(nodes["rows"]), len(res["sectors"])))
        for row, s in zip(nodes["rows"], res["sectors"]):
            check([c["text"] for c in row[:3]] == [s["id"], s["sector"], s["country"]],
                  label + ": sector node row %r for %s" % ([c["text"] for c in row[:3]], s["id"]))
            check(same(row[3]["value"], s["disruption"]) and shown_pct(row[3]["text"], s["disruption"]),
                  label + ": %s disruption %r, JSON %r" % (s["id"], row[3]["text"], s["disruption"]))
            check(same(row[4]["value"], s["value_at_risk"]) and shown_amount(row[4]["text"], s["value_at_risk"]),
                  label + ": %s value at risk %r, JSON %r" % (s["id"], row[4]["text"], s["value_at_risk"]))

    grid = page.tables.get("grid")
    if check(grid is not None, label + ": no sector x region grid"):
        regions = grid["head"][1:]
        for row in grid["rows"]:
            for region, cell in zip(regions, row[1:]):
                ids = [s for s in res["sectors"] if s["sector"] == row[0]["text"] and s["country"] == region]
                if len(ids) == 1:
                    check(same(cell["value"], ids[0]["disruption"]),
                          label + ": grid %s/%s %r" % (row[0]["text"], region, cell["text"]))
                else:
                    check(cell["value"] is None, label + ": grid %s/%s should be blank" % (row[0]["text"], region))

    players = list(res["sectors"][0].get("shares", {}).keys()) if res["sectors"] else []
    for tid, entries, key in (("group-shares", res["groups"], "sector"), ("shares-nodes", res["sectors"], "id")):
        t = page.tables.get(tid)
        if not players:
            check(t is None, label + ": a %s table without players" % tid)
            continue
        if not check(t is not None, label + ": no %s table" % tid):
            continue
        check(t["head"][1:1 + len(players)] == players, label + ": %s columns %r, players %r"
              % (tid, t["head"], players))
        check(len(t["rows"]) == len(entries), label + ": %s has %d rows" % (tid, len(t["rows"])))
        for row, e in zip(t["rows"], entries):
            check(row[0]["text"] == e[key], label + ": %s row %r for %s" % (tid, row[0]["text"], e[key]))
            total = 0
            for i, p in enumerate(players):
                c = row[1 + i]
                x = e["shares"][p]
                total += x
                check(same(c["value"], x) and abs(float(c["text"]) - 100 * x) <= 0.005 + 1e-9,
                      label + ": %s %s share of %s: %r, JSON %r" % (tid, e[key], p, c["text"], x))
            # the shares add up to the disruption when every player is in force from none
            check(abs(total - e["disruption"]) <= 1e-6 or "at" in res,
                  label + ": %s %s shares sum to %r, disruption %r" % (tid, e[key], total, e["disruption"]))


def check_paths(page, table_text, res, label):
    """Critical paths: one row per sector node; its chain, read upstream
    first, is the table output's chain read backwards."""
    t = page.tables.get("critical-paths")
    if not check(t is not None, label + ": no critical-paths table"):
        return
    check(len(t["rows"]) == len(res["sectors"]), label + ": %d critical path rows" % len(t["rows"]))
    chains = {}
    current = None
    for line in table_text.splitlines():
        m = re.match(r"^(\S+) \(.*\): disruption", line)
        if m:
            current = m.group(1)
        m = re.match(r"^\s+critical path: (.*)$", line)
        if m and current:
            if m.group(1).startswith("none"):
                chains[current] = []
            else:
                chains[current] = [re.sub(r" \[.*\]$", "", part).split(" ")[0] for part in m.group(1).split(" <- ")]
    for row, s in zip(t["rows"], res["sectors"]):
        check(row[0]["text"] == s["id"], label + ": path row %r for %s" % (row[0]["text"], s["id"]))
        want = chains.get(s["id"])
        got = row[2]["text"]
        if want == []:
            check(got == "nothing lost", label + ": %s path %r, the table says none" % (s["id"], got))
        elif check(want is not None, label + ": no path for %s in the table output" % s["id"]):
            got_nodes = [p.strip() for p in got.split("\u2192")]
            check(got_nodes == list(reversed(want)), label + ": %s path %r, table %r" % (s["id"], got_nodes, want))


def series_stats(x, threshold, output):
    below = [i for i, v in enumerate(x) if v < threshold]
    first = below[0] if below else None
    lo = min(x)
    rec = None
    if below:
        last = below[-1]
        if last + 1 < len(x):
            rec = last + 1
    return first, lo, x.index(lo), len(below), rec


def check_timeline(page, tl, label):
    from datetime import date, timedelta
    start = date.fromisoformat(tl["from"])

    def day(i):
        return None if i is None else (start + timedelta(days=i)).isoformat()

    nodes = page.tables.get("timeline-nodes")
    if not check(nodes is not None, label + ": no timeline-nodes table"):
        return
    check(len(nodes["rows"]) == len(tl["sectors"]), label + ": %d timeline node rows" % len(nodes["rows"]))
    for row, s in zip(nodes["rows"], tl["sectors"]):
        c = [x["text"] for x in row]
        check(c[0] == s["id"], label + ": timeline row %r for %s" % (c[0], s["id"]))
        check(shown_date(c[1], s["first_below"]), label + ": %s first below %r, JSON %r" % (s["id"], c[1], s["first_below"]))
        check(same(row[2]["value"], s["min"]) and shown_pct(c[2], s["min"]), label + ": %s lowest %r, JSON %r"
              % (s["id"], c[2], s["min"]))
        check(shown_date(c[3], s["min_date"]), label + ": %s lowest on %r, JSON %r" % (s["id"], c[3], s["min_date"]))
        check(c[4] == str(s["days_below"]), label + ": %s days below %r, JSON %r" % (s["id"], c[4], s["days_below"]))
        check(shown_date(c[5], s["recovered"]), label + ": %s recovered %r, JSON %r" % (s["id"], c[5], s["recovered"]))
        check(same(row[6]["value"], s["lost_value"]) and shown_amount(c[6], s["lost_value"]),
              label + ": %s lost value %r, JSON %r" % (s["id"], c[6], s["lost_value"]))
        # MODEL.md 7.4 read again from the JSON's own series
        first, lo, lo_day, n_below, rec = series_stats(s["output"], tl["threshold"], None)
        check((day(first), lo, day(lo_day), n_below, day(rec)) ==
              (s["first_below"], s["min"], s["min_date"], s["days_below"], s["recovered"]),
              label + ": %s JSON summary disagrees with its own series" % s["id"])

    groups = page.tables.get("timeline-groups")
    if not check(groups is not None, label + ": no timeline-groups table"):
        return
    check(len(groups["rows"]) == len(tl["groups"]), label + ": %d timeline group rows" % len(groups["rows"]))
    for row, g in zip(groups["rows"], tl["groups"]):
        c = [x["text"] for x in row]
        first, lo, lo_day, n_below, rec = series_stats(g["output"], tl["threshold"], None)
        lost = [s["lost_value"] for s in tl["sectors"] if s["sector"] == g["sector"]]
        lost = None if any(v is None for v in lost) else sum(lost)
        check(c[0] == g["sector"], label + ": timeline group row %r for %s" % (c[0], g["sector"]))
        check(shown_date(c[1], day(first)), label + ": group %s first below %r, series says %r" % (g["sector"], c[1], day(first)))
        check(abs(float(row[2]["value"]) - lo) <= 1e-12 and shown_pct(c[2], lo),
              label + ": group %s lowest %r, series says %r" % (g["sector"], c[2], lo))
        check(shown_date(c[3], day(lo_day)), label + ": group %s lowest on %r, series says %r" % (g["sector"], c[3], day(lo_day)))
        check(c[4] == str(n_below), label + ": group %s days below %r, series says %d" % (g["sector"], c[4], n_below))
        check(shown_date(c[5], day(rec)), label + ": group %s recovered %r, series says %r" % (g["sector"], c[5], day(rec)))
        check(lost is None and c[6] == "\u2013" or lost is not None and abs(float(row[6]["value"]) - lost) <= 1e-6 * max(1, abs(lost)),
              label + ": group %s lost value %r, nodes sum to %r" % (g["sector"], c[6], lost))


def check_sources(page, files, label):
    t = page.tables.get("source-table")
    listed = {}
    cited = set()
    for f in files:
        doc = json.load(open(f))
        for k, v in (doc.get("sources") or {}).items():
            listed[(os.path.basename(f), k)] = v

        def walk(o):
            if isinstance(o, dict):
                if isinstance(o.get("source"), str):
                    cited.add(o["source"])
                for k, v in o.items():
                    if k != "sources":
                        walk(v)
            elif isinstance(o, list):
                for v in o:
                    walk(v)
        walk(doc)
    if not listed and not cited:
        check(t is None, label + ": a sources table for files without sources")
        return
    if not check(t is not None, label + ": no source-table"):
        return
    rows = {(r[0]["text"], r[1]["text"]): r for r in t["rows"]}
    for (f, k), v in listed.items():
        r = rows.get((f, k))
        if check(r is not None, label + ": source %s of %s missing" % (k, f)):
            check(r[2]["text"] == " ".join(v.split()), label + ": source %s of %s reads %r" % (k, f, r[2]["text"]))
    keys_cited = {k for (f, k), r in rows.items() if r[3]["text"] != "not cited"}
    check(cited == keys_cited, label + ": cited keys %r, the page says %r" % (sorted(cited), sorted(keys_cited)))


def check_case(tool, tmp, label, graph, scenarios, extra=()):
    out = os.path.join(tmp, label + ".html")
    p = run(tool, "report", "-q", graph, *scenarios, "-o", out, *extra)
    check(p.stdout == "", label + ": report printed to stdout")
    html = open(out, encoding="utf-8").read()
    page = Page()
    page.feed(html)
    page.close()
    check(not page.bad, label + ": not self-contained: %r" % page.bad[:5])
    for bad in ("<script", "@import", "@font-face", "http://", "https://"):
        # the only URLs allowed are SVG's namespace names
        rest = re.sub(r'xmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", html)
        check(bad not in rest, label + ": page contains %r" % bad)
    h2 = [t for h, t in page.headings if h == "h2"]
    check(h2[:2] == ["What the numbers mean", "Findings"], label + ": sections begin %r" % h2[:2])
    for want in ("Sectors", "Who causes it", "Critical paths", "The shocked supply chain", "Day by day",
                 "Warnings", "Sources"):
        check(want in h2, label + ": no section %r" % want)
    check(any(s[0] == "diagram" for s in page.svgs), label + ": no inline diagram <svg>")

    res = json.loads(run(tool, "score", "-q", "--format", "json", "--shares", graph, *scenarios,
                         *[a for a in extra if a.startswith("--at")]).stdout)
    table = run(tool, "score", "-q", graph, *scenarios, *[a for a in extra if a.startswith("--at")]).stdout
    check_score(page, res, label)
    check_paths(page, table, res, label)
    check_sources(page, [graph] + list(scenarios), label)

    tl = run(tool, "timeline", "-q", "--format", "json", graph, *scenarios, ok=False)
    if tl.returncode == 0:
        check_timeline(page, json.loads(tl.stdout), label)
        chart = os.path.join(tmp, label + "-chart.svg")
        drew = run(tool, "timeline", "-q", graph, *scenarios, "--chart", chart, ok=False).returncode == 0
        in_timeline = [s for s in page.svgs if s[0] == "timeline" and s[2] != "spark"]
        if drew:
            check(len(in_timeline) == 1, label + ": timeline --chart draws, the page has no chart")
        else:
            check(not in_timeline and "no-chart" in page.ids,
                  label + ": timeline --chart fails, the page should say why instead of a chart")
    else:
        check("timeline-nodes" not in page.tables and "No timeline" in html,
              label + ": no dates, yet the page has a timeline table or no note")
    return page


def check_draws(tool, tmp):
    """--draws: the ranges against score --draws N --format json, for a
    scenario with two uncertain numbers (one keyed)."""
    scen = json.load(open("graphs/example-scenario.json"))
    scen["controls"][0]["denial"] = {"triangular": [0.2, 0.5, 0.9]}
    scen["outages"][0]["loss"] = {"uniform": [0, 0.4], "key": "mm"}
    path = os.path.join(tmp, "uncertain.json")
    json.dump(scen, open(path, "w"))
    out = os.path.join(tmp, "uncertain.html")
    run(tool, "report", "-q", "graphs/example.json", path, "--draws", "300", "--seed", "7", "-o", out)
    page = Page()
    page.feed(open(out, encoding="utf-8").read())
    res = json.loads(run(tool, "score", "-q", "--format", "json", "graphs/example.json", path,
                         "--draws", "300", "--seed", "7").stdout)["draws"]
    check(res["parameters"] == ["dy-licence.denial", "mm"], "draws: parameters %r" % res["parameters"])
    for tid, entries, key in (("draws-groups", res["groups"], "sector"), ("draws-nodes", res["sectors"], "id")):
        t = page.tables.get(tid)
        if not check(t is not None, "draws: no %s table" % tid):
            continue
        check(len(t["rows"]) == len(entries), "draws: %s has %d rows" % (tid, len(t["rows"])))
        for row, e in zip(t["rows"], entries):
            st = e["disruption"]
            check(row[0]["text"] == e[key], "draws: %s row %r for %s" % (tid, row[0]["text"], e[key]))
            for i, q in enumerate(("p5", "p50", "p95", "mean")):
                c = row[1 + i]
                check(same(c["value"], st[q]) and shown_pct(c["text"], st[q]),
                      "draws: %s %s %s %r, JSON %r" % (tid, e[key], q, c["text"], st[q]))
            check(st["p5"] < st["p95"], "draws: %s %s has no spread" % (tid, e[key]))
            top = e["sensitivity"][0]["parameter"] if e["sensitivity"] else None
            check(top is None and row[6]["text"] == "" or top is not None and row[6]["text"].startswith(top + " "),
                  "draws: %s %s hangs on %r, JSON says %r" % (tid, e[key], row[6]["text"], top))
    check("draws" in page.ids and not os.path.exists(os.path.join(tmp, "none.html")), "draws: no draws section")
    # without --draws there is no such section
    out = os.path.join(tmp, "nodraws.html")
    run(tool, "report", "-q", "graphs/example.json", path, "-o", out)
    page = Page()
    page.feed(open(out, encoding="utf-8").read())
    check("draws" not in page.ids, "draws: a draws section without --draws")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    a = ap.parse_args()
    tool = a.tool
    with tempfile.TemporaryDirectory() as tmp:
        check_case(tool, tmp, "example", "graphs/example.json", ["graphs/example-scenario.json"])
        check_case(tool, tmp, "october", "graphs/rare-earths.json", ["graphs/scenarios/october-2025.json"])
        check_case(tool, tmp, "myanmar", "graphs/rare-earths.json",
                   ["graphs/scenarios/october-2025.json", "graphs/scenarios/myanmar-outage.json"])
        if os.path.exists("graphs/scenarios/calendar-2025-2026.json"):
            check_case(tool, tmp, "calendar", "graphs/rare-earths.json", ["graphs/scenarios/calendar-2025-2026.json"])
            check_case(tool, tmp, "calendar-at", "graphs/rare-earths.json",
                       ["graphs/scenarios/calendar-2025-2026.json"], ["--at=2025-12-01"])
        # changes: the page scores the changed graph, like score does
        check_case(tool, tmp, "diversified", "graphs/rare-earths.json",
                   ["graphs/scenarios/october-2025.json", "graphs/scenarios/diversify-japan.json"])

        check_draws(tool, tmp)

        # command-line errors
        p = run(tool, "report", "graphs/example.json", ok=False)
        check(p.returncode == 2 and "-o" in p.stderr, "report without -o: exit %d, %r" % (p.returncode, p.stderr))
        p = run(tool, "report", "graphs/example.json", "-o", os.path.join(tmp, "x.html"), "--collapse=region", ok=False)
        check(p.returncode == 2 and "collapse" in p.stderr, "bad --collapse: exit %d" % p.returncode)
        p = run(tool, "report", "graphs/example.json", "-o", os.path.join(tmp, "no", "such", "dir.html"), ok=False)
        check(p.returncode == 3 and "cannot write" in p.stderr, "unwritable -o: exit %d, %r" % (p.returncode, p.stderr))
        p = run(tool, "report", "tests/errors/unknown-supplier.json", "-o", os.path.join(tmp, "bad.html"), ok=False)
        check(p.returncode == 1 and not os.path.exists(os.path.join(tmp, "bad.html")),
              "invalid graph: exit %d, page written: %s" % (p.returncode, os.path.exists(os.path.join(tmp, "bad.html"))))
        # a timeline that cannot be computed leaves a note, not a failed page
        out = os.path.join(tmp, "long.html")
        p = run(tool, "report", "graphs/rare-earths.json", "graphs/scenarios/october-2025.json", "-o", out,
                "--from", "1900-01-01", "--to", "2100-01-01", ok=False)
        check(p.returncode == 0 and "no timeline" in p.stderr and "No timeline: it could not be computed"
              in open(out).read(), "over-long horizon: exit %d, %r" % (p.returncode, p.stderr))
        # --title is escaped, and stdout works
        p = run(tool, "report", "-q", "graphs/example.json", "graphs/example-scenario.json", "-o", "-",
                "--title", "<b>A & B</b>")
        check("<h1>&lt;b&gt;A &amp; B&lt;/b&gt;</h1>" in p.stdout, "--title not escaped in the page")
    return TALLY.summary()


if __name__ == "__main__":
    sys.exit(main())
