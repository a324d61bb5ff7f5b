#!/usr/bin/env python3
"""Draws through the command line (MODEL.md 8), against expectations that do
not come from the tool: the same bytes for 1, 2 and 4 threads; each draw of
--draws-out scored again with its numbers written into the files gives the
same sector results; percentiles recomputed from the draws file equal the
reported ones; usage errors for absurd options.

usage: draws.py TOOL
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "draws")
GRAPH = os.path.join(HERE, "graph.json")
SCEN = os.path.join(HERE, "scenario.json")
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


def put_value(graph, scen, name, x):
    """Write x wherever the draws file's parameter `name` stands."""
    hits = 0

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
    walk(scen)
    if hits:
        return hits
    head, _, field = name.rpartition(".")
    for c in scen["controls"]:
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
    print("draws: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
