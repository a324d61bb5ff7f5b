#!/usr/bin/env python3
"""Score every hand-computed case in tests/cases with the tool and compare
with the values derived by hand in its expect.json (to 1e-9).

usage: check_cases.py [--ref] TOOL [CASES_DIR]
       check_cases.py --ref [CASES_DIR]

With --ref the cases are run through the reference model
(tests/oracle/refmodel.py) instead of TOOL, so that the hand derivations are
checked by a second reading of MODEL.md as well.

A case may also hold (see tests/cases/README.md):
  - `sectors.ID.shares` in expect.json: Shapley shares (score --format json
    --shares);
  - `at` in expect.json: {DATE: {"nodes": .., "sectors": ..}}, checked on
    `score --at DATE`;
  - timeline.json ({"from", "to", "threshold"}): then `timeline` is run with
    those options and expect.json's `timeline` section is checked.
"""
import glob
import json
import os
import subprocess
import sys

TOL = 1e-9
HERE = os.path.dirname(os.path.abspath(__file__))
REFMODEL = os.path.join(HERE, "oracle", "refmodel.py")


def near(a, b):
    if a is None or b is None:
        return a is b
    if isinstance(a, bool) or not isinstance(a, (int, float)):
        return False
    return abs(a - b) <= TOL


def expand_runs(runs):
    """[[value, count], ...] -> the series"""
    series = []
    for value, count in runs:
        series += [value] * count
    return series


def series_of(want, key):
    if key in want:
        return want[key]
    if key + "_runs" in want:
        return expand_runs(want[key + "_runs"])
    return None


def compare_series(label, have, want, problems):
    if not isinstance(have, list):
        problems.append("%s: %r is not a series" % (label, have))
        return
    if len(have) != len(want):
        problems.append("%s: %d days, expected %d" % (label, len(have), len(want)))
        return
    bad = [t for t, (h, w) in enumerate(zip(have, want)) if not near(h, w)]
    if bad:
        t = bad[0]
        problems.append("%s: %d days differ, first day %d: %r, expected %r"
                        % (label, len(bad), t, have[t], want[t]))


class Runner:
    def __init__(self, tool):
        self.tool = tool          # None: the reference model

    def score(self, graph, scenarios, at=None, shares=False):
        if self.tool is None:
            cmd = [sys.executable, REFMODEL, graph, *scenarios, "--shares"]
        else:
            cmd = [self.tool, "score", graph, *scenarios, "--format", "json", "-q"]
            if shares:
                cmd.append("--shares")
        if at is not None:
            cmd += ["--at", at]
        return subprocess.run(cmd, capture_output=True, text=True)

    def timeline(self, graph, scenarios, args):
        opts = []
        for key in ("from", "to", "threshold"):
            if key in args:
                opts += ["--" + key, str(args[key])]
        if self.tool is None:
            cmd = [sys.executable, REFMODEL, "timeline", graph, *scenarios, *opts]
        else:
            cmd = [self.tool, "timeline", graph, *scenarios, *opts, "--format", "json"]
        return subprocess.run(cmd, capture_output=True, text=True)


def check_static(got, expect, problems, label=""):
    nodes = {n["id"]: n for n in got["nodes"]}
    for nid, want in expect.get("nodes", {}).items():
        have = nodes.get(nid)
        if have is None:
            problems.append("%snode %s missing" % (label, nid))
            continue
        if "disruption" in want and not near(have["disruption"], want["disruption"]):
            problems.append("%snode %s disruption %r, expected %r" % (label, nid, have["disruption"], want["disruption"]))
        if "end_use" in want and have["end_use"] != want["end_use"]:
            problems.append("%snode %s end_use %r, expected %r" % (label, nid, have["end_use"], want["end_use"]))
        for rule, c in want.get("content", {}).items():
            if not near(have["content"].get(rule), c):
                problems.append("%snode %s content[%s] %r, expected %r" % (label, nid, rule, have["content"].get(rule), c))
    edges = {}
    for e in got["edges"]:
        edges.setdefault((e["from"], e["to"]), e)
    for want in expect.get("edges", []):
        key = (want["from"], want["to"])
        have = edges.get(key)
        if have is None:
            problems.append("%sedge %s -> %s missing" % ((label,) + key))
            continue
        if "blocked" in want and not near(have["blocked"], want["blocked"]):
            problems.append("%sedge %s -> %s blocked %r, expected %r" % ((label,) + key + (have["blocked"], want["blocked"])))
        if "rules" in want and sorted(have["rules"]) != sorted(want["rules"]):
            problems.append("%sedge %s -> %s rules %r, expected %r" % ((label,) + key + (have["rules"], want["rules"])))
        if "extraterritorial" in want and have["extraterritorial"] != want["extraterritorial"]:
            problems.append("%sedge %s -> %s extraterritorial %r" % ((label,) + key + (have["extraterritorial"],)))
    sectors = {s["id"]: s for s in got["sectors"]}
    for sid, want in expect.get("sectors", {}).items():
        have = sectors.get(sid)
        if have is None:
            problems.append("%ssector %s missing" % (label, sid))
            continue
        for field in ("disruption", "value_at_risk"):
            if field in want and not near(have[field], want[field]):
                problems.append("%ssector %s %s %r, expected %r" % (label, sid, field, have[field], want[field]))
        if "shares" in want:
            shares = have.get("shares")
            if not isinstance(shares, dict):
                problems.append("%ssector %s has no shares" % (label, sid))
            else:
                if sorted(shares) != sorted(want["shares"]):
                    problems.append("%ssector %s players %r, expected %r"
                                    % (label, sid, sorted(shares), sorted(want["shares"])))
                for player, phi in want["shares"].items():
                    if not near(shares.get(player), phi):
                        problems.append("%ssector %s share of %s %r, expected %r"
                                        % (label, sid, player, shares.get(player), phi))


def check_timeline(got, expect, args, problems):
    for key in ("from", "to", "threshold"):
        if key in args and got.get(key) != args[key]:
            problems.append("timeline %s %r, expected %r" % (key, got.get(key), args[key]))
    sectors = {s["id"]: s for s in got.get("sectors", [])}
    for sid, want in expect.get("sectors", {}).items():
        have = sectors.get(sid)
        if have is None:
            problems.append("timeline sector %s missing" % sid)
            continue
        series = series_of(want, "output")
        if series is not None:
            compare_series("timeline sector %s output" % sid, have.get("output"), series, problems)
        for field in ("first_below", "min_date", "recovered", "days_below"):
            if field in want and have.get(field) != want[field]:
                problems.append("timeline sector %s %s %r, expected %r" % (sid, field, have.get(field), want[field]))
        for field in ("min", "lost_value"):
            if field in want and not near(have.get(field), want[field]):
                problems.append("timeline sector %s %s %r, expected %r" % (sid, field, have.get(field), want[field]))
    groups = {g["sector"]: g for g in got.get("groups", [])}
    for name, want in expect.get("groups", {}).items():
        have = groups.get(name)
        if have is None:
            problems.append("timeline group %s missing" % name)
            continue
        compare_series("timeline group %s output" % name, have.get("output"),
                       series_of(want, "output"), problems)
    flows = {f["rule"]: f for f in got.get("flows", [])}
    for rule, want in expect.get("flows", {}).items():
        have = flows.get(rule)
        if have is None:
            problems.append("timeline flow %s missing" % rule)
            continue
        series = series_of(want, "index")
        if series is None:
            if have.get("index") is not None:
                problems.append("timeline flow %s index %r, expected null" % (rule, have.get("index")))
        else:
            compare_series("timeline flow %s index" % rule, have.get("index"), series, problems)


def check_case(runner, case):
    graph = os.path.join(case, "graph.json")
    scenarios = sorted(glob.glob(os.path.join(case, "scenario*.json")))
    with open(os.path.join(case, "expect.json")) as f:
        expect = json.load(f)
    wants_shares = any("shares" in want for want in expect.get("sectors", {}).values())
    run = runner.score(graph, scenarios, shares=wants_shares)
    problems = []
    want_exit = expect.get("exit", 0)
    ref_exit = 2 if want_exit else 0      # refmodel: 2 for any invalid input
    if run.returncode != (want_exit if runner.tool else ref_exit):
        return ["exit %d, expected %d: %s" % (run.returncode, want_exit, run.stderr.strip())]
    if run.returncode != 0:
        return problems
    check_static(json.loads(run.stdout), expect, problems)
    for date, want in expect.get("at", {}).items():
        run = runner.score(graph, scenarios, at=date)
        if run.returncode != 0:
            problems.append("score --at %s: exit %d: %s" % (date, run.returncode, run.stderr.strip()))
            continue
        check_static(json.loads(run.stdout), want, problems, "at %s: " % date)
    timeline_args = os.path.join(case, "timeline.json")
    if os.path.exists(timeline_args):
        with open(timeline_args) as f:
            args = json.load(f)
        run = runner.timeline(graph, scenarios, args)
        if run.returncode != 0:
            problems.append("timeline: exit %d: %s" % (run.returncode, run.stderr.strip()[-500:]))
        else:
            try:
                got = json.loads(run.stdout)
            except ValueError as e:
                problems.append("timeline: output is not JSON: %s" % e)
            else:
                check_timeline(got, expect.get("timeline", {}), args, problems)
    return problems


def main():
    argv = sys.argv[1:]
    ref = "--ref" in argv
    argv = [a for a in argv if a != "--ref"]
    if ref:
        tool = None
        root = argv[0] if argv else os.path.join(HERE, "cases")
    else:
        if not argv:
            sys.stderr.write("usage: check_cases.py [--ref] TOOL [CASES_DIR]\n")
            return 2
        tool = argv[0]
        root = argv[1] if len(argv) > 1 else os.path.join(HERE, "cases")
    runner = Runner(tool)
    passed = failed = 0
    for case in sorted(glob.glob(os.path.join(root, "*", "expect.json"))):
        case = os.path.dirname(case)
        problems = check_case(runner, case)
        if problems:
            failed += 1
            print("FAIL case %s" % os.path.basename(case))
            for p in problems[:20]:
                print("  " + p)
        else:
            passed += 1
    print("cases%s: %d passed, %d failed" % (" (reference model)" if ref else "", passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
