#!/usr/bin/env python3
"""Differential fuzzing of `chokepoint timeline` against refmodel.py.

    timeline_fuzz.py [-n N] [--start S] [--tool CMD] [--keep DIR] [--snapshot] [--verbose]

For seeds S..S+N-1 (default 1..40) writes a small random graph with
tools/gengraph.py --timeline (5..64 nodes; transit times, stocks, restock
rates; controls with start/end dates, lead times and phases; dated and named
outages), and runs timeline_diff.py on it:
  - odd seeds without cycles, even seeds with 1-3 recycling cycles;
  - seeds with seed % 4 of 2 or 3 use format version 2 graphs;
  - two scenario files for every third seed, else one;
  - horizon from 2025-01-01 (the scenarios' epoch) for 40..100 days; every
    fifth seed gives no --from/--to (the defaults: 30 days before the first
    `start`, 365 days long; when nothing has a start both programs must
    reject the run); every seventh seed uses --threshold 0.9.
Failing cases are kept in DIR/seed-K (default /tmp/chokepoint-timeline-fuzz)
with the diff output and the command to rerun.  The last line is
`N passed, M failed`.  Exit 0 when none failed, else 1.
"""

import argparse
import os
import shlex
import sys
import tempfile

from fuzzcommon import HERE, ROOT, FuzzCases

DIFF = os.path.join(HERE, "timeline_diff.py")


def case_parameters(seed):
    """nodes, cycles, scenarios, format version and timeline options of a seed"""
    nodes = 5 + (seed * 37 + seed // 3) % 60
    cycles = 0 if seed % 2 else 1 + (seed // 2) % 3
    scenarios = 2 if seed % 3 == 0 else 1
    version = 2 if seed % 4 >= 2 else 1
    options = []
    if seed % 5 != 0:
        days = 40 + (seed * 31) % 61
        options = ["--from", "2025-01-01", "--to", "2025-%02d-%02d" % date_after(days)]
    if seed % 7 == 0:
        options += ["--threshold", "0.9"]
    return nodes, cycles, scenarios, version, options


def date_after(days):
    """(month, day) of 2025-01-01 + days, for days < 120"""
    lengths = [31, 28, 31, 30]
    month = 0
    while days >= lengths[month]:
        days -= lengths[month]
        month += 1
    return month + 1, days + 1


def main():
    ap = argparse.ArgumentParser(description="fuzz chokepoint timeline against refmodel.py")
    ap.add_argument("-n", type=int, default=40, help="number of seeds (default 40)")
    ap.add_argument("--start", type=int, default=1, help="first seed (default 1)")
    ap.add_argument("--tool", default=os.path.join(ROOT, "build", "chokepoint"),
                    help="tool command (default build/chokepoint)")
    ap.add_argument("--keep", default=os.path.join(tempfile.gettempdir(),
                                                   "chokepoint-timeline-fuzz"),
                    help="where failing cases are kept")
    ap.add_argument("--verbose", action="store_true", help="print every case")
    ap.add_argument("--snapshot", action="store_true",
                    help="copy the tool binary first (when it may be rebuilt during the run)")
    args = ap.parse_args()

    with FuzzCases(args, "timeline-fuzz-", "timeline-fuzz-tool-") as cases:
        for seed in range(args.start, args.start + args.n):
            nodes, cycles, n_scen, version, options = case_parameters(seed)
            graph, scenarios = cases.files(n_scen)
            gen = ["--nodes", str(nodes), "--seed", str(seed), "--cycles", str(cycles),
                   "--timeline", "--format-version", str(version), "-o", graph]
            for s in scenarios:
                gen += ["--scenario", s]
            if not cases.generate(seed, gen):
                continue
            label = "seed %d (%d nodes, %d cycles, %d scenario%s, version %d%s)" % (
                seed, nodes, cycles, n_scen, "s" if n_scen > 1 else "", version,
                ", " + " ".join(options) if options else ", default horizon")
            cases.compare(
                seed, label, [sys.executable, DIFF, args.tool, graph] + scenarios + options,
                lambda keep: "%s %s %s %s %s" % (
                    shlex.quote(DIFF), shlex.quote(args.tool), os.path.join(keep, "graph.json"),
                    cases.kept_scenarios(keep), " ".join(options)))
    return cases.summary()


if __name__ == "__main__":
    sys.exit(main())
