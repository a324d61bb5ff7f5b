#!/usr/bin/env python3
"""make bench: speed and memory of chokepoint on generated graphs, each as a
ratio of two runs made in the same invocation.

usage: bench.py TOOL BAREPARSE [--engine BENCH_ENGINE] [--mpi TOOL-MPI]
                [--sizes 10000,100000,1000000] [--repeat 3] [--draws 1000]
                [--sweep-size 100000] [--no-knockouts] [--markdown FILE]

Graphs are generated once (tools/gengraph.py, seed 1, about 5 edges a node)
and kept in build/bench/.  Reported:

1. load + score (`score --format csv --sectors`) against a bare cJSON parse
   of the same file (tools/bareparse.c), at each size; the same score with
   the loader's cJSON path only (CHOKEPOINT_LOADER=slow) beside it;
2. peak RSS of the score against the file size;
3. --draws N on the sweep graph with 1 and with 2 threads;
4. the same draws under MPI (TOOL-MPI, one thread a rank) on 1 and 2 ranks;
5. from BENCH_ENGINE (tools/bench_engine.c, in one process): N draws against
   N propagation passes, and exact knockouts of every node by cone against
   the naive cost (a full run per node, measured on 200 nodes and scaled);
   with the whole `chokepoints` command's CPU beyond `score` beside it.

Each command runs --repeat times (the sweeps once); the best wall and CPU
time and the largest peak RSS are kept.  The machine's load average is
printed before and after, with the spread of the repeats, to say how noisy
the numbers are.  --markdown writes the tables for README.md.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MPIRUN = ["mpirun", "--oversubscribe", "--allow-run-as-root", "--bind-to", "none"]


def measure(cmd, env=None):
    """(wall seconds, CPU seconds, peak RSS bytes) of one run of cmd, output discarded."""
    start = time.monotonic()
    with open(os.devnull, "w") as null:
        proc = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE,
                                env=dict(os.environ, **(env or {})))
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        err = proc.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("bench: %s failed: %s" % (" ".join(cmd), err.strip()))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


SPREAD = []


def best(cmd, repeat, env=None):
    """best wall and CPU time, largest peak RSS over repeat runs"""
    runs = [measure(cmd, env) for _ in range(repeat)]
    walls = [r[0] for r in runs]
    if len(walls) > 1:
        SPREAD.append(max(walls) / min(walls))
    return min(walls), min(r[1] for r in runs), max(r[2] for r in runs)


def graph_files(outdir, n):
    graph = os.path.join(outdir, "g%d.json" % n)
    scen = os.path.join(outdir, "s%d.json" % n)
    if not (os.path.exists(graph) and os.path.exists(scen)):
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "gengraph.py"), "--nodes", str(n),
                        "--seed", "1", "-o", graph, "--scenario", scen], check=True)
    return graph, scen


def draws_scenario(outdir, scen, n):
    """the bench scenario with distributions in place of two numbers"""
    path = os.path.join(outdir, "s%d-draws.json" % n)
    s = json.load(open(scen))
    if s.get("controls"):
        s["controls"][0]["denial"] = {"uniform": [0.3, 1]}
    if s.get("outages"):
        s["outages"][0]["loss"] = {"triangular": [0.1, 0.4, 0.8]}
    json.dump(s, open(path, "w"), indent=1)
    return path


ENGINE_LINE = re.compile(r"^(.*?)\s+([0-9.]+) s wall\s+([0-9.]+) s cpu(?:\s+x\s+([0-9.]+) wall\s+([0-9.]+) cpu\s+\((.*)\))?$")


def engine(cmd):
    """bench_engine's lines by label: (wall, cpu, wall ratio, cpu ratio, what the ratio is against)"""
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    rows = {}
    for text in out.splitlines():
        m = ENGINE_LINE.match(text)
        if m:
            rows[m.group(1).strip()] = (float(m.group(2)), float(m.group(3)),
                                        float(m.group(4) or 0), float(m.group(5) or 0), m.group(6) or "")
    return rows


def engine_lines(args, graph, dscen, n, score_cpu, md):
    """draws against passes, and knockouts against the naive cost, in one bench_engine process"""
    rows = engine([args.engine, graph, dscen, str(args.draws), "0", "0" if args.no_knockouts else "200"])
    d = rows.get("draws, 1 thread")
    if d:
        print("engine: %d draws cost %.2fx CPU of %d propagation passes (%.1f s CPU)" % (
            args.draws, d[3], args.draws, d[1]))
        md.append("")
        md.append("In one process (tools/bench_engine.c): %d draws of the %s-node graph cost %.2fx the CPU of "
                  "%d propagation passes." % (args.draws, "{:,}".format(n), d[3], args.draws))
    naive, cone = rows.get("exact knockouts, naive (a full run per node)"), rows.get("exact knockouts by cone (chokepoints)")
    if naive and cone:
        kt, kc, _ = best([args.tool, "chokepoints", graph, dscen, "--exact-limit", str(n), "-q"], 1)
        print("exact knockouts of all %d nodes: by cone %.2f s CPU against %.0f s naive (a full run per node, "
              "from 200 runs scaled): 1/%.0f; the whole chokepoints command %.1f s CPU beyond the score (%.1f s): "
              "1/%.0f" % (n, cone[1], naive[1], naive[1] / max(cone[1], 1e-9), kc - score_cpu, score_cpu,
                          naive[1] / max(kc - score_cpu, 1e-9)))
        md.append("")
        md.append("Exact knockouts of all %s nodes: %.2f s of CPU by cone against %.0f s for a full run per node "
                  "(measured on 200 nodes, scaled): 1/%.0f of the naive cost. The whole `chokepoints` command "
                  "(dominators, report) takes %.1f s of CPU beyond the score: 1/%.0f." % (
                      "{:,}".format(n), cone[1], naive[1], naive[1] / max(cone[1], 1e-9), kc - score_cpu,
                      naive[1] / max(kc - score_cpu, 1e-9)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tool")
    ap.add_argument("bareparse")
    ap.add_argument("--engine", help="bench_engine (skipped when absent)")
    ap.add_argument("--mpi", help="chokepoint-mpi (skipped when absent)")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--sweep-size", type=int, default=100000)
    ap.add_argument("--no-knockouts", action="store_true")
    ap.add_argument("--markdown")
    args = ap.parse_args()
    outdir = os.path.join(ROOT, "build", "bench")
    os.makedirs(outdir, exist_ok=True)
    md = []
    load0 = os.getloadavg()
    print("load average before: %.2f %.2f %.2f on %d cores" % (load0 + (os.cpu_count(),)))

    # 1, 2: load + score against the bare parse; memory against the file
    print("\n%9s %8s | %7s %8s | %7s %7s %8s | %7s %7s | %6s %6s %6s | %6s" % (
        "nodes", "file MB", "parse s", "MB", "score s", "cpu s", "MB", "slow s", "cpu s",
        "wall x", "cpu x", "slow x", "RSS/file"))
    md.append("| nodes | file | bare cJSON parse | load + score | load + score, cJSON path only "
              "| score / parse | cJSON path / parse | peak RSS / file |")
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in [int(s) for s in args.sizes.split(",") if s]:
        graph, scen = graph_files(outdir, n)
        size = os.path.getsize(graph)
        cmd = [args.tool, "score", graph, scen, "--format", "csv", "--sectors", "-q"]
        pt, pc, pm = best([args.bareparse, graph], args.repeat)
        st, sc, sm = best(cmd, args.repeat)
        lt, lc, _ = best(cmd, args.repeat, {"CHOKEPOINT_LOADER": "slow"})
        print("%9d %8.1f | %7.2f %8.1f | %7.2f %7.2f %8.1f | %7.2f %7.2f | %6.2f %6.2f %6.2f | %6.2f" % (
            n, size / 1e6, pt, pm / 1e6, st, sc, sm / 1e6, lt, lc, st / pt, sc / pc, lt / pt, sm / size))
        md.append("| %s | %.0f MB | %.2f s, %.0f MB | %.2f s, %.0f MB | %.2f s | %.2f | %.2f | %.2f |" % (
            "{:,}".format(n), size / 1e6, pt, pm / 1e6, st, sm / 1e6, lt, st / pt, lt / pt, sm / size))
    print("x: against the bare cJSON parse of the same file, this run (< 1 is better); "
          "slow: the loader's cJSON path only (CHOKEPOINT_LOADER=slow)")

    # 3, 4, 5: sweeps on one graph
    n = args.sweep_size
    graph, scen = graph_files(outdir, n)
    dscen = draws_scenario(outdir, scen, n)
    base = [args.tool, "score", graph, dscen, "--format", "csv", "--sectors", "-q"]
    bt, bc, _ = best(base, 1)
    draws = base + ["--draws", str(args.draws), "--seed", "1"]
    d1t, d1c, _ = best(draws + ["--threads", "1"], 1)
    d2t, d2c, _ = best(draws + ["--threads", "2"], 1)
    print("\n%d draws of the %d-node graph: 1 thread %.2f s (CPU %.2f s), 2 threads %.2f s (CPU %.2f s): %.2fx "
          "(load and score alone %.2f s)" % (args.draws, n, d1t, d1c, d2t, d2c, d1t / d2t, bt))
    md.append("")
    md.append("| sweep on the %s-node graph | 1 | 2 | speed-up (wall) | CPU, 1 / 2 |" % "{:,}".format(n))
    md.append("|---|---:|---:|---:|---:|")
    md.append("| %d draws, threads | %.1f s | %.1f s | %.2fx | %.1f s / %.1f s |" % (
        args.draws, d1t, d2t, d1t / d2t, d1c, d2c))
    if args.mpi and os.path.exists(args.mpi) and shutil.which("mpirun"):
        mdraws = [args.mpi] + draws[1:] + ["--threads", "1"]
        m1t, m1c, _ = best(MPIRUN + ["-np", "1"] + mdraws, 1)
        m2t, m2c, _ = best(MPIRUN + ["-np", "2"] + mdraws, 1)
        print("the same under MPI, one thread a rank: 1 rank %.2f s (CPU %.2f s), 2 ranks %.2f s (CPU %.2f s "
              "in all): %.2fx" % (m1t, m1c, m2t, m2c, m1t / m2t))
        md.append("| %d draws, MPI ranks (one thread each) | %.1f s | %.1f s | %.2fx | %.1f s / %.1f s |" % (
            args.draws, m1t, m2t, m1t / m2t, m1c, m2c))
    else:
        print("MPI: skipped (no %s or no mpirun; make mpi)" % args.mpi)
    if args.engine and os.path.exists(args.engine):
        engine_lines(args, graph, dscen, n, bc, md)
    else:
        print("engine ratios: skipped (no %s; make build/bench_engine)" % args.engine)
    load1 = os.getloadavg()
    noise = "load average before %.1f, after %.1f on %d cores; repeats' wall times spread up to %.2fx" % (
        load0[0], load1[0], os.cpu_count(), max(SPREAD) if SPREAD else 1)
    print("\n" + noise)
    md.append("")
    md.append("Noise: %s." % noise)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("\n".join(md) + "\n")


if __name__ == "__main__":
    main()
