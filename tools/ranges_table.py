#!/usr/bin/env python3
"""Regenerate the ranges tables in graphs/README.md from the tool's draws (MODEL.md 8).

usage: ranges_table.py TOOL [GRAPH] [README]

Runs `score` on the October 2025 scenario and `timeline` on the calendar, each with
DRAWS draws of every distribution in the files (seed SEED, two threads: results do
not depend on the thread count), and writes, between the <!-- ranges:begin --> and
<!-- ranges:end --> markers of README, per sector group and region: the result
without draws (each distribution at its mean), the 5th, 50th and 95th percentiles,
and what the group hangs on (the three parameters with the largest Spearman rank
correlation, of those at or above MIN_RHO). Then `compare` of October 2025 with and
without diversify-australia.json, whose Lynas and Iluka shares are drawn too: per
sector node the diversification moves, the change without draws, its 5-50-95, and
what the change hangs on (Spearman, computed here from the --draws-out lines of both
sides, which take the same numbers in each draw). Nothing in the tables is typed by
hand.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DRAWS, SEED, THREADS = 1000, 1, 2
# With N draws a parameter unrelated to the result has |rho| of about 1/sqrt(N - 1) (0.03 at
# 1,000); among ~40 parameters the largest such is near 0.1, so smaller ones are left out.
MIN_RHO = 0.1
TIMELINE_FROM, TIMELINE_TO = "2025-03-05", "2027-03-31"


def run(tool, *args):
    out = subprocess.run([tool, *args, "--format", "json", "-q"], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def hangs_on(sens):
    top = [s for s in sens if abs(s["rho"]) >= MIN_RHO][:3]
    return ", ".join("`%s` (%+.2f)" % (s["parameter"], s["rho"]) for s in top) or "-"


def pct(x):
    return "%.1f%%" % (100 * x)


def bn(x):
    return "%.1f" % (x / 1000) if x is not None else "-"


def regions(nodes, group):
    """Sector nodes of a group that the draws can move (China's own sectors never are)."""
    return [n for n in nodes if n["id"].split("@")[0] == group]


def score_table(tool, graph, scenario):
    r = run(tool, "score", graph, scenario, "--draws", str(DRAWS), "--seed", str(SEED), "--threads", str(THREADS))
    point = {g["sector"]: g for g in r["groups"]}
    point.update({s["id"]: s for s in r["sectors"]})
    d = r["draws"]
    rel = lambda p: os.path.relpath(p, ROOT)
    out = ["October 2025 (`chokepoint score %s %s --draws %d --seed %d --format json`, %d uncertain parameters): "
           "disruption without draws (every distribution at its mean), its 5th, 50th and 95th percentiles over "
           "the draws, the 5-50-95 of value at risk in USD billion a year, and what it hangs on (Spearman rank "
           "correlation of a parameter's draws with the disruption; the three largest of at least %g):"
           % (rel(graph), rel(scenario), DRAWS, SEED, len(d["parameters"]), MIN_RHO), "",
           "| sector | without draws | 5% | 50% | 95% | value at risk 5-50-95 | hangs on |",
           "|---|---:|---:|---:|---:|---:|---|"]
    for g in d["groups"]:
        name = g["sector"]
        rows = [("**%s**" % name, g, point[name])]
        rows += [("%s" % s["id"], s, point[s["id"]]) for s in regions(d["sectors"], name)
                 if s["disruption"]["p95"] > 0]
        for label, x, p in rows:
            dis, var = x["disruption"], x["value_at_risk"]
            out.append("| %s | %s | %s | %s | %s | %s-%s-%s | %s |" % (
                label, pct(p["disruption"]), pct(dis["p5"]), pct(dis["p50"]), pct(dis["p95"]),
                bn(var["p5"]), bn(var["p50"]), bn(var["p95"]), hangs_on(x["sensitivity"])))
    return out


def timeline_table(tool, graph, calendar):
    r = run(tool, "timeline", graph, calendar, "--from", TIMELINE_FROM, "--to", TIMELINE_TO,
            "--draws", str(DRAWS), "--seed", str(SEED), "--threads", str(THREADS))
    point = {s["id"]: s for s in r["sectors"]}
    d = r["draws"]
    rel = lambda p: os.path.relpath(p, ROOT)
    out = ["", "The calendar played day by day (`chokepoint timeline %s %s --from %s --to %s --draws %d --seed %d "
           "--format json`): output lost over the horizon in USD billion without draws, its 5-50-95 over the "
           "draws, the 5-50-95 of the first day below %g%% of normal output, and what the lost output hangs on:"
           % (rel(graph), rel(calendar), TIMELINE_FROM, TIMELINE_TO, DRAWS, SEED, 100 * r["threshold"]), "",
           "| sector | lost without draws | lost 5-50-95 | first below 5% | 50% | 95% | hangs on |",
           "|---|---:|---:|---|---|---|---|"]
    for g in d["groups"]:
        name = g["sector"]
        lost = sum(point[s["id"]]["lost_value"] or 0 for s in regions(d["sectors"], name))
        rows = [("**%s**" % name, g, lost)]
        rows += [(s["id"], s, point[s["id"]]["lost_value"]) for s in regions(d["sectors"], name)
                 if s["lost_value"]["p95"] > 0]
        for label, x, p in rows:
            lv, fb = x["lost_value"], x["first_below"]
            out.append("| %s | %s | %s-%s-%s | %s | %s | %s | %s |" % (
                label, bn(p), bn(lv["p5"]), bn(lv["p50"]), bn(lv["p95"]),
                fb["p5"] or "-", fb["p50"] or "-", fb["p95"] or "-", hangs_on(x["sensitivity"])))
    out += ["", "Rows leave out China's own sectors, which no draw moves (China does not control its "
            "domestic sales). Parameters are named by their `key`; `subst-NODE-ITEM` is the `substitutable` "
            "share of the ITEM line of every NODE@region, `stock-*` the `inventory_days` of a class of nodes."]
    return out


def ranks(xs):
    """1-based ranks, ties given their mean rank (as Spearman's rho takes them)."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r


def spearman(xs, ys):
    if min(xs) == max(xs) or min(ys) == max(ys):
        return None
    a, b = ranks(xs), ranks(ys)
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    num = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    den = (sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b)) ** 0.5
    return num / den


def percentile(xs, p):
    xs = sorted(xs)
    q = (len(xs) - 1) * p
    lo = int(q)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (q - lo)


def points(x):
    return "%+.1f" % (100 * x)


def diversify_table(tool, graph, october, australia):
    rel = lambda p: os.path.relpath(p, ROOT)
    tmp = tempfile.mkdtemp()
    base_out, with_out = os.path.join(tmp, "base.jsonl"), os.path.join(tmp, "with.jsonl")
    seed = ["--draws", str(DRAWS), "--seed", str(SEED), "--threads", str(THREADS)]
    r = run(tool, "compare", graph, "--base", october, "--with", october, "--with", australia, *seed,
            "--draws-out", with_out)
    run(tool, "score", graph, october, *seed, "--draws-out", base_out)
    base = [json.loads(x) for x in open(base_out)]
    with_ = [json.loads(x) for x in open(with_out)]
    # the parameters themselves: a line also names a key's members by place
    params = run(tool, "score", graph, october, australia, *seed)["draws"]["parameters"]
    # the nodes whose change reaches 0.1 points at either end
    moved = {s["id"]: s for s in r["draws"]["sectors"]
             if s["delta"]["p95"] > s["delta"]["p5"] and max(abs(s["delta"]["p5"]), abs(s["delta"]["p95"])) >= 0.001}
    point = {s["id"]: s["delta"] for s in r["sectors"]}
    out = ["", "Diversification with drawn yields (`chokepoint compare %s --base %s --with %s --with %s --draws %d "
           "--seed %d --format json`): the change amounts of the Australian offtakes (the Lynas yield and the "
           "Iluka share) are drawn with every other number, each draw applying the changes again with its "
           "amounts. Per sector node the change moves by 0.1 points or more: the change in disruption in "
           "points without draws, its 5-50-95 over the draws (both sides take the same numbers in a draw), and "
           "what the change hangs on (Spearman rank correlation of a parameter's draws with the change, from the "
           "`--draws-out` lines of both sides; the three largest of at least %g):"
           % (rel(graph), rel(october), rel(october), rel(australia), DRAWS, SEED, MIN_RHO), "",
           "| sector | change without draws | 5% | 50% | 95% | hangs on |",
           "|---|---:|---:|---:|---:|---|"]
    for sid, s in moved.items():
        delta = [w["sectors"][sid] - b["sectors"][sid] for w, b in zip(with_, base)]
        # the draws-out lines give the reported percentiles again, or the table is wrong
        if abs(percentile(delta, 0.5) - s["delta"]["p50"]) > 1e-12:
            sys.exit("ranges_table: the draws of %s do not give compare's median change" % sid)
        rho = [(spearman([w["values"][p] for w in with_], delta), p) for p in params]
        top = sorted([(x, p) for x, p in rho if x is not None and abs(x) >= MIN_RHO], key=lambda t: -abs(t[0]))[:3]
        d = s["delta"]
        out.append("| %s | %s | %s | %s | %s | %s |" % (
            sid, points(point[sid]), points(d["p5"]), points(d["p50"]), points(d["p95"]),
            ", ".join("`%s` (%+.2f)" % (p, x) for x, p in top) or "-"))
    return out


def main():
    tool = sys.argv[1]
    graph = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "graphs", "rare-earths.json")
    readme = sys.argv[3] if len(sys.argv) > 3 else os.path.join(ROOT, "graphs", "README.md")
    scen = os.path.join(os.path.dirname(graph), "scenarios")
    lines = ["Generated by `make results` (tools/ranges_table.py) from the tool's draws; do not edit by hand.", ""]
    lines += score_table(tool, graph, os.path.join(scen, "october-2025.json"))
    lines += timeline_table(tool, graph, os.path.join(scen, "calendar-2025-2026.json"))
    lines += diversify_table(tool, graph, os.path.join(scen, "october-2025.json"),
                             os.path.join(scen, "diversify-australia.json"))
    table = "\n".join(lines)
    with open(readme) as f:
        text = f.read()
    pattern = re.compile(r"(<!-- ranges:begin -->\n).*?(<!-- ranges:end -->)", re.S)
    if not pattern.search(text):
        sys.exit("ranges_table: no <!-- ranges:begin --> ... <!-- ranges:end --> markers in %s" % readme)
    text = pattern.sub(lambda m: m.group(1) + table + "\n" + m.group(2), text)
    with open(readme, "w") as f:
        f.write(text)
    print("ranges_table: October 2025, the calendar and the diversification, %d draws each, written to %s" % (DRAWS, os.path.relpath(readme, ROOT)))


if __name__ == "__main__":
    main()
