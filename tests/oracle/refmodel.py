#!/usr/bin/env python3
"""Reference model of chokepoint, written straight from MODEL.md (version 1).

    refmodel.py GRAPH [SCENARIO...]

Prints the section-5 result JSON (floats with full precision).  Implements
sections 1, 2, 3 and 5 of MODEL.md; section 4 (`changes`) is not implemented:
a scenario with a non-empty `changes` ends with exit code 3.

Exit codes: 0 ok, 2 invalid input, 3 unsupported (changes).

This program is an oracle for tests: it is written to be obviously right, not
fast.  Every quantity is computed the way MODEL.md states it:
  - E(u)   : the upstream closure of elements (least fixed point of set union)
  - c_R, m_R: least fixed point, iterated from 0 until the largest change < 1e-12
  - t(v)   : explicit path search along consumer edges, stopping at own tags
  - blocked: max denial over matching rules (direct / extraterritorial)
  - a(v)   : greatest fixed point, iterated from 1 until the largest change < 1e-12
Python standard library only.  Shares no code with the C tool.
"""

import json
import math
import sys

KINDS = ["element", "material", "magnet", "component", "product", "sector"]

ELEMENT_SYMBOLS = set("""
H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn
Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce
Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At
Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn
Nh Fl Mc Lv Ts Og""".split())

TOLERANCE = 1e-12          # fixed-point stopping rule of MODEL.md section 3
MAX_SWEEPS = 10_000_000    # only a guard against a bug; never reached in practice

GRAPH_TOP_FIELDS = {"chokepoint", "nodes", "name", "value_unit", "sources", "note"}
NODE_FIELDS = {"id", "kind", "country", "elements", "sector", "end_use", "tech_origin",
               "output", "inventory_days", "source", "inputs", "production_t",
               "name", "note"}
LINE_FIELDS = {"item", "value_share", "substitutable", "suppliers", "source",
               "name", "note"}
SCENARIO_TOP_FIELDS = {"chokepoint_scenario", "name", "note", "source", "sources",
                       "controls", "outages", "changes"}
CONTROL_FIELDS = {"id", "origin", "elements", "kinds", "denial", "end_use", "buyers",
                  "destinations", "exempt", "extraterritorial", "start", "end",
                  "name", "note", "source"}
EXTRATERRITORIAL_FIELDS = {"min_content", "technology", "listed_kinds"}
OUTAGE_FIELDS = {"node", "country", "kinds", "loss", "start", "end", "name", "note",
                 "source"}


class InputError(Exception):
    pass


class Unsupported(Exception):
    pass


# --------------------------------------------------------------------------
# reading and checking input

def reject_constant(name):
    raise InputError("non-finite number %s" % name)


def reject_duplicate_keys(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise InputError("duplicate key '%s' in an object" % key)
        obj[key] = value
    return obj


def read_json(path):
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
    except OSError as e:
        raise InputError("cannot open '%s': %s" % (path, e.strerror))
    except UnicodeDecodeError:
        raise InputError("%s: not UTF-8" % path)
    try:
        return json.loads(text, object_pairs_hook=reject_duplicate_keys,
                          parse_constant=reject_constant)
    except InputError as e:
        raise InputError("%s: %s" % (path, e))
    except ValueError as e:
        raise InputError("%s: invalid JSON: %s" % (path, e))


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def need(cond, where, msg):
    if not cond:
        raise InputError("%s: %s" % (where, msg))


def is_country(x):
    return isinstance(x, str) and 2 <= len(x) <= 3 and all("A" <= ch <= "Z" for ch in x)


def check_fraction(value, where):
    need(is_number(value), where, "must be a number")
    need(0 <= value <= 1, where, "must be in [0,1]")
    return float(value)


def check_country_list(value, where):
    need(isinstance(value, list), where, "must be an array of country codes")
    for i, c in enumerate(value):
        need(is_country(c), "%s[%d]" % (where, i), "not a country code")
    return list(value)


def check_kind_list(value, where):
    need(isinstance(value, list), where, "must be an array of kinds")
    for i, k in enumerate(value):
        need(k in KINDS, "%s[%d]" % (where, i), "unknown kind %r" % (k,))
    return list(value)


def check_element_list(value, where):
    need(isinstance(value, list), where, "must be an array of chemical symbols")
    for i, e in enumerate(value):
        need(isinstance(e, str) and e in ELEMENT_SYMBOLS, "%s[%d]" % (where, i),
             "not a chemical symbol: %r" % (e,))
    return list(value)


class Warnings:
    def __init__(self):
        self.messages = []
        self.unknown_seen = set()

    def add(self, msg):
        self.messages.append(msg)

    def unknown_fields(self, obj, known, where):
        for key in obj:
            if key not in known and key not in self.unknown_seen:
                self.unknown_seen.add(key)
                self.add("%s: unknown field '%s' ignored" % (where, key))


def load_graph(path, warnings):
    doc = read_json(path)
    need(isinstance(doc, dict), path, "top level must be an object")
    need(doc.get("chokepoint") == 1 and not isinstance(doc.get("chokepoint"), bool),
         path, "'chokepoint' must be 1")
    warnings.unknown_fields(doc, GRAPH_TOP_FIELDS, path)
    sources = doc.get("sources", {})
    need(isinstance(sources, dict), path + ": sources", "must be an object")
    for key in ("name", "value_unit"):
        if key in doc:
            need(isinstance(doc[key], str), path + ": " + key, "must be a string")
    nodes_in = doc.get("nodes")
    need(isinstance(nodes_in, list) and len(nodes_in) > 0, path + ": nodes",
         "must be a non-empty array")

    nodes = []
    ids = set()
    for n, raw in enumerate(nodes_in):
        where = "%s: nodes[%d]" % (path, n)
        need(isinstance(raw, dict), where, "must be an object")
        warnings.unknown_fields(raw, NODE_FIELDS, where)
        node_id = raw.get("id")
        need(isinstance(node_id, str), where + ".id", "must be a string")
        need(1 <= len(node_id.encode("utf-8")) <= 256, where + ".id", "must be 1-256 bytes")
        need(all(ord(ch) >= 0x20 and ord(ch) != 0x7f for ch in node_id), where + ".id",
             "contains a control character")
        need(node_id not in ids, where + ".id", "duplicate id '%s'" % node_id)
        ids.add(node_id)
        kind = raw.get("kind")
        need(kind in KINDS, where + ".kind", "must be one of %s" % ", ".join(KINDS))
        country = raw.get("country")
        need(is_country(country), where + ".country", "must be 2-3 upper-case letters")
        elements = check_element_list(raw.get("elements", []), where + ".elements")
        sector = raw.get("sector", node_id)
        need(isinstance(sector, str), where + ".sector", "must be a string")
        end_use = raw.get("end_use")
        need(end_use is None or isinstance(end_use, str), where + ".end_use",
             "must be a string")
        tech_origin = raw.get("tech_origin")
        need(tech_origin is None or is_country(tech_origin), where + ".tech_origin",
             "must be a country code")
        output = raw.get("output")
        if output is not None:
            need(is_number(output) and output >= 0, where + ".output", "must be a number >= 0")
            output = float(output)
        for key in ("inventory_days", "production_t"):
            if key in raw:
                need(is_number(raw[key]) and raw[key] >= 0, where + "." + key,
                     "must be a number >= 0")
        if "source" in raw:
            need(isinstance(raw["source"], str) and raw["source"] in sources, where + ".source",
                 "unknown source %r" % (raw["source"],))
        inputs = raw.get("inputs", [])
        need(isinstance(inputs, list), where + ".inputs", "must be an array")
        lines = []
        items = set()
        for l, rawline in enumerate(inputs):
            lwhere = "%s.inputs[%d]" % (where, l)
            need(isinstance(rawline, dict), lwhere, "must be an object")
            warnings.unknown_fields(rawline, LINE_FIELDS, lwhere)
            item = rawline.get("item")
            need(isinstance(item, str), lwhere + ".item", "must be a string")
            need(item not in items, lwhere + ".item", "duplicate item '%s' in node" % item)
            items.add(item)
            value_share = check_fraction(rawline.get("value_share", 0), lwhere + ".value_share")
            substitutable = check_fraction(rawline.get("substitutable", 0),
                                           lwhere + ".substitutable")
            if "source" in rawline:
                need(isinstance(rawline["source"], str) and rawline["source"] in sources,
                     lwhere + ".source",
                     "unknown source %r" % (rawline["source"],))
            suppliers = rawline.get("suppliers")
            need(isinstance(suppliers, dict) and len(suppliers) > 0, lwhere + ".suppliers",
                 "must be a non-empty object")
            supplier_list = []
            for sid, share in suppliers.items():
                need(is_number(share) and share > 0, lwhere + ".suppliers." + sid,
                     "share must be a finite number > 0")
                need(sid != node_id, lwhere + ".suppliers." + sid,
                     "a node cannot supply itself")
                supplier_list.append((sid, float(share)))
            lines.append({"item": item, "value_share": value_share,
                          "substitutable": substitutable, "suppliers": supplier_list})
        total_value_share = sum(line["value_share"] for line in lines)
        need(total_value_share <= 1 + 1e-9, where + ".inputs",
             "value shares sum to %r > 1" % total_value_share)
        nodes.append({"id": node_id, "kind": kind, "country": country,
                      "elements": set(elements), "sector": sector, "end_use": end_use,
                      "tech_origin": tech_origin, "output": output, "lines": lines})

    # suppliers must exist; shares normalised within a line (warn when far from 1)
    for n, node in enumerate(nodes):
        for l, line in enumerate(node["lines"]):
            lwhere = "%s: nodes[%d].inputs[%d].suppliers" % (path, n, l)
            for sid, _ in line["suppliers"]:
                need(sid in ids, lwhere, "unknown node '%s'" % sid)
            total = sum(share for _, share in line["suppliers"])
            if not (0.99 <= total <= 1.01):
                warnings.add("%s: shares of line '%s' of '%s' sum to %r"
                             % (lwhere, line["item"], node["id"], total))
            line["normalised"] = [(sid, share / total) for sid, share in line["suppliers"]]
    return nodes


def load_scenario(path, node_ids, warnings):
    doc = read_json(path)
    need(isinstance(doc, dict), path, "top level must be an object")
    need(doc.get("chokepoint_scenario") == 1
         and not isinstance(doc.get("chokepoint_scenario"), bool),
         path, "'chokepoint_scenario' must be 1")
    warnings.unknown_fields(doc, SCENARIO_TOP_FIELDS, path)
    changes = doc.get("changes", [])
    need(isinstance(changes, list), path + ": changes", "must be an array")
    if changes:
        raise Unsupported("%s: 'changes' (MODEL.md section 4) are not implemented "
                          "by refmodel" % path)
    controls_in = doc.get("controls", [])
    need(isinstance(controls_in, list), path + ": controls", "must be an array")
    outages_in = doc.get("outages", [])
    need(isinstance(outages_in, list), path + ": outages", "must be an array")

    controls = []
    for i, raw in enumerate(controls_in):
        where = "%s: controls[%d]" % (path, i)
        need(isinstance(raw, dict), where, "must be an object")
        warnings.unknown_fields(raw, CONTROL_FIELDS, where)
        rule_id = raw.get("id")
        need(isinstance(rule_id, str) and rule_id != "", where + ".id",
             "must be a non-empty string")
        origin = raw.get("origin")
        need(is_country(origin), where + ".origin", "must be a country code")
        elements = None
        if "elements" in raw:
            elements = set(check_element_list(raw["elements"], where + ".elements"))
        kinds = [k for k in KINDS if k != "sector"]
        if "kinds" in raw:
            kinds = check_kind_list(raw["kinds"], where + ".kinds")
        denial = check_fraction(raw.get("denial", 1), where + ".denial")
        end_use = raw.get("end_use", {})
        need(isinstance(end_use, dict), where + ".end_use", "must be an object")
        end_use = {tag: check_fraction(v, where + ".end_use." + tag)
                   for tag, v in end_use.items()}
        buyers = raw.get("buyers", {})
        need(isinstance(buyers, dict), where + ".buyers", "must be an object")
        for bid in buyers:
            need(bid in node_ids, where + ".buyers", "unknown node '%s'" % bid)
        buyers = {bid: check_fraction(v, where + ".buyers." + bid)
                  for bid, v in buyers.items()}
        destinations = None
        if "destinations" in raw:
            destinations = set(check_country_list(raw["destinations"],
                                                  where + ".destinations"))
        exempt = set()
        if "exempt" in raw:
            exempt = set(check_country_list(raw["exempt"], where + ".exempt"))
        extra = None
        if "extraterritorial" in raw:
            ex = raw["extraterritorial"]
            ewhere = where + ".extraterritorial"
            need(isinstance(ex, dict), ewhere, "must be an object")
            warnings.unknown_fields(ex, EXTRATERRITORIAL_FIELDS, ewhere)
            min_content = None
            if "min_content" in ex:
                min_content = check_fraction(ex["min_content"], ewhere + ".min_content")
            technology = ex.get("technology", False)
            need(isinstance(technology, bool), ewhere + ".technology", "must be true or false")
            listed_kinds = check_kind_list(ex.get("listed_kinds", []),
                                           ewhere + ".listed_kinds")
            extra = {"min_content": min_content, "technology": technology,
                     "listed_kinds": set(listed_kinds)}
        controls.append({"id": rule_id, "origin": origin, "elements": elements,
                         "kinds": set(kinds), "denial": denial, "end_use": end_use,
                         "buyers": buyers, "destinations": destinations,
                         "exempt": exempt, "extraterritorial": extra})

    outages = []
    for i, raw in enumerate(outages_in):
        where = "%s: outages[%d]" % (path, i)
        need(isinstance(raw, dict), where, "must be an object")
        warnings.unknown_fields(raw, OUTAGE_FIELDS, where)
        need("node" in raw or "country" in raw or "kinds" in raw, where,
             "must select by 'node', 'country' or 'kinds'")
        node = raw.get("node")
        if node is not None:
            need(node in node_ids, where + ".node", "unknown node %r" % (node,))
        country = raw.get("country")
        if country is not None:
            need(is_country(country), where + ".country", "must be a country code")
        kinds = None
        if "kinds" in raw:
            kinds = set(check_kind_list(raw["kinds"], where + ".kinds"))
        need("loss" in raw, where, "missing 'loss'")
        loss = check_fraction(raw["loss"], where + ".loss")
        outages.append({"node": node, "country": country, "kinds": kinds, "loss": loss})
    return controls, outages


# --------------------------------------------------------------------------
# the model

def contained_elements(nodes, index):
    """E(u): u's own elements plus E of every supplier (upstream closure),
    computed as the least fixed point of the set equations."""
    E = [set(node["elements"]) for node in nodes]
    changed = True
    while changed:
        changed = False
        for u, node in enumerate(nodes):
            for line in node["lines"]:
                for sid, _ in line["normalised"]:
                    extra = E[index[sid]] - E[u]
                    if extra:
                        E[u] |= extra
                        changed = True
    return E


def in_scope(rule, u, nodes, E):
    """2.1: kind(u) in R's kinds and (R lists no elements, or E(u) meets them)."""
    if nodes[u]["kind"] not in rule["kinds"]:
        return False
    if not rule["elements"]:
        return True
    return bool(E[u] & rule["elements"])


def origin_content(rule, nodes, index, E):
    """2.2: c_R for every node, the least fixed point iterated from 0."""
    O = rule["origin"]
    listed_kinds = rule["extraterritorial"]["listed_kinds"] if rule["extraterritorial"] else set()

    def m(u, c):
        node = nodes[u]
        if node["country"] == O:
            if not rule["elements"]:
                return 1.0
            if node["elements"] & rule["elements"]:
                return 1.0
            if node["kind"] in listed_kinds and in_scope(rule, u, nodes, E):
                return 1.0
        return c[u]

    c = [0.0] * len(nodes)
    for _ in range(MAX_SWEEPS):
        new_c = []
        for node in nodes:
            total = 0.0
            for line in node["lines"]:
                inner = 0.0
                for sid, share in line["normalised"]:
                    inner += share * m(index[sid], c)
                total += line["value_share"] * inner
            new_c.append(total)
        change = max(abs(x - y) for x, y in zip(new_c, c))
        c = new_c
        if change < TOLERANCE:
            return c
    raise RuntimeError("origin content did not converge")


def consumers_of(nodes, index):
    """For each node, the consumers it sells to (one entry per edge)."""
    consumers = [[] for _ in nodes]
    for v, node in enumerate(nodes):
        for line in node["lines"]:
            for sid, _ in line["normalised"]:
                consumers[index[sid]].append(v)
    return consumers


def own_tag(node):
    if node["end_use"] is not None:
        return node["end_use"]
    if node["kind"] == "sector":
        return node["sector"]
    return None


OPEN = object()   # the marker *open* of 2.3


def end_use_tag(v, nodes, consumers):
    """2.3 by explicit path search: walk consumer edges from v, stopping on each
    path at the first node with an own tag; collect T(v) (the tags where paths
    stop, plus *open* when a path reaches a node with neither consumers nor own
    tag).  Returns the tag, or None when untagged."""
    if own_tag(nodes[v]) is not None:
        return own_tag(nodes[v])
    T = set()
    seen = {v}
    stack = [v]
    while stack:
        x = stack.pop()
        # x has no own tag here
        if not consumers[x]:
            T.add(OPEN)
        for w in consumers[x]:
            tag = own_tag(nodes[w])
            if tag is not None:
                T.add(tag)
            elif w not in seen:
                seen.add(w)
                stack.append(w)
        if OPEN in T or len(T) > 1:
            return None   # already more than one tag, or open: untagged
    if len(T) == 1:
        return next(iter(T))
    return None   # no tag at all (e.g. a closed loop without exit)


def match_edge(rule, u, v, nodes, E, content, tags):
    """2.4: (matches, by_extraterritorial_clause, denial)."""
    O = rule["origin"]
    cu = nodes[u]["country"]
    cv = nodes[v]["country"]
    if not in_scope(rule, u, nodes, E):
        return False, False, 0.0
    direct = cu == O and cv != O
    extraterritorial = False
    ex = rule["extraterritorial"]
    if ex is not None and cu != O and cv != cu and cv != O:
        by_content = ex["min_content"] is not None and content[u] >= ex["min_content"]
        by_technology = ex["technology"] and nodes[u]["tech_origin"] == O
        extraterritorial = by_content or by_technology
    if not (direct or extraterritorial):
        return False, False, 0.0
    if rule["destinations"] is not None and cv not in rule["destinations"]:
        return False, False, 0.0
    if cv in rule["exempt"]:
        return False, False, 0.0
    vid = nodes[v]["id"]
    if vid in rule["buyers"]:
        denial = rule["buyers"][vid]
    elif tags[v] is not None and tags[v] in rule["end_use"]:
        denial = rule["end_use"][tags[v]]
    else:
        denial = rule["denial"]
    return True, extraterritorial, denial


def node_loss(node, outages):
    """3: the largest loss among the outages that select the node (0 if none)."""
    loss = 0.0
    for o in outages:
        selected = True
        if o["node"] is not None and o["node"] != node["id"]:
            selected = False
        if o["country"] is not None and o["country"] != node["country"]:
            selected = False
        if o["kinds"] is not None and node["kind"] not in o["kinds"]:
            selected = False
        if selected:
            loss = max(loss, o["loss"])
    return loss


def availability(nodes, index, edges, losses):
    """3: a(v), the greatest fixed point iterated from a = 1."""
    blocked_of = {}
    for e in edges:
        blocked_of[(e["consumer"], e["line"], e["position"])] = e["blocked"]
    a = [1.0] * len(nodes)
    for _ in range(MAX_SWEEPS):
        new_a = []
        for v, node in enumerate(nodes):
            if not node["lines"]:
                new_a.append(1.0 - losses[v])
                continue
            worst = None
            for l, line in enumerate(node["lines"]):
                S = 0.0
                for p, (sid, share) in enumerate(line["normalised"]):
                    S += share * (1.0 - blocked_of[(v, l, p)]) * a[index[sid]]
                line_level = 1.0 - (1.0 - line["substitutable"]) * (1.0 - S)
                if worst is None or line_level < worst:
                    worst = line_level
            new_a.append((1.0 - losses[v]) * worst)
        change = max(abs(x - y) for x, y in zip(new_a, a))
        a = new_a
        if change < TOLERANCE:
            return a
    raise RuntimeError("availability did not converge")


def score(graph_path, scenario_paths):
    warnings = Warnings()
    nodes = load_graph(graph_path, warnings)
    index = {node["id"]: i for i, node in enumerate(nodes)}
    controls, outages = [], []
    for path in scenario_paths:
        more_controls, more_outages = load_scenario(path, index, warnings)
        controls += more_controls
        outages += more_outages
    rule_ids = set()
    for rule in controls:
        if rule["id"] in rule_ids:
            raise InputError("control id '%s' is not unique" % rule["id"])
        rule_ids.add(rule["id"])

    E = contained_elements(nodes, index)
    content = {rule["id"]: origin_content(rule, nodes, index, E) for rule in controls}
    consumers = consumers_of(nodes, index)
    tags = [end_use_tag(v, nodes, consumers) for v in range(len(nodes))]

    # edges: consumer in file order, then its lines, then suppliers as written
    edges = []
    for v, node in enumerate(nodes):
        for l, line in enumerate(node["lines"]):
            for p, (sid, _) in enumerate(line["normalised"]):
                u = index[sid]
                rules, extraterritorial, blocked = [], False, 0.0
                for rule in controls:
                    matches, by_ex, denial = match_edge(rule, u, v, nodes, E,
                                                        content[rule["id"]], tags)
                    if matches:
                        rules.append(rule["id"])
                        extraterritorial = extraterritorial or by_ex
                        blocked = max(blocked, denial)
                edges.append({"consumer": v, "line": l, "position": p, "from": sid,
                              "to": node["id"], "item": line["item"], "blocked": blocked,
                              "rules": rules, "extraterritorial": extraterritorial})

    losses = [node_loss(node, outages) for node in nodes]
    a = availability(nodes, index, edges, losses)
    d = [1.0 - x for x in a]

    result_nodes = []
    for v, node in enumerate(nodes):
        result_nodes.append({"id": node["id"], "disruption": d[v], "end_use": tags[v],
                             "content": {rule["id"]: content[rule["id"]][v]
                                         for rule in controls}})
    result_edges = [{"from": e["from"], "to": e["to"], "item": e["item"],
                     "blocked": float(e["blocked"]), "rules": e["rules"],
                     "extraterritorial": e["extraterritorial"]} for e in edges]
    result_sectors = []
    groups = {}
    for v, node in enumerate(nodes):
        if node["kind"] != "sector":
            continue
        var = None if node["output"] is None else d[v] * node["output"]
        result_sectors.append({"id": node["id"], "sector": node["sector"],
                               "country": node["country"], "disruption": d[v],
                               "value_at_risk": var})
        groups.setdefault(node["sector"], []).append(v)

    # sector summary (MODEL.md 3): not part of the section-5 example; an extension
    summary = []
    for name, members in groups.items():
        outputs = [nodes[v]["output"] for v in members]
        if all(o is not None for o in outputs) and sum(outputs) > 0:
            mean = sum(d[v] * nodes[v]["output"] for v in members) / sum(outputs)
            weighted = True
        else:
            mean = sum(d[v] for v in members) / len(members)
            weighted = False
            warnings.add("sector '%s': disruption is an unweighted mean "
                         "(output missing or zero)" % name)
        summary.append({"sector": name, "disruption": mean, "weighted": weighted,
                        "nodes": len(members)})

    return {"chokepoint_result": 1, "nodes": result_nodes, "edges": result_edges,
            "sectors": result_sectors, "sector_summary": summary,
            "warnings": warnings.messages}


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: refmodel.py GRAPH [SCENARIO...]\n")
        return 2 if len(argv) < 2 else 0
    try:
        result = score(argv[1], argv[2:])
    except InputError as e:
        sys.stderr.write("refmodel: %s\n" % e)
        return 2
    except Unsupported as e:
        sys.stderr.write("refmodel: %s\n" % e)
        return 3
    sys.stdout.write(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
