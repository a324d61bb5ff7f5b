#!/usr/bin/env python3
"""Write a graph file's nodes and lines as the two CSV tables `chokepoint
import` reads, as a spreadsheet would save them (test helper).

usage: graph_to_csv.py GRAPH NODES.csv INPUTS.csv [--excel]
--excel writes a UTF-8 byte order mark and CRLF line ends and quotes every
field.  Citations ("source") are not carried: import has no sources table.
Notes are kept, with an extra comma and line break so quoting is exercised.
Distributions are written as their means (the tables hold plain numbers).
"""
import csv
import json
import sys

NODE_COLS = ["id", "kind", "country", "elements", "name", "sector", "end_use", "tech_origin", "output",
             "inventory_days", "production_t", "restock_rate", "note"]
LINE_COLS = ["node", "item", "supplier", "share", "value_share", "substitutable", "transit_days", "note"]


def num(x):
    """A number cell.  A distribution (MODEL.md 8) is written as its mean,
    which is what a score without draws uses: the tables hold plain numbers."""
    if isinstance(x, dict):
        if "uniform" in x:
            a, b = x["uniform"]
            x = (a + b) / 2
        elif "triangular" in x:
            x = sum(x["triangular"]) / 3
        elif "beta" in x:
            a, b = x["beta"]
            x = a / (a + b)
    return "" if x is None else repr(float(x)) if not isinstance(x, int) else str(x)


def main():
    graph, nodes_csv, inputs_csv = sys.argv[1:4]
    excel = "--excel" in sys.argv[4:]
    g = json.load(open(graph, encoding="utf-8"))
    enc = "utf-8-sig" if excel else "utf-8"
    kw = dict(lineterminator="\r\n" if excel else "\n", quoting=csv.QUOTE_ALL if excel else csv.QUOTE_MINIMAL)
    with open(nodes_csv, "w", encoding=enc, newline="") as f:
        w = csv.writer(f, **kw)
        w.writerow(NODE_COLS)
        for n in g["nodes"]:
            row = []
            for c in NODE_COLS:
                v = n.get(c)
                if c == "elements":
                    row.append(" ".join(v or []))
                elif c in ("output", "inventory_days", "production_t", "restock_rate"):
                    row.append(num(v))
                elif c == "note" and v:
                    row.append(v + ",\nas written")
                else:
                    row.append(v or "")
            w.writerow(row)
    with open(inputs_csv, "w", encoding=enc, newline="") as f:
        w = csv.writer(f, **kw)
        w.writerow(LINE_COLS)
        for n in g["nodes"]:
            for line in n.get("inputs", []):
                first = True
                for sup, share in line["suppliers"].items():
                    # line fields on the first row only, as the import allows
                    w.writerow([n["id"], line["item"], sup, num(share),
                                num(line.get("value_share")) if first else "",
                                num(line.get("substitutable")) if first else "",
                                num(line.get("transit_days")) if first else "",
                                (line.get("note") or "") if first else ""])
                    first = False


main()
