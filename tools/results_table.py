#!/usr/bin/env python3
"""Regenerate the scenario results table in graphs/README.md from the tool.

usage: results_table.py TOOL [GRAPH] [README]

Scores GRAPH under each control scenario in graphs/scenarios (alone; the
diversify-* files are meant to be composed with a control scenario, and the
calendar is read by date with timeline or score --at, so both are left out) and writes, between the <!-- results:begin --> and
<!-- results:end --> markers of README, the sector-group disruption and
value at risk per scenario.  Nothing in the table is typed by hand.
"""
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def score(tool, graph, scenario):
    out = subprocess.run([tool, "score", graph, scenario, "--format", "json", "-q"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def aux_line_share(result, outputs):
    """Share of the cars' value at risk outside China that is combustion cars'.

    A combustion car's only modelled rare earth line is `aux-motors`, whose magnets
    are the HRE-grade NdFeB line of `aux-motor@*`; so this is the share of the auto
    figure that one line carries."""
    risk = {}
    for n in result["nodes"]:
        base, _, region = n["id"].partition("@")
        if base in ("ice-car", "bev", "hev") and region != "CN" and outputs.get(n["id"]):
            risk[base] = risk.get(base, 0) + n["disruption"] * outputs[n["id"]]
    total = sum(risk.values())
    return risk.get("ice-car", 0) / total if total > 0 else None


# Dates between the calendar's events: before No. 18, after each change of what is in force.
CALENDAR_DATES = [("2025-03-01", "before No. 18"), ("2025-05-01", "No. 18 at CLEPA's rate, US military ban"),
                  ("2025-07-01", "six-month licences for US car-motor makers"), ("2025-10-15", "EU Chamber's rate"),
                  ("2025-12-15", "US general licences"), ("2026-02-01", "Japanese military ban"),
                  ("2026-05-01", "French samarium stock spent"), ("2026-07-01", "US entities listed"),
                  ("2026-12-01", "suspension over: Nos. 57 and 61 back")]


def calendar_table(tool, graph, calendar):
    """Sector groups on dates of the calendar, from score --at (the rules in force that day,
    steady state: no lead times, stocks or shipping)."""
    out = ["", "The calendar read on dates (`score %s %s --at DATE`): the rules in force on each date, held "
           "as a steady state (no lead times, stocks or shipping; the day-by-day path is the timeline's):"
           % (os.path.relpath(graph, ROOT), os.path.relpath(calendar, ROOT)), ""]
    rows, sectors = [], []
    for date, what in CALENDAR_DATES:
        r = json.loads(subprocess.run([tool, "score", graph, calendar, "--at", date, "--format", "json", "-q"],
                                      capture_output=True, text=True, check=True).stdout)
        groups = {g["sector"]: g for g in r["groups"]}
        for g in r["groups"]:
            if g["sector"] not in sectors:
                sectors.append(g["sector"])
        rows.append((date, what, groups))
    out += ["| date | in force from | " + " | ".join(sectors) + " |", "|---|---|" + "---:|" * len(sectors)]
    for date, what, groups in rows:
        out.append("| %s | %s | %s |" % (date, what, " | ".join(
            "%.1f%%" % (100 * groups[s]["disruption"]) if s in groups else "-" for s in sectors)))
    return out


TIMELINE_FROM, TIMELINE_TO = "2025-03-05", "2027-03-31"


def below_stats(dates, series, threshold):
    """first date below, lowest value and its first date, days below (MODEL 7.4)."""
    first = next((d for d, x in zip(dates, series) if x < threshold), None)
    low = min(series)
    return first, low, dates[series.index(low)], sum(1 for x in series if x < threshold)


def timeline_table(tool, graph, calendar):
    """Per sector group and region: the calendar played day by day (timeline --format json)."""
    r = json.loads(subprocess.run([tool, "timeline", graph, calendar, "--from", TIMELINE_FROM, "--to", TIMELINE_TO,
                                   "--format", "json", "-q"], capture_output=True, text=True, check=True).stdout)
    import datetime
    start = datetime.date.fromisoformat(r["from"])
    n = len(r["groups"][0]["output"]) if r["groups"] else 0
    dates = [(start + datetime.timedelta(days=i)).isoformat() for i in range(n)]
    th = r["threshold"]
    out = ["", "The calendar played day by day (`chokepoint timeline %s %s --from %s --to %s --format json`): "
           "lead times, phases, shipping and stocks as in the files; first day below %g%% of normal output, "
           "the lowest output and its date, days below, and output lost in USD billion over the horizon:"
           % (os.path.relpath(graph, ROOT), os.path.relpath(calendar, ROOT), TIMELINE_FROM, TIMELINE_TO, 100 * th), "",
           "| sector | first below | lowest (date) | days below | lost |", "|---|---|---|---:|---:|"]
    by_group = {}
    for sct in r["sectors"]:
        by_group.setdefault(sct["sector"], []).append(sct)
    for g in r["groups"]:
        first, low, low_date, days = below_stats(dates, g["output"], th)
        lost = sum(x["lost_value"] or 0 for x in by_group.get(g["sector"], []))
        out.append("| **%s** | %s | %.1f%% (%s) | %d | %.1f |" % (g["sector"], first or "-", 100 * low, low_date, days, lost / 1000))
        for x in by_group.get(g["sector"], []):
            if x["first_below"] is None:
                continue
            out.append("| %s | %s | %.1f%% (%s) | %d | %.1f |" % (x["id"], x["first_below"], 100 * x["min"], x["min_date"],
                                                                   x["days_below"], (x["lost_value"] or 0) / 1000))
    out += ["", "Sector nodes never below the threshold are left out (China's own sectors: China does not "
            "control its domestic sales)."]
    return out


def main():
    tool = sys.argv[1]
    graph = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "graphs", "rare-earths.json")
    readme = sys.argv[3] if len(sys.argv) > 3 else os.path.join(ROOT, "graphs", "README.md")
    scenarios = [s for s in sorted(glob.glob(os.path.join(os.path.dirname(graph), "scenarios", "*.json")))
                 if not os.path.basename(s).startswith(("diversify-", "calendar-"))]
    with open(graph) as f:
        outputs = {n["id"]: n.get("output") for n in json.load(f)["nodes"]}
    rows = []
    sectors = []
    ice = []
    for path in scenarios:
        result = score(tool, graph, path)
        ice.append((os.path.basename(path)[:-5], aux_line_share(result, outputs)))
        groups = {g["sector"]: g for g in result["groups"]}
        for g in result["groups"]:
            if g["sector"] not in sectors:
                sectors.append(g["sector"])
        rows.append((os.path.basename(path)[:-5], groups))
    lines = ["Generated by `make results` (tools/results_table.py) from `build/chokepoint score %s SCENARIO --format json`, "
             "without draws, so every distribution in the files counts as its mean (MODEL section 8; the ranges are in "
             "[Ranges](#ranges-what-each-headline-hangs-on)):"
             % os.path.relpath(graph, ROOT), "",
             "Disruption of each sector group (output-weighted mean over EU, US, JP, CN), with value at risk in "
             "USD billion per year in brackets:", "",
             "| scenario | " + " | ".join(sectors) + " |",
             "|---|" + "---:|" * len(sectors)]
    for name, groups in rows:
        cells = []
        for s in sectors:
            g = groups.get(s)
            if g is None:
                cells.append("-")
            elif g["value_at_risk"] is None:
                cells.append("%.1f%%" % (100 * g["disruption"]))
            else:
                cells.append("%.1f%% (%.1f)" % (100 * g["disruption"], g["value_at_risk"] / 1000))
        lines.append("| `%s` | %s |" % (name, " | ".join(cells)))
    shares = ["`%s` %.0f%%" % (name, 100 * sh) for name, sh in ice if sh is not None]
    lines += ["", "Combustion cars carry this share of the value at risk of cars made outside China, and their only "
              "rare earth line is auxiliary motors' HRE-grade magnets (`aux-motors` -> `aux-motor@*` -> "
              "`ndfeb-sintered-hre`, a line whose magnet content has no source): " + ", ".join(shares) + "."]
    calendar = os.path.join(os.path.dirname(graph), "scenarios", "calendar-2025-2026.json")
    if os.path.exists(calendar):
        lines += calendar_table(tool, graph, calendar)
        lines += timeline_table(tool, graph, calendar)
    table = "\n".join(lines)
    with open(readme) as f:
        text = f.read()
    pattern = re.compile(r"(<!-- results:begin -->\n).*?(<!-- results:end -->)", re.S)
    if not pattern.search(text):
        sys.exit("results_table: no <!-- results:begin --> ... <!-- results:end --> markers in %s" % readme)
    text = pattern.sub(lambda m: m.group(1) + table + "\n" + m.group(2), text)
    with open(readme, "w") as f:
        f.write(text)
    print("results_table: %d scenarios written to %s" % (len(rows), os.path.relpath(readme, ROOT)))


if __name__ == "__main__":
    main()
