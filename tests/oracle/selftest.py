#!/usr/bin/env python3
"""Run the hand-computed cases of tests/oracle/selftest/ against refmodel.py.

    selftest.py [--tool CMD] [-v]

Each case NAME has NAME.graph.json, its scenarios (NAME.scenario*.json, or the
list "scenarios" in the expect file) and NAME.expect.json: the expected
numbers, with the derivation by hand in its "derivation" field.  An expect
file checks only what it lists:
  "exit"    : expected exit code (default 0; 2 = invalid input, 3 = unsupported)
  "nodes"   : id -> {disruption, end_use, content (all rules, exactly)}
  "edges"   : the full edge list in order: from, to, blocked, rules (as a set),
              extraterritorial
  "sectors" : id -> {sector, country, disruption, value_at_risk}
Numbers agree to 1e-9.  With --tool CMD the same cases are run against
`CMD score GRAPH SCENARIO... --format json` instead (cases marked
"refmodel_only" are skipped; an expected exit 2 means any non-zero exit).
The last line is `N passed, M failed`.
"""

import argparse
import glob
import json
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "selftest")
REFMODEL = os.path.join(HERE, "refmodel.py")
TOLERANCE = 1e-9


def close(a, b):
    if a is None or b is None:
        return a is b
    return isinstance(a, (int, float)) and not isinstance(a, bool) and abs(a - b) <= TOLERANCE


def check_case(name, tool):
    expect = json.load(open(os.path.join(CASES, name + ".expect.json")))
    if tool and expect.get("refmodel_only"):
        return None
    graph = os.path.join(CASES, name + ".graph.json")
    if "scenarios" in expect:
        scenarios = [os.path.join(CASES, s) for s in expect["scenarios"]]
    else:
        scenarios = sorted(glob.glob(os.path.join(CASES, name + ".scenario*.json")))
    if tool:
        cmd = shlex.split(tool) + ["score", graph] + scenarios + ["--format", "json"]
    else:
        cmd = [sys.executable, REFMODEL, graph] + scenarios
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    want_exit = expect.get("exit", 0)
    problems = []
    if tool and want_exit != 0:
        if p.returncode == 0:
            problems.append("exit 0, expected a failure (%d)" % want_exit)
        return problems
    if p.returncode != want_exit:
        return ["exit %d, expected %d: %s" % (p.returncode, want_exit,
                                              p.stderr.decode().strip())]
    if want_exit != 0:
        return problems
    result = json.loads(p.stdout)
    nodes = {n["id"]: n for n in result["nodes"]}
    for nid, want in expect.get("nodes", {}).items():
        got = nodes.get(nid)
        if got is None:
            problems.append("node %s missing" % nid)
            continue
        if "disruption" in want and not close(got.get("disruption"), want["disruption"]):
            problems.append("node %s disruption %r, expected %r"
                            % (nid, got.get("disruption"), want["disruption"]))
        if "end_use" in want and got.get("end_use") != want["end_use"]:
            problems.append("node %s end_use %r, expected %r"
                            % (nid, got.get("end_use"), want["end_use"]))
        if "content" in want:
            gc = got.get("content", {})
            if set(gc) != set(want["content"]):
                problems.append("node %s content rules %s, expected %s"
                                % (nid, sorted(gc), sorted(want["content"])))
            for rule, value in want["content"].items():
                if rule in gc and not close(gc[rule], value):
                    problems.append("node %s content[%s] %r, expected %r"
                                    % (nid, rule, gc[rule], value))
    if "edges" in expect:
        got_edges = result["edges"]
        if len(got_edges) != len(expect["edges"]):
            problems.append("%d edges, expected %d" % (len(got_edges), len(expect["edges"])))
        for i, (g, w) in enumerate(zip(got_edges, expect["edges"])):
            where = "edge %d %s -> %s" % (i, w["from"], w["to"])
            if (g.get("from"), g.get("to")) != (w["from"], w["to"]):
                problems.append("%s: got %s -> %s" % (where, g.get("from"), g.get("to")))
                continue
            if not close(g.get("blocked"), w["blocked"]):
                problems.append("%s blocked %r, expected %r" % (where, g.get("blocked"), w["blocked"]))
            if sorted(g.get("rules", [])) != sorted(w["rules"]):
                problems.append("%s rules %r, expected %r" % (where, g.get("rules"), w["rules"]))
            if g.get("extraterritorial") != w["extraterritorial"]:
                problems.append("%s extraterritorial %r, expected %r"
                                % (where, g.get("extraterritorial"), w["extraterritorial"]))
    sectors = {s["id"]: s for s in result["sectors"]}
    for sid, want in expect.get("sectors", {}).items():
        got = sectors.get(sid)
        if got is None:
            problems.append("sector %s missing" % sid)
            continue
        for key, value in want.items():
            if key in ("sector", "country"):
                ok = got.get(key) == value
            else:
                ok = close(got.get(key), value)
            if not ok:
                problems.append("sector %s %s %r, expected %r" % (sid, key, got.get(key), value))
    if "sectors" in expect and len(sectors) != len(expect["sectors"]):
        problems.append("%d sectors, expected %d" % (len(sectors), len(expect["sectors"])))
    return problems


def main():
    ap = argparse.ArgumentParser(description="hand-computed cases for refmodel.py")
    ap.add_argument("--tool", help="run the cases against this chokepoint command instead")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    names = sorted(os.path.basename(p)[:-len(".expect.json")]
                   for p in glob.glob(os.path.join(CASES, "*.expect.json")))
    passed = failed = 0
    for name in names:
        problems = check_case(name, args.tool)
        if problems is None:
            if args.verbose:
                print("%s: skipped (refmodel only)" % name)
            continue
        if problems:
            failed += 1
            print("%s: FAILED" % name)
            for p in problems:
                print("    " + p)
        else:
            passed += 1
            if args.verbose:
                print("%s: ok" % name)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
