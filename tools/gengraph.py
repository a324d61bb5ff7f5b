#!/usr/bin/env python3
"""Generate a random layered supply graph in the MODEL.md version 1 format.

    gengraph.py --nodes N [--seed S] [--edges-per-node 5] [--cycles K]
                [-o FILE] [--scenario FILE]...

Layers run element -> material -> magnet -> component -> product -> sector.
Countries are drawn from a list in which CN is heavy.  The output is a pure
function of the arguments (deterministic from --seed) and is streamed node by
node, so any size can be written (1,000,000 nodes and beyond) in bounded memory.

Every node is generated from its own random stream (seeded by the seed and the
node's index), so any node can be regenerated on demand: that is how --cycles
finds, without storing the graph, a downstream node v that really depends on an
upstream node u before adding the recycling line "u buys from v".

Some goods in each layer are "dedicated" to defence: they are bought only by
dedicated nodes and by defence sectors, so whole chains get the end-use tag
`defence` (MODEL.md 2.3); the other goods are bought by everybody else.

--scenario FILE (may be repeated) also writes a random scenario matching the
graph: several controls (elements, kinds, denial, end_use, buyers,
destinations, exempt, extraterritorial with min_content / technology /
listed_kinds) and outages (by node, country, kinds).  Control ids are unique
across the files written by one run.

Options for the newer parts of MODEL.md (all off by default; with them off the
output is byte for byte what it was before they existed):

--format-version 2   writes `"chokepoint": 2` (MODEL.md 2.1); some magnets and
                     components then list the elements they are (alloys), so
                     inheritance stops there in version 2 and not in version 1.
--timeline           adds the section 7 fields: every line gets a small
                     `transit_days` (0-4, mostly 0), some nodes a small
                     `inventory_days` (0-15, replacing the 0-120 of the plain
                     graph) and a `restock_rate`; scenario controls get
                     `start`/`end` dates around --epoch, `lead_days` and
                     `phases` (denial, buyers, end_use), outages `start`/`end`.
                     Every value comes from its own random stream, so the
                     plain fields are those of the graph without --timeline.
--epoch DATE         the first day the dated rules are drawn around (default
                     2025-01-01); dates fall within 75 days after it.
"""

import argparse
import bisect
import datetime
import json
import math
import random
import sys

LAYERS = ["element", "material", "magnet", "component", "product", "sector"]
LAYER_FRACTION = {"element": 0.10, "material": 0.20, "magnet": 0.15,
                  "component": 0.25, "product": 0.22, "sector": 0.08}
ABBR = {"element": "el", "material": "mat", "magnet": "mag", "component": "cmp",
        "product": "prd"}
# order in which layers appear in very small graphs
SMALL_ORDER = ["element", "sector", "material", "magnet", "component", "product"]

COUNTRIES = [("CN", 40), ("JP", 8), ("US", 8), ("DE", 6), ("MM", 5), ("AU", 5),
             ("MY", 4), ("VN", 4), ("KR", 4), ("EU", 3), ("FR", 3), ("EE", 2),
             ("IN", 2), ("ROW", 3), ("TW", 3)]
COUNTRY_CODES = [c for c, _ in COUNTRIES]
COUNTRY_WEIGHTS = [w for _, w in COUNTRIES]
TECH_ORIGINS = [("CN", 60), ("JP", 15), ("US", 15), ("DE", 10)]

ELEMENTS = ["Nd", "Pr", "Dy", "Tb", "Sm", "Gd", "Y", "La", "Ce", "Co", "Fe", "Cu",
            "B", "Ga", "Ge", "Sb", "W", "Lu", "Sc", "Ho", "Er", "Eu"]
SECTORS = ["auto", "defence", "energy", "electronics", "aerospace", "medical",
           "industry"]
DEDICATED_SECTOR = "defence"
NODE_TAGS = ["defence", "space", "auto"]


def mix(*values):
    """A 64-bit hash of integers (splitmix64 steps): cheap, deterministic."""
    h = 0x9E3779B97F4A7C15
    for x in values:
        h = (h ^ (x & 0xFFFFFFFFFFFFFFFF)) & 0xFFFFFFFFFFFFFFFF
        h = (h + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        h ^= h >> 31
    return h


def floor_to(x, digits):
    f = 10 ** digits
    return math.floor(x * f) / f


class Generator:
    def __init__(self, nodes, seed, edges_per_node, version=1, timeline=False,
                 epoch=datetime.date(2025, 1, 1)):
        self.n = nodes
        self.seed = seed
        self.edges_per_node = edges_per_node
        self.version = version
        self.timeline = timeline
        self.epoch = epoch
        self.layers = self.layer_sizes(nodes)          # [(kind, count)]
        self.start = []                                # first global index of each layer
        s = 0
        for _, count in self.layers:
            self.start.append(s)
            s += count
        # goods per layer: about 2.5 producers per good; sectors: one good per name
        self.goods = []
        for kind, count in self.layers:
            if kind == "sector":
                self.goods.append(min(count, len(SECTORS)))
            else:
                self.goods.append(max(1, int(round(count / 2.5))))
        n_sources = self.layers[0][1]
        self.mean_edges = edges_per_node * nodes / max(1, nodes - n_sources)
        self.recycle = {}                              # u index -> [v index]
        self.countries = bytearray(self.pick_country(i) for i in range(nodes))

    @staticmethod
    def layer_sizes(n):
        if n < 1:
            raise ValueError("--nodes must be >= 1")
        if n < len(LAYERS):
            kept = set(SMALL_ORDER[:n])
            return [(k, 1) for k in LAYERS if k in kept]
        counts = {k: max(1, int(LAYER_FRACTION[k] * n)) for k in LAYERS}
        diff = n - sum(counts.values())
        counts["component"] += diff
        while counts["component"] < 1:              # only for tiny n
            big = max(LAYERS, key=lambda k: counts[k])
            counts[big] -= 1
            counts["component"] += 1
        return [(k, counts[k]) for k in LAYERS]

    # ---- per-index attributes, computable without generating the node ----

    def locate(self, i):
        """global index -> (layer number, local index)"""
        k = bisect.bisect_right(self.start, i) - 1
        return k, i - self.start[k]

    def pick_country(self, i):
        h = mix(self.seed, i, 1) % sum(COUNTRY_WEIGHTS)
        for c, w in enumerate(COUNTRY_WEIGHTS):
            if h < w:
                return c
            h -= w
        return len(COUNTRY_WEIGHTS) - 1

    def country(self, i):
        return COUNTRY_CODES[self.countries[i]]

    def good(self, k, j):
        return j % self.goods[k]

    def dedicated(self, k, g):
        kind = self.layers[k][0]
        if kind == "sector":
            return SECTORS[g % len(SECTORS)] == DEDICATED_SECTOR
        return self.goods[k] >= 5 and g % 5 == 4

    def node_id(self, i):
        k, j = self.locate(i)
        kind = self.layers[k][0]
        g = self.good(k, j)
        if kind == "sector":
            return "%s-%d@%s" % (SECTORS[g % len(SECTORS)], j, self.country(i))
        return "%s%d-%d@%s" % (ABBR[kind], g, j, self.country(i))

    def producers(self, k, g):
        """local indices of the producers of good g in layer k"""
        return range(g, self.layers[k][1], self.goods[k])

    def good_elements(self, k, g):
        kind = self.layers[k][0]
        if kind == "element":
            return [ELEMENTS[g % len(ELEMENTS)]]
        if kind == "material":
            h = mix(self.seed, k, g, 7)
            first = ELEMENTS[h % len(ELEMENTS)]
            second = ELEMENTS[(h >> 8) % len(ELEMENTS)]
            if (h >> 16) % 10 < 3 and second != first:
                return [first, second]
            return [first]
        return []

    def used_elements(self):
        used = set()
        for k, (kind, _) in enumerate(self.layers):
            if kind in ("element", "material"):
                for g in range(min(self.goods[k], 200)):
                    used.update(self.good_elements(k, g))
        return sorted(used)

    # ---- one node ----

    def rng(self, i, salt=0):
        return random.Random(mix(self.seed, i, 1000 + salt))

    def regular_lines(self, i):
        """The node's own lines as [(item, [supplier global index], raw shares)],
        plus value shares and substitutability, from the node's stream."""
        k, j = self.locate(i)
        if k == 0:
            return []
        rng = self.rng(i)
        kind = self.layers[k][0]
        mine_dedicated = self.dedicated(k, self.good(k, j))
        factor = 1.6 if kind == "sector" else 1.0
        want = max(1, int(round(rng.uniform(0.4, 1.6) * self.mean_edges * factor)))
        lines = []
        items = set()
        attempts = 0
        while want > 0 and attempts < 12:
            attempts += 1
            # source layer: mostly the previous one, sometimes further up
            if k >= 2 and rng.random() < 0.2:
                src = rng.randrange(0, k - 1)
            else:
                src = k - 1
            g = self.pick_good(rng, src, mine_dedicated)
            item = "%s-%d" % (self.layers[src][0], g)
            if item in items:
                continue
            items.add(item)
            producers = self.producers(src, g)
            count = min(len(producers), want, rng.choice([1, 1, 2, 2, 3, 4]))
            chosen = rng.sample(range(len(producers)), count)
            suppliers = [self.start[src] + producers[c] for c in chosen]
            style = rng.random()
            if count == 1 and style < 0.5:
                shares = [1]
            elif style < 0.4:
                shares = [rng.randint(1, 100) for _ in suppliers]     # not normalised
            else:
                raw = [rng.uniform(0.05, 1.0) for _ in suppliers]
                total = sum(raw)
                shares = [max(0.001, round(x / total, 3)) for x in raw]
            substitutable = None
            if rng.random() < 0.2:
                substitutable = round(rng.uniform(0.0, 0.9), 2)
            lines.append([item, suppliers, shares, None, substitutable])
            want -= count
        # value shares: a total in [0.1, 0.85] split over the lines; some tiny
        # (to straddle min_content thresholds), some omitted (default 0)
        total = rng.uniform(0.1, 0.85)
        weights = [rng.uniform(0.1, 1.0) for _ in lines]
        wsum = sum(weights) or 1.0
        for line, w in zip(lines, weights):
            r = rng.random()
            if r < 0.1:
                line[3] = None
            elif r < 0.25:
                line[3] = floor_to(rng.uniform(0.0002, 0.004), 5)
            else:
                line[3] = floor_to(total * w / wsum, 4)
        return lines

    def pick_good(self, rng, src, dedicated):
        """a random good of layer src of the same class (dedicated to defence
        or not) as the buyer; any good when the layer has no dedicated goods"""
        goods = self.goods[src]
        if goods < 5:
            return rng.randrange(goods)
        if dedicated:
            return 5 * rng.randrange((goods + 1) // 5) + 4
        while True:
            g = rng.randrange(goods)
            if g % 5 != 4:
                return g

    def node(self, i):
        k, j = self.locate(i)
        kind = self.layers[k][0]
        g = self.good(k, j)
        rng = self.rng(i, 1)
        node = {"id": self.node_id(i), "kind": kind, "country": self.country(i)}
        elements = self.good_elements(k, g)
        if elements:
            node["elements"] = elements
        if kind == "sector":
            node["sector"] = SECTORS[g % len(SECTORS)]
        elif kind in ("product", "component") and rng.random() < (0.05 if kind == "product" else 0.02):
            node["end_use"] = rng.choice(NODE_TAGS)
        if kind in ("material", "magnet", "component") and rng.random() < 0.12:
            node["tech_origin"] = rng.choices([c for c, _ in TECH_ORIGINS],
                                              [w for _, w in TECH_ORIGINS])[0]
        if rng.random() < (0.9 if kind == "sector" else 0.3):
            node["output"] = round(rng.uniform(1, 1e6 if kind == "sector" else 1e4), 2)
        if rng.random() < 0.2:
            node["inventory_days"] = rng.randint(0, 120)
        if kind == "element" and rng.random() < 0.3:
            node["production_t"] = rng.randint(0, 300000)
        if rng.random() < 0.1:
            node["source"] = "gengraph"
        if rng.random() < 0.05:
            node["note"] = "generated node %d" % i
        inputs = []
        for item, suppliers, shares, value_share, substitutable in self.regular_lines(i):
            line = {"item": item}
            if value_share is not None:
                line["value_share"] = value_share
            if substitutable is not None:
                line["substitutable"] = substitutable
            line["suppliers"] = {self.node_id(s): sh for s, sh in zip(suppliers, shares)}
            inputs.append(line)
        recycled = self.recycle.get(i, [])
        for v in recycled:
            line = {"item": "recycled:" + self.node_id(v),
                    "value_share": floor_to(min(0.02, 0.09 / len(recycled)) * rng.random(), 5)}
            if rng.random() < 0.5:
                line["substitutable"] = round(rng.uniform(0.2, 0.9), 2)
            line["suppliers"] = {self.node_id(v): 1}
            inputs.append(line)
        if inputs:
            node["inputs"] = inputs
        if self.version == 2:
            self.add_version2_fields(i, kind, node)
        if self.timeline:
            self.add_timeline_fields(i, node)
        return node

    def add_version2_fields(self, i, kind, node):
        """Some magnets and components list what they are (an alloy, a
        coated part), so version 2 stops inheritance there."""
        rng = self.rng(i, 2)
        if kind in ("magnet", "component") and rng.random() < 0.3:
            node["elements"] = rng.sample(ELEMENTS, rng.randint(1, 3))

    def add_timeline_fields(self, i, node):
        """Section 7 fields of a node and its lines, from their own stream."""
        rng = self.rng(i, 3)
        if node.get("inputs"):
            if rng.random() < 0.5:
                node["inventory_days"] = rng.choice([0, 1, 2, 3, 5, 8, 10, 15,
                                                     round(rng.uniform(0, 12), 2)])
            elif "inventory_days" in node:
                del node["inventory_days"]
            if rng.random() < 0.4:
                node["restock_rate"] = rng.choice([0, 0.1, 0.25, 0.5, 1, 2,
                                                   round(rng.uniform(0, 1.5), 3)])
            for line in node["inputs"]:
                if rng.random() < 0.6:
                    line["transit_days"] = rng.choice([0, 0, 1, 1, 2, 3, 4])
        elif "inventory_days" in node:
            del node["inventory_days"]

    # ---- cycles ----

    def plan_cycles(self, count):
        """Choose `count` recycling lines u <- v where v depends on u (so each
        closes a cycle): pick a downstream v, walk 1-3 supplier steps up to u."""
        rng = random.Random(mix(self.seed, 424242))
        first_with_lines = self.start[1] if len(self.layers) > 1 else self.n
        if first_with_lines >= self.n:
            return 0
        pairs = set()
        tries = 0
        while len(pairs) < count and tries < 50 * count + 100:
            tries += 1
            v = rng.randrange(first_with_lines, self.n)
            x = v
            for _ in range(rng.randint(1, 3)):
                lines = self.regular_lines(x)
                if not lines:
                    break
                x = rng.choice(rng.choice(lines)[1])
            if x != v and (x, v) not in pairs:
                pairs.add((x, v))
        for u, v in sorted(pairs):
            self.recycle.setdefault(u, []).append(v)
        return len(pairs)

    # ---- writing ----

    def write_graph(self, out):
        head = {"chokepoint": self.version,
                "name": "gengraph seed %d, %d nodes" % (self.seed, self.n),
                "value_unit": "USD million per year",
                "sources": {"gengraph": "random graph written by tools/gengraph.py"}}
        text = json.dumps(head, separators=(",", ":"))
        out.write(text[:-1] + ',"nodes":[\n')
        for i in range(self.n):
            out.write(json.dumps(self.node(i), separators=(",", ":")))
            out.write(",\n" if i + 1 < self.n else "\n")
        out.write("]}\n")

    def scenario(self, number):
        rng = random.Random(mix(self.seed, 777, number))
        used = self.used_elements()
        controls = []
        for r in range(rng.randint(2, 5)):
            c = {"id": "s%d-rule-%d" % (number, r)}
            c["origin"] = "CN" if rng.random() < 0.7 else rng.choice(COUNTRY_CODES)
            if rng.random() < 0.85:
                pool = used if (used and rng.random() < 0.85) else ELEMENTS
                c["elements"] = rng.sample(pool, rng.randint(1, min(6, len(pool))))
            if rng.random() < 0.6:
                kinds = [k for k in LAYERS if rng.random() < (0.1 if k == "sector" else 0.5)]
                c["kinds"] = kinds or ["material"]
            if rng.random() < 0.8:
                c["denial"] = rng.choice([0, 0.1, 0.25, 0.3, 0.5, 0.75, 1,
                                          round(rng.random(), 3)])
            if rng.random() < 0.5:
                c["end_use"] = {"defence": 1.0}
                if rng.random() < 0.5:
                    c["end_use"]["auto"] = round(rng.random(), 2)
                if rng.random() < 0.3:
                    c["end_use"]["space"] = 0.0
            if rng.random() < 0.4:
                c["buyers"] = {self.node_id(rng.randrange(self.n)): round(rng.random(), 2)
                               for _ in range(rng.randint(1, 3))}
            if rng.random() < 0.25:
                c["destinations"] = rng.sample(COUNTRY_CODES, rng.randint(1, 6))
            if rng.random() < 0.25:
                c["exempt"] = rng.sample(COUNTRY_CODES, rng.randint(1, 3))
            if rng.random() < 0.5:
                ex = {}
                if rng.random() < 0.85:
                    ex["min_content"] = rng.choice([0.001, 0.0005, 0.002, 0.01, 0.05,
                                                    0.2, 0])
                if rng.random() < 0.6:
                    ex["technology"] = rng.random() < 0.7
                if rng.random() < 0.5:
                    ex["listed_kinds"] = rng.sample(["material", "magnet", "component"],
                                                    rng.randint(1, 2))
                c["extraterritorial"] = ex
            if rng.random() < 0.2:
                c["start"] = "2025-04-04"
            controls.append(c)
        outages = []
        for _ in range(rng.randint(0, 3)):
            o = {}
            r = rng.random()
            if r < 0.3:
                o["node"] = self.node_id(rng.randrange(self.n))
            else:
                if r < 0.8:
                    o["country"] = rng.choice(COUNTRY_CODES)
                if r >= 0.55:
                    o["kinds"] = rng.sample(LAYERS, rng.randint(1, 2))
            if "node" in o:
                o["loss"] = rng.choice([0.2, 0.5, 1, round(rng.random(), 3)])
            else:
                o["loss"] = rng.choice([0.1, 0.4, round(0.6 * rng.random(), 3)])
            outages.append(o)
        if self.timeline:
            self.add_dates(number, controls, outages)
        return {"chokepoint_scenario": 1,
                "name": "gengraph scenario %d for seed %d" % (number, self.seed),
                "controls": controls, "outages": outages, "changes": []}


    def date(self, day):
        return (self.epoch + datetime.timedelta(days=day)).isoformat()

    def add_dates(self, number, controls, outages):
        """Section 7 fields of a scenario: start/end, lead_days and phases on
        controls, start/end on outages (their own random stream)."""
        rng = random.Random(mix(self.seed, 778, number))
        for c in controls:
            c.pop("start", None)
            start = None
            if rng.random() < 0.8:
                start = rng.randint(0, 45)
                c["start"] = self.date(start)
                if rng.random() < 0.6:
                    c["lead_days"] = rng.choice([1, 3, 5, 10, 20, round(rng.uniform(0, 15), 1)])
            end = None
            if rng.random() < 0.4:
                end = (start if start is not None else 0) + rng.randint(3, 30)
                c["end"] = self.date(end)
            if rng.random() < 0.5:
                lo = start if start is not None else 0
                hi = (end if end is not None else 70) - 1
                days = sorted(rng.sample(range(lo, hi + 1), min(rng.randint(1, 3), hi - lo + 1)))
                phases = []
                for day in days:
                    p = {"from": self.date(day)}
                    r = rng.random()
                    if r < 0.6:
                        p["denial"] = rng.choice([0, 0.1, 0.3, 0.5, 1, round(rng.random(), 3)])
                    if 0.4 < r < 0.8:
                        p["buyers"] = {self.node_id(rng.randrange(self.n)):
                                       rng.choice([0, 0, 0.2, 1])
                                       for _ in range(rng.randint(1, 3))}
                    if r >= 0.7:
                        p["end_use"] = {"defence": rng.choice([0, 0.5, 1]),
                                        "auto": round(rng.random(), 2)}
                    phases.append(p)
                c["phases"] = phases
        for k, o in enumerate(outages):
            if rng.random() < 0.6:
                start = rng.randint(0, 50)
                o["start"] = self.date(start)
                if rng.random() < 0.5:
                    o["end"] = self.date(start + rng.randint(1, 25))
            if rng.random() < 0.3:
                o["name"] = "s%d-outage-%d" % (number, k)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, required=True, help="number of nodes")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--edges-per-node", type=float, default=5.0,
                    help="mean edges per node over the whole graph (default 5)")
    ap.add_argument("--cycles", type=int, default=0,
                    help="recycling lines that close cycles (default 0)")
    ap.add_argument("-o", "--output", help="graph file (default stdout)")
    ap.add_argument("--scenario", action="append", default=[], metavar="FILE",
                    help="also write a matching random scenario (repeatable)")
    ap.add_argument("--format-version", type=int, choices=[1, 2], default=1,
                    help="graph format version (default 1)")
    ap.add_argument("--timeline", action="store_true",
                    help="add the section 7 fields (transit, stocks, dated rules)")
    ap.add_argument("--epoch", default="2025-01-01",
                    help="first date of the dated rules (default 2025-01-01)")
    args = ap.parse_args()
    if args.nodes < 1:
        ap.error("--nodes must be >= 1")
    try:
        epoch = datetime.date.fromisoformat(args.epoch)
    except ValueError:
        ap.error("--epoch must be an ISO date")
    gen = Generator(args.nodes, args.seed, args.edges_per_node, args.format_version,
                    args.timeline, epoch)
    if args.cycles > 0:
        made = gen.plan_cycles(args.cycles)
        if made < args.cycles:
            sys.stderr.write("gengraph: only %d of %d recycling lines possible\n"
                             % (made, args.cycles))
    if args.output:
        with open(args.output, "w", buffering=1 << 20) as out:
            gen.write_graph(out)
    else:
        gen.write_graph(sys.stdout)
    for number, path in enumerate(args.scenario, 1):
        with open(path, "w") as out:
            json.dump(gen.scenario(number), out, indent=1)
            out.write("\n")


if __name__ == "__main__":
    main()
