#!/usr/bin/env python3
"""Score every hand-computed case in tests/cases with the tool and compare
with the values derived by hand in its expect.json (to 1e-9).

usage: check_cases.py TOOL [CASES_DIR]
"""
import glob
import json
import os
import subprocess
import sys

TOL = 1e-9


def near(a, b):
    if a is None or b is None:
        return a is b
    return abs(a - b) <= TOL


def check_case(tool, case):
    graph = os.path.join(case, "graph.json")
    scenarios = sorted(glob.glob(os.path.join(case, "scenario*.json")))
    with open(os.path.join(case, "expect.json")) as f:
        expect = json.load(f)
    run = subprocess.run([tool, "score", graph, *scenarios, "--format", "json", "-q"],
                         capture_output=True, text=True)
    problems = []
    if run.returncode != expect.get("exit", 0):
        return ["exit %d, expected %d: %s" % (run.returncode, expect.get("exit", 0), run.stderr.strip())]
    if run.returncode != 0:
        return problems
    got = json.loads(run.stdout)
    nodes = {n["id"]: n for n in got["nodes"]}
    for nid, want in expect.get("nodes", {}).items():
        have = nodes.get(nid)
        if have is None:
            problems.append("node %s missing" % nid)
            continue
        if "disruption" in want and not near(have["disruption"], want["disruption"]):
            problems.append("node %s disruption %r, expected %r" % (nid, have["disruption"], want["disruption"]))
        if "end_use" in want and have["end_use"] != want["end_use"]:
            problems.append("node %s end_use %r, expected %r" % (nid, have["end_use"], want["end_use"]))
        for rule, c in want.get("content", {}).items():
            if not near(have["content"].get(rule), c):
                problems.append("node %s content[%s] %r, expected %r" % (nid, rule, have["content"].get(rule), c))
    edges = {}
    for e in got["edges"]:
        edges.setdefault((e["from"], e["to"]), e)
    for want in expect.get("edges", []):
        key = (want["from"], want["to"])
        have = edges.get(key)
        if have is None:
            problems.append("edge %s -> %s missing" % key)
            continue
        if "blocked" in want and not near(have["blocked"], want["blocked"]):
            problems.append("edge %s -> %s blocked %r, expected %r" % (key + (have["blocked"], want["blocked"])))
        if "rules" in want and sorted(have["rules"]) != sorted(want["rules"]):
            problems.append("edge %s -> %s rules %r, expected %r" % (key + (have["rules"], want["rules"])))
        if "extraterritorial" in want and have["extraterritorial"] != want["extraterritorial"]:
            problems.append("edge %s -> %s extraterritorial %r" % (key + (have["extraterritorial"],)))
    sectors = {s["id"]: s for s in got["sectors"]}
    for sid, want in expect.get("sectors", {}).items():
        have = sectors.get(sid)
        if have is None:
            problems.append("sector %s missing" % sid)
            continue
        for field in ("disruption", "value_at_risk"):
            if field in want and not near(have[field], want[field]):
                problems.append("sector %s %s %r, expected %r" % (sid, field, have[field], want[field]))
    return problems


def main():
    tool = sys.argv[1]
    root = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "cases")
    passed = failed = 0
    for case in sorted(glob.glob(os.path.join(root, "*", "expect.json"))):
        case = os.path.dirname(case)
        problems = check_case(tool, case)
        if problems:
            failed += 1
            print("FAIL case %s" % os.path.basename(case))
            for p in problems[:20]:
                print("  " + p)
        else:
            passed += 1
    print("cases: %d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
