#!/usr/bin/env python3
"""The HTML report in a real browser (headless Chromium).

For each report: Chromium loads the file offline and dumps the DOM it
built; the DOM must have the title, the sections, one row per sector node
in the sector table (as many as `score --format json` lists) and the
diagram as inline <svg> with drawn shapes.  Then Chromium takes a
screenshot, which is decoded here (zlib, no imaging library) and must not
be blank: enough non-white pixels, many colours, and the red of the
disrupted sectors' cells.  With --save DIR the screenshots are kept there
(for docs/).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.dirname(HERE))
import png  # noqa: E402
from tally import Tally  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--mute-audio"]
TALLY = Tally("browser")
check = TALLY.check


class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.h, self.stack_table, self.rows = [], [], {}
        self.section = None
        self.svg = {}          # section id -> [svg count, shapes inside]
        self.in_svg = 0
        self.head = None
        self.in_tbody = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.section = a.get("id")
        if tag in ("h1", "h2"):
            self.head = [tag, ""]
        if tag == "table":
            self.stack_table.append(a.get("id"))
            self.rows.setdefault(a.get("id"), 0)
        if tag == "tbody":
            self.in_tbody = True
        if tag == "tr" and self.in_tbody and self.stack_table:
            self.rows[self.stack_table[-1]] += 1
        if tag == "svg":
            s = self.svg.setdefault(self.section, [0, 0])
            s[0] += 1
            self.in_svg += 1
        elif self.in_svg and tag in ("path", "polygon", "ellipse", "rect", "polyline", "text", "line"):
            self.svg[self.section][1] += 1

    def handle_endtag(self, tag):
        if tag in ("h1", "h2") and self.head:
            self.h.append((self.head[0], " ".join(self.head[1].split())))
            self.head = None
        if tag == "table" and self.stack_table:
            self.stack_table.pop()
        if tag == "tbody":
            self.in_tbody = False
        if tag == "svg":
            self.in_svg -= 1

    def handle_data(self, d):
        if self.head:
            self.head[1] += d


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


def browser(binary, *args, timeout=120):
    with tempfile.TemporaryDirectory() as profile:
        p = subprocess.run([binary] + FLAGS + ["--user-data-dir=" + profile] + list(args),
                           capture_output=True, text=True, timeout=timeout)
    return p


def screenshot_stats(path):
    w, h, ch, rows = png.read(path)
    colours = set()
    non_white = reds = 0  # reds: pixels of the heat fill, sampled
    for y in range(0, h, 2):
        r = rows[y]
        for x in range(0, w * ch, 2 * ch):
            px = tuple(r[x:x + 3]) if ch >= 3 else (r[x],) * 3
            colours.add(px)
            if px != (255, 255, 255):
                non_white += 1
            if px[0] >= 215 and px[2] <= 130 and px[1] <= 235:
                reds += 1  # the white-yellow-red fill of disrupted cells, bars and nodes
    total = ((h + 1) // 2) * ((w + 1) // 2)
    return w, h, len(colours), non_white / total, reds


def check_report(binary, tool, tmp, label, graph, scenarios, size, save):
    html = os.path.join(tmp, label + ".html")
    subprocess.run([tool, "report", "-q", graph] + scenarios + ["-o", html], check=True)
    res = json.loads(subprocess.run([tool, "score", "-q", "--format", "json", graph] + scenarios,
                                    check=True, capture_output=True, text=True).stdout)
    url = "file://" + os.path.abspath(html)

    p = browser(binary, "--dump-dom", url)
    if not check(p.returncode == 0 and "<html" in p.stdout, "%s: chromium --dump-dom failed (%d): %s"
                 % (label, p.returncode, p.stderr[-400:])):
        return
    dom = Dom()
    dom.feed(p.stdout)
    h1 = [t for h, t in dom.h if h == "h1"]
    h2 = [t for h, t in dom.h if h == "h2"]
    check(len(h1) == 1 and h1[0], "%s: DOM has headings h1 %r" % (label, h1))
    for want in ("What the numbers mean", "Findings", "The scenario", "Sectors", "Who causes it",
                 "Critical paths", "The shocked supply chain", "Day by day", "Warnings", "Sources"):
        check(want in h2, "%s: DOM has no section %r (h2: %r)" % (label, want, h2))
    n = len(res["sectors"])
    check(dom.rows.get("sector-nodes") == n, "%s: DOM sector table has %r rows, score lists %d sector nodes"
          % (label, dom.rows.get("sector-nodes"), n))
    check(dom.rows.get("critical-paths") == n, "%s: DOM has %r critical path rows for %d sector nodes"
          % (label, dom.rows.get("critical-paths"), n))
    check(dom.rows.get("groups") == len(res["groups"]), "%s: DOM group table has %r rows for %d groups"
          % (label, dom.rows.get("groups"), len(res["groups"])))
    svg = dom.svg.get("diagram", [0, 0])
    check(svg[0] >= 1 and svg[1] > 20, "%s: DOM diagram has %d <svg> with %d shapes" % (label, svg[0], svg[1]))

    shot = os.path.join(tmp, label + ".png")
    p = browser(binary, "--window-size=%d,%d" % size, "--screenshot=" + shot, url)
    if not check(p.returncode == 0 and os.path.exists(shot), "%s: chromium --screenshot failed (%d): %s"
                 % (label, p.returncode, p.stderr[-400:])):
        return
    w, h, colours, ink, reds = screenshot_stats(shot)
    check((w, h) == size, "%s: screenshot is %dx%d, asked for %dx%d" % (label, w, h, size[0], size[1]))
    check(ink > 0.04, "%s: screenshot nearly blank: %.1f%% of pixels not white" % (label, 100 * ink))
    check(colours > 64, "%s: screenshot has only %d colours" % (label, colours))
    check(reds > 500, "%s: screenshot shows no disruption fill (yellow to red): %d pixels" % (label, reds))
    print("browser: %s: %dx%d, %.1f%% ink, %d colours, %d heat pixels" % (label, w, h, 100 * ink, colours, reds))
    if save:
        os.makedirs(save, exist_ok=True)
        shutil.copyfile(shot, os.path.join(save, "report-%s.png" % label))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--save", help="keep the screenshots in this directory")
    a = ap.parse_args()
    binary = os.environ.get("CHROMIUM") or chromium_binary()
    if not binary:
        print("SKIP: browser: no chromium: it is not installed and 'sh tools/deps.sh --browser' could not "
              "install it; the HTML report was NOT checked in a browser")
        return 0
    cases = [("october-2025", "graphs/rare-earths.json", ["graphs/scenarios/october-2025.json"])]
    if os.path.exists("graphs/scenarios/calendar-2025-2026.json"):
        cases.append(("calendar-2025-2026", "graphs/rare-earths.json", ["graphs/scenarios/calendar-2025-2026.json"]))
    cases.append(("example", "graphs/example.json", ["graphs/example-scenario.json"]))
    with tempfile.TemporaryDirectory() as tmp:
        for label, graph, scenarios in cases:
            check_report(binary, a.tool, tmp, label, graph, scenarios, (1280, 2000),
                         a.save if label != "example" else None)
    return TALLY.summary()


if __name__ == "__main__":
    sys.exit(main())
