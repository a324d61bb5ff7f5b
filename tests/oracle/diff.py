#!/usr/bin/env python3
"""Compare chokepoint with the reference model on one input.

    diff.py [--tolerance 1e-9] [--show 20] [--at DATE] [--shares]
            [--max-share-players K] TOOL_CMD GRAPH [SCENARIO...]

Runs `TOOL_CMD score GRAPH SCENARIO... --format json` (TOOL_CMD is split like a
shell word list, so "valgrind -q build/chokepoint" works) and
`refmodel.py GRAPH SCENARIO...`, then compares:
  nodes   : disruption, end_use, content (every rule)   -- matched by id
  edges   : from, to, item, blocked, rules (as a set), extraterritorial -- by position
  sectors : disruption, value_at_risk                    -- matched by id
            shares (MODEL.md 3.1), when the tool's sectors carry `shares`
            (--shares asks the tool for them):
            exact ones (no `shares_stderr`) against refmodel --shares when
            there are at most --max-share-players players (default 12); in
            every case the property that a sector's shares sum to its
            disruption (D(all) - D(none), D(none) = 0 without `changes`), to
            the tolerance when exact and to 1e-6 when estimated
  groups  : when the tool prints `groups`: disruption, weighted, nodes and
            exact shares, against refmodel's sector_summary -- by sector name
With --at DATE both programs score the state on that date (7.5).
Numbers agree when |a - b| <= tolerance (absolute, default 1e-9); a value at
risk is d * output, in the graph's value unit, so its tolerance is
tolerance * max(1, output): the same 1e-9 on the disruption it comes from.

Prints the first --show differences (default 20) and the count.
Exit: 0 same (or both rejected the input), 1 differences, 3 the input uses
something refmodel does not implement (section 4 `changes`), 4 a program could
not be run.
"""

import argparse
import json
import shlex
import sys

from diffcommon import (REFMODEL, Differences, is_number, print_differences, run,
                        sector_outputs, tool_result)


def compare(tool, ref, diffs, outputs):
    for key in ("nodes", "edges", "sectors"):
        if not isinstance(tool.get(key), list):
            diffs.add("tool result has no array '%s'" % key)
            return
    if tool.get("chokepoint_result") != 1:
        diffs.add("tool result: chokepoint_result is %s, not 1"
                  % json.dumps(tool.get("chokepoint_result")))

    # nodes, by id (and their order, which must be the graph file's)
    tool_nodes = {n.get("id"): n for n in tool["nodes"] if isinstance(n, dict)}
    ref_ids = [n["id"] for n in ref["nodes"]]
    tool_ids = [n.get("id") for n in tool["nodes"] if isinstance(n, dict)]
    if tool_ids != ref_ids and sorted(map(str, tool_ids)) == sorted(ref_ids):
        diffs.add("nodes: not in the graph file's order")
    for rn in ref["nodes"]:
        where = "node '%s'" % rn["id"]
        tn = tool_nodes.get(rn["id"])
        if tn is None:
            diffs.add("%s: missing from tool output" % where)
            continue
        diffs.number(where + " disruption", tn.get("disruption"), rn["disruption"])
        diffs.equal(where + " end_use", tn.get("end_use"), rn["end_use"])
        tc = tn.get("content")
        if not isinstance(tc, dict):
            diffs.add("%s content: tool %s" % (where, json.dumps(tc)))
            continue
        for rule, value in rn["content"].items():
            if rule not in tc:
                diffs.add("%s content[%s]: missing from tool output" % (where, rule))
            else:
                diffs.number("%s content[%s]" % (where, rule), tc[rule], value)
        for rule in tc:
            if rule not in rn["content"]:
                diffs.add("%s content[%s]: not a rule (tool %s)"
                          % (where, rule, json.dumps(tc[rule])))
    for tid in tool_nodes:
        if tid not in set(ref_ids):
            diffs.add("node %s: in tool output only" % json.dumps(tid))

    # edges, by position (consumer file order, lines, suppliers as written)
    if len(tool["edges"]) != len(ref["edges"]):
        diffs.add("edges: tool has %d, ref %d" % (len(tool["edges"]), len(ref["edges"])))
    for i, (te, re_) in enumerate(zip(tool["edges"], ref["edges"])):
        where = "edge %d (%s -> %s, %s)" % (i, re_["from"], re_["to"], re_["item"])
        if not isinstance(te, dict):
            diffs.add("%s: tool %s" % (where, json.dumps(te)))
            continue
        if (te.get("from"), te.get("to"), te.get("item")) != (re_["from"], re_["to"], re_["item"]):
            diffs.add("%s: tool has %s -> %s, %s here" % (where, te.get("from"), te.get("to"),
                                                           te.get("item")))
            continue
        diffs.number(where + " blocked", te.get("blocked"), re_["blocked"])
        trules = te.get("rules")
        if not isinstance(trules, list):
            diffs.add("%s rules: tool %s" % (where, json.dumps(trules)))
        elif sorted(map(str, trules)) != sorted(re_["rules"]) or len(set(map(str, trules))) != len(trules):
            diffs.add("%s rules: tool %s, ref %s" % (where, json.dumps(trules),
                                                     json.dumps(re_["rules"])))
        diffs.equal(where + " extraterritorial", te.get("extraterritorial"),
                    re_["extraterritorial"])

    # sectors, by id
    tool_sectors = {s.get("id"): s for s in tool["sectors"] if isinstance(s, dict)}
    ref_sector_ids = set()
    for rs in ref["sectors"]:
        ref_sector_ids.add(rs["id"])
        where = "sector '%s'" % rs["id"]
        ts = tool_sectors.get(rs["id"])
        if ts is None:
            diffs.add("%s: missing from tool output" % where)
            continue
        diffs.equal(where + " sector", ts.get("sector"), rs["sector"])
        diffs.equal(where + " country", ts.get("country"), rs["country"])
        diffs.number(where + " disruption", ts.get("disruption"), rs["disruption"])
        diffs.number(where + " value_at_risk", ts.get("value_at_risk"), rs["value_at_risk"],
                     abs(outputs.get(rs["id"]) or 0.0))
    for sid in tool_sectors:
        if sid not in ref_sector_ids:
            diffs.add("sector %s: in tool output only" % json.dumps(sid))

    # sector groups (the tool's `groups` extension, refmodel's sector_summary)
    if isinstance(tool.get("groups"), list):
        tool_groups = {g.get("sector"): g for g in tool["groups"] if isinstance(g, dict)}
        for rg in ref["sector_summary"]:
            where = "group '%s'" % rg["sector"]
            tg = tool_groups.get(rg["sector"])
            if tg is None:
                diffs.add("%s: missing from tool output" % where)
                continue
            diffs.number(where + " disruption", tg.get("disruption"), rg["disruption"])
            if "weighted" in tg:
                diffs.equal(where + " weighted", tg.get("weighted"), rg["weighted"])
            if "nodes" in tg:
                diffs.equal(where + " nodes", tg.get("nodes"), rg["nodes"])
            if isinstance(tg.get("shares"), dict) and "shares" in rg \
                    and "shares_stderr" not in tg:
                for player, phi in rg["shares"].items():
                    diffs.number("%s shares[%s]" % (where, player), tg["shares"].get(player), phi)
        if len(tool_groups) != len(ref["sector_summary"]):
            diffs.add("groups: tool has %d, ref %d" % (len(tool_groups), len(ref["sector_summary"])))

    # Shapley shares
    for rs in ref["sectors"]:
        ts = tool_sectors.get(rs["id"])
        if ts is None or "shares" not in ts:
            continue
        where = "sector '%s' shares" % rs["id"]
        tshares = ts["shares"]
        if not isinstance(tshares, dict) or not all(is_number(v) for v in tshares.values()):
            diffs.add("%s: tool %s" % (where, json.dumps(tshares)[:200]))
            continue
        estimated = "shares_stderr" in ts
        total = sum(tshares.values())
        if is_number(ts.get("disruption")):
            slack = 1e-6 if estimated else diffs.tolerance
            if abs(total - ts["disruption"]) > slack:
                diffs.add("%s: sum %r, but disruption %r (D(all) - D(none))"
                          % (where, total, ts["disruption"]))
        if "players" in ref and list(tshares) != ref["players"]:
            diffs.add("%s: players %s, ref %s" % (where, json.dumps(list(tshares)),
                                                  json.dumps(ref["players"])))
        if "shares" in rs and not estimated:
            for player, phi in rs["shares"].items():
                if player in tshares:
                    diffs.number("%s[%s]" % (where, player), tshares[player], phi)


def count_players(scenarios):
    """controls and outages in the scenario files (a large number when unreadable)"""
    total = 0
    for path in scenarios:
        try:
            with open(path, "rb") as f:
                doc = json.loads(f.read().decode("utf-8"))
            total += len(doc.get("controls", [])) + len(doc.get("outages", []))
        except (OSError, ValueError, AttributeError, TypeError):
            return 1 << 30
    return total


def main():
    ap = argparse.ArgumentParser(description="compare chokepoint with refmodel.py")
    ap.add_argument("--tolerance", type=float, default=1e-9)
    ap.add_argument("--show", type=int, default=20, help="differences to print")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per program")
    ap.add_argument("--at", help="score the state on this date (MODEL.md 7.5)")
    ap.add_argument("--shares", action="store_true",
                    help="ask the tool for Shapley shares (score --shares) and compare them")
    ap.add_argument("--max-share-players", type=int, default=12,
                    help="compare shares with refmodel up to this many players (default 12)")
    ap.add_argument("tool", metavar="TOOL_CMD")
    ap.add_argument("graph", metavar="GRAPH")
    ap.add_argument("scenarios", metavar="SCENARIO", nargs="*")
    args = ap.parse_args()

    at = ["--at", args.at] if args.at else []
    tool_cmd = (shlex.split(args.tool) + ["score", args.graph] + args.scenarios
                + ["--format", "json"] + at + (["--shares"] if args.shares else []))
    ref_cmd = [sys.executable, REFMODEL, args.graph] + args.scenarios + at
    tool_run = run(tool_cmd, args.timeout)
    tool_rc, tool_out, _ = tool_run
    if tool_rc == 0 and '"shares"' in tool_out and count_players(args.scenarios) <= args.max_share_players:
        ref_cmd.append("--shares")
    ref_run = run(ref_cmd, args.timeout)

    code, tool = tool_result(tool_run, ref_run)
    if tool is None:
        return code
    ref = json.loads(ref_run[1])
    _, outputs = sector_outputs(args.graph)
    diffs = Differences(args.tolerance)
    compare(tool, ref, diffs, outputs)
    if print_differences(diffs, args.show):
        return 1
    print("same: %d nodes, %d edges, %d sectors" % (len(ref["nodes"]), len(ref["edges"]),
                                                    len(ref["sectors"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
