/* Graph file loader: JSON (MODEL.md 1.1) to cp_graph.
 *
 * The document is never held as one cJSON tree: the scanner walks the top
 * level and each element of "nodes" is parsed, checked, copied into the flat
 * arrays and freed before the next.  Supplier ids may name nodes that come
 * later in the file, so they are interned as strings first and resolved to
 * node indexes once every node has been read. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "dist.h"
#include "changes.h"
#include "fileio.h"
#include "graph_internal.h"
#include "jsonscan.h"
#include "jsonutil.h"
#include "load_fast.h"
#include "text.h"
#include "checks.h"
#include "resolve.h"
#include "suggest.h"

/* The fields of the format, for "did you mean" on an unknown one. */
static const char *const top_fields[] = { "chokepoint", "name", "value_unit", "sources", "note", "nodes", NULL };
static const char *const node_fields[] = {
	"id", "kind", "country", "tech_origin", "elements", "sector", "end_use", "output", "inventory_days",
	"production_t", "restock_rate", "source", "name", "note", "inputs", NULL
};
static const char *const line_fields[] = {
	"item", "value_share", "substitutable", "transit_days", "suppliers", "source", "name", "note", NULL
};
#include "strtab.h"

#define CP_ID_MAX 256

typedef struct src_ref {
	int32_t key;       /* string */
	int32_t node;
	int32_t line;      /* line index within the node, -1 for the node itself */
} src_ref;

typedef struct loader {
	cp_graph *g;
	cp_jctx cx;
	const cp_limits *lim;
	size_t node_m, line_m, edge_m, str_m;
	int32_t *item_stamp;      /* per string: 1 + last node that used it as an item */
	src_ref *src;
	size_t n_src, m_src;
	int32_t *source_keys;     /* strings named in the top-level sources table */
	const char **keys;        /* supplier ids of edges keys_from.. not interned yet */
	size_t m_scratch;
	int32_t keys_from;
	size_t n_keys, m_keys;
	const char *buf;          /* the text, whose strings fast-path keys point into */
	size_t len;
	uint32_t *key_len, *key_hash;  /* of keys in the text (the fast path's) */
	size_t m_fkeys;
	int fast_keys;            /* some pending keys are in the text */
	int droppable;            /* the text's consumed pages may be given back (cp_text_drop) */
	int seen_version, seen_nodes, seen_sources;
	int have_ranges;          /* ranges holds the graph's keys so far */
	cp_keyranges ranges;      /* distributions' keys and their ranges */
	cp_status st;             /* CP_ENOMEM or CP_ELIMIT once hit */
} loader;

static int oom(loader *L)
{
	L->st = cp_status_merge(L->st, CP_ENOMEM);
	return -1;
}

static int grow_all(void **arrays[], const size_t sizes[], int k, size_t *m, size_t need, size_t extra)
{
	size_t nm = *m ? *m : 64;
	int i;
	if (need <= *m)
		return 0;
	while (nm < need)
		nm *= 2;
	for (i = 0; i < k; i++) {
		void *p = cp_reallocn(*arrays[i], nm + extra, sizes[i]);
		if (!p)
			return -1;
		*arrays[i] = p;
	}
	*m = nm;
	return 0;
}

static int grow_nodes(loader *L, size_t need)
{
	cp_graph *g = L->g;
	void **a[] = { (void **)&g->id, (void **)&g->name, (void **)&g->kind, (void **)&g->country,
	               (void **)&g->tech_origin, (void **)&g->end_use, (void **)&g->sector,
	               (void **)&g->elements, (void **)&g->output, (void **)&g->inventory_days,
	               (void **)&g->production_t, (void **)&g->restock_rate, (void **)&g->line_off };
	const size_t sz[] = { sizeof *g->id, sizeof *g->name, sizeof *g->kind, sizeof *g->country,
	                      sizeof *g->tech_origin, sizeof *g->end_use, sizeof *g->sector,
	                      sizeof *g->elements, sizeof *g->output, sizeof *g->inventory_days,
	                      sizeof *g->production_t, sizeof *g->restock_rate, sizeof *g->line_off };
	return grow_all(a, sz, (int)(sizeof sz / sizeof *sz), &L->node_m, need, 1);
}

static int grow_lines(loader *L, size_t need)
{
	cp_graph *g = L->g;
	void **a[] = { (void **)&g->item, (void **)&g->value_share, (void **)&g->substitutable,
	               (void **)&g->value_share_set, (void **)&g->transit_days, (void **)&g->edge_off };
	const size_t sz[] = { sizeof *g->item, sizeof *g->value_share, sizeof *g->substitutable,
	                      sizeof *g->value_share_set, sizeof *g->transit_days, sizeof *g->edge_off };
	return grow_all(a, sz, (int)(sizeof sz / sizeof *sz), &L->line_m, need, 1);
}

static int grow_edges(loader *L, size_t need)
{
	cp_graph *g = L->g;
	void **a[] = { (void **)&g->supplier, (void **)&g->consumer, (void **)&g->edge_line,
	               (void **)&g->shat };
	const size_t sz[] = { sizeof *g->supplier, sizeof *g->consumer, sizeof *g->edge_line,
	                      sizeof *g->shat };
	return grow_all(a, sz, (int)(sizeof sz / sizeof *sz), &L->edge_m, need, 0);
}

/* Intern a string and keep the per-string tables as long as the table. */
/* Keep the per-string tables as long as the string table after string k. */
static int track_strings(loader *L, int32_t k)
{
	cp_graph *g = L->g;
	if ((size_t)k >= L->str_m) {
		size_t old = L->str_m, i;
		void **a[] = { (void **)&g->node_of_str, (void **)&L->item_stamp };
		const size_t sz[] = { sizeof *g->node_of_str, sizeof *L->item_stamp };
		if (grow_all(a, sz, 2, &L->str_m, (size_t)k + 1, 0) < 0)
			return oom(L);
		for (i = old; i < L->str_m; i++) {
			g->node_of_str[i] = -1;
			L->item_stamp[i] = 0;
		}
	}
	return 0;
}

static int32_t intern(loader *L, const char *s)
{
	int32_t k = cp_strtab_intern(L->g->strs, s, strlen(s));
	if (k < 0)
		return oom(L);
	return track_strings(L, k) < 0 ? -1 : k;
}

static int16_t intern_country(loader *L, const char *code)
{
	cp_graph *g = L->g;
	int slot = cp_country_slot(code);
	int32_t s;
	if (g->country_of_slot[slot] >= 0)
		return g->country_of_slot[slot];
	if ((s = intern(L, code)) < 0)
		return -1;
	g->country_code[g->n_countries] = s;
	g->country_of_slot[slot] = (int16_t)g->n_countries;
	return (int16_t)g->n_countries++;
}

static void add_source(loader *L, int32_t k, int32_t node, int32_t line);

static void note_source(loader *L, const cJSON *v, const cp_jpath *path, int32_t node, int32_t line)
{
	const char *s;
	int32_t k;
	if (cp_jstring(&L->cx, v, path, L->lim->max_string, &s) < 0)
		return;
	if ((k = intern(L, s)) < 0)
		return;
	add_source(L, k, node, line);
}

static void add_source(loader *L, int32_t k, int32_t node, int32_t line)
{
	if (cp_grow((void **)&L->src, &L->m_src, L->n_src + 1, sizeof *L->src) < 0) {
		oom(L);
		return;
	}
	L->src[L->n_src].key = k;
	L->src[L->n_src].node = node;
	L->src[L->n_src].line = line;
	L->n_src++;
}

/* A string field stored as an interned index; -1 after an error. */
static int32_t string_field(loader *L, const cJSON *v, const cp_jpath *path, size_t max)
{
	const char *s;
	if (cp_jstring(&L->cx, v, path, max, &s) < 0)
		return -1;
	return intern(L, s);
}

static void text_field(loader *L, const cJSON *v, const cp_jpath *path)
{
	if (!cJSON_IsString(v))
		cp_jerr(&L->cx, path, "must be a string");
}

/* The warning when a line's shares did not sum to 1 (total: what they
 * summed to, from cp_normalise_shares). */
static void shares_warning(loader *L, const cp_jpath *path, double total)
{
	if (!(total < 0.99 || total > 1.01))
		return;
	if (isfinite(total))
		cp_jwarn(&L->cx, path, "shares sum to %.6g, not 1; they are normalised%s", total,
		         total > 1.5 ? " (looks like percentages: write 0.6, not 60)" : "");
	else
		cp_jwarn(&L->cx, path, "shares sum to more than %.6g, not 1; they are normalised (looks like percentages?)", DBL_MAX);
}

/* The shares of edges [first, end) of one line, as written, made to sum
 * to 1 (the fast path's workers do the same for their lines). */
static void normalise_shares(loader *L, const cp_jpath *path, int32_t first, int32_t end)
{
	if (end > first)
		shares_warning(L, path, cp_normalise_shares(L->g->shat + first, (size_t)(end - first), 1));
}

static void parse_suppliers(loader *L, const cJSON *sup, const cp_jpath *path, int32_t v, int32_t l)
{
	cp_graph *g = L->g;
	const cJSON *e;
	int32_t first = g->n_edges;
	size_t count = 0;

	if (!cJSON_IsObject(sup)) {
		cp_jerr(&L->cx, path, "must be an object of supplier id -> share");
		return;
	}
	cJSON_ArrayForEach(e, sup) {
		cp_jpath spath = { path, NULL, e->string, -1 };
		double share;
		if (++count > L->lim->max_suppliers) {
			cp_jlimit(&L->cx, path, "more than %zu suppliers (see --max-suppliers)", L->lim->max_suppliers);
			L->st = cp_status_merge(L->st, CP_ELIMIT);
			return;
		}
		if (cp_jnumber(&L->cx, e, &spath, 0, 1, INFINITY, &share) < 0)
			continue;
		if (g->n_edges == INT32_MAX) {
			cp_jlimit(&L->cx, path, "more than %d edges in the graph", INT32_MAX);
			L->st = cp_status_merge(L->st, CP_ELIMIT);
			return;
		}
		if (grow_edges(L, (size_t)g->n_edges + 1) < 0 ||
		    cp_grow((void **)&L->keys, &L->m_scratch, (size_t)(g->n_edges - L->keys_from) + 1,
		            sizeof *L->keys) < 0) {
			oom(L);
			return;
		}
		L->keys[g->n_edges - L->keys_from] = e->string;
		g->consumer[g->n_edges] = v;
		g->edge_line[g->n_edges] = l;
		g->shat[g->n_edges] = share;
		g->n_edges++;
	}
	if (count == 0) {
		cp_jerr(&L->cx, path, "must name at least one supplier");
		return;
	}
	normalise_shares(L, path, first, g->n_edges);
}

/* A number of the graph that may be a distribution (MODEL.md 8): the mean
 * goes into *out and the distribution into the graph's list. */
static void graph_value(loader *L, const cJSON *f, const cp_jpath *path, double hi, double *out,
                        cp_unc_target target, int32_t index)
{
	cp_uncertain u;
	double klo, khi;
	int32_t k;
	if (cp_jvalue(&L->cx, f, path, 0, 0, hi, out, &u) != 1)
		return;
	u.target = target;
	u.index = index;
	u.rule = u.phase = -1;
	/* the first key met also files the keys the graph had (add_node) */
	if (u.key && !L->have_ranges) {
		cp_keyranges_init(&L->ranges);
		L->have_ranges = 1;
		for (k = 0; k < L->g->n_uncertain; k++)
			if (cp_keyranges_check(&L->ranges, &L->g->uncertain[k], &klo, &khi) < 0)
				oom(L);
	}
	if (u.key) {
		int clash = cp_keyranges_check(&L->ranges, &u, &klo, &khi);
		if (clash < 0)
			oom(L);
		else if (clash)
			cp_jerr(&L->cx, path, "key '%.*s' joins numbers of different ranges ([%g, %g] and [%g, %g])",
			        CP_CUT(u.key), klo, khi, u.lo, u.hi);
	}
	if (cp_uncertain_add(&L->g->uncertain, &L->g->n_uncertain, &u) < 0) {
		cp_free(u.key);
		oom(L);
	}
}

/* MODEL.md 7.1: whole days, capped so a day index plus a transit time
 * cannot overflow and the timeline's history stays bounded. */
#define CP_MAX_TRANSIT_DAYS 3650
static void transit_days(loader *L, const cJSON *f, const cp_jpath *path, int32_t l)
{
	double d;
	if (cp_jnumber(&L->cx, f, path, 0, 0, CP_MAX_TRANSIT_DAYS, &d) < 0)
		return;
	if (d != (double)(int32_t)d) {
		cp_jerr(&L->cx, path, "must be a whole number of days (got %g)", d);
		return;
	}
	L->g->transit_days[l] = (int32_t)d;
}

static void parse_line(loader *L, const cJSON *o, const cp_jpath *lpath, int32_t v, int32_t j)
{
	cp_graph *g = L->g;
	int32_t l = g->n_lines;
	const cJSON *f;
	int have_item = 0, have_sup = 0;

	if (grow_lines(L, (size_t)l + 1) < 0) {
		oom(L);
		return;
	}
	g->item[l] = -1;
	g->value_share[l] = 0;
	g->substitutable[l] = 0;
	g->value_share_set[l] = 0;
	g->transit_days[l] = 0;
	g->edge_off[l] = g->n_edges;
	g->n_lines++;
	if (!cJSON_IsObject(o)) {
		cp_jerr(&L->cx, lpath, "must be an object (a line)");
		return;
	}
	cJSON_ArrayForEach(f, o) {
		const char *key = f->string;
		cp_jpath at = { lpath, key, NULL, -1 }, *path = &at;
		if (cp_jduplicate(&L->cx, f, path))
			continue;
		if (strcmp(key, "item") == 0) {
			int32_t s = string_field(L, f, path, L->lim->max_string);
			have_item = 1;
			if (s < 0)
				continue;
			if (L->item_stamp[s] == v + 1)
				cp_jerr(&L->cx, path, "item '%.*s' appears twice in this node", CP_CUT(f->valuestring));
			L->item_stamp[s] = v + 1;
			g->item[l] = s;
		} else if (strcmp(key, "value_share") == 0) {
			if (cp_jnumber(&L->cx, f, path, 0, 0, 1, &g->value_share[l]) == 0)
				g->value_share_set[l] = 1;
		} else if (strcmp(key, "substitutable") == 0) {
			graph_value(L, f, path, 1, &g->substitutable[l], CP_UNC_SUBSTITUTABLE, l);
		} else if (strcmp(key, "transit_days") == 0) {
			transit_days(L, f, path, l);
		} else if (strcmp(key, "suppliers") == 0) {
			have_sup = 1;
			parse_suppliers(L, f, path, v, l);
		} else if (strcmp(key, "source") == 0) {
			note_source(L, f, path, v, j);
		} else if (strcmp(key, "name") == 0 || strcmp(key, "note") == 0) {
			text_field(L, f, path);
		} else {
			cp_junknown_near(&L->cx, path, key, line_fields);
		}
	}
	if (!have_item)
		cp_jerr(&L->cx, lpath, "missing 'item'");
	if (!have_sup)
		cp_jerr(&L->cx, lpath, "missing 'suppliers'");
}

static void parse_inputs(loader *L, const cJSON *arr, const cp_jpath *path, int32_t v)
{
	const cJSON *o;
	int32_t j = 0;
	double sum = 0;

	if (!cJSON_IsArray(arr)) {
		cp_jerr(&L->cx, path, "must be an array of lines");
		return;
	}
	if ((size_t)cJSON_GetArraySize(arr) > L->lim->max_lines) {
		cp_jlimit(&L->cx, path, "more than %zu lines (see --max-lines)", L->lim->max_lines);
		L->st = cp_status_merge(L->st, CP_ELIMIT);
		return;
	}
	cJSON_ArrayForEach(o, arr) {
		cp_jpath lpath = { path, NULL, NULL, j };
		parse_line(L, o, &lpath, v, j);
		if (L->st == CP_ENOMEM)
			return;
		sum += L->g->value_share[L->g->n_lines - 1];
		j++;
	}
	if (sum > 1 + 1e-9)
		cp_jerr(&L->cx, path, "value shares sum to %.12g, more than 1", sum);
}

enum { F_ID = 1, F_KIND = 2, F_COUNTRY = 4 };

/* An id fit to show beside a path: not empty, not too long, no control
 * characters (those get their own error). */
static int printable_id(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if ((unsigned char)s[n] < 0x20 || s[n] == 0x7f)
			return 0;
	return n > 0 && n <= CP_ID_MAX;
}

static void parse_node(loader *L, const cJSON *o, int32_t v)
{
	cp_graph *g = L->g;
	const cJSON *f;
	cp_jpath node_at = { NULL, "nodes", NULL, v }, label_at = { &node_at, NULL, NULL, CP_JPATH_LABEL };
	cp_jpath *npath = &label_at;
	char hint[160];
	unsigned seen = 0;

	if (grow_nodes(L, (size_t)v + 1) < 0) {
		oom(L);
		return;
	}
	g->id[v] = g->name[v] = g->end_use[v] = g->sector[v] = -1;
	g->kind[v] = CP_ELEMENT;
	g->country[v] = 0;
	g->tech_origin[v] = -1;
	memset(&g->elements[v], 0, sizeof g->elements[v]);
	g->output[v] = g->inventory_days[v] = g->production_t[v] = g->restock_rate[v] = NAN;
	g->line_off[v] = g->n_lines;
	g->n_nodes = v + 1;

	{
		/* messages about the node name its id beside the path */
		const cJSON *idf = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, "id") : NULL;
		if (cJSON_IsString(idf) && printable_id(idf->valuestring))
			label_at.key = idf->valuestring;
	}
	if (!cJSON_IsObject(o)) {
		cp_jerr(&L->cx, npath, "must be an object (a node)");
		g->line_off[v + 1] = g->n_lines;
		return;
	}
	cJSON_ArrayForEach(f, o) {
		const char *key = f->string;
		const char *s;
		cp_jpath at = { npath, key, NULL, -1 }, *path = &at;
		if (cp_jduplicate(&L->cx, f, path))
			continue;
		if (strcmp(key, "id") == 0) {
			int32_t k = string_field(L, f, path, CP_ID_MAX);
			seen |= F_ID;
			if (k < 0)
				continue;
			if (g->node_of_str[k] >= 0) {
				cp_jerr(&L->cx, path, "duplicate id '%s' (first at nodes[%d])", f->valuestring, g->node_of_str[k]);
				continue;
			}
			g->node_of_str[k] = v;
			g->id[v] = k;
		} else if (strcmp(key, "kind") == 0) {
			int kind = cJSON_IsString(f) ? cp_kind_parse(f->valuestring) : -1;
			seen |= F_KIND;
			if (kind < 0 && cJSON_IsString(f))
				cp_jerr(&L->cx, path, "unknown kind '%.*s'%s (element, material, magnet, component, product, sector)",
				        CP_CUT(f->valuestring), cp_kind_hint(f->valuestring, hint, sizeof hint));
			else if (kind < 0)
				cp_jerr(&L->cx, path, "must be a kind name");
			else
				g->kind[v] = (uint8_t)kind;
		} else if (strcmp(key, "country") == 0) {
			seen |= F_COUNTRY;
			if (cp_jcountry(&L->cx, f, path, &s) == 0)
				g->country[v] = intern_country(L, s);
		} else if (strcmp(key, "tech_origin") == 0) {
			if (cp_jcountry(&L->cx, f, path, &s) == 0)
				g->tech_origin[v] = intern_country(L, s);
		} else if (strcmp(key, "elements") == 0) {
			cp_jelements(&L->cx, f, path, &g->elements[v]);
		} else if (strcmp(key, "sector") == 0) {
			g->sector[v] = string_field(L, f, path, L->lim->max_string);
		} else if (strcmp(key, "end_use") == 0) {
			g->end_use[v] = string_field(L, f, path, L->lim->max_string);
		} else if (strcmp(key, "output") == 0) {
			graph_value(L, f, path, INFINITY, &g->output[v], CP_UNC_OUTPUT, v);
		} else if (strcmp(key, "inventory_days") == 0) {
			graph_value(L, f, path, INFINITY, &g->inventory_days[v], CP_UNC_INVENTORY, v);
		} else if (strcmp(key, "production_t") == 0) {
			cp_jnumber(&L->cx, f, path, 0, 0, INFINITY, &g->production_t[v]);
		} else if (strcmp(key, "restock_rate") == 0) {
			graph_value(L, f, path, INFINITY, &g->restock_rate[v], CP_UNC_RESTOCK, v);
		} else if (strcmp(key, "source") == 0) {
			note_source(L, f, path, v, -1);
		} else if (strcmp(key, "name") == 0) {
			if (cJSON_IsString(f))
				g->name[v] = intern(L, f->valuestring);
			else
				cp_jerr(&L->cx, path, "must be a string");
		} else if (strcmp(key, "note") == 0) {
			text_field(L, f, path);
		} else if (strcmp(key, "inputs") == 0) {
			parse_inputs(L, f, path, v);
		} else {
			cp_junknown_near(&L->cx, path, key, node_fields);
		}
		if (L->st == CP_ENOMEM)
			break;
	}
	g->line_off[v + 1] = g->n_lines;
	if (!(seen & F_ID))
		cp_jerr(&L->cx, npath, "missing 'id'");
	if (!(seen & F_KIND))
		cp_jerr(&L->cx, npath, "missing 'kind'");
	if (!(seen & F_COUNTRY))
		cp_jerr(&L->cx, npath, "missing 'country'");
	if (g->kind[v] == CP_SECTOR && g->sector[v] < 0)
		g->sector[v] = g->id[v];
	else if (g->kind[v] != CP_SECTOR && g->sector[v] >= 0)
		cp_jwarn(&L->cx, npath, "'sector' is ignored on a node of kind '%s'", cp_kind_name(g->kind[v]));
}

/* Replace the supplier strings of every edge with node indexes. */
static void resolve_suppliers(loader *L, int32_t first_line)
{
	cp_graph *g = L->g;
	int32_t *stamp;
	int32_t l;
	char hint[160];

	if (first_line == 0 && cp_resolve_suppliers_threaded(g, L->edge_m))
		return;
	if (!(stamp = cp_mallocn((size_t)g->n_nodes, sizeof *stamp))) {
		oom(L);
		return;
	}
	memset(stamp, 0xff, (size_t)g->n_nodes * sizeof *stamp);
	for (l = first_line; l < g->n_lines; l++) {
		int32_t e;
		for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++) {
			int32_t name = g->supplier[e], u = g->node_of_str[name], v = g->consumer[e];
			cp_jpath node_at = { NULL, "nodes", NULL, v };
			cp_jpath label_at = { &node_at, NULL, NULL, CP_JPATH_LABEL };
			cp_jpath line_at = { &label_at, "inputs", NULL, l - g->line_off[v] };
			cp_jpath at = { &line_at, "suppliers", NULL, -1 }, *path = &at;
			if (u >= 0 && u != v && stamp[u] != l) {
				stamp[u] = l;
				g->supplier[e] = u;
				continue;
			}
			/* a message: the node's id beside the path */
			label_at.key = g->id[v] >= 0 ? cp_node_id(g, v) : NULL;
			if (u < 0)
				cp_jerr(&L->cx, path, "unknown node '%s'%s", cp_graph_str(g, name),
				        cp_node_hint(g, cp_graph_str(g, name), hint, sizeof hint));
			else if (u == v)
				cp_jerr(&L->cx, path, "node '%s' cannot supply itself", cp_graph_str(g, name));
			else if (stamp[u] == l)
				cp_jerr(&L->cx, path, "supplier '%s' is listed twice", cp_graph_str(g, name));
			else
				stamp[u] = l;
			g->supplier[e] = u < 0 ? 0 : u;
		}
	}
	cp_free(stamp);
}

static void check_sources(loader *L)
{
	cp_graph *g = L->g;
	uint8_t *known;
	size_t i;
	if (!L->n_src)
		return;
	if (!(known = cp_callocn(g->strs->n, 1))) {
		oom(L);
		return;
	}
	for (i = 0; i < L->n_keys; i++)
		known[L->source_keys[i]] = 1;
	for (i = 0; i < L->n_src; i++) {
		const src_ref *r = &L->src[i];
		cp_jpath node_at = { NULL, "nodes", NULL, r->node };
		cp_jpath label_at = { &node_at, NULL, g->id[r->node] >= 0 ? cp_node_id(g, r->node) : NULL, CP_JPATH_LABEL };
		cp_jpath line_at = { &label_at, "inputs", NULL, r->line };
		cp_jpath at = { r->line < 0 ? &node_at : &line_at, "source", NULL, -1 };
		if (known[r->key])
			continue;
		cp_jerr(&L->cx, &at, "unknown source '%s' (not in the top-level 'sources' table)",
		        cp_graph_str(g, r->key));
	}
	cp_free(known);
}

static void parse_sources(loader *L, const cJSON *v)
{
	const cJSON *e;
	if (!cJSON_IsObject(v)) {
		cp_jerr(&L->cx, CP_JSTR("sources"), "must be an object of key -> citation");
		return;
	}
	cJSON_ArrayForEach(e, v) {
		int32_t k;
		cp_jpath at = { CP_JSTR("sources"), NULL, e->string, -1 };
		if (!cJSON_IsString(e)) {
			cp_jerr(&L->cx, &at, "must be a string (the citation)");
			continue;
		}
		if ((k = intern(L, e->string)) < 0)
			return;
		if (cp_grow((void **)&L->source_keys, &L->m_keys, L->n_keys + 1, sizeof *L->source_keys) < 0) {
			oom(L);
			return;
		}
		L->source_keys[L->n_keys++] = k;
	}
}

static void top_field(loader *L, const char *key, const cJSON *v)
{
	cp_graph *g = L->g;
	if (strcmp(key, "chokepoint") == 0) {
		L->seen_version = 1;
		if (!cJSON_IsNumber(v) || (v->valuedouble != 1 && v->valuedouble != 2))
			cp_jerr(&L->cx, CP_JSTR("chokepoint"), "unsupported format version (this program reads versions 1 and 2)");
		else
			g->version = (int)v->valuedouble;
	} else if (strcmp(key, "name") == 0) {
		if (cJSON_IsString(v))
			g->title = intern(L, v->valuestring);
		else
			cp_jerr(&L->cx, CP_JSTR("name"), "must be a string");
	} else if (strcmp(key, "value_unit") == 0) {
		if (cJSON_IsString(v))
			g->value_unit = intern(L, v->valuestring);
		else
			cp_jerr(&L->cx, CP_JSTR("value_unit"), "must be a string");
	} else if (strcmp(key, "sources") == 0) {
		if (L->seen_sources++)
			cp_jerr(&L->cx, CP_JSTR("sources"), "given twice");
		else
			parse_sources(L, v);
	} else if (strcmp(key, "note") == 0) {
		text_field(L, v, CP_JSTR("note"));
	} else {
		cp_junknown_near(&L->cx, NULL, key, top_fields);
	}
}

static void syntax_error(loader *L, const cp_jscan *js)
{
	size_t line, col;
	if (js->oom) {
		L->st = cp_status_merge(L->st, CP_ENOMEM);
		return;
	}
	cp_jscan_linecol(js, js->err_at, &line, &col);
	cp_error_code(L->cx.log, js->err_code, "%s:%zu:%zu: %s", L->cx.file, line, col, js->err);
	L->cx.errors++;
	if (js->err_code == CP_DIAG_LIMIT)
		L->st = cp_status_merge(L->st, CP_ELIMIT);
}

/* Pending keys from both paths: cJSON's strings and the text's. */
static void intern_mixed_keys(loader *L, int32_t from)
{
	cp_graph *g = L->g;
	int32_t k, n = g->n_edges - from;
	L->fast_keys = 0;
	for (k = 0; k < n; k++) {
		const char *s = L->keys[k];
		int32_t r;
		if (k + 16 < n && L->keys[k + 16] >= L->buf && L->keys[k + 16] < L->buf + L->len) {
			cp_strtab_prefetch(g->strs, L->key_hash[k + 16]);
			__builtin_prefetch(L->keys[k + 16]);
		}
		if (s >= L->buf && s < L->buf + L->len)
			r = cp_strtab_intern_hashed(g->strs, s, L->key_len[k], L->key_hash[k]);
		else
			r = cp_strtab_intern(g->strs, s, strlen(s));
		if (r < 0 || track_strings(L, r) < 0) {
			oom(L);
			return;
		}
		g->supplier[from + k] = r;
	}
}

/* A string of the text, interned. */
static int32_t intern_text(loader *L, const cp_fstr *s)
{
	int32_t k = cp_strtab_intern_hashed(L->g->strs, L->buf + s->off, s->len, s->hash);
	if (k < 0)
		return oom(L);
	return track_strings(L, k) < 0 ? -1 : k;
}

static int16_t intern_country_text(loader *L, const cp_fstr *s)
{
	char code[4];
	memcpy(code, L->buf + s->off, s->len);
	code[s->len] = '\0';
	return intern_country(L, code);
}

/* Strings of a node the fast path read that go through the string table. */
static int interned_event(int type)
{
	return type != CP_FEV_COUNTRY && type != CP_FEV_TECH && type != CP_FEV_SUPPLIERS;
}

/* Start loading the table slots and the text of the strings of the node
 * AHEAD places on in the chunk, so the cache misses of interning overlap
 * instead of coming one by one (supplier ids: intern_mixed_keys). */
#define AHEAD 8
static void prefetch_ahead(const loader *L, const cp_fnode *nd, const cp_fchunk *r)
{
	const cp_fnode *a = nd + AHEAD;
	uint32_t i;
	if (a >= r->node + r->n_node || !a->fast)
		return;
	for (i = 0; i < a->n_ev; i++)
		if (interned_event(r->ev[a->ev_first + i].type)) {
			cp_strtab_prefetch(L->g->strs, r->ev[a->ev_first + i].s.hash);
			__builtin_prefetch(L->buf + r->ev[a->ev_first + i].s.off);
		}
}

/* A node the fast path read: the same arrays, strings interned and
 * messages given in the order parse_node would. */
static void add_fast_node(loader *L, const cp_fnode *nd, const cp_fchunk *r)
{
	cp_graph *g = L->g;
	int32_t v = g->n_nodes, l0 = g->n_lines, e0 = g->n_edges, k;
	uint32_t i, n_edges = 0, first = nd->n_lines ? r->line[nd->line_first].edge_first : 0;
	size_t pend;
	int32_t idk = -1;
	for (i = 0; i < nd->n_lines; i++)
		n_edges += r->line[nd->line_first + i].n_edges;
	pend = (size_t)(e0 - L->keys_from) + n_edges;
	if ((size_t)e0 + n_edges > INT32_MAX || grow_nodes(L, (size_t)v + 1) < 0 ||
	    grow_lines(L, (size_t)l0 + nd->n_lines) < 0 || grow_edges(L, (size_t)e0 + n_edges) < 0 ||
	    cp_grow((void **)&L->keys, &L->m_scratch, pend, sizeof *L->keys) < 0) {
		oom(L);
		return;
	}
	if (pend > L->m_fkeys) {
		size_t m = L->m_fkeys;
		if (cp_grow((void **)&L->key_len, &m, pend, sizeof *L->key_len) < 0 ||
		    cp_grow((void **)&L->key_hash, &L->m_fkeys, pend, sizeof *L->key_hash) < 0) {
			oom(L);
			return;
		}
	}
	g->id[v] = g->name[v] = g->end_use[v] = g->sector[v] = -1;
	g->kind[v] = nd->kind;
	g->country[v] = 0;
	g->tech_origin[v] = -1;
	g->elements[v] = nd->elements;
	g->output[v] = nd->output;
	g->inventory_days[v] = nd->inventory_days;
	g->production_t[v] = nd->production_t;
	g->restock_rate[v] = nd->restock_rate;
	g->line_off[v] = l0;
	g->n_nodes = v + 1;
	for (i = 0; i < nd->n_lines; i++) {
		const cp_fline *fl = &r->line[nd->line_first + i];
		int32_t l = l0 + (int32_t)i;
		uint32_t j;
		g->item[l] = -1;
		g->value_share[l] = fl->value_share;
		g->value_share_set[l] = fl->value_share_set;
		g->substitutable[l] = fl->substitutable;
		g->transit_days[l] = fl->transit_days;
		g->edge_off[l] = e0 + (int32_t)(fl->edge_first - first);
		for (j = 0; j < fl->n_edges; j++) {
			const cp_fedge *fe = &r->edge[fl->edge_first + j];
			int32_t e = e0 + (int32_t)(fl->edge_first - first + j);
			size_t q = (size_t)(e - L->keys_from);
			L->keys[q] = L->buf + fe->supplier.off;
			L->key_len[q] = fe->supplier.len;
			L->key_hash[q] = fe->supplier.hash;
			g->consumer[e] = v;
			g->edge_line[e] = l;
			g->shat[e] = fe->share;
		}
	}
	g->n_lines = l0 + (int32_t)nd->n_lines;
	g->n_edges = e0 + (int32_t)n_edges;
	if (n_edges)
		L->fast_keys = 1;
	/* messages about the node name its id beside the path, as on the
	 * cJSON path, wherever "id" stands in the object: it is interned first
	 * (the label is taken from the table when a message is given, with no
	 * interning in between to move the table's bytes) */
	for (i = 0; i < nd->n_ev; i++)
		if (r->ev[nd->ev_first + i].type == CP_FEV_ID) {
			idk = intern_text(L, &r->ev[nd->ev_first + i].s);
			break;
		}
	for (i = 0; i < nd->n_ev && L->st != CP_ENOMEM; i++) {
		const cp_fevent *ev = &r->ev[nd->ev_first + i];
		cp_jpath nodes_at = { NULL, "nodes", NULL, v };
		cp_jpath node_at = { &nodes_at, NULL, idk >= 0 ? cp_graph_str(g, idk) : NULL, CP_JPATH_LABEL };
		int32_t l = l0 + ev->line;
		switch (ev->type) {
		case CP_FEV_ID:
			if ((k = idk) < 0)
				break;
			if (g->node_of_str[k] >= 0) {
				cp_jpath at = { &node_at, "id", NULL, -1 };
				cp_jerr(&L->cx, &at, "duplicate id '%s' (first at nodes[%d])", cp_graph_str(g, k), g->node_of_str[k]);
				break;
			}
			g->node_of_str[k] = v;
			g->id[v] = k;
			break;
		case CP_FEV_COUNTRY:
			g->country[v] = intern_country_text(L, &ev->s);
			break;
		case CP_FEV_TECH:
			g->tech_origin[v] = intern_country_text(L, &ev->s);
			break;
		case CP_FEV_SECTOR:
			g->sector[v] = intern_text(L, &ev->s);
			break;
		case CP_FEV_END_USE:
			g->end_use[v] = intern_text(L, &ev->s);
			break;
		case CP_FEV_NAME:
			g->name[v] = intern_text(L, &ev->s);
			break;
		case CP_FEV_SOURCE:
		case CP_FEV_LSOURCE:
			if ((k = intern_text(L, &ev->s)) >= 0)
				add_source(L, k, v, ev->type == CP_FEV_SOURCE ? -1 : ev->line);
			break;
		case CP_FEV_ITEM:
			g->item[l] = intern_text(L, &ev->s);
			break;
		default: {
			cp_jpath line_at = { &node_at, "inputs", NULL, ev->line };
			cp_jpath at = { &line_at, "suppliers", NULL, -1 };
			shares_warning(L, &at, r->line[nd->line_first + (uint32_t)ev->line].share_total);
		}
		}
	}
	if (g->kind[v] == CP_SECTOR && g->sector[v] < 0)
		g->sector[v] = g->id[v];
	g->line_off[v + 1] = g->n_lines;
}

/* Intern the supplier ids waiting in L->keys (they point into cJSON trees
 * the caller still holds).  Interning many at once overlaps their cache
 * misses, the loader's largest cost.  Each edge's supplier is then a
 * string until resolve_suppliers(). */
static void intern_pending_suppliers(loader *L)
{
	cp_graph *g = L->g;
	int32_t k, from = L->keys_from;
	L->keys_from = g->n_edges;
	if (g->n_edges == from)
		return;
	if (L->fast_keys) {
		intern_mixed_keys(L, from);
		return;
	}
	if (cp_strtab_intern_many(g->strs, (size_t)(g->n_edges - from), L->keys, g->supplier + from) < 0) {
		oom(L);
		return;
	}
	for (k = from; k < g->n_edges; k++)
		if (track_strings(L, g->supplier[k]) < 0)
			return;
}

/* Nothing before upto is read again: a droppable text gives its pages
 * back, so the text read and the graph built do not add up in memory. */
static void forget_text(loader *L, cp_jscan *js, size_t upto)
{
	size_t from = js->gone;
	if (!L->droppable || upto <= from)
		return;
	cp_jscan_forget(js, upto);
	cp_text_drop(js->buf, from, upto);
}

/* Nodes parsed before their supplier ids are interned together. */
#define NODE_BATCH 16

/* Stream the elements of "nodes"; -1 on a syntax error. */
static int read_nodes(loader *L, cp_jscan *js)
{
	cJSON *held[NODE_BATCH];
	size_t beg, end;
	int r = 1, first = 1, n_held = 0, n_batch = 0;
	cp_fast *fast;
	const cp_fnode *nd = NULL;
	const cp_fchunk *ch;
	if (cp_jscan_open(js, '[') < 0) {
		if (strcmp(js->err, "expected an array") == 0)
			cp_jerr(&L->cx, CP_JSTR("nodes"), "must be an array of nodes");
		else
			syntax_error(L, js);
		return -1;
	}
	/* Elements the fast path read come first (their extents already
	 * scanned), then the scanner reads on from where it stopped. */
	fast = cp_fast_start(js->buf, js->len, js->pos, js->depth, L->lim);
	L->buf = js->buf;
	L->len = js->len;
	for (;;) {
		cJSON *o = NULL;
		if (fast && !cp_fast_next(fast, &nd, &ch)) {
			js->pos = cp_fast_resume(fast, &r);
			first = !r;
			cp_fast_free(fast);
			fast = NULL;
		}
		if (!fast) {
			if ((r = cp_jscan_element(js, first, &beg, &end)) != 1)
				break;
			first = 0;
		}
		if ((size_t)L->g->n_nodes >= L->lim->max_nodes) {
			cp_jlimit(&L->cx, CP_JSTR("nodes"), "more than %zu nodes (see --max-nodes)", L->lim->max_nodes);
			L->st = cp_status_merge(L->st, CP_ELIMIT);
			r = -2;
			break;
		}
		if (fast && nd->fast) {
			prefetch_ahead(L, nd, ch);
			add_fast_node(L, nd, ch);
		} else {
			if (fast) {
				beg = nd->beg;
				end = nd->end;
			}
			if (!(o = cp_jscan_parse(js, beg, end))) {
				syntax_error(L, js);
				r = -2;
				break;
			}
			parse_node(L, o, L->g->n_nodes);
			held[n_held++] = o;
		}
		if (++n_batch == NODE_BATCH || L->st == CP_ENOMEM) {
			intern_pending_suppliers(L);
			while (n_held)
				cJSON_Delete(held[--n_held]);
			n_batch = 0;
			if (fast)
				forget_text(L, js, cp_fast_release(fast));
		}
		if (L->st == CP_ENOMEM) {
			r = -2;
			break;
		}
	}
	cp_fast_free(fast);
	intern_pending_suppliers(L);
	while (n_held)
		cJSON_Delete(held[--n_held]);
	if (r == -2 || L->st == CP_ENOMEM)
		return -1;
	if (r < 0) {
		syntax_error(L, js);
		return -1;
	}
	if (L->g->n_nodes == 0)
		cp_jerr(&L->cx, CP_JSTR("nodes"), "must not be empty");
	return 0;
}

static int read_document(loader *L, const char *buf, size_t len)
{
	cp_jscan js;
	int r, first;
	cJSON *key;

	cp_jscan_init(&js, buf, len, L->lim->max_depth, L->lim->max_string, L->lim->max_fields);
	if (cp_jscan_open(&js, '{') < 0) {
		syntax_error(L, &js);
		return -1;
	}
	for (first = 1; (r = cp_jscan_member(&js, first, &key)) == 1; first = 0) {
		const char *name = key->valuestring;
		if (strcmp(name, "nodes") == 0) {
			cJSON_Delete(key);
			if (L->seen_nodes++) {
				cp_jerr(&L->cx, CP_JSTR("nodes"), "given twice");
				return -1;
			}
			if (read_nodes(L, &js) < 0)
				return -1;
		} else {
			size_t beg, end;
			cJSON *v;
			if (cp_jscan_value(&js, &beg, &end) < 0 || !(v = cp_jscan_parse(&js, beg, end))) {
				cJSON_Delete(key);
				syntax_error(L, &js);
				return -1;
			}
			top_field(L, name, v);
			cJSON_Delete(v);
			cJSON_Delete(key);
		}
		if (L->st == CP_ENOMEM)
			return -1;
	}
	if (r < 0 || cp_jscan_finish(&js) < 0) {
		syntax_error(L, &js);
		return -1;
	}
	if (!L->seen_version)
		cp_jerr(&L->cx, CP_JSTR(""), "missing 'chokepoint' (the format version, 1 or 2)");
	if (!L->seen_nodes)
		cp_jerr(&L->cx, CP_JSTR(""), "missing 'nodes'");
	return 0;
}

static cp_graph *graph_new(void)
{
	cp_graph *g = cp_callocn(1, sizeof *g);
	int i;
	if (!g)
		return NULL;
	g->title = g->value_unit = -1;
	g->strs = cp_malloc(sizeof *g->strs);
	g->country_of_slot = cp_mallocn(CP_COUNTRY_SLOTS, sizeof *g->country_of_slot);
	g->country_code = cp_mallocn(CP_COUNTRY_SLOTS, sizeof *g->country_code);
	g->line_off = cp_malloc(sizeof *g->line_off);
	g->edge_off = cp_malloc(sizeof *g->edge_off);
	if (!g->strs || !g->country_of_slot || !g->country_code || !g->line_off || !g->edge_off) {
		cp_free(g->strs);
		g->strs = NULL;
		cp_graph_free(g);
		return NULL;
	}
	cp_strtab_init(g->strs);
	for (i = 0; i < CP_COUNTRY_SLOTS; i++)
		g->country_of_slot[i] = -1;
	g->line_off[0] = g->edge_off[0] = 0;
	return g;
}

/* What a load came to: out of memory or over a cap first, then any error. */
static cp_status loader_status(const loader *L)
{
	if (L->cx.oom)
		return CP_ENOMEM;
	return cp_status_merge(L->st, L->cx.errors ? CP_EINVAL : CP_OK);
}

/* The loader's own scratch; the graph is the caller's. */
static void loader_free(loader *L)
{
	cp_free(L->item_stamp);
	cp_free(L->src);
	cp_free(L->source_keys);
	cp_free(L->keys);
	cp_free(L->key_len);
	cp_free(L->key_hash);
	if (L->have_ranges)
		cp_keyranges_free(&L->ranges);
	cp_jctx_free(&L->cx);
}

cp_status cp_graph_append_node(cp_graph *g, const char *text, const char *where, const cp_limits *lim,
                               cp_log *log)
{
	loader L;
	cJSON *o;
	int32_t first_line = g->n_lines, v = g->n_nodes;
	cp_status st;

	memset(&L, 0, sizeof L);
	L.g = g;
	L.lim = lim;
	L.node_m = (size_t)g->n_nodes;
	L.line_m = (size_t)g->n_lines;
	L.edge_m = (size_t)g->n_edges;
	L.str_m = g->strs->n;
	cp_jctx_init(&L.cx, log, where);
	if (!(L.item_stamp = cp_callocn(L.str_m + 1, sizeof *L.item_stamp))) {
		cp_jctx_free(&L.cx);
		return CP_ENOMEM;
	}
	cp_alloc_take_failure();
	if (!(o = cJSON_Parse(text))) {
		st = cp_alloc_take_failure() ? CP_ENOMEM : CP_EINTERNAL;
	} else {
		L.keys_from = g->n_edges;
		parse_node(&L, o, v);
		intern_pending_suppliers(&L);
		cJSON_Delete(o);
		g->edge_off[g->n_lines] = g->n_edges;
		if (L.st == CP_OK)
			resolve_suppliers(&L, first_line);
		st = loader_status(&L);
	}
	loader_free(&L);
	return st;
}

/* Parse and check; the search index is built by the callers, after they
 * have released the text, so the two never occupy memory together. */
static cp_status parse_graph(cp_graph **out, const char *name, const char *buf, size_t len,
                             const cp_limits *lim, int droppable, cp_log *log)
{
	loader L;
	cp_status st;

	*out = NULL;
	memset(&L, 0, sizeof L);
	L.lim = lim;
	L.droppable = droppable;
	L.st = CP_OK;
	cp_jctx_init(&L.cx, log, name);
	if (!(L.g = graph_new()) || !(L.g->file = cp_strdup(name))) {
		cp_graph_free(L.g);
		cp_jctx_free(&L.cx);
		return CP_ENOMEM;
	}
	if (len > lim->max_file_bytes) {
		cp_error_code(log, CP_DIAG_LIMIT, "%s: input is %zu bytes, more than the limit of %zu (see --max-file-size)", name, len, lim->max_file_bytes);
		L.st = CP_ELIMIT;
	} else if (read_document(&L, buf, len) == 0 && L.st == CP_OK) {
		/* Node-level errors do not stop these checks: one run reports all. */
		L.g->line_off[L.g->n_nodes] = L.g->n_lines;
		L.g->edge_off[L.g->n_lines] = L.g->n_edges;
		resolve_suppliers(&L, 0);
		check_sources(&L);
		if (cp_graph_check_outputs(L.g, name, log) != CP_OK)
			L.cx.errors++;
	}
	st = loader_status(&L);
	loader_free(&L);
	if (st != CP_OK) {
		cp_graph_free(L.g);
		return st;
	}
	*out = L.g;
	return CP_OK;
}

static cp_status finish_graph(cp_graph **out)
{
	cp_status st = cp_graph_build_counts(*out);
	if (st != CP_OK) {
		cp_graph_free(*out);
		*out = NULL;
	}
	return st;
}

cp_status cp_graph_load_buffer(cp_graph **out, const char *name, const char *buf, size_t len,
                               const cp_limits *lim, cp_log *log)
{
	cp_limits deflim;
	cp_status st;
	if (!lim) {
		cp_limits_default(&deflim);
		lim = &deflim;
	}
	if ((st = parse_graph(out, name, buf, len, lim, 0, log)) != CP_OK)
		return st;
	return finish_graph(out);
}

cp_status cp_graph_load(cp_graph **out, const char *path, const cp_limits *lim, cp_log *log)
{
	cp_limits deflim;
	cp_file file;
	cp_status st;

	*out = NULL;
	if (!lim) {
		cp_limits_default(&deflim);
		lim = &deflim;
	}
	if ((st = cp_file_open(&file, path, lim->max_file_bytes, log)) != CP_OK)
		return st;
	st = parse_graph(out, path, file.buf, file.len, lim, file.droppable, log);
	cp_file_close(&file);
	if (st != CP_OK)
		return st;
	return finish_graph(out);
}
