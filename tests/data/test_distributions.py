#!/usr/bin/env python3
"""The distribution rules of check_dataset.py (MODEL.md 8), on small hand-made inputs.

usage: tests/data/test_distributions.py   (exit 1 on a failure)

Each case says what the checker must report, so a checker that accepted every
distribution, or none, fails here."""
import copy
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_dataset as cd  # noqa: E402

failures = []


def expect(name, cond, got=None):
    if not cond:
        failures.append(f"{name}: got {got!r}")


def has(problems, text):
    return any(text in q for q in problems)


# means, worked by hand: (a + b) / 2, (low + mode + high) / 3, alpha / (alpha + beta)
expect("uniform mean", cd.dist_mean({"uniform": [60, 90]}) == 75)
expect("triangular mean", abs(cd.dist_mean({"triangular": [0.75, 0.865, 0.91]}) - 2.525 / 3) < 1e-12)
expect("beta mean", cd.dist_mean({"beta": [3, 1]}) == 0.75)
expect("number is its own mean", cd.dist_mean(0.4) == 0.4)
expect("means replaces nested", cd.means({"a": [{"uniform": [0, 1]}, 2]}) == {"a": [0.5, 2]})

U, N = cd.UNIT, cd.NONNEG
ok = cd.number_problems({"triangular": [0, 0, 0.4], "key": "k", "note": "n"}, U, "x", True)
expect("valid triangular", ok == [], ok)
p = cd.number_problems({"triangular": [0.2, 0.1, 0.4]}, U, "x", True)
expect("low > mode", has(p, "must not decrease"), p)
p = cd.number_problems({"uniform": [0.5, 1.2]}, U, "x", True)
expect("support outside [0,1]", has(p, "outside the field's range [0, 1]"), p)
p = cd.number_problems({"uniform": [-1, 5]}, N, "x", True)
expect("support below 0", has(p, "outside the field's range"), p)
p = cd.number_problems({"beta": [0, 2]}, U, "x", True)
expect("beta parameter 0", has(p, "beta parameters must be > 0"), p)
p = cd.number_problems({"beta": [2, 2]}, N, "x", True)
expect("beta off [0,1]", has(p, "beta is only for numbers in [0,1]"), p)
p = cd.number_problems({"uniform": [0, 1], "triangular": [0, 0, 1]}, U, "x", True)
expect("two families", has(p, "exactly one of"), p)
p = cd.number_problems({"uniform": [0, 1], "mode": 0.5}, U, "x", True)
expect("unknown field", has(p, "unknown distribution field 'mode'"), p)
p = cd.number_problems({"uniform": [0, 1]}, U, "x", False)
expect("not allowed", has(p, "not allowed here"), p)

# Through the format checks: allowed on denial, lead_days, loss, substitutable, inventory_days;
# refused on value_share, supplier shares, transit_days, min_content, production_t.
root = cd.ROOT
g = cd.load(os.path.join(root, "graphs", "rare-earths.json"))
bad = copy.deepcopy(g)
line = next(l for n in bad["nodes"] for l in cd.lines(n))
line["value_share"] = {"uniform": [0, 0.01]}
line["transit_days"] = {"uniform": [1, 5]}
first = next(iter(line["suppliers"]))
line["suppliers"][first] = {"uniform": [0.5, 1]}
elem = next(n for n in bad["nodes"] if "production_t" in n)
elem["production_t"] = {"uniform": [1, 2]}
p = cd.graph_format(bad)
for what in ("value_share", "transit_days", f"share of '{first}'", "production_t"):
    expect(f"graph refuses a distribution on {what}", has(p, what) and has(p, "not allowed here"), p)
expect("shipped graph passes", cd.graph_format(g) == [], cd.graph_format(g)[:3])

ids = {n["id"] for n in g["nodes"]}
sc = {"chokepoint_scenario": 1, "controls": [
    {"id": "a", "origin": "CN", "denial": {"uniform": [0.5, 0.9], "key": "k"}, "lead_days": {"uniform": [40, 80], "key": "k"},
     "extraterritorial": {"min_content": {"uniform": [0, 0.01]}}}],
      "outages": [{"country": "MM", "loss": {"triangular": [0.2, 0.3, 0.1]}}]}
p = cd.scenario_format(sc, ids)
expect("min_content refused", has(p, "min_content: a distribution is not allowed"), p)
expect("loss low > high", has(p, "loss: triangular parameters must not decrease"), p)
expect("denial and lead_days accepted", not has(p, "denial") and not has(p, "lead_days"), p)
p = cd.distribution_keys([("s", sc)])
expect("key across ranges", has(p, "key 'k' has range [0, inf]"), p)
p, _ = cd.distribution_notes([("s", sc)])
expect("notes required", len(p) == 4, p)

# The data checks read means: a node output made a distribution with the same mean
# leaves the capacity and share checks unchanged; one with a larger mean moves them.
nodes = cd.means(g)["nodes"]
m = copy.deepcopy(g)
sep = next(n for n in m["nodes"] if cd.is_ndfeb(n) and n["country"] == "CN")
out = sep["output"]
sep["output"] = {"uniform": [0, 2 * out]}
expect("same mean, same ndfeb share", cd.china_share(cd.means(m)["nodes"], cd.is_ndfeb, 0, 1, "x")
       == cd.china_share(nodes, cd.is_ndfeb, 0, 1, "x"))
sep["output"] = {"uniform": [2 * out, 4 * out]}
expect("larger mean, larger share", cd.china_share(cd.means(m)["nodes"], cd.is_ndfeb, 0.92, 1, "x")[0] == [])

for f in failures:
    print("FAIL " + f)
print(f"distribution checks: {'ok' if not failures else str(len(failures)) + ' failed'}")
sys.exit(1 if failures else 0)
