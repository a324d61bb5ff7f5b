#!/usr/bin/env python3
"""Draws through the command line (MODEL.md 8), against expectations that do
not come from the tool: the same bytes for 1, 2 and 4 threads; each draw of
--draws-out scored again with its numbers written into the files gives the
same sector results; percentiles recomputed from the draws file equal the
reported ones; usage errors for absurd options.  Change amounts too: a
degenerate distribution on a shift fraction scores exactly as the point, a
disruption linear in an add_supplier share averages to its expectation, and
draws that move a change amount replay and keep their bytes across threads.

usage: draws.py TOOL
"""
import copy
import json
import math
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "draws")
GRAPH = os.path.join(HERE, "graph.json")
SCEN = os.path.join(HERE, "scenario.json")
CHANGES = os.path.join(HERE, "changes.json")   # changes with distributions, after SCEN
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL %s%s" % (name, (": " + detail) if detail else ""))


def run(tool, *args):
    return subprocess.run([tool, *args], capture_output=True, text=True)


def percentile(xs, p):
    xs = sorted(xs)
    q = (len(xs) - 1) * p
    lo = int(q)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (q - lo)


def put_value(graph, scen, name, x, more=()):
    """Write x wherever the draws file's parameter `name` stands; more: the
    scenario files after scen, whose changes count on from scen's."""
    hits = 0
    files = [scen, *more]

    def walk(obj):
        nonlocal hits
        if isinstance(obj, dict):
            for k, v in list(obj.items()):
                if isinstance(v, dict) and v.get("key") == name:
                    obj[k] = x
                    hits += 1
                else:
                    walk(v)
        elif isinstance(obj, list):
            for v in obj:
                walk(v)
    walk(graph)
    for f in files:
        walk(f)
    if hits:
        return hits
    m = re.fullmatch(r"changes\[(\d+)\]\.(fraction|share)", name)
    if m:
        # N counts the changes of every scenario file, in order
        changes = [c for f in files for c in f.get("changes", [])]
        c = changes[int(m.group(1))]
        if m.group(2) in c:
            c[m.group(2)] = x
            return 1
        return 0
    head, _, field = name.rpartition(".")
    for c in scen.get("controls", []):
        if c["id"] == head and field in c:
            c[field] = x
            return 1
        if c["id"] == head.split(".")[0] and "." in head:
            m = head.split(".", 1)[1]
            if m in c and field in c[m]:
                c[m][field] = x
                return 1
    for o in scen.get("outages", []):
        if o.get("name") == head and field == "loss":
            o["loss"] = x
            return 1
    for n in graph["nodes"]:
        if n["id"] == head and field in n:
            n[field] = x
            return 1
        for line in n.get("inputs", []):
            if "%s.%s" % (n["id"], line["item"]) == head and field in line:
                line[field] = x
                return 1
    return 0


# One magnet line from a Chinese ore under a 50% denial, and an Australian
# ore: moving a share s of the line to Australia leaves auto@JP disrupted by
# exactly 0.5 (1 - s), by hand from MODEL.md 2-3 (no substitution, no stock).
LINEAR_GRAPH = {"chokepoint": 1, "nodes": [
    {"id": "ore@CN", "kind": "material", "country": "CN", "elements": ["Dy"]},
    {"id": "ore@AU", "kind": "material", "country": "AU", "elements": ["Dy"]},
    {"id": "mag@JP", "kind": "magnet", "country": "JP", "output": 10,
     "inputs": [{"item": "dy", "suppliers": {"ore@CN": 1}}]},
    {"id": "auto@JP", "kind": "sector", "country": "JP", "output": 100,
     "inputs": [{"item": "magnets", "suppliers": {"mag@JP": 1}}]}]}
LINEAR_CONTROL = {"id": "dy", "origin": "CN", "elements": ["Dy"], "denial": 0.5}


def disruptions(stdout):
    return {x["id"]: x["disruption"] for x in json.loads(stdout)["sectors"]}


def change_draws(tool, tmp):
    def write(name, obj):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            json.dump(obj, f)
        return path

    def scenario(change):
        return {"chokepoint_scenario": 1, "controls": [LINEAR_CONTROL], "changes": [change]}

    def shift(fraction):
        return scenario({"op": "shift", "at": "mag@JP", "item": "dy", "from": "CN", "to": "AU",
                         "to_node": "ore@AU", "fraction": fraction})

    graph = write("linear-graph.json", LINEAR_GRAPH)
    dfile = os.path.join(tmp, "changes.jsonl")

    # a degenerate distribution on a shift fraction: every draw is the point
    point = run(tool, "score", graph, write("point.json", shift(0.35)), "--format", "json", "-q")
    nothing = run(tool, "score", graph, write("nothing.json", shift(0)), "--format", "json", "-q")
    want = disruptions(point.stdout)
    check("the shift's point scores 0.5 x (1 - 0.35)", abs(want["auto@JP"] - 0.325) < 1e-15, str(want))
    check("the shift moves the score", disruptions(nothing.stdout)["auto@JP"] == 0.5, nothing.stdout[:200])
    r = run(tool, "score", graph, write("degenerate.json", shift({"uniform": [0.35, 0.35]})), "--draws", "50",
            "--draws-out", dfile, "--format", "json", "-q")
    check("degenerate change draws run", r.returncode == 0, r.stderr)
    lines = [json.loads(x) for x in open(dfile)]
    check("a change amount is named by its field", all(list(x["values"]) == ["changes[0].fraction"] for x in lines),
          str(lines[0]["values"]))
    check("uniform [x, x] draws x", all(x["values"]["changes[0].fraction"] == 0.35 for x in lines))
    check("every draw of uniform [x, x] scores exactly as the point x",
          all(x["sectors"] == want for x in lines), str(lines[0]["sectors"]))
    rep = json.loads(r.stdout)
    stat = rep["draws"]["sectors"][0]["disruption"]
    check("the draws' statistics are the point's",
          all(stat[k] == want["auto@JP"] for k in ("mean", "p5", "p50", "p95")) and stat["sd"] == 0, str(stat))
    check("without draws uniform [x, x] counts as x", disruptions(r.stdout) == want)

    # linear in an add_supplier share: the mean of the draws is 0.5 (1 - E[s])
    lo, hi, n = 0.2, 0.6, 4000
    r = run(tool, "score", graph, write("linear.json", scenario(
        {"op": "add_supplier", "at": "mag@JP", "item": "dy", "supplier": "ore@AU",
         "share": {"uniform": [lo, hi]}})), "--draws", str(n), "--seed", "11", "--draws-out", dfile,
        "--format", "json", "-q")
    check("linear change draws run", r.returncode == 0, r.stderr)
    lines = [json.loads(x) for x in open(dfile)]
    worst = max(abs(x["sectors"]["auto@JP"] - 0.5 * (1 - x["values"]["changes[0].share"])) for x in lines)
    check("each draw scores 0.5 (1 - its share)", worst < 1e-12, "largest difference %g" % worst)
    expect = 0.5 * (1 - (lo + hi) / 2)
    # sd of 0.5 s for s ~ U[lo, hi] is 0.5 (hi - lo) / sqrt(12); the mean of n draws
    # is within 4 of its standard errors (about 0.0037 here) but for 1 in 15,000 seeds
    tol = 4 * 0.5 * (hi - lo) / math.sqrt(12) / math.sqrt(n)
    mean = json.loads(r.stdout)["draws"]["sectors"][0]["disruption"]["mean"]
    check("the mean of the draws is the expectation within %.4f" % tol, abs(mean - expect) < tol,
          "mean %.6f, expected %.6f" % (mean, expect))
    shares = [x["values"]["changes[0].share"] for x in lines]
    check("the shares are drawn over their support", lo <= min(shares) < lo + 0.01 and hi - 0.01 < max(shares) <= hi,
          "%g .. %g" % (min(shares), max(shares)))

    # with the test graph's other distributions: threads, compare, timeline, replay
    outs = [run(tool, "score", GRAPH, SCEN, CHANGES, "--draws", "300", "--seed", "5", "--threads", t,
                "--format", "json", "-q") for t in ("1", "2", "4")]
    check("change draws: score runs", all(o.returncode == 0 for o in outs), outs[0].stderr)
    check("change draws: threads 1, 2 and 4 give the same bytes", outs[0].stdout == outs[1].stdout == outs[2].stdout)
    sens = {x["id"]: x["sensitivity"] for x in json.loads(outs[0].stdout)["draws"]["sectors"]}
    check("auto@JP hangs on the shift fraction",
          "changes[2].fraction" in [x["parameter"] for x in sens["auto@JP"]], str(sens["auto@JP"]))
    couts = [run(tool, "compare", GRAPH, "--base", SCEN, "--with", SCEN, "--with", CHANGES, "--draws", "100",
                 "--threads", t, "--format", "json", "-q") for t in ("1", "2", "4")]
    check("change draws: compare, threads 1, 2 and 4 give the same bytes",
          couts[0].returncode == 0 and couts[0].stdout == couts[1].stdout == couts[2].stdout, couts[0].stderr)
    touts = [run(tool, "timeline", GRAPH, SCEN, CHANGES, "--draws", "60", "--threads", t, "--format", "json", "-q")
             for t in ("1", "3")]
    check("change draws: timeline, threads 1 and 3 give the same bytes",
          touts[0].returncode == 0 and touts[0].stdout == touts[1].stdout, touts[0].stderr)

    r = run(tool, "score", GRAPH, SCEN, CHANGES, "--draws", "40", "--seed", "3", "--draws-out", dfile,
            "--format", "json", "-q")
    check("change draws-out written", r.returncode == 0, r.stderr)
    lines = [json.loads(x) for x in open(dfile)]
    # eu-licences holds the add_supplier share too, with its own distribution: named by place as well
    check("change amounts named by place, N counting over the files",
          sorted(lines[0]["values"]) == sorted(["dy.denial", "dy.lead_days", "military", "eu-licences", "mine.loss",
                                                "mag@JP.inventory_days", "mag@JP.dy.substitutable",
                                                "changes[2].fraction", "changes[3].share"]),
          str(sorted(lines[0]["values"])))
    check("a key moves a change amount with the rest",
          all(abs((x["values"]["changes[3].share"] - 0.1) / 0.4 - x["values"]["eu-licences"] / 0.4) < 1e-12
              for x in lines))
    graph0, scen0, chg0 = json.load(open(GRAPH)), json.load(open(SCEN)), json.load(open(CHANGES))
    worst = 0
    for line in lines[:10]:
        g, s, c = copy.deepcopy(graph0), copy.deepcopy(scen0), copy.deepcopy(chg0)
        for name, x in line["values"].items():
            if not put_value(g, s, name, x, (c,)):
                check("replay finds %s" % name, False)
        paths = [write("rg.json", g), write("rs.json", s), write("rc.json", c)]
        again = run(tool, "score", *paths, "--format", "json", "-q")
        res = disruptions(again.stdout)
        for sid, d in line["sectors"].items():
            worst = max(worst, abs(res[sid] - d))
    check("a draw with its change amounts scored again alone gives its results", worst < 1e-12,
          "largest difference %g" % worst)


def main():
    tool = sys.argv[1]
    tmp = tempfile.mkdtemp()
    # the same answer whatever the threads
    outs = [run(tool, "score", GRAPH, SCEN, "--draws", "400", "--seed", "7", "--threads", t, "--format", "json", "-q")
            for t in ("1", "2", "4")]
    check("score draws run", all(o.returncode == 0 for o in outs), outs[0].stderr)
    check("threads 1, 2 and 4 give the same bytes", outs[0].stdout == outs[1].stdout == outs[2].stdout)
    touts = [run(tool, "timeline", GRAPH, SCEN, "--draws", "60", "--threads", t, "--format", "json", "-q")
             for t in ("1", "3")]
    check("timeline draws: threads 1 and 3 give the same bytes",
          touts[0].returncode == 0 and touts[0].stdout == touts[1].stdout, touts[0].stderr)

    # replay: every draw's numbers written into the files score the same
    dfile = os.path.join(tmp, "draws.jsonl")
    r = run(tool, "score", GRAPH, SCEN, "--draws", "40", "--seed", "3", "--draws-out", dfile, "--format", "json", "-q")
    check("draws-out written", r.returncode == 0 and os.path.exists(dfile), r.stderr)
    lines = [json.loads(x) for x in open(dfile)]
    check("one line per draw, in order", [x["draw"] for x in lines] == list(range(40)))
    # a key's second number has another distribution: it is named by place too
    check("parameters named by key or place",
          sorted(lines[0]["values"]) == sorted(["dy.denial", "dy.lead_days", "military", "eu-licences", "mine.loss",
                                                "mag@JP.inventory_days", "mag@JP.dy.substitutable"]),
          str(sorted(lines[0]["values"])))
    graph0, scen0 = json.load(open(GRAPH)), json.load(open(SCEN))
    worst = 0
    for line in lines[:10]:
        g, s = copy.deepcopy(graph0), copy.deepcopy(scen0)
        for name, x in line["values"].items():
            if not put_value(g, s, name, x):
                check("replay finds %s" % name, False)
        gp, sp = os.path.join(tmp, "g.json"), os.path.join(tmp, "s.json")
        json.dump(g, open(gp, "w"))
        json.dump(s, open(sp, "w"))
        again = run(tool, "score", gp, sp, "--format", "json", "-q")
        res = {x["id"]: x["disruption"] for x in json.loads(again.stdout)["sectors"]}
        for sid, d in line["sectors"].items():
            worst = max(worst, abs(res[sid] - d))
    check("a draw scored again alone gives its results", worst < 1e-12, "largest difference %g" % worst)

    # percentiles from the draws file equal the reported ones
    rep = json.loads(r.stdout)["draws"]
    for sec in rep["sectors"]:
        xs = [line["sectors"][sec["id"]] for line in lines]
        for p, key in ((0.05, "p5"), (0.5, "p50"), (0.95, "p95")):
            check("%s %s from the draws file" % (sec["id"], key),
                  abs(percentile(xs, p) - sec["disruption"][key]) < 1e-12)

    # usage errors
    for args in (["--draws", "0"], ["--draws", "-3"], ["--threads", "0"], ["--threads", "100000"],
                 ["--draws-out", dfile]):
        r = run(tool, "score", GRAPH, SCEN, *args)
        check("usage error for %s" % " ".join(args), r.returncode == 2, "exit %d" % r.returncode)
    change_draws(tool, tmp)
    print("draws: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
