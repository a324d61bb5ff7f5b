#!/usr/bin/env python3
"""Differential fuzzing of chokepoint against refmodel.py.

    fuzz_diff.py [-n N] [--start S] [--tool CMD] [--keep DIR] [--snapshot] [--verbose]
                 [--v2] [--dated] [--shares] [--max-share-players K]

For seeds S..S+N-1 (default 1..200) writes a small random graph with
tools/gengraph.py (5..300 nodes; odd seeds without cycles, even seeds with 1-6
recycling cycles; one scenario, or two for every third seed) and runs diff.py
on it.  Failing cases are kept in DIR/seed-K (default /tmp/chokepoint-fuzz) with
the diff output, so that they can be rerun:  diff.py TOOL DIR/seed-K/graph.json
DIR/seed-K/scenario*.json.  The last line is `N passed, M failed`.

--v2: seeds whose seed % 4 is 2 or 3 get format version 2 graphs (gengraph
--format-version 2), so both versions, with and without cycles, are covered.
--dated: graphs and scenarios carry the section 7 fields (gengraph
--timeline), and every other seed is scored with --at (a date 20..59 days
after the scenarios' epoch, 2025-01-01).
--shares: the tool is asked for Shapley shares (score --shares); they are
compared with refmodel when a case has at most --max-share-players players
(default 8: 2^8 reference propagations), and their sum with the disruption
always.
Exit 0 when none failed, else 1.
"""

import argparse
import os
import shlex
import sys
import tempfile

from fuzzcommon import HERE, ROOT, FuzzCases

DIFF = os.path.join(HERE, "diff.py")


def case_parameters(seed):
    """size, cycles and number of scenarios of one fuzz case"""
    nodes = 5 + (seed * 7919 + seed // 3) % 296
    cycles = 0 if seed % 2 else 1 + (seed // 2) % 6
    scenarios = 2 if seed % 3 == 0 else 1
    return nodes, cycles, scenarios


def main():
    ap = argparse.ArgumentParser(description="fuzz chokepoint against refmodel.py")
    ap.add_argument("-n", type=int, default=200, help="number of seeds (default 200)")
    ap.add_argument("--start", type=int, default=1, help="first seed (default 1)")
    ap.add_argument("--tool", default=os.path.join(ROOT, "build", "chokepoint"),
                    help="tool command (default build/chokepoint)")
    ap.add_argument("--keep", default=os.path.join(tempfile.gettempdir(), "chokepoint-fuzz"),
                    help="where failing cases are kept")
    ap.add_argument("--verbose", action="store_true", help="print every case")
    ap.add_argument("--snapshot", action="store_true",
                    help="copy the tool binary first (when it may be rebuilt during the run)")
    ap.add_argument("--v2", action="store_true",
                    help="half the seeds use format version 2 graphs")
    ap.add_argument("--dated", action="store_true",
                    help="section 7 fields in the inputs; half the seeds scored --at a date")
    ap.add_argument("--shares", action="store_true",
                    help="ask the tool for Shapley shares and compare them")
    ap.add_argument("--max-share-players", type=int, default=8,
                    help="compare shares up to this many players (default 8)")
    args = ap.parse_args()

    with FuzzCases(args, "fuzz-diff-", "fuzz-tool-") as cases:
        for seed in range(args.start, args.start + args.n):
            nodes, cycles, n_scen = case_parameters(seed)
            graph, scenarios = cases.files(n_scen)
            gen = ["--nodes", str(nodes), "--seed", str(seed), "--cycles", str(cycles), "-o", graph]
            for s in scenarios:
                gen += ["--scenario", s]
            version = 2 if args.v2 and seed % 4 >= 2 else 1
            if version == 2:
                gen += ["--format-version", "2"]
            at = []
            if args.dated:
                gen += ["--timeline"]
                if seed % 2 == 0:
                    at = ["--at", "2025-%02d-%02d" % (1 + (20 + seed % 40) // 31,
                                                      1 + (20 + seed % 40) % 31)]
            if not cases.generate(seed, gen):
                continue
            flags = at + (["--shares"] if args.shares else [])
            label = "seed %d (%d nodes, %d cycles, %d scenario%s, version %d%s)" % (
                seed, nodes, cycles, n_scen, "s" if n_scen > 1 else "", version,
                ", " + " ".join(at) if at else "")
            cases.compare(
                seed, label,
                [sys.executable, DIFF, "--max-share-players", str(args.max_share_players)]
                + flags + [args.tool, graph] + scenarios,
                lambda keep: "%s %s%s %s %s" % (
                    shlex.quote(DIFF), " ".join(flags) + " " if flags else "",
                    shlex.quote(args.tool), os.path.join(keep, "graph.json"),
                    cases.kept_scenarios(keep)))
    return cases.summary()


if __name__ == "__main__":
    sys.exit(main())
