#!/usr/bin/env python3
"""Check refmodel.py against a second, differently written computation.

    crosscheck.py GRAPH [SCENARIO...]        one input
    crosscheck.py --fuzz N                   N graphs from tools/gengraph.py

refmodel.py computes everything as fixed points of sweeps and finds end-use
tags by path search.  This program recomputes, from the same loaded input:
  - tags as the least fixed point of the set equations
        T(v) = U_{w consumer of v} ({own(w)} if w has an own tag else T(w)),
        plus *open* when v has no consumers
  - on graphs without cycles: E, c_R and a in one pass in topological order,
    and tags by the acyclic rule of MODEL.md 2.3 ("tagged X when it has
    consumers and every consumer is tagged X"), which must agree exactly
  - on every graph: that a and c_R satisfy their equations (residual < 1e-9)
    and that every edge's blocked / rules / extraterritorial follow from 2.4.
Prints `N passed, M failed` with --fuzz.
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import refmodel  # noqa: E402  (only for loading the input and its result)

GENGRAPH = os.path.join(os.path.dirname(os.path.dirname(HERE)), "tools", "gengraph.py")


def topological_order(nodes, index):
    """suppliers before consumers, or None when the graph has a cycle"""
    indegree = [0] * len(nodes)
    consumers = [[] for _ in nodes]
    for v, node in enumerate(nodes):
        for line in node["lines"]:
            for sid, _ in line["normalised"]:
                indegree[v] += 1
                consumers[index[sid]].append(v)
    ready = [v for v in range(len(nodes)) if indegree[v] == 0]
    order = []
    while ready:
        u = ready.pop()
        order.append(u)
        for v in consumers[u]:
            indegree[v] -= 1
            if indegree[v] == 0:
                ready.append(v)
    return order if len(order) == len(nodes) else None


def check(graph, scenarios):
    problems = []
    result = refmodel.score(graph, scenarios)
    warnings = refmodel.Warnings()
    nodes = refmodel.load_graph(graph, warnings)
    index = {n["id"]: i for i, n in enumerate(nodes)}
    controls, outages = [], []
    for s in scenarios:
        c, o = refmodel.load_scenario(s, index, warnings)
        controls += c
        outages += o
    n = len(nodes)
    d = [r["disruption"] for r in result["nodes"]]
    a = [1.0 - x for x in d]
    tags = [r["end_use"] for r in result["nodes"]]
    content = {rule["id"]: [r["content"][rule["id"]] for r in result["nodes"]]
               for rule in controls}
    edges = result["edges"]

    def own(v):
        node = nodes[v]
        if node["end_use"] is not None:
            return node["end_use"]
        return node["sector"] if node["kind"] == "sector" else None

    consumers = [[] for _ in nodes]
    for v, node in enumerate(nodes):
        for line in node["lines"]:
            for sid, _ in line["normalised"]:
                consumers[index[sid]].append(v)

    # tags: least fixed point of the set equations
    OPEN = "\0open"
    T = [set() for _ in nodes]
    changed = True
    while changed:
        changed = False
        for v in range(n):
            if own(v) is not None:
                continue
            new = set(T[v])
            if not consumers[v]:
                new.add(OPEN)
            for w in consumers[v]:
                new |= {own(w)} if own(w) is not None else T[w]
            if new != T[v]:
                T[v] = new
                changed = True
    for v in range(n):
        expect = own(v) if own(v) is not None else (
            next(iter(T[v])) if len(T[v]) == 1 and OPEN not in T[v] else None)
        if expect != tags[v]:
            problems.append("tag of %s: refmodel %r, set equations %r"
                            % (nodes[v]["id"], tags[v], expect))

    # E by closure (needed for scope)
    E = [set(node["elements"]) for node in nodes]
    for _ in range(n + 1):
        for v, node in enumerate(nodes):
            for line in node["lines"]:
                for sid, _ in line["normalised"]:
                    E[v] |= E[index[sid]]

    def scope(rule, u):
        return nodes[u]["kind"] in rule["kinds"] and (
            not rule["elements"] or bool(E[u] & rule["elements"]))

    def m(rule, u, c):
        node = nodes[u]
        if node["country"] != rule["origin"]:
            return c[u]
        if not rule["elements"] or node["elements"] & rule["elements"]:
            return 1.0
        ex = rule["extraterritorial"]
        if ex and node["kind"] in ex["listed_kinds"] and scope(rule, u):
            return 1.0
        return c[u]

    def c_equation(rule, v, c):
        return sum(line["value_share"] * sum(s * m(rule, index[sid], c)
                                             for sid, s in line["normalised"])
                   for line in nodes[v]["lines"])

    blocked = {}
    k = 0
    for v, node in enumerate(nodes):
        for l, line in enumerate(node["lines"]):
            for p, (sid, s) in enumerate(line["normalised"]):
                blocked[(v, l, p)] = edges[k]["blocked"]
                k += 1

    losses = []
    for node in nodes:
        sel = [o["loss"] for o in outages
               if (o["node"] in (None, node["id"]))
               and (o["country"] in (None, node["country"]))
               and (o["kinds"] is None or node["kind"] in o["kinds"])]
        losses.append(max(sel, default=0.0))

    def a_equation(v, a):
        node = nodes[v]
        if not node["lines"]:
            return 1.0 - losses[v]
        levels = []
        for l, line in enumerate(node["lines"]):
            S = sum(s * (1 - blocked[(v, l, p)]) * a[index[sid]]
                    for p, (sid, s) in enumerate(line["normalised"]))
            levels.append(1 - (1 - line["substitutable"]) * (1 - S))
        return (1.0 - losses[v]) * min(levels)

    for v in range(n):
        r = abs(a_equation(v, a) - a[v])
        if r > 1e-9:
            problems.append("a(%s) residual %.3g" % (nodes[v]["id"], r))
        for rule in controls:
            r = abs(c_equation(rule, v, content[rule["id"]]) - content[rule["id"]][v])
            if r > 1e-9:
                problems.append("c_%s(%s) residual %.3g" % (rule["id"], nodes[v]["id"], r))

    # edges: 2.4 again, written as one expression per clause
    k = 0
    for v, node in enumerate(nodes):
        for line in node["lines"]:
            for sid, _ in line["normalised"]:
                u = index[sid]
                cu, cv = nodes[u]["country"], node["country"]
                want_rules, want_ex, want_blocked = [], False, 0.0
                for rule in controls:
                    O, ex = rule["origin"], rule["extraterritorial"]
                    direct = cu == O and cv != O
                    extra = bool(ex) and cu != O and cv != cu and cv != O and (
                        (ex["min_content"] is not None and content[rule["id"]][u] >= ex["min_content"])
                        or (ex["technology"] and nodes[u]["tech_origin"] == O))
                    where_ok = (rule["destinations"] is None or cv in rule["destinations"]) \
                        and cv not in rule["exempt"]
                    if scope(rule, u) and (direct or extra) and where_ok:
                        want_rules.append(rule["id"])
                        want_ex = want_ex or extra
                        den = rule["buyers"].get(node["id"],
                                                 rule["end_use"].get(tags[v], rule["denial"])
                                                 if tags[v] is not None else rule["denial"])
                        want_blocked = max(want_blocked, den)
                e = edges[k]
                if (e["rules"], e["extraterritorial"], e["blocked"]) != (want_rules, want_ex, want_blocked):
                    problems.append("edge %d: refmodel %r, again %r" % (
                        k, (e["rules"], e["extraterritorial"], e["blocked"]),
                        (want_rules, want_ex, want_blocked)))
                k += 1

    # acyclic: one pass in topological order must give the same numbers
    order = topological_order(nodes, index)
    if order is not None:
        for rule in controls:
            c = [0.0] * n
            for v in order:
                c[v] = c_equation(rule, v, c)
            for v in range(n):
                if abs(c[v] - content[rule["id"]][v]) > 1e-12:
                    problems.append("c_%s(%s): refmodel %r, topological %r" % (
                        rule["id"], nodes[v]["id"], content[rule["id"]][v], c[v]))
        a2 = [1.0] * n
        for v in order:
            a2[v] = a_equation(v, a2)
        for v in range(n):
            if abs(a2[v] - a[v]) > 1e-12:
                problems.append("a(%s): refmodel %r, topological %r" % (nodes[v]["id"], a[v], a2[v]))
        t2 = [None] * n
        for v in reversed(order):
            if own(v) is not None:
                t2[v] = own(v)
            elif consumers[v] and all(t2[w] is not None and t2[w] == t2[consumers[v][0]]
                                      for w in consumers[v]):
                t2[v] = t2[consumers[v][0]]
        for v in range(n):
            if t2[v] != tags[v]:
                problems.append("tag of %s: refmodel %r, acyclic rule %r"
                                % (nodes[v]["id"], tags[v], t2[v]))
    return problems, order is not None


def main(argv):
    if len(argv) >= 3 and argv[1] == "--fuzz":
        count = int(argv[2])
        passed = failed = 0
        work = tempfile.mkdtemp(prefix="crosscheck-")
        for seed in range(1, count + 1):
            nodes = 5 + (seed * 104729) % 400
            cycles = 0 if seed % 2 else 1 + seed % 7
            graph = os.path.join(work, "g.json")
            scen = os.path.join(work, "s.json")
            subprocess.run([sys.executable, GENGRAPH, "--nodes", str(nodes), "--seed",
                            str(seed), "--cycles", str(cycles), "-o", graph,
                            "--scenario", scen], check=True)
            problems, acyclic = check(graph, [scen])
            if problems:
                failed += 1
                print("seed %d (%d nodes, %d cycles): %d problems, first: %s"
                      % (seed, nodes, cycles, len(problems), problems[0]))
            else:
                passed += 1
        print("%d passed, %d failed" % (passed, failed))
        return 0 if failed == 0 else 1
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    problems, acyclic = check(argv[1], argv[2:])
    for p in problems[:20]:
        print(p)
    print("%s: %d problems (%s)" % (argv[1], len(problems), "acyclic" if acyclic else "cyclic"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
