/* Applying diversification changes (MODEL.md 4) to a copy of a graph.
 *
 * Each change is applied to every node its selector picks, then the edge
 * arrays are rebuilt once for that change, so a change costs O(N + E)
 * however many lines it touches. */
#include <math.h>
#include <string.h>

#include "checks.h"
#include "alloc.h"
#include "changes.h"
#include "graph_internal.h"
#include "log.h"
#include "strtab.h"

/* ---- copying a graph ---- */

#define COPY(field, count) \
	do { \
		size_t n_ = (size_t)(count); \
		if (!(c->field = cp_mallocn(n_ + 1, sizeof *c->field))) \
			goto nomem; \
		if (n_) \
			memcpy(c->field, g->field, n_ * sizeof *c->field); \
	} while (0)

static int strtab_copy(cp_strtab *d, const cp_strtab *s)
{
	size_t i;
	cp_strtab_init(d);
	for (i = 0; i < s->n; i++)
		if (cp_strtab_intern(d, cp_strtab_get(s, (int32_t)i), s->len[i]) != (int32_t)i)
			return -1;
	return 0;
}

static cp_graph *graph_copy(const cp_graph *g)
{
	cp_graph *c = cp_callocn(1, sizeof *c);
	int32_t i;
	if (!c)
		return NULL;
	c->n_nodes = g->n_nodes;
	c->n_lines = g->n_lines;
	c->n_edges = g->n_edges;
	c->n_countries = g->n_countries;
	c->version = g->version;
	c->title = g->title;
	c->value_unit = g->value_unit;
	COPY(id, g->n_nodes);
	COPY(name, g->n_nodes);
	COPY(kind, g->n_nodes);
	COPY(country, g->n_nodes);
	COPY(tech_origin, g->n_nodes);
	COPY(end_use, g->n_nodes);
	COPY(sector, g->n_nodes);
	COPY(elements, g->n_nodes);
	COPY(output, g->n_nodes);
	COPY(inventory_days, g->n_nodes);
	COPY(production_t, g->n_nodes);
	COPY(restock_rate, g->n_nodes);
	COPY(line_off, g->n_nodes + 1);
	COPY(item, g->n_lines);
	COPY(value_share, g->n_lines);
	COPY(substitutable, g->n_lines);
	COPY(value_share_set, g->n_lines);
	COPY(transit_days, g->n_lines);
	COPY(edge_off, g->n_lines + 1);
	COPY(supplier, g->n_edges);
	COPY(consumer, g->n_edges);
	COPY(edge_line, g->n_edges);
	COPY(shat, g->n_edges);
	COPY(country_code, CP_COUNTRY_SLOTS);
	COPY(country_of_slot, CP_COUNTRY_SLOTS);
	COPY(node_of_str, g->strs->n);
	if (!(c->file = cp_strdup(g->file)))
		goto nomem;
	COPY(uncertain, g->n_uncertain);
	/* n_uncertain counts the entries whose key is the copy's own */
	for (i = 0; i < g->n_uncertain; i++, c->n_uncertain++) {
		c->uncertain[i].key = c->uncertain[i].field = NULL;
		if ((g->uncertain[i].key && !(c->uncertain[i].key = cp_strdup(g->uncertain[i].key))) ||
		    (g->uncertain[i].field && !(c->uncertain[i].field = cp_strdup(g->uncertain[i].field)))) {
			c->n_uncertain++;
			goto nomem;
		}
	}
	if (!(c->strs = cp_malloc(sizeof *c->strs)))
		goto nomem;
	if (strtab_copy(c->strs, g->strs) < 0) {
		cp_strtab_free(c->strs);
		goto nomem;
	}
	return c;
nomem:
	cp_graph_free(c);
	return NULL;
}

/* ---- one change ---- */

typedef struct edit {
	int32_t line;
	int32_t off, n;     /* into the pool of new (supplier, share) pairs */
} edit;

typedef struct editor {
	cp_graph *g;
	cp_log *log;
	const cp_change *c;
	const cp_limits *lim;   /* the caps the scenario was read under */
	edit *edits;
	size_t n_edits, m_edits;
	int32_t *sup;       /* the pool */
	double *share;
	size_t n_pool, m_pool, m_pool2;
	int touched;        /* lines (or nodes, for set) the change reached */
	cp_status st;
} editor;

static void fail(editor *E, cp_status st)
{
	E->st = cp_status_merge(E->st, st);
}

static int push_supplier(editor *E, int32_t u, double share)
{
	size_t m = E->m_pool;
	if (cp_grow((void **)&E->sup, &m, E->n_pool + 1, sizeof *E->sup) < 0 ||
	    cp_grow((void **)&E->share, &E->m_pool2, E->n_pool + 1, sizeof *E->share) < 0) {
		fail(E, CP_ENOMEM);
		return -1;
	}
	E->m_pool = m;
	E->sup[E->n_pool] = u;
	E->share[E->n_pool] = share;
	E->n_pool++;
	return 0;
}

static int32_t node_named(const cp_graph *g, const char *id)
{
	return id ? cp_graph_find(g, id) : -1;
}

static int32_t line_of(const cp_graph *g, int32_t v, const char *item)
{
	int32_t s = cp_graph_find_str(g, item), l;
	if (s < 0)
		return -1;
	for (l = g->line_off[v]; l < g->line_off[v + 1]; l++)
		if (g->item[l] == s)
			return l;
	return -1;
}

static int selected(const cp_graph *g, const cp_change *c, int32_t v, int16_t country)
{
	if (c->at)
		return 0;   /* a single node: handled by the caller */
	return (c->at_kind < 0 || g->kind[v] == c->at_kind) && (!c->at_country || g->country[v] == country);
}

/* New shares for line l under a shift, add_supplier or remove_supplier;
 * appends an edit, or returns without one when the line is untouched. */
static void edit_line(editor *E, int32_t v, int32_t l)
{
	const cp_graph *g = E->g;
	const cp_change *c = E->c;
	int32_t e, b = g->edge_off[l], end = g->edge_off[l + 1], off = (int32_t)E->n_pool;
	int32_t extra = c->node ? node_named(g, c->node) : -1;
	edit *ed;
	char hint[160];

	if (c->node && extra < 0) {
		cp_error(E->log, "%s: unknown node '%s'%s", c->where, c->node, cp_node_hint(g, c->node, hint, sizeof hint));
		fail(E, CP_EINVAL);
		return;
	}
	if (extra == v) {
		cp_error(E->log, "%s: node '%s' cannot supply itself", c->where, c->node);
		fail(E, CP_EINVAL);
		return;
	}
	switch (c->op) {
	case CP_CHANGE_SHIFT: {
		int16_t from = cp_graph_find_country(g, c->from), to = cp_graph_find_country(g, c->to);
		double moved = 0, receivers = 0;
		int32_t n_from = 0;
		if (extra >= 0 && g->country[extra] != to) {
			cp_error(E->log, "%s: to_node '%s' is in '%s', not in '%s'", c->where, c->node,
			         cp_node_country(g, extra), c->to);
			fail(E, CP_EINVAL);
			return;
		}
		for (e = b; e < end; e++) {
			int16_t cu = g->country[g->supplier[e]];
			if (cu == from && from >= 0) {
				moved += c->amount * g->shat[e];
				n_from++;
			} else if (cu == to && to >= 0) {
				receivers += g->shat[e];
			}
		}
		if (n_from == 0)
			cp_warn_code(E->log, CP_DIAG_NO_EFFECT, "%s: shift moves nothing: node '%s' line '%s' has no supplier in '%s'",
			        c->where, cp_node_id(g, v), c->item, c->from);
		if (receivers == 0 && extra < 0) {
			cp_error(E->log, "%s: node '%s' line '%s' has no '%s' supplier, and no to_node is given",
			         c->where, cp_node_id(g, v), c->item, c->to);
			fail(E, CP_EINVAL);
			return;
		}
		for (e = b; e < end; e++) {
			int16_t cu = g->country[g->supplier[e]];
			double s = g->shat[e];
			if (cu == from && from >= 0)
				s *= 1 - c->amount;
			else if (cu == to && to >= 0)
				s += moved * g->shat[e] / receivers;
			if (s > 0 && push_supplier(E, g->supplier[e], s) < 0)
				return;
		}
		if (receivers == 0 && moved > 0) {
			/* to_node joins the line, or takes more if it is already in it */
			int32_t k;
			for (k = off; k < (int32_t)E->n_pool && E->sup[k] != extra; k++)
				;
			if (k < (int32_t)E->n_pool)
				E->share[k] += moved;
			else if (push_supplier(E, extra, moved) < 0)
				return;
		}
		break;
	}
	case CP_CHANGE_ADD_SUPPLIER:
		if (c->amount == 0) {
			/* a zero share adds nothing: how `target` scores the line as it was */
			E->touched++;
			return;
		}
		for (e = b; e < end; e++)
			if (g->supplier[e] == extra) {
				cp_error(E->log, "%s: '%s' already supplies line '%s' of '%s'", c->where, c->node, c->item,
				         cp_node_id(g, v));
				fail(E, CP_EINVAL);
				return;
			}
		for (e = b; e < end; e++)
			if (c->amount < 1 && push_supplier(E, g->supplier[e], g->shat[e] * (1 - c->amount)) < 0)
				return;
		if (push_supplier(E, extra, c->amount) < 0)
			return;
		break;
	case CP_CHANGE_REMOVE_SUPPLIER: {
		double left = 0;
		int found = 0;
		for (e = b; e < end; e++) {
			if (g->supplier[e] == extra)
				found = 1;
			else
				left += g->shat[e];
		}
		if (!found)
			return;
		if (left <= 0) {
			cp_error(E->log, "%s: '%s' is the last supplier of line '%s' of '%s'", c->where, c->node, c->item,
			         cp_node_id(g, v));
			fail(E, CP_EINVAL);
			return;
		}
		for (e = b; e < end; e++)
			if (g->supplier[e] != extra && push_supplier(E, g->supplier[e], g->shat[e] / left) < 0)
				return;
		break;
	}
	default:
		return;
	}
	if (cp_grow((void **)&E->edits, &E->m_edits, E->n_edits + 1, sizeof *E->edits) < 0) {
		fail(E, CP_ENOMEM);
		return;
	}
	ed = &E->edits[E->n_edits++];
	ed->line = l;
	ed->off = off;
	ed->n = (int32_t)E->n_pool - off;
	E->touched++;
}

/* Replace the edge arrays, with each edited line's new suppliers. */
static cp_status rebuild_edges(editor *E)
{
	cp_graph *g = E->g;
	size_t k = 0, n = 0;
	int32_t l, e, total = g->n_edges;
	int32_t *sup, *cons, *eline, *off;
	double *shat;

	for (k = 0; k < E->n_edits; k++)
		total += E->edits[k].n - (g->edge_off[E->edits[k].line + 1] - g->edge_off[E->edits[k].line]);
	sup = cp_mallocn((size_t)total + 1, sizeof *sup);
	cons = cp_mallocn((size_t)total + 1, sizeof *cons);
	eline = cp_mallocn((size_t)total + 1, sizeof *eline);
	shat = cp_mallocn((size_t)total + 1, sizeof *shat);
	off = cp_mallocn((size_t)g->n_lines + 1, sizeof *off);
	if (!sup || !cons || !eline || !shat || !off) {
		cp_free(sup); cp_free(cons); cp_free(eline); cp_free(shat); cp_free(off);
		return CP_ENOMEM;
	}
	k = 0;
	for (l = 0; l < g->n_lines; l++) {
		int32_t v = g->consumer[g->edge_off[l]];
		off[l] = (int32_t)n;
		if (k < E->n_edits && E->edits[k].line == l) {
			const edit *ed = &E->edits[k++];
			for (e = 0; e < ed->n; e++, n++) {
				sup[n] = E->sup[ed->off + e];
				shat[n] = E->share[ed->off + e];
				cons[n] = v;
				eline[n] = l;
			}
		} else {
			for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++, n++) {
				sup[n] = g->supplier[e];
				shat[n] = g->shat[e];
				cons[n] = g->consumer[e];
				eline[n] = l;
			}
		}
	}
	off[g->n_lines] = (int32_t)n;
	cp_free(g->supplier); cp_free(g->consumer); cp_free(g->edge_line); cp_free(g->shat); cp_free(g->edge_off);
	g->supplier = sup;
	g->consumer = cons;
	g->edge_line = eline;
	g->shat = shat;
	g->edge_off = off;
	g->n_edges = (int32_t)n;
	return CP_OK;
}

static void set_field(editor *E, int32_t v)
{
	cp_graph *g = E->g;
	const cp_change *c = E->c;
	if (strcmp(c->field, "substitutable") == 0) {
		int32_t l = line_of(g, v, c->item);
		if (l < 0)
			return;
		g->substitutable[l] = c->amount;
	} else if (strcmp(c->field, "inventory_days") == 0) {
		g->inventory_days[v] = c->amount;
	} else if (strcmp(c->field, "output") == 0) {
		g->output[v] = c->amount;
	} else {
		int32_t t = cp_strtab_intern(g->strs, c->text, strlen(c->text));
		int32_t *grown;
		if (t < 0 || !(grown = cp_reallocn(g->node_of_str, g->strs->n + 1, sizeof *grown))) {
			fail(E, CP_ENOMEM);
			return;
		}
		g->node_of_str = grown;
		if ((size_t)t + 1 == g->strs->n)
			grown[t] = -1;
		g->end_use[v] = t;
	}
	E->touched++;
}

static void apply_one(editor *E)
{
	cp_graph *g = E->g;
	const cp_change *c = E->c;
	int16_t country = c->at_country ? cp_graph_find_country(g, c->at_country) : -1;
	int32_t v, first, last;
	cp_status st;
	char hint[160];

	if (c->op == CP_CHANGE_ADD_NODE) {
		if ((st = cp_graph_append_node(g, c->text, c->where, E->lim, E->log)) != CP_OK)
			fail(E, st);
		return;
	}
	if (c->at) {
		if ((first = cp_graph_find(g, c->at)) < 0) {
			cp_error(E->log, "%s: at: unknown node '%s'%s", c->where, c->at, cp_node_hint(g, c->at, hint, sizeof hint));
			fail(E, CP_EINVAL);
			return;
		}
		last = first;
	} else {
		first = 0;
		last = g->n_nodes - 1;
	}
	for (v = first; v <= last && E->st != CP_ENOMEM; v++) {
		int32_t l;
		if (!c->at && !selected(g, c, v, country))
			continue;
		if (c->at_country && country < 0)
			break;
		if (c->op == CP_CHANGE_SET) {
			set_field(E, v);
			continue;
		}
		if ((l = line_of(g, v, c->item)) >= 0)
			edit_line(E, v, l);
	}
	if (E->st != CP_OK)
		return;
	if (!E->touched) {
		cp_error(E->log, "%s: touches no %s (no selected node has %s%s%s)", c->where,
		         c->op == CP_CHANGE_SET && !c->item ? "node" : "line",
		         c->item ? "a line '" : "that selector", c->item ? c->item : "", c->item ? "'" : "");
		fail(E, CP_EINVAL);
		return;
	}
	if (E->n_edits && (st = rebuild_edges(E)) != CP_OK)
		fail(E, st);
}

/* MODEL.md 4: what consumers buy from u, output(v) * value_share * share,
 * against u's output, where both are known. */
static cp_status capacity_check(const cp_graph *g, cp_log *log)
{
	/* long double: the sum of products may pass DBL_MAX where outputs do not */
	long double *bought = cp_callocn((size_t)g->n_nodes, sizeof *bought);
	int32_t e, v;
	if (!bought)
		return CP_ENOMEM;
	for (e = 0; e < g->n_edges; e++) {
		int32_t u = g->supplier[e], c = g->consumer[e];
		if (!isnan(g->output[u]) && !isnan(g->output[c]))
			bought[u] += (long double)g->output[c] * g->value_share[g->edge_line[e]] * g->shat[e];
	}
	for (v = 0; v < g->n_nodes; v++)
		if (!isnan(g->output[v]) && bought[v] > (long double)g->output[v] * 1.01L) {
			if (g->output[v] > 0)
				cp_warn_code(log, CP_DIAG_CAPACITY, "capacity: consumers of '%s' buy %.6Lg a year against its output of %.6g (%.2Lfx)",
				        cp_node_id(g, v), bought[v], g->output[v], bought[v] / g->output[v]);
			else
				cp_warn_code(log, CP_DIAG_CAPACITY, "capacity: consumers of '%s' buy %.6Lg a year against its output of 0",
				        cp_node_id(g, v), bought[v]);
		}
	cp_free(bought);
	return CP_OK;
}

cp_status cp_graph_apply_change_list(cp_graph **out, const cp_graph *g, const cp_change *changes, int32_t n,
                                     const cp_limits *lim, cp_log *log)
{
	editor E;
	cp_graph *c;
	cp_status st = CP_OK;
	int32_t i;

	*out = NULL;
	if (!(c = graph_copy(g)))
		return CP_ENOMEM;
	memset(&E, 0, sizeof E);
	E.g = c;
	E.log = log;
	E.lim = lim;
	for (i = 0; i < n && (st == CP_OK || st == CP_EINVAL); i++) {
		E.c = &changes[i];
		E.n_edits = E.n_pool = 0;
		E.touched = 0;
		E.st = CP_OK;
		apply_one(&E);
		st = cp_status_merge(st, E.st);
	}
	cp_free(E.edits);
	cp_free(E.sup);
	cp_free(E.share);
	if (st == CP_OK)
		st = cp_graph_check_outputs(c, "after the changes", log);
	if (st == CP_OK)
		st = capacity_check(c, log);
	if (st == CP_OK)
		st = cp_graph_build_counts(c);
	if (st != CP_OK) {
		cp_graph_free(c);
		return st;
	}
	*out = c;
	return CP_OK;
}

cp_status cp_graph_apply_changes(cp_graph **out, const cp_graph *g, const cp_scenario *s, cp_log *log)
{
	return cp_graph_apply_change_list(out, g, s->changes, s->n_changes, &s->lim, log);
}

#define SAME(field, count) \
	((count) == 0 || memcmp(a->field, b->field, (size_t)(count) * sizeof *a->field) == 0)

const char *cp_graph_shape_differs(const cp_graph *a, const cp_graph *b)
{
	if (a->n_nodes != b->n_nodes)
		return "the number of nodes";
	if (a->n_lines != b->n_lines || !SAME(line_off, a->n_nodes + 1) || !SAME(item, a->n_lines))
		return "the lines";
	if (a->n_edges != b->n_edges || !SAME(edge_off, a->n_lines + 1) || !SAME(supplier, a->n_edges) ||
	    !SAME(consumer, a->n_edges))
		return "the suppliers of a line";
	if (a->n_countries != b->n_countries || a->strs->n != b->strs->n || !SAME(id, a->n_nodes) ||
	    !SAME(country, a->n_nodes) || !SAME(kind, a->n_nodes) || !SAME(end_use, a->n_nodes))
		return "the nodes";
	return NULL;
}
