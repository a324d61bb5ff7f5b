#!/usr/bin/env python3
"""make bench: wall time and peak RSS of `chokepoint score` beside a bare
cJSON parse of the same generated file, at 10k, 100k and 1M nodes.

usage: bench.py TOOL BAREPARSE [--sizes 10000,100000,1000000] [--repeat 3]

Graphs are generated once (tools/gengraph.py, seed 1, 5 edges a node) and
kept in build/bench/.  Each command runs --repeat times; the best wall time
and the largest peak RSS are reported, and the ratio score / bare parse is
computed from runs made in the same invocation, so machine load affects
both sides alike.
"""
import argparse
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(cmd):
    """(wall seconds, CPU seconds, peak RSS bytes) of one run of cmd, output discarded."""
    start = time.monotonic()
    with open(os.devnull, "w") as null:
        proc = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        err = proc.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("bench: %s failed: %s" % (" ".join(cmd), err.strip()))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def best(cmd, repeat):
    """best wall and CPU time, largest peak RSS over repeat runs"""
    runs = [measure(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tool")
    ap.add_argument("bareparse")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    outdir = os.path.join(ROOT, "build", "bench")
    os.makedirs(outdir, exist_ok=True)
    print("%9s %8s | %7s %7s %8s | %7s %7s %8s | %6s %6s %6s | %s" % (
        "nodes", "file MB", "parse s", "cpu s", "MB", "score s", "cpu s", "MB",
        "wall x", "cpu x", "mem x", "score MB / file MB"))
    for n in [int(s) for s in args.sizes.split(",")]:
        graph = os.path.join(outdir, "g%d.json" % n)
        scen = os.path.join(outdir, "s%d.json" % n)
        if not (os.path.exists(graph) and os.path.exists(scen)):
            subprocess.run([sys.executable, os.path.join(ROOT, "tools", "gengraph.py"), "--nodes", str(n),
                            "--seed", "1", "-o", graph, "--scenario", scen], check=True)
        size = os.path.getsize(graph)
        pt, pc, pm = best([args.bareparse, graph], args.repeat)
        st, sc, sm = best([args.tool, "score", graph, scen, "--format", "csv", "--sectors", "-q"], args.repeat)
        print("%9d %8.1f | %7.2f %7.2f %8.1f | %7.2f %7.2f %8.1f | %6.2f %6.2f %6.2f | %.2f" % (
            n, size / 1e6, pt, pc, pm / 1e6, st, sc, sm / 1e6, st / pt, sc / pc, sm / pm, sm / size))
    print("x: chokepoint score / bare cJSON parse of the same file, measured in this run (< 1 is better)")


if __name__ == "__main__":
    main()
