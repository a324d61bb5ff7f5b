#!/usr/bin/env python3
"""Reference model of chokepoint, written straight from MODEL.md (versions 1 and 2).

    refmodel.py GRAPH [SCENARIO...] [--at DATE] [--shares]
    refmodel.py timeline GRAPH [SCENARIO...] [--from DATE] [--to DATE] [--threshold X]

The first form prints the section-5 result JSON (floats with full precision);
with --at, the static score at a date (7.5); with --shares, `sectors[].shares`
and `sector_summary[].shares`, the exact Shapley shares of 3.1 (only when there
are at most 12 players; a `players` list names them in order).  The second form
prints the section 7.4 timeline JSON.  Section 4 (`changes`) is not
implemented: a scenario with a non-empty `changes` ends with exit code 3.

Exit codes: 0 ok, 2 invalid input or usage, 3 unsupported (changes).

This program is an oracle for tests: it is written to be obviously right, not
fast.  Every quantity is computed the way MODEL.md states it:
  - E(u)   : the upstream closure of elements (least fixed point of set union);
             in version 2, a node listing elements contains exactly those
  - c_R, m_R: least fixed point, iterated from 0 until the largest change < 1e-12
  - t(v)   : explicit path search along consumer edges, stopping at own tags
  - blocked: max denial over matching rules (direct / extraterritorial)
  - a(v)   : greatest fixed point, iterated from 1 until the largest change < 1e-12
  - shares : every subset of players scored, then the Shapley sum as written
  - timeline: a day loop with per-line stock dicts and Jacobi sweeps per day
Python standard library only.  Shares no code with the C tool.
"""

import datetime
import json
import math
import re
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
               "output", "inventory_days", "restock_rate", "source", "inputs",
               "production_t", "name", "note"}
LINE_FIELDS = {"item", "value_share", "substitutable", "suppliers", "transit_days",
               "source", "name", "note"}
SCENARIO_TOP_FIELDS = {"chokepoint_scenario", "name", "note", "source", "sources",
                       "controls", "outages", "changes"}
CONTROL_FIELDS = {"id", "origin", "elements", "kinds", "denial", "end_use", "buyers",
                  "destinations", "exempt", "extraterritorial", "start", "end",
                  "lead_days", "phases", "name", "note", "source"}
PHASE_FIELDS = {"from", "denial", "end_use", "buyers", "note", "source"}
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


DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def check_date(value, where):
    """an ISO date YYYY-MM-DD that exists in the calendar"""
    need(isinstance(value, str) and DATE_PATTERN.match(value), where,
         "must be an ISO date YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError("%s: no such date %r" % (where, value))


def load_graph(path, warnings, info=None):
    """The graph's nodes; `info` (a dict), when given, receives the format
    version under "version"."""
    doc = read_json(path)
    need(isinstance(doc, dict), path, "top level must be an object")
    version = doc.get("chokepoint")
    need(version in (1, 2) and not isinstance(version, bool) and isinstance(version, int),
         path, "'chokepoint' must be 1 or 2")
    if info is not None:
        info["version"] = version
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
        for key in ("inventory_days", "restock_rate", "production_t"):
            if key in raw:
                need(is_number(raw[key]) and raw[key] >= 0, where + "." + key,
                     "must be a number >= 0")
        inventory_days = float(raw.get("inventory_days", 0))
        restock_rate = float(raw.get("restock_rate", 0.25))
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
            transit = rawline.get("transit_days", 0)
            need(is_number(transit) and transit >= 0 and transit == int(transit),
                 lwhere + ".transit_days", "must be an integer >= 0")
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
                          "substitutable": substitutable, "suppliers": supplier_list,
                          "transit_days": int(transit)})
        total_value_share = sum(line["value_share"] for line in lines)
        need(total_value_share <= 1 + 1e-9, where + ".inputs",
             "value shares sum to %r > 1" % total_value_share)
        nodes.append({"id": node_id, "kind": kind, "country": country,
                      "elements": set(elements), "sector": sector, "end_use": end_use,
                      "tech_origin": tech_origin, "output": output, "lines": lines,
                      "inventory_days": inventory_days, "restock_rate": restock_rate})

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


def check_end_use(value, where):
    need(isinstance(value, dict), where, "must be an object")
    return {tag: check_fraction(v, where + "." + tag) for tag, v in value.items()}


def check_buyers(value, where, node_ids):
    need(isinstance(value, dict), where, "must be an object")
    for bid in value:
        need(bid in node_ids, where, "unknown node '%s'" % bid)
    return {bid: check_fraction(v, where + "." + bid) for bid, v in value.items()}


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
        end_use = check_end_use(raw.get("end_use", {}), where + ".end_use")
        buyers = check_buyers(raw.get("buyers", {}), where + ".buyers", node_ids)
        start = check_date(raw["start"], where + ".start") if "start" in raw else None
        end = check_date(raw["end"], where + ".end") if "end" in raw else None
        if start is not None and end is not None:
            need(end > start, where + ".end", "must be after 'start'")
        lead_days = raw.get("lead_days", 0)
        need(is_number(lead_days) and lead_days >= 0, where + ".lead_days",
             "must be a number >= 0")
        phases = []
        phases_in = raw.get("phases", [])
        need(isinstance(phases_in, list), where + ".phases", "must be an array")
        for p, rawphase in enumerate(phases_in):
            pwhere = "%s.phases[%d]" % (where, p)
            need(isinstance(rawphase, dict), pwhere, "must be an object")
            warnings.unknown_fields(rawphase, PHASE_FIELDS, pwhere)
            need("from" in rawphase, pwhere, "missing 'from'")
            when = check_date(rawphase["from"], pwhere + ".from")
            if phases:
                need(when > phases[-1][0], pwhere + ".from",
                     "phases must be sorted by 'from' (strictly)")
            need(start is None or when >= start, pwhere + ".from", "before the rule's 'start'")
            need(end is None or when < end, pwhere + ".from", "not before the rule's 'end'")
            fields = {}
            if "denial" in rawphase:
                fields["denial"] = check_fraction(rawphase["denial"], pwhere + ".denial")
            if "end_use" in rawphase:
                fields["end_use"] = check_end_use(rawphase["end_use"], pwhere + ".end_use")
            if "buyers" in rawphase:
                fields["buyers"] = check_buyers(rawphase["buyers"], pwhere + ".buyers",
                                                node_ids)
            phases.append((when, fields))
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
                         "exempt": exempt, "extraterritorial": extra,
                         "start": start, "end": end, "lead_days": float(lead_days),
                         "phases": phases})

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
        start = check_date(raw["start"], where + ".start") if "start" in raw else None
        end = check_date(raw["end"], where + ".end") if "end" in raw else None
        if start is not None and end is not None:
            need(end > start, where + ".end", "must be after 'start'")
        name = raw.get("name")
        need(name is None or isinstance(name, str), where + ".name", "must be a string")
        outages.append({"node": node, "country": country, "kinds": kinds, "loss": loss,
                        "start": start, "end": end, "name": name})
    return controls, outages


# --------------------------------------------------------------------------
# the model

def contained_elements(nodes, index, version=1):
    """E(u): u's own elements plus E of every supplier (upstream closure),
    computed as the least fixed point of the set equations.  In format
    version 2 (MODEL.md 2.1) a node listing elements contains exactly those,
    and only a node listing none inherits from its suppliers."""
    E = [set(node["elements"]) for node in nodes]
    changed = True
    while changed:
        changed = False
        for u, node in enumerate(nodes):
            if version == 2 and node["elements"]:
                continue
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


def match_edge(rule, u, v, nodes, E, content):
    """2.4 without the denial: (matches, by_extraterritorial_clause).
    Matching does not depend on the date (MODEL.md 7.2)."""
    O = rule["origin"]
    cu = nodes[u]["country"]
    cv = nodes[v]["country"]
    if not in_scope(rule, u, nodes, E):
        return False, False
    direct = cu == O and cv != O
    extraterritorial = False
    ex = rule["extraterritorial"]
    if ex is not None and cu != O and cv != cu and cv != O:
        by_content = ex["min_content"] is not None and content[u] >= ex["min_content"]
        by_technology = ex["technology"] and nodes[u]["tech_origin"] == O
        extraterritorial = by_content or by_technology
    if not (direct or extraterritorial):
        return False, False
    if rule["destinations"] is not None and cv not in rule["destinations"]:
        return False, False
    if cv in rule["exempt"]:
        return False, False
    return True, extraterritorial


def own_fields(rule):
    return {"denial": rule["denial"], "end_use": rule["end_use"], "buyers": rule["buyers"]}


def fields_at(rule, date):
    """The rule's denial, end_use and buyers in force on `date` (MODEL.md 7.2):
    the rule's own, each replaced by the field given in the last phase with
    from <= date.  Phases do not accumulate."""
    fields = own_fields(rule)
    for when, given in rule["phases"]:
        if when <= date:
            fields = own_fields(rule)
            fields.update(given)
    return fields


def denial_for(fields, v, nodes, tags):
    """2.4: buyers[v], else end_use[t(v)], else denial."""
    vid = nodes[v]["id"]
    if vid in fields["buyers"]:
        return fields["buyers"][vid]
    if tags[v] is not None and tags[v] in fields["end_use"]:
        return fields["end_use"][tags[v]]
    return fields["denial"]


def active(thing, date):
    """start <= date < end, a missing start or end being unbounded"""
    if thing["start"] is not None and date < thing["start"]:
        return False
    if thing["end"] is not None and date >= thing["end"]:
        return False
    return True


def selects(outage, node):
    if outage["node"] is not None and outage["node"] != node["id"]:
        return False
    if outage["country"] is not None and outage["country"] != node["country"]:
        return False
    if outage["kinds"] is not None and node["kind"] not in outage["kinds"]:
        return False
    return True


def node_loss(node, outages):
    """3: the largest loss among the outages that select the node (0 if none)."""
    loss = 0.0
    for o in outages:
        if selects(o, node):
            loss = max(loss, o["loss"])
    return loss


def availability(nodes, index, blocked, losses):
    """3: a(v), the greatest fixed point iterated from a = 1 (Jacobi sweeps).
    `blocked` lists the blocked fraction of every edge in the model's edge
    order (consumer, line, supplier)."""
    a = [1.0] * len(nodes)
    for _ in range(MAX_SWEEPS):
        new_a = []
        e = 0
        for v, node in enumerate(nodes):
            if not node["lines"]:
                new_a.append(1.0 - losses[v])
                continue
            worst = None
            for line in node["lines"]:
                S = 0.0
                for sid, share in line["normalised"]:
                    S += share * (1.0 - blocked[e]) * a[index[sid]]
                    e += 1
                line_level = 1.0 - (1.0 - line["substitutable"]) * (1.0 - S)
                if worst is None or line_level < worst:
                    worst = line_level
            new_a.append((1.0 - losses[v]) * worst)
        change = max(abs(x - y) for x, y in zip(new_a, a))
        a = new_a
        if change < TOLERANCE:
            return a
    raise RuntimeError("availability did not converge")


def load(graph_path, scenario_paths):
    """Everything the files say, checked: nodes, controls and outages."""
    warnings = Warnings()
    info = {}
    nodes = load_graph(graph_path, warnings, info)
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
    for n, o in enumerate(outages, 1):
        o["player"] = o["name"] if o["name"] is not None else "outage %d" % n
    return {"warnings": warnings, "version": info["version"], "nodes": nodes,
            "index": index, "controls": controls, "outages": outages}


def prepare(model):
    """The date-independent structure: E, content, tags, and for every edge
    (in the model's order) the rules that match it."""
    nodes, index, controls = model["nodes"], model["index"], model["controls"]
    E = contained_elements(nodes, index, model["version"])
    content = {rule["id"]: origin_content(rule, nodes, index, E) for rule in controls}
    consumers = consumers_of(nodes, index)
    tags = [end_use_tag(v, nodes, consumers) for v in range(len(nodes))]
    edges = []
    for v, node in enumerate(nodes):
        for l, line in enumerate(node["lines"]):
            for p, (sid, share) in enumerate(line["normalised"]):
                u = index[sid]
                matches = []
                for r, rule in enumerate(controls):
                    ok, by_ex = match_edge(rule, u, v, nodes, E, content[rule["id"]])
                    if ok:
                        matches.append((r, by_ex))
                edges.append({"consumer": v, "supplier": u, "line": l, "position": p,
                              "share": share, "from": sid, "to": node["id"],
                              "item": line["item"], "matches": matches})
    model.update({"E": E, "content": content, "tags": tags, "edges": edges})
    return model


def shapley(value, k):
    """Exact Shapley values of k players; value(mask) is the game's value with
    the players of the bit mask in force.  Returns [phi_i] and value(all) - value(0)."""
    values = [value(mask) for mask in range(1 << k)]
    fact = [math.factorial(n) for n in range(k + 1)]
    phi = []
    for i in range(k):
        total = 0.0
        for mask in range(1 << k):
            if mask & (1 << i):
                continue
            size = bin(mask).count("1")
            weight = fact[size] * fact[k - size - 1] / fact[k]
            total += weight * (values[mask | (1 << i)] - values[mask])
        phi.append(total)
    return phi, values


MAX_EXACT_PLAYERS = 12


def score(graph_path, scenario_paths, at=None, shares=False):
    """MODEL.md section 3 and 5; with `at`, 7.5: only the controls and
    outages active on that date block or cut, each control with the fields in
    force on it.  Matching does not depend on the date (7.2), so every rule
    keeps its `content` and is listed in the `rules` of the edges it matches;
    every control and outage stays a player, and one not in force has share 0.
    With `shares`, Shapley shares (3.1) when there are at most 12 players."""
    model = load(graph_path, scenario_paths)
    prepare(model)
    nodes, controls, outages = model["nodes"], model["controls"], model["outages"]
    tags, content, edges, warnings = (model["tags"], model["content"], model["edges"],
                                      model["warnings"])
    fields = [fields_at(rule, at) if at is not None else own_fields(rule)
              for rule in controls]
    # denial of every matching rule on every edge, fixed for this score
    for e in edges:
        e["denials"] = [(r, denial_for(fields[r], e["consumer"], nodes, tags))
                        for r, _ in e["matches"]]

    def blocked_with(rule_mask):
        return [max([d for r, d in e["denials"] if rule_mask >> r & 1], default=0.0)
                for e in edges]

    def losses_with(outage_mask):
        return [max([o["loss"] for n, o in enumerate(outages)
                     if outage_mask >> n & 1 and selects(o, node)], default=0.0)
                for node in nodes]

    all_rules = sum(1 << r for r, rule in enumerate(controls)
                    if at is None or active(rule, at))
    all_outages = sum(1 << n for n, o in enumerate(outages)
                      if at is None or active(o, at))
    blocked = blocked_with(all_rules)
    losses = losses_with(all_outages)
    a = availability(nodes, model["index"], blocked, losses)
    d = [1.0 - x for x in a]

    result_nodes = []
    for v, node in enumerate(nodes):
        result_nodes.append({"id": node["id"], "disruption": d[v], "end_use": tags[v],
                             "content": {rule["id"]: content[rule["id"]][v]
                                         for rule in controls}})
    result_edges = []
    for e, b in zip(edges, blocked):
        result_edges.append({"from": e["from"], "to": e["to"], "item": e["item"],
                             "blocked": float(b),
                             "rules": [controls[r]["id"] for r, _ in e["matches"]],
                             "extraterritorial": any(x for _, x in e["matches"])})
    sector_nodes = [v for v, node in enumerate(nodes) if node["kind"] == "sector"]
    result_sectors = []
    groups = {}
    for v in sector_nodes:
        node = nodes[v]
        var = None if node["output"] is None else d[v] * node["output"]
        result_sectors.append({"id": node["id"], "sector": node["sector"],
                               "country": node["country"], "disruption": d[v],
                               "value_at_risk": var})
        groups.setdefault(node["sector"], []).append(v)

    players = [rule["id"] for rule in controls] + [o["player"] for o in outages]
    if shares and len(players) <= MAX_EXACT_PLAYERS and sector_nodes:
        k_rules = len(controls)
        cache = {}

        def sector_disruptions(mask):
            if mask not in cache:
                av = availability(nodes, model["index"],
                                  blocked_with(mask & all_rules),
                                  losses_with((mask >> k_rules) & all_outages))
                cache[mask] = [1.0 - av[v] for v in sector_nodes]
            return cache[mask]

        for s, v in enumerate(sector_nodes):
            phi, _ = shapley(lambda mask: sector_disruptions(mask)[s], len(players))
            result_sectors[s]["shares"] = dict(zip(players, phi))

    # sector summary (MODEL.md 3): not part of the section-5 example; an extension
    summary = []
    for name, members in groups.items():
        weights = group_weights(nodes, members)
        if weights is None:
            warnings.add("sector '%s': disruption is an unweighted mean "
                         "(output missing or zero)" % name)
            weights = [1.0 / len(members)] * len(members)
        if group_weights(nodes, members) is not None:
            mean = (sum(d[v] * nodes[v]["output"] for v in members)
                    / sum(nodes[v]["output"] for v in members))
        else:
            mean = sum(d[v] for v in members) / len(members)
        entry = {"sector": name, "disruption": mean,
                 "weighted": group_weights(nodes, members) is not None,
                 "nodes": len(members)}
        if result_sectors and "shares" in result_sectors[0]:
            by_id = {r["id"]: r for r in result_sectors}
            entry["shares"] = {p: sum(w * by_id[nodes[v]["id"]]["shares"][p]
                                      for w, v in zip(weights, members))
                               for p in players}
        summary.append(entry)

    result = {"chokepoint_result": 1, "nodes": result_nodes, "edges": result_edges,
              "sectors": result_sectors, "sector_summary": summary,
              "warnings": warnings.messages}
    if shares:
        result["players"] = players
    return result


def group_weights(nodes, members):
    """Output weights of a sector group (section 3), or None when any output
    is missing or they sum to 0 (then the plain mean is used)."""
    outputs = [nodes[v]["output"] for v in members]
    if any(o is None for o in outputs) or sum(outputs) <= 0:
        return None
    total = sum(outputs)
    return [o / total for o in outputs]


# --------------------------------------------------------------------------
# the timeline (MODEL.md section 7)

def blocked_on_day(model, e, date, fields_cache):
    """7.2: b(e, t) = max over matching rules of b_R(e, t) on `date`."""
    nodes, tags, controls = model["nodes"], model["tags"], model["controls"]
    worst = 0.0
    for r, _ in e["matches"]:
        rule = controls[r]
        if not active(rule, date):
            continue
        key = (r, date)
        if key not in fields_cache:
            fields_cache[key] = fields_at(rule, date)
        denial = denial_for(fields_cache[key], e["consumer"], nodes, tags)
        if (rule["start"] is not None and denial > 0
                and (date - rule["start"]).days < rule["lead_days"]):
            b = 1.0
        else:
            b = denial
        worst = max(worst, b)
    return worst


def first_below_stats(series, dates, threshold):
    below = [x < threshold for x in series]
    first = next((i for i, flag in enumerate(below) if flag), None)
    low = min(series)
    low_at = series.index(low)
    recovered = None
    if first is not None and not below[-1]:
        last_below = max(i for i, flag in enumerate(below) if flag)
        recovered = dates[last_below + 1]
    return {"first_below": None if first is None else dates[first],
            "min": low, "min_date": dates[low_at],
            "days_below": sum(below), "recovered": recovered}


def timeline(graph_path, scenario_paths, date_from=None, date_to=None, threshold=0.99,
             trace=None):
    """MODEL.md section 7: the day-by-day play of the scenarios.

    A plain day loop.  Every line keeps its stock in a dict keyed by
    (node, line); every node's daily outputs are kept in a list (the whole
    history, so x_u(t - T) is a look-up; before day 0 it is 1 and b is 0).
    Within one day every node is swept Jacobi-style from x = 1 until the
    largest change is below 1e-12 (on a graph without same-day cycles this
    ends after its depth in sweeps, exactly), then the stocks are updated.
    `trace` (a dict), when given, receives "settled": whether, from the day
    before the last to the last, no node's output moved and no stock fell by
    1e-12 or more (a stock that still grows is on a line that does not bind,
    and stays so), for tests of convergence."""
    model = prepare(load(graph_path, scenario_paths))
    nodes, index, edges = model["nodes"], model["index"], model["edges"]
    controls, outages = model["controls"], model["outages"]
    starts = [thing["start"] for thing in controls + outages if thing["start"] is not None]
    if date_from is None:
        if not starts:
            raise Usage("no control or outage has a 'start': give --from")
        date_from = min(starts) - datetime.timedelta(days=30)
    if date_to is None:
        date_to = date_from + datetime.timedelta(days=365)
    if date_to < date_from:
        raise Usage("--from is after --to")
    days = (date_to - date_from).days + 1
    dates = [date_from + datetime.timedelta(days=t) for t in range(days)]

    # the edges of each line, in order: (edge number, supplier, normalised share)
    line_edges = {}
    for n, e in enumerate(edges):
        line_edges.setdefault((e["consumer"], e["line"]), []).append(n)

    history = [[] for _ in nodes]        # history[v][t] = x_v(t)
    blocked = []                         # blocked[t][n] = b(edge n, day t)
    stock = {}
    for v, node in enumerate(nodes):
        for l, _ in enumerate(node["lines"]):
            stock[(v, l)] = node["inventory_days"]
    fields_cache = {}
    flows = {r: [] for r in range(len(controls))}
    weights = {}
    for r in range(len(controls)):
        matched = [n for n, e in enumerate(edges) if any(m == r for m, _ in e["matches"])]
        w = {}
        for n in matched:
            e = edges[n]
            out = nodes[e["consumer"]]["output"]
            value = None if out is None else out * nodes[e["consumer"]]["lines"][e["line"]]["value_share"] * e["share"]
            if value:
                w[n] = value
        if matched and not w:
            w = {n: 1.0 for n in matched}
        weights[r] = w if matched else None

    def past(v, t):
        return 1.0 if t < 0 else history[v][t]

    def past_blocked(n, t):
        return 0.0 if t < 0 else blocked[t][n]

    for t, date in enumerate(dates):
        blocked.append([blocked_on_day(model, e, date, fields_cache) for e in edges])
        loss = [max([o["loss"] for o in outages if active(o, date) and selects(o, node)],
                    default=0.0) for node in nodes]

        def deliveries(v, l, today):
            line = nodes[v]["lines"][l]
            T = line["transit_days"]
            R = 0.0
            for n in line_edges[(v, l)]:
                e = edges[n]
                x_u = today[e["supplier"]] if T == 0 else past(e["supplier"], t - T)
                R += e["share"] * (1.0 - past_blocked(n, t - T)) * x_u
            return R

        def produce(v, today):
            node = nodes[v]
            if not node["lines"]:
                return 1.0 - loss[v], None
            levels = []
            got = []
            for l, line in enumerate(node["lines"]):
                R = deliveries(v, l, today)
                A = stock[(v, l)] + R
                p = 1.0 if A >= 1.0 else 1.0 - (1.0 - line["substitutable"]) * (1.0 - A)
                levels.append(p)
                got.append((R, A))
            return (1.0 - loss[v]) * min(levels), got

        x = [1.0] * len(nodes)
        for _ in range(MAX_SWEEPS):
            new_x = [produce(v, x)[0] for v in range(len(nodes))]
            change = max(abs(p - q) for p, q in zip(new_x, x))
            x = new_x
            if change < TOLERANCE:
                break
        else:
            raise RuntimeError("day %s did not converge" % date)
        for v in range(len(nodes)):
            history[v].append(x[v])

        # stocks, and the restocking that the flow index counts as arrivals
        restock = {}
        stock_before = dict(stock)
        for v, node in enumerate(nodes):
            cap = node["inventory_days"]
            for l, line in enumerate(node["lines"]):
                R = deliveries(v, l, x)
                A = stock[(v, l)] + R
                kept = A - min(A, x[v])
                if R >= 1.0 - 1e-12:
                    rho = min(node["restock_rate"], max(0.0, cap - kept))
                else:
                    rho = 0.0
                restock[(v, l)] = rho
                stock[(v, l)] = min(cap, kept + rho)

        for r in range(len(controls)):
            w = weights[r]
            if w is None:
                continue
            num = 0.0
            for n, weight in w.items():
                e = edges[n]
                T = nodes[e["consumer"]]["lines"][e["line"]]["transit_days"]
                f = ((1.0 - past_blocked(n, t - T)) * past(e["supplier"], t - T)
                     * (1.0 + restock[(e["consumer"], e["line"])]))
                num += weight * f
            flows[r].append(num / sum(w.values()))

    if trace is not None:
        trace["settled"] = days >= 2 and all(
            stock[key] > stock_before[key] - 1e-12 for key in stock) and all(
            abs(h[-1] - h[-2]) < 1e-12 for h in history)
    iso = [d.isoformat() for d in dates]
    sectors = []
    groups = {}
    for v, node in enumerate(nodes):
        if node["kind"] != "sector":
            continue
        series = history[v]
        entry = {"id": node["id"], "sector": node["sector"], "country": node["country"],
                 "output": series}
        entry.update(first_below_stats(series, iso, threshold))
        entry["lost_value"] = (None if node["output"] is None else
                               sum((1.0 - x) * node["output"] / 365.0 for x in series))
        sectors.append(entry)
        groups.setdefault(node["sector"], []).append(v)
    result_groups = []
    for name, members in groups.items():
        w = group_weights(nodes, members) or [1.0 / len(members)] * len(members)
        result_groups.append({"sector": name,
                              "output": [sum(wi * history[v][t] for wi, v in zip(w, members))
                                         for t in range(days)]})
    result_flows = [{"rule": rule["id"], "index": None if weights[r] is None else flows[r]}
                    for r, rule in enumerate(controls)]
    return {"chokepoint_timeline": 1, "from": iso[0], "to": iso[-1],
            "threshold": threshold, "sectors": sectors, "groups": result_groups,
            "flows": result_flows, "warnings": model["warnings"].messages}


class Usage(Exception):
    pass


def parse_args(argv):
    """[timeline] GRAPH [SCENARIO...] [--at D] [--shares] [--from D] [--to D]
    [--threshold X]"""
    opts = {"mode": "score", "files": [], "at": None, "shares": False,
            "from": None, "to": None, "threshold": 0.99}
    args = list(argv)
    if args and args[0] == "timeline":
        opts["mode"] = "timeline"
        args = args[1:]
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("--at", "--from", "--to", "--threshold"):
            if i + 1 >= len(args):
                raise Usage("%s needs a value" % a)
            value = args[i + 1]
            i += 2
            if a == "--threshold":
                try:
                    opts["threshold"] = float(value)
                except ValueError:
                    raise Usage("--threshold: not a number %r" % value)
                if not (math.isfinite(opts["threshold"]) and 0 <= opts["threshold"] <= 1):
                    raise Usage("--threshold must be in [0,1]")
            else:
                try:
                    opts[a[2:]] = check_date(value, a)
                except InputError as e:
                    raise Usage(str(e))
            continue
        if a == "--shares":
            opts["shares"] = True
        elif a.startswith("--"):
            raise Usage("unknown option %s" % a)
        else:
            opts["files"].append(a)
        i += 1
    if not opts["files"]:
        raise Usage("no graph file")
    if opts["mode"] == "score" and (opts["from"] or opts["to"]):
        raise Usage("--from/--to are timeline options")
    if opts["mode"] == "timeline" and (opts["at"] or opts["shares"]):
        raise Usage("--at/--shares are score options")
    return opts


USAGE = ("usage: refmodel.py GRAPH [SCENARIO...] [--at DATE] [--shares]\n"
         "       refmodel.py timeline GRAPH [SCENARIO...] [--from DATE] [--to DATE]"
         " [--threshold X]\n")


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write(USAGE)
        return 2 if len(argv) < 2 else 0
    try:
        opts = parse_args(argv[1:])
        graph, scenarios = opts["files"][0], opts["files"][1:]
        if opts["mode"] == "timeline":
            result = timeline(graph, scenarios, opts["from"], opts["to"], opts["threshold"])
        else:
            result = score(graph, scenarios, opts["at"], opts["shares"])
    except Usage as e:
        sys.stderr.write("refmodel: %s\n%s" % (e, USAGE))
        return 2
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
