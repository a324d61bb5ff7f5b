#!/usr/bin/env python3
"""Compare `chokepoint timeline` with the reference model, day by day.

    timeline_diff.py [--tolerance X] [--show 20] TOOL_CMD GRAPH [SCENARIO...]
                     [--from DATE] [--to DATE] [--threshold X]

Runs `TOOL_CMD timeline GRAPH SCENARIO... [--from ..] [--to ..] [--threshold ..]
--format json` and `refmodel.py timeline` with the same options, then compares
the MODEL.md 7.4 result:
  top     : chokepoint_timeline, from, to, threshold
  sectors : by id (and in graph order): sector, country, the output series
            day by day, first_below, min, min_date, days_below, recovered,
            lost_value
  groups  : by sector name: the output series
  flows   : by rule, in scenario order: null, or the index series
Numbers agree to 1e-9 (absolute), or 1e-6 when the graph has a cycle (the
per-day fixed points may stop at different sweeps); lost_value, a sum over the
days of (1 - x) * output / 365, to tolerance * max(1, output * days / 365).
Dates and day counts that follow from a comparison with the threshold are
only reported when no day of the reference series lies within the tolerance
of the threshold (otherwise either side of the comparison is right), and
min_date only when the two dates' reference values differ by more than the
tolerance.

Exit: 0 same (or both rejected the input), 1 differences, 3 the input uses
something refmodel does not implement, 4 a program could not be run.
"""

import argparse
import json
import math
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REFMODEL = os.path.join(HERE, "refmodel.py")


def run(cmd, timeout):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout)
    except OSError as e:
        return None, "", str(e)
    except subprocess.TimeoutExpired:
        return None, "", "timed out after %ss: %s" % (timeout, " ".join(cmd))
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def has_cycle(graph):
    """Does the graph file have a directed cycle (supplier -> consumer)?"""
    suppliers = {}
    for node in graph.get("nodes", []):
        ids = []
        for line in node.get("inputs", []) or []:
            ids += list((line.get("suppliers") or {}).keys())
        suppliers[node.get("id")] = ids
    state = {}
    for root in suppliers:
        if root in state:
            continue
        stack = [(root, iter(suppliers[root]))]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif nxt in suppliers:
                if state.get(nxt) == 1:
                    return True
                if nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, iter(suppliers[nxt])))
    return False


class Differences:
    def __init__(self, tolerance):
        self.tolerance = tolerance
        self.items = []

    def add(self, msg):
        self.items.append(msg)

    def number(self, where, tool, ref, scale=1.0):
        if ref is None or tool is None:
            if ref is not tool:
                self.add("%s: tool %s, ref %s" % (where, json.dumps(tool), json.dumps(ref)))
            return
        if not is_number(tool) or not math.isfinite(tool):
            self.add("%s: tool %s is not a number (ref %r)" % (where, json.dumps(tool), ref))
            return
        if abs(tool - ref) > self.tolerance * max(1.0, scale):
            self.add("%s: tool %r, ref %r (diff %.3g)" % (where, tool, ref, abs(tool - ref)))

    def equal(self, where, tool, ref):
        if tool != ref:
            self.add("%s: tool %s, ref %s" % (where, json.dumps(tool), json.dumps(ref)))

    def series(self, where, tool, ref):
        if not isinstance(tool, list):
            self.add("%s: tool %s is not a series" % (where, json.dumps(tool)[:80]))
            return
        if len(tool) != len(ref):
            self.add("%s: tool has %d days, ref %d" % (where, len(tool), len(ref)))
            return
        bad = []
        for t, (a, b) in enumerate(zip(tool, ref)):
            if not is_number(a) or not math.isfinite(a) or abs(a - b) > self.tolerance:
                bad.append(t)
        if bad:
            t = bad[0]
            self.add("%s: %d day%s differ, first day %d: tool %r, ref %r"
                     % (where, len(bad), "" if len(bad) == 1 else "s", t, tool[t], ref[t]))


def compare(tool, ref, diffs, outputs, days):
    tol = diffs.tolerance
    diffs.equal("chokepoint_timeline", tool.get("chokepoint_timeline"), 1)
    for key in ("from", "to"):
        diffs.equal(key, tool.get(key), ref[key])
    diffs.number("threshold", tool.get("threshold"), ref["threshold"])
    for key in ("sectors", "groups", "flows"):
        if not isinstance(tool.get(key), list):
            diffs.add("tool result has no array '%s'" % key)
            return
    theta = ref["threshold"]

    tool_sectors = {s.get("id"): s for s in tool["sectors"] if isinstance(s, dict)}
    ref_ids = [s["id"] for s in ref["sectors"]]
    if [s.get("id") for s in tool["sectors"] if isinstance(s, dict)] != ref_ids \
            and set(tool_sectors) == set(ref_ids):
        diffs.add("sectors: not in the graph file's order")
    for rs in ref["sectors"]:
        where = "sector '%s'" % rs["id"]
        ts = tool_sectors.get(rs["id"])
        if ts is None:
            diffs.add("%s: missing from tool output" % where)
            continue
        diffs.equal(where + " sector", ts.get("sector"), rs["sector"])
        diffs.equal(where + " country", ts.get("country"), rs["country"])
        diffs.series(where + " output", ts.get("output"), rs["output"])
        diffs.number(where + " min", ts.get("min"), rs["min"])
        diffs.number(where + " lost_value", ts.get("lost_value"), rs["lost_value"],
                     abs(outputs.get(rs["id"]) or 0.0) * days / 365.0)
        near_threshold = any(abs(x - theta) <= tol for x in rs["output"])
        if not near_threshold:
            for key in ("first_below", "days_below", "recovered"):
                diffs.equal(where + " " + key, ts.get(key), rs[key])
        if ts.get("min_date") != rs["min_date"]:
            dates = {d: i for i, d in enumerate(date_range(ref["from"], len(rs["output"])))}
            i = dates.get(ts.get("min_date"))
            if i is None or abs(rs["output"][i] - rs["min"]) > tol:
                diffs.equal(where + " min_date", ts.get("min_date"), rs["min_date"])
    for sid in tool_sectors:
        if sid not in set(ref_ids):
            diffs.add("sector %s: in tool output only" % json.dumps(sid))

    tool_groups = {g.get("sector"): g for g in tool["groups"] if isinstance(g, dict)}
    for rg in ref["groups"]:
        tg = tool_groups.get(rg["sector"])
        if tg is None:
            diffs.add("group '%s': missing from tool output" % rg["sector"])
            continue
        diffs.series("group '%s' output" % rg["sector"], tg.get("output"), rg["output"])
    if len(tool_groups) != len(ref["groups"]):
        diffs.add("groups: tool has %d, ref %d" % (len(tool_groups), len(ref["groups"])))

    tool_rules = [f.get("rule") for f in tool["flows"] if isinstance(f, dict)]
    ref_rules = [f["rule"] for f in ref["flows"]]
    if tool_rules != ref_rules:
        diffs.add("flows: tool rules %s, ref %s" % (json.dumps(tool_rules), json.dumps(ref_rules)))
    tool_flows = {f.get("rule"): f for f in tool["flows"] if isinstance(f, dict)}
    for rf in ref["flows"]:
        tf = tool_flows.get(rf["rule"])
        if tf is None:
            continue
        where = "flow '%s' index" % rf["rule"]
        if rf["index"] is None:
            diffs.equal(where, tf.get("index"), None)
        else:
            diffs.series(where, tf.get("index"), rf["index"])


def date_range(first, count):
    import datetime
    d0 = datetime.date.fromisoformat(first)
    return [(d0 + datetime.timedelta(days=t)).isoformat() for t in range(count)]


def main():
    ap = argparse.ArgumentParser(description="compare chokepoint timeline with refmodel.py")
    ap.add_argument("--tolerance", type=float, default=None,
                    help="default 1e-9, or 1e-6 when the graph has a cycle")
    ap.add_argument("--show", type=int, default=20, help="differences to print")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per program")
    ap.add_argument("--from", dest="date_from")
    ap.add_argument("--to", dest="date_to")
    ap.add_argument("--threshold")
    ap.add_argument("tool", metavar="TOOL_CMD")
    ap.add_argument("graph", metavar="GRAPH")
    ap.add_argument("scenarios", metavar="SCENARIO", nargs="*")
    args = ap.parse_args()

    opts = []
    for flag, value in (("--from", args.date_from), ("--to", args.date_to),
                        ("--threshold", args.threshold)):
        if value is not None:
            opts += [flag, value]
    tool_cmd = (shlex.split(args.tool) + ["timeline", args.graph] + args.scenarios + opts
                + ["--format", "json"])
    ref_cmd = [sys.executable, REFMODEL, "timeline", args.graph] + args.scenarios + opts
    ref_rc, ref_out, ref_err = run(ref_cmd, args.timeout)
    tool_rc, tool_out, tool_err = run(tool_cmd, args.timeout)

    if ref_rc == 3:
        print("skipped: %s" % ref_err.strip())
        return 3
    if ref_rc is None or ref_rc not in (0, 2):
        print("refmodel failed (exit %s): %s" % (ref_rc, ref_err.strip()[-2000:]))
        return 4
    if tool_rc is None:
        print("cannot run tool: %s" % tool_err.strip())
        return 4
    if ref_rc == 2:
        if tool_rc != 0:
            print("same: both rejected the input (ref: %s)" % ref_err.strip().split("\n")[0])
            return 0
        print("1 difference:\n  input: refmodel rejects it (%s), tool accepts it"
              % ref_err.strip())
        return 1
    if tool_rc != 0:
        print("1 difference:\n  tool exit %d on input refmodel accepts: %s"
              % (tool_rc, tool_err.strip()[-2000:]))
        return 1
    try:
        tool = json.loads(tool_out)
    except ValueError as e:
        print("1 difference:\n  tool output is not JSON: %s" % e)
        return 1
    if not isinstance(tool, dict):
        print("1 difference:\n  tool output is not a JSON object")
        return 1
    ref = json.loads(ref_out)
    with open(args.graph, "rb") as f:
        graph = json.loads(f.read().decode("utf-8"))
    cyclic = has_cycle(graph)
    tolerance = args.tolerance if args.tolerance is not None else (1e-6 if cyclic else 1e-9)
    outputs = {n["id"]: n.get("output") for n in graph["nodes"] if n.get("kind") == "sector"}
    days = len(ref["sectors"][0]["output"]) if ref["sectors"] else 0
    diffs = Differences(tolerance)
    compare(tool, ref, diffs, outputs, days)
    if diffs.items:
        print("%d difference%s (tolerance %g):" % (len(diffs.items),
                                                  "" if len(diffs.items) == 1 else "s", tolerance))
        for msg in diffs.items[:args.show]:
            print("  " + msg)
        if len(diffs.items) > args.show:
            print("  ... %d more" % (len(diffs.items) - args.show))
        return 1
    print("same: %d days, %d sectors, %d groups, %d flows (tolerance %g)"
          % (days, len(ref["sectors"]), len(ref["groups"]), len(ref["flows"]), tolerance))
    return 0


if __name__ == "__main__":
    sys.exit(main())
