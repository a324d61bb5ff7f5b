#!/usr/bin/env python3
"""Regenerate the diversification tables and target answer in graphs/README.md.

usage: diversify_tables.py TOOL

Runs, from the repository root (Python 3 standard library only):

  TOOL compare graphs/rare-earths.json --base graphs/scenarios/october-2025.json
       --with graphs/scenarios/october-2025.json --with graphs/scenarios/diversify-X.json
       --format json

for X in australia, japan, and both together (australia then japan), and

  TOOL target graphs/rare-earths.json graphs/scenarios/october-2025.json
       graphs/scenarios/diversify-australia.json graphs/scenarios/diversify-japan.json
       --change graphs/scenarios/diversify-target-jp-heavy.json --sector auto@JP
       --below B --format json

for B = 0.05 (the question asked) and B = half of auto@JP's October 2025
disruption, rounded down to a whole percent (a reachable variant when 5% is
not).  When target finds an amount, the change is scored at that amount with
compare, to list the capacity warnings it triggers (target itself does not
print them).  Everything is written between the <!-- diversify:begin --> and
<!-- diversify:end --> markers of graphs/README.md; nothing there is typed by
hand.  Exits 1 when the tool fails or the markers are missing.
"""
import json
import math
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GRAPH = "graphs/rare-earths.json"
CONTROL = "graphs/scenarios/october-2025.json"
AUSTRALIA = "graphs/scenarios/diversify-australia.json"
JAPAN = "graphs/scenarios/diversify-japan.json"
CHANGE = "graphs/scenarios/diversify-target-jp-heavy.json"
README = "graphs/README.md"
SECTOR = "auto@JP"
BELOW = 0.05
SIDES = [("+ australia", [AUSTRALIA]), ("+ japan", [JAPAN]), ("+ australia + japan", [AUSTRALIA, JAPAN])]
TARGET_SCENARIOS = [CONTROL, AUSTRALIA, JAPAN]
# To put a searched amount of a metal line into tonnes of oxide: the graph's
# own estimates (notes on its metal and oxide nodes): oxide is ~80% of metal
# value, and the 2024 Chinese oxide prices behind every value share.
OXIDE_SHARE_OF_METAL = 0.8
OXIDE_USD_PER_KG = {"dy-metal": ("Dy", 225.0), "tb-metal": ("Tb", 870.0)}


def run(tool, args):
    proc = subprocess.run([tool] + args, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        sys.exit("diversify_tables: '%s %s' failed (exit %d)" % (tool, " ".join(args), proc.returncode))
    return json.loads(proc.stdout)


def compare_args(with_files):
    args = ["compare", GRAPH, "--base", CONTROL, "--with", CONTROL]
    for f in with_files:
        args += ["--with", f]
    return args + ["--format", "json"]


def target_args(below):
    return (["target", GRAPH] + TARGET_SCENARIOS +
            ["--change", CHANGE, "--sector", SECTOR, "--below", "%g" % below, "--format", "json"])


def pct(x):
    return "%.1f%%" % (100 * x)


def pts(x):
    return "%+.2f" % (100 * x)


def load(path):
    with open(os.path.join(ROOT, path)) as f:
        return json.load(f)


def searched_change():
    changes = [c for c in load(CHANGE).get("changes", []) if c.get("op") in ("shift", "add_supplier")]
    if len(changes) != 1:
        sys.exit("diversify_tables: %s must hold exactly one shift or add_supplier" % CHANGE)
    return changes[0]


def line_amount(change, amount):
    """Value (graph unit) a shift of `amount` moves, on the graph after the
    target's scenario files: the line's `from` share, reduced by earlier
    shifts and add_suppliers on the same line.  None when not computable."""
    if change.get("op") != "shift" or not isinstance(change.get("at"), str):
        return None
    nodes = {n["id"]: n for n in load(GRAPH)["nodes"]}
    node = nodes.get(change["at"])
    line = next((l for l in (node or {}).get("inputs", []) if l.get("item") == change["item"]), None)
    if line is None or node.get("output") is None:
        return None
    total = sum(line["suppliers"].values())
    share = sum(s for u, s in line["suppliers"].items()
                if u in nodes and nodes[u]["country"] == change["from"]) / total
    for path in TARGET_SCENARIOS:
        for c in load(path).get("changes", []):
            if c.get("at") != change["at"] or c.get("item") != change["item"]:
                continue
            if c.get("op") == "shift" and c.get("from") == change["from"]:
                share *= 1 - c["fraction"]
            elif c.get("op") == "add_supplier":
                share *= 1 - c["share"]
    return node["output"] * line.get("value_share", 0) * share * amount


def group_table(results):
    base = {g["sector"]: g for g in results[0][1]["groups"]}
    lines = ["| sector | October 2025 | " + " | ".join("%s" % name for name, _ in results) + " |",
             "|---|---:|" + "---:|" * len(results)]
    for sector, g in base.items():
        cells = [pct(g["base"]["disruption"])]
        for _, r in results:
            w = next(x for x in r["groups"] if x["sector"] == sector)
            cells.append("%s (%s)" % (pct(w["with"]["disruption"]), pts(w["delta"])))
        lines.append("| %s | %s |" % (sector, " | ".join(cells)))
    return lines


def node_table(results):
    ids = [s["id"] for s in results[0][1]["sectors"]]
    by = [{s["id"]: s for s in r["sectors"]} for _, r in results]
    changed = [i for i in ids if any(abs(b[i]["delta"] or 0) >= 5e-5 for b in by)]
    lines = ["| sector node | October 2025 | " + " | ".join(name for name, _ in results) + " |",
             "|---|---:|" + "---:|" * len(results)]
    for i in changed:
        cells = [pct(by[0][i]["base"]["disruption"])]
        cells += ["%s (%s)" % (pct(b[i]["with"]["disruption"]), pts(b[i]["delta"])) for b in by]
        lines.append("| `%s` | %s |" % (i, " | ".join(cells)))
    same = [i for i in ids if i not in changed]
    return lines, same


def warnings_list(warnings):
    return ["none"] if not warnings else ["`%s`" % w for w in warnings]


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) == 2 else 2)
    tool = os.path.abspath(sys.argv[1]) if os.sep in sys.argv[1] else sys.argv[1]
    change = searched_change()

    results = [(name, run(tool, compare_args(files))) for name, files in SIDES]
    base_sector = next(s for s in results[0][1]["sectors"] if s["id"] == SECTOR)["base"]["disruption"]
    variant = math.floor(100 * base_sector / 2) / 100
    questions = [("%s below %s" % (SECTOR, pct(BELOW)), BELOW)]
    if variant > 0 and abs(variant - BELOW) > 1e-9:
        questions.append(("%s below half its October 2025 score, rounded down (%s)" % (SECTOR, pct(variant)),
                          variant))
    answers = [(q, below, run(tool, target_args(below))) for q, below in questions]

    at_answer = []
    for q, below, t in answers:
        if not t["reachable"] or t["amount"] is None:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            sized = load(CHANGE)
            for c in sized["changes"]:
                if c is not None and c.get("op") == change["op"]:
                    c["fraction" if c["op"] == "shift" else "share"] = t["amount"]
            path = os.path.join(tmp, "target-at-amount.json")
            with open(path, "w") as f:
                json.dump(sized, f)
            r = run(tool, compare_args([AUSTRALIA, JAPAN, path]))
        at_answer.append((q, t["amount"], r["warnings"]))

    out = ["Generated by `tools/diversify_tables.py build/chokepoint` from the tool's JSON output; "
           "do not edit by hand.", "",
           "Disruption of each sector group under `october-2025.json`, then with each diversification file "
           "composed after it, change in percentage points in brackets "
           "(`chokepoint compare %s --base %s --with %s --with FILE... --format json`):"
           % (GRAPH, CONTROL, CONTROL), ""]
    out += group_table(results)
    lines, same = node_table(results)
    out += ["", "Sector nodes whose disruption changes in any of the three:", ""] + lines
    out += ["", "Unchanged in all three: %s." % ", ".join("`%s`" % i for i in same), "",
            "Capacity warnings (`warnings` of each compare; the October 2025 side has none):", ""]
    for name, r in results:
        out.append("- `%s`: %s" % (name, "; ".join(warnings_list(r["warnings"]))))
    out += ["", "Target: the least fraction of `%s` (%s `%s` line of `%s` from %s to %s), after %s "
            "(`chokepoint target %s %s --change %s --sector %s --below B --format json`):"
            % (os.path.basename(CHANGE), change["op"], change["item"], change["at"], change.get("from"),
               change.get("to"), ", ".join("`%s`" % os.path.basename(f) for f in TARGET_SCENARIOS),
               GRAPH, " ".join(TARGET_SCENARIOS), CHANGE, SECTOR), "",
            "| question | B | at 0 | at 1 | answer |", "|---|---:|---:|---:|---|"]
    for q, below, t in answers:
        if t["amount"] is not None and t["reachable"]:
            moved = line_amount(change, t["amount"])
            answer = "reachable: least amount %.4f" % t["amount"]
            if moved is not None:
                answer += " = US$%.2fm a year of %s" % (moved, change["item"])
                if change["item"] in OXIDE_USD_PER_KG:
                    el, price = OXIDE_USD_PER_KG[change["item"]]
                    answer += " (~%.1f t of %s oxide at US$%g/kg, oxide ~%g of metal value)" % (
                        moved * OXIDE_SHARE_OF_METAL * 1000 / price, el, price, OXIDE_SHARE_OF_METAL)
        else:
            answer = "**unreachable**: even at 1 (100%%) %s stays at %s" % (SECTOR, pct(t["at_1"]))
        out.append("| %s | %g | %s | %s | %s |" % (q, below, pct(t["at_0"]), pct(t["at_1"]), answer))
    grid = answers[0][2]["grid"]
    out += ["", "%s on the search grid (fraction: disruption)%s: %s." % (
        SECTOR, "" if answers[0][2]["monotone_on_grid"] else " (not monotone)",
        ", ".join("%g: %s" % (p, pct(v)) for p, v in grid))]
    for q, amount, warnings in at_answer:
        out += ["", "Capacity warnings with the change at the amount found for \"%s\" (%.4f), from `compare` "
                "with the three files and the change at that amount: %s" % (q, amount, "; ".join(
                    warnings_list(warnings)))]
    block = "\n".join(out)

    path = os.path.join(ROOT, README)
    with open(path) as f:
        text = f.read()
    pattern = re.compile(r"(<!-- diversify:begin -->\n).*?(<!-- diversify:end -->)", re.S)
    if not pattern.search(text):
        sys.exit("diversify_tables: no <!-- diversify:begin --> ... <!-- diversify:end --> markers in %s" % README)
    text = pattern.sub(lambda m: m.group(1) + block + "\n" + m.group(2), text)
    with open(path, "w") as f:
        f.write(text)
    print("diversify_tables: %d comparisons and %d target questions written to %s"
          % (len(results), len(answers), README))


if __name__ == "__main__":
    main()
