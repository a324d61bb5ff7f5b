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
import shlex
import sys

from diffcommon import (REFMODEL, Differences, is_number, print_differences, run,
                        sector_outputs, tool_result)


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


class SeriesDifferences(Differences):
    def __init__(self, tolerance):
        Differences.__init__(self, tolerance, nonfinite_is_nan=True)

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
    ref_run = run(ref_cmd, args.timeout)
    tool_run = run(tool_cmd, args.timeout)

    code, tool = tool_result(tool_run, ref_run, first_error_line=True)
    if tool is None:
        return code
    ref = json.loads(ref_run[1])
    graph, outputs = sector_outputs(args.graph)
    cyclic = has_cycle(graph)
    tolerance = args.tolerance if args.tolerance is not None else (1e-6 if cyclic else 1e-9)
    days = len(ref["sectors"][0]["output"]) if ref["sectors"] else 0
    diffs = SeriesDifferences(tolerance)
    compare(tool, ref, diffs, outputs, days)
    if print_differences(diffs, args.show, " (tolerance %g)" % tolerance):
        return 1
    print("same: %d days, %d sectors, %d groups, %d flows (tolerance %g)"
          % (days, len(ref["sectors"]), len(ref["groups"]), len(ref["flows"]), tolerance))
    return 0


if __name__ == "__main__":
    sys.exit(main())
