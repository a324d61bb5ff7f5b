/* Results as Graphviz drawings.  cgraph builds the graph, gvc lays it out
 * with dot and renders it, all in-process: no `dot` process is started.
 *
 * A drawing is planned first on flat arrays (which nodes, merged into which
 * drawn nodes, which edges), so the size cap is checked before Graphviz sees
 * anything, then built attribute by attribute with agsafeset.
 *
 * Text from the input (ids, names, rule ids, titles) goes into plain
 * (non-HTML) labels through label_text(), which makes it print as written
 * in DOT, SVG, PNG and PDF alike.  Graphviz nodes are named "n0", "n1", ...
 * rather than by id, so ids never reach a place (node names, SVG titles and
 * comments) that Graphviz does not escape on our terms. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <chokepoint/chokepoint.h>
#include "alloc.h"
#include "log.h"

#define EDGE_COLOUR "#8c8c8c"       /* a flow nothing blocks */
#define BLOCKED_COLOUR "#d7191c"    /* blocked by a rule's direct clause */
#define EXTRA_COLOUR "#7b3294"      /* blocked under an extraterritorial clause */
#define LICENSED_COLOUR "#4d4d4d"   /* a rule matches but refuses nothing */
#define FONT "Helvetica"
#define MAX_LABEL_CHARS 48          /* longer ids and names end in an ellipsis */
#define MAX_LABEL_RULES 4           /* rule ids listed on one edge before "+N more" */
#define LARGE_EDGES 1500            /* above, dot is told to spend less effort */

void cp_render_opts_default(cp_render_opts *o)
{
	o->format = CP_RENDER_SVG;
	o->focus = -1;
	o->min_share = 0;
	o->collapse = CP_GROUP_NONE;
	o->cluster = CP_GROUP_NONE;
	o->max_nodes = 2000;
	o->max_edges = 8000;
}

static const char *const format_names[] = { "svg", "png", "pdf", "dot" };

const char *cp_render_format_name(cp_render_format f)
{
	return (unsigned)f < sizeof format_names / sizeof *format_names ? format_names[f] : NULL;
}

static int lower_equal(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char ca = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		if (ca != *b)
			return 0;
	}
	return *a == *b;
}

int cp_render_format_parse(const char *name, cp_render_format *out)
{
	size_t i;
	for (i = 0; i < sizeof format_names / sizeof *format_names; i++)
		if (lower_equal(name, format_names[i])) {
			*out = (cp_render_format)i;
			return 0;
		}
	if (lower_equal(name, "gv")) {
		*out = CP_RENDER_DOT;
		return 0;
	}
	return -1;
}

int cp_render_format_of_path(const char *path, cp_render_format *out)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash) || dot == path || dot[-1] == '/')
		return -1;
	return cp_render_format_parse(dot + 1, out);
}

/* ---- a growable string ---- */

typedef struct sbuf {
	char *a;
	size_t n, m;
	int oom;
} sbuf;

static void sb_putn(sbuf *b, const char *s, size_t n)
{
	if (b->oom || cp_grow((void **)&b->a, &b->m, b->n + n + 1, 1) < 0) {
		b->oom = 1;
		return;
	}
	memcpy(b->a + b->n, s, n);
	b->n += n;
	b->a[b->n] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

static void sb_printf(sbuf *b, const char *fmt, ...) CP_PRINTF(2, 3);
static void sb_printf(sbuf *b, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		b->oom = 1;
	else
		sb_putn(b, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void sb_clear(sbuf *b)
{
	b->n = 0;
	if (b->a)
		b->a[0] = '\0';
}

/* Length of the valid UTF-8 sequence at s holding an XML character, or 0.
 * Overlong forms, surrogates and code points past U+10FFFF are refused, as
 * are U+FFFE and U+FFFF (well-formed UTF-8, not XML characters): an SVG
 * holding them would not be well-formed.  *skip is how many bytes one
 * replacement character stands for: the whole sequence for U+FFFE and
 * U+FFFF, else one byte. */
static size_t utf8_char(const unsigned char *s, size_t *skip)
{
	unsigned c = s[0], cp;
	size_t n, i;
	*skip = 1;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	if (cp == 0xFFFE || cp == 0xFFFF) {
		*skip = n;
		return 0;
	}
	return n;
}

/* Append s as label text that Graphviz shows as written, in every format:
 * - '\' doubles: in a label, \n, \l, \N, \G ... are escapes;
 * - '&' becomes "&amp;": Graphviz decodes entities in plain labels, so
 *   "&#1;" would otherwise become a control character in the SVG;
 * - a newline becomes the \n escape, other control characters a space;
 * - bytes that are not valid UTF-8 become U+FFFD.
 * '"', '<' and '>' stay: cgraph quotes strings when it writes DOT, and the
 * SVG renderer escapes them.  Since backslashes always come in pairs or
 * as our own \n, no label ends in a lone backslash, which DOT could not
 * read back.  At most max_chars characters are kept, then an ellipsis. */
static void sb_label(sbuf *b, const char *s, size_t max_chars)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t chars = 0, n, skip;
	while (*p) {
		if (chars == max_chars) {
			sb_puts(b, "\xE2\x80\xA6");
			return;
		}
		chars++;
		if (*p == '\\') {
			sb_puts(b, "\\\\");
			p++;
		} else if (*p == '&') {
			sb_puts(b, "&amp;");
			p++;
		} else if (*p == '\n') {
			sb_puts(b, "\\n");
			p++;
		} else if (*p < 0x20 || *p == 0x7F) {
			sb_puts(b, " ");
			p++;
		} else if ((n = utf8_char(p, &skip)) == 0) {
			sb_puts(b, "\xEF\xBF\xBD");
			p += skip;
		} else {
			sb_putn(b, (const char *)p, n);
			p += n;
		}
	}
}

/* "53.5%", without claiming 0% or 100% for what is only close to it. */
static void fmt_pct(char *buf, size_t size, double x)
{
	if (isnan(x))
		snprintf(buf, size, "?");
	else if (x <= 0)
		snprintf(buf, size, "0%%");
	else if (x < 0.0005)
		snprintf(buf, size, "<0.1%%");
	else if (x >= 1)
		snprintf(buf, size, "100%%");
	else if (x > 0.9995)
		snprintf(buf, size, ">99.9%%");
	else
		snprintf(buf, size, "%.1f%%", 100 * x);
}

/* 631,670 for large amounts, three significant digits for small ones. */
static void fmt_amount(char *buf, size_t size, double x)
{
	char tmp[64];
	size_t len, i, o = 0, lead;
	if (!isfinite(x) || fabs(x) < 100 || fabs(x) >= 1e18) {
		snprintf(buf, size, "%.3g", x);
		return;
	}
	snprintf(tmp, sizeof tmp, "%.0f", x);
	len = strlen(tmp);
	lead = tmp[0] == '-';
	for (i = 0; i < len && o + 2 < size; i++) {
		if (i > lead && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
}

/* The fill for a disruption d: white (0), yellow (0.5), red (1). */
static void fill_colour(char buf[8], double d)
{
	static const double stop[3][3] = { { 255, 255, 255 }, { 255, 222, 89 }, { 222, 45, 38 } };
	const double *a, *b;
	double t;
	int i, rgb[3];
	if (isnan(d) || d < 0)
		d = 0;
	if (d > 1)
		d = 1;
	if (d <= 0.5) {
		a = stop[0], b = stop[1], t = d / 0.5;
	} else {
		a = stop[1], b = stop[2], t = (d - 0.5) / 0.5;
	}
	for (i = 0; i < 3; i++)
		rgb[i] = (int)lround(a[i] + (b[i] - a[i]) * t);
	snprintf(buf, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

/* ---- the plan: what is drawn ---- */

typedef struct dnode {         /* a drawn node: one graph node, or a merged group */
	int32_t first;             /* its first graph node in file order */
	int32_t n_members;
	uint8_t kind;
	int16_t country;           /* -1 when the members' countries differ */
	double disruption;         /* output-weighted mean (plain mean when an output is missing) */
	double value_at_risk;      /* sum of d * output over members with an output */
	int has_value;             /* some member has an output */
	double loss;               /* largest outage loss among members */
	double sum_w, sum_wd, sum_d;
	int all_weighted;
} dnode;

typedef struct dedge {         /* a drawn edge: graph edges lo..hi-1 of plan.pe */
	int32_t from, to;          /* drawn nodes */
	int32_t lo, hi;
	double share;              /* largest normalised share among them */
	double blocked;            /* largest blocked fraction */
	int32_t n_blocked;         /* members with blocked > 0 */
	int matched, extra;        /* some member matches a rule; by an extraterritorial clause */
} dedge;

typedef struct plan {
	int32_t *group;            /* per graph node: drawn node, or -1 */
	dnode *nodes;
	int32_t n_nodes;
	int32_t *pe;               /* drawn graph edges, grouped by drawn edge */
	int32_t n_pe;
	dedge *edges;
	int32_t n_edges;
	int32_t n_hidden;          /* edges between drawn nodes hidden by min_share */
} plan;

static void plan_free(plan *p)
{
	cp_free(p->group);
	cp_free(p->nodes);
	cp_free(p->pe);
	cp_free(p->edges);
	memset(p, 0, sizeof *p);
}

static int edge_shown(const cp_graph *g, const cp_render_opts *o, int32_t e)
{
	return !(g->shat[e] < o->min_share);
}

/* Mark the focus and everything upstream of it through shown edges: a
 * breadth-first search over the consumer-ordered CSR (a node's input edges
 * are contiguous).  O(N + E). */
static int mark_focus(const cp_graph *g, const cp_render_opts *o, int32_t *keep)
{
	int32_t *queue = cp_mallocn((size_t)g->n_nodes, sizeof *queue);
	int32_t head = 0, tail = 0, v, e;
	if (!queue)
		return -1;
	keep[o->focus] = 1;
	queue[tail++] = o->focus;
	while (head < tail) {
		v = queue[head++];
		for (e = g->edge_off[g->line_off[v]]; e < g->edge_off[g->line_off[v + 1]]; e++) {
			int32_t u = g->supplier[e];
			if (!keep[u] && edge_shown(g, o, e)) {
				keep[u] = 1;
				queue[tail++] = u;
			}
		}
	}
	cp_free(queue);
	return 0;
}

static const cp_result *sort_r;   /* for edge_cmp; the renderer is not reentrant anyway */
static const int32_t *sort_group;

static int edge_cmp(const void *pa, const void *pb)
{
	const cp_graph *g = sort_r->g;
	int32_t a = *(const int32_t *)pa, b = *(const int32_t *)pb;
	int32_t fa = sort_group[g->supplier[a]], fb = sort_group[g->supplier[b]];
	int32_t ta = sort_group[g->consumer[a]], tb = sort_group[g->consumer[b]];
	if (fa != fb)
		return fa < fb ? -1 : 1;
	if (ta != tb)
		return ta < tb ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Which nodes and edges are drawn.  CP_ELIMIT (with a message) when the
 * drawing would be too large to lay out. */
static cp_status plan_make(plan *p, const cp_result *r, const cp_render_opts *o, cp_log *log)
{
	const cp_graph *g = r->g;
	int32_t *key = NULL, n_keys, v, e, i;
	cp_status st = CP_ENOMEM;

	memset(p, 0, sizeof *p);
	/* group[v]: first 0 for a drawn node, -1 for one left out */
	if (!(p->group = cp_callocn((size_t)g->n_nodes, sizeof *p->group)))
		goto fail;
	if (o->focus >= 0) {
		if (mark_focus(g, o, p->group) < 0)
			goto fail;
		for (v = 0; v < g->n_nodes; v++)
			p->group[v] = p->group[v] ? 0 : -1;
	}

	/* Drawn nodes in order of first appearance; key -> drawn node. */
	n_keys = o->collapse == CP_GROUP_COUNTRY ? CP_NKINDS * g->n_countries :
	         o->collapse == CP_GROUP_KIND ? CP_NKINDS : 0;
	if (n_keys) {
		if (!(key = cp_mallocn((size_t)n_keys, sizeof *key)))
			goto fail;
		for (i = 0; i < n_keys; i++)
			key[i] = -1;
	}
	for (v = 0; v < g->n_nodes; v++) {
		int32_t k = -1, d;
		if (p->group[v] < 0)
			continue;
		if (o->collapse == CP_GROUP_COUNTRY)
			k = g->kind[v] * g->n_countries + g->country[v];
		else if (o->collapse == CP_GROUP_KIND)
			k = g->kind[v];
		d = k >= 0 ? key[k] : -1;
		if (d < 0) {
			d = p->n_nodes++;
			if (k >= 0)
				key[k] = d;
		}
		p->group[v] = d;
	}
	cp_free(key);
	key = NULL;
	if ((size_t)p->n_nodes > o->max_nodes) {
		cp_error(log, "render: the drawing would have %d nodes, more than %zu can be laid out "
		         "usefully; draw what feeds one node with --focus ID, or merge nodes with "
		         "--collapse country or --collapse kind", p->n_nodes, o->max_nodes);
		st = CP_ELIMIT;
		goto fail;
	}

	if (!(p->nodes = cp_callocn((size_t)p->n_nodes ? (size_t)p->n_nodes : 1, sizeof *p->nodes)))
		goto fail;
	for (v = 0; v < g->n_nodes; v++) {
		dnode *d;
		double out = g->output[v], dv = r->disruption[v];
		if (p->group[v] < 0)
			continue;
		d = &p->nodes[p->group[v]];
		if (d->n_members++ == 0) {
			d->first = v;
			d->kind = g->kind[v];
			d->country = g->country[v];
			d->all_weighted = 1;
		} else if (d->country != g->country[v]) {
			d->country = -1;
		}
		d->sum_d += dv;
		if (isfinite(out)) {
			d->sum_w += out;
			d->sum_wd += out * dv;
			d->value_at_risk += out * dv;
			d->has_value = 1;
		} else {
			d->all_weighted = 0;
		}
		if (r->loss[v] > d->loss)
			d->loss = r->loss[v];
	}
	for (i = 0; i < p->n_nodes; i++) {
		dnode *d = &p->nodes[i];
		d->disruption = d->all_weighted && d->sum_w > 0 ? d->sum_wd / d->sum_w : d->sum_d / d->n_members;
	}

	/* Drawn edges: both ends drawn, share not below min_share, not inside
	 * one merged node; sorted so that merged edges are runs. */
	if (!(p->pe = cp_mallocn((size_t)g->n_edges ? (size_t)g->n_edges : 1, sizeof *p->pe)))
		goto fail;
	for (e = 0; e < g->n_edges; e++) {
		int32_t a = p->group[g->supplier[e]], b = p->group[g->consumer[e]];
		if (a < 0 || b < 0 || a == b)
			continue;
		if (!edge_shown(g, o, e)) {
			p->n_hidden++;
			continue;
		}
		p->pe[p->n_pe++] = e;
	}
	if (o->collapse != CP_GROUP_NONE) {
		sort_r = r;
		sort_group = p->group;
		qsort(p->pe, (size_t)p->n_pe, sizeof *p->pe, edge_cmp);
	}
	if (!(p->edges = cp_mallocn((size_t)p->n_pe ? (size_t)p->n_pe : 1, sizeof *p->edges)))
		goto fail;
	for (i = 0; i < p->n_pe; i++) {
		int32_t pe = p->pe[i], k;
		int32_t a = p->group[g->supplier[pe]], b = p->group[g->consumer[pe]];
		dedge *d = p->n_edges ? &p->edges[p->n_edges - 1] : NULL;
		if (!d || o->collapse == CP_GROUP_NONE || d->from != a || d->to != b) {
			d = &p->edges[p->n_edges++];
			memset(d, 0, sizeof *d);
			d->from = a;
			d->to = b;
			d->lo = i;
		}
		d->hi = i + 1;
		if (g->shat[pe] > d->share)
			d->share = g->shat[pe];
		if (r->blocked[pe] > d->blocked)
			d->blocked = r->blocked[pe];
		d->n_blocked += r->blocked[pe] > 0;
		for (k = r->match_off[pe]; k < r->match_off[pe + 1]; k++) {
			d->matched = 1;
			if ((r->match[k] & CP_MATCH_EXTRA) && r->match_denial[k] > 0)
				d->extra = 1;
		}
	}
	if ((size_t)p->n_edges > o->max_edges) {
		cp_error(log, "render: the drawing would have %d edges, more than %zu can be laid out "
		         "usefully; draw what feeds one node with --focus ID, hide thin edges with "
		         "--min-share, or merge nodes with --collapse country or --collapse kind",
		         p->n_edges, o->max_edges);
		st = CP_ELIMIT;
		goto fail;
	}
	return CP_OK;
fail:
	cp_free(key);
	plan_free(p);
	return st;
}

/* ---- Graphviz messages into the log ---- */

/* cgraph reports through one global hook, in fragments ("Warning", ": ",
 * the text); they are joined into lines here. */
static struct {
	cp_log *log;
	char line[512];
	size_t n;
} gv_sink;

static void gv_flush(void)
{
	const char *t = gv_sink.line;
	if (!gv_sink.n || !gv_sink.log)
		return;
	gv_sink.line[gv_sink.n] = '\0';
	if (strncmp(t, "Warning: ", 9) == 0)
		t += 9;
	else if (strncmp(t, "Error: ", 7) == 0)
		t += 7;
	while (*t == ' ')
		t++;
	if (*t)
		cp_warn(gv_sink.log, "graphviz: %s", t);
	gv_sink.n = 0;
}

static int gv_errf(char *msg)
{
	for (; *msg; msg++) {
		if (*msg == '\n')
			gv_flush();
		else if (gv_sink.n + 1 < sizeof gv_sink.line)
			gv_sink.line[gv_sink.n++] = *msg;
	}
	return 0;
}

/* ---- building the cgraph graph ---- */

typedef struct builder {
	const cp_result *r;
	const cp_render_opts *o;
	const plan *p;
	Agraph_t *g;
	Agnode_t **gn;             /* per drawn node */
	sbuf text;
	int failed;                /* an attribute or object could not be made */
} builder;

/* agsafeset with the default "" (declares the attribute when needed). */
static void set(builder *b, void *obj, const char *name, const char *value)
{
	if (!obj || agsafeset(obj, (char *)name, (char *)value, "") != 0)
		b->failed = 1;
}

static void declare(builder *b, int kind, const char *name, const char *value)
{
	if (!agattr(b->g, kind, (char *)name, (char *)value))
		b->failed = 1;
}

static const char *label_or_fail(builder *b)
{
	if (b->text.oom) {
		b->failed = 1;
		return "";
	}
	return b->text.a ? b->text.a : "";
}

static void node_label(builder *b, const dnode *d)
{
	const cp_graph *g = b->r->g;
	char pct[32], amount[64];
	sbuf *t = &b->text;

	sb_clear(t);
	if (d->n_members == 1) {
		sb_label(t, cp_node_id(g, d->first), MAX_LABEL_CHARS);
		if (g->name[d->first] >= 0 && strcmp(cp_graph_str(g, g->name[d->first]), cp_node_id(g, d->first)) != 0) {
			sb_puts(t, "\\n");
			sb_label(t, cp_graph_str(g, g->name[d->first]), MAX_LABEL_CHARS);
		}
	} else {
		sb_puts(t, cp_kind_name(d->kind));
		if (d->country >= 0) {
			sb_puts(t, " @ ");
			sb_label(t, cp_graph_str(g, g->country_code[d->country]), MAX_LABEL_CHARS);
		}
		sb_printf(t, "\\n%d nodes", d->n_members);
	}
	if (d->loss > 0) {
		fmt_pct(pct, sizeof pct, d->loss);
		sb_printf(t, "\\noutage %s", pct);
	}
	fmt_pct(pct, sizeof pct, d->disruption);
	sb_printf(t, "\\n%s%s disrupted", d->n_members > 1 ? "mean " : "", pct);
	if (d->kind == CP_SECTOR && d->has_value) {
		fmt_amount(amount, sizeof amount, d->value_at_risk);
		sb_printf(t, "\\nat risk %s", amount);
	}
}

static void edge_label(builder *b, const dedge *d)
{
	const cp_result *r = b->r;
	int32_t n_rules = r->s ? r->s->n_rules : 0, k, i, listed = 0, more = 0;
	char pct[32];
	sbuf *t = &b->text;

	sb_clear(t);
	/* The rules matching any member edge, in rule order, once each. */
	for (k = 0; k < n_rules; k++) {
		int hit = 0, extra = 0;
		for (i = d->lo; i < d->hi; i++) {
			int32_t e = b->p->pe[i], m;
			for (m = r->match_off[e]; m < r->match_off[e + 1]; m++)
				if ((r->match[m] & ~CP_MATCH_EXTRA) == k) {
					hit = 1;
					extra |= (r->match[m] & CP_MATCH_EXTRA) != 0;
				}
		}
		if (!hit)
			continue;
		if (listed == MAX_LABEL_RULES) {
			more++;
			continue;
		}
		sb_puts(t, listed++ ? ",\\n" : "");
		sb_label(t, r->s->rules[k].id, MAX_LABEL_CHARS);
		if (extra)
			sb_puts(t, " (extraterritorial)");
	}
	if (more)
		sb_printf(t, "\\n+%d more", more);
	fmt_pct(pct, sizeof pct, d->blocked);
	if (d->hi - d->lo > 1)
		sb_printf(t, "\\nup to %s blocked (%d of %d flows)", pct, d->n_blocked, d->hi - d->lo);
	else if (d->blocked > 0)
		sb_printf(t, "\\n%s blocked", pct);
	else
		sb_puts(t, "\\nlicensed, 0% blocked");
}

static void add_nodes(builder *b)
{
	const plan *p = b->p;
	char name[32], colour[8];
	int32_t i;
	for (i = 0; i < p->n_nodes && !b->failed; i++) {
		const dnode *d = &p->nodes[i];
		Agnode_t *n;
		snprintf(name, sizeof name, "n%d", i);
		if (!(n = b->gn[i] = agnode(b->g, name, 1))) {
			b->failed = 1;
			break;
		}
		node_label(b, d);
		set(b, n, "label", label_or_fail(b));
		fill_colour(colour, d->disruption);
		set(b, n, "fillcolor", colour);
		if (d->kind == CP_SECTOR)
			set(b, n, "peripheries", "2");
		if (d->loss > 0)
			set(b, n, "color", BLOCKED_COLOUR);
		if (b->o->focus >= 0 && p->group[b->o->focus] == i)
			set(b, n, "penwidth", "3");
	}
}

static void add_edges(builder *b)
{
	const plan *p = b->p;
	char buf[32];
	int32_t i;
	for (i = 0; i < p->n_edges && !b->failed; i++) {
		const dedge *d = &p->edges[i];
		double width = 0.5 + 3.5 * d->share;
		Agedge_t *e = agedge(b->g, b->gn[d->from], b->gn[d->to], NULL, 1);
		if (!e) {
			b->failed = 1;
			break;
		}
		if (d->blocked > 0 && width < 1.5)
			width = 1.5;
		snprintf(buf, sizeof buf, "%.2f", width);
		set(b, e, "penwidth", buf);
		if (!d->matched)
			continue;
		edge_label(b, d);
		/* dot 2.42 frees twice after laying out labelled flat edges
		 * (both ends in one rank=same stage): those get an xlabel,
		 * placed after the layout. */
		set(b, e, p->nodes[d->from].kind == p->nodes[d->to].kind ? "xlabel" : "label",
		    label_or_fail(b));
		if (d->extra) {
			set(b, e, "color", EXTRA_COLOUR);
			set(b, e, "fontcolor", EXTRA_COLOUR);
			set(b, e, "style", "dashed");
		} else if (d->blocked > 0) {
			set(b, e, "color", BLOCKED_COLOUR);
			set(b, e, "fontcolor", BLOCKED_COLOUR);
		} else {
			set(b, e, "fontcolor", LICENSED_COLOUR);
		}
	}
}

/* One rank=same subgraph per kind, with an invisible anchor, the anchors
 * chained in stage order: element -> material -> ... -> sector, left to
 * right.  With newrank, these ranks hold across country clusters. */
static void add_stages(builder *b)
{
	const plan *p = b->p;
	Agnode_t *prev = NULL;
	char name[48];
	int k;
	int32_t i;
	for (k = 0; k < CP_NKINDS && !b->failed; k++) {
		Agraph_t *sg;
		Agnode_t *anchor;
		int any = 0;
		for (i = 0; i < p->n_nodes; i++)
			any |= p->nodes[i].kind == k;
		if (!any)
			continue;
		snprintf(name, sizeof name, "stage_%s", cp_kind_name(k));
		if (!(sg = agsubg(b->g, name, 1)) || !(anchor = agnode(sg, name, 1))) {
			b->failed = 1;
			return;
		}
		set(b, sg, "rank", "same");
		set(b, anchor, "label", cp_kind_name(k));
		set(b, anchor, "shape", "plaintext");
		set(b, anchor, "style", "");
		set(b, anchor, "fontsize", "14");
		set(b, anchor, "fontcolor", "#636363");
		for (i = 0; i < p->n_nodes; i++)
			if (p->nodes[i].kind == k && !agsubnode(sg, b->gn[i], 1))
				b->failed = 1;
		if (prev) {
			Agedge_t *e = agedge(b->g, prev, anchor, NULL, 1);
			set(b, e, "style", "invis");
			set(b, e, "weight", "100");
		}
		prev = anchor;
	}
}

static void add_clusters(builder *b)
{
	const plan *p = b->p;
	const cp_graph *g = b->r->g;
	char name[32];
	int32_t i, j;
	for (i = 0; i < p->n_nodes && !b->failed; i++) {
		int16_t c = p->nodes[i].country;
		Agraph_t *sg;
		int seen = 0;
		for (j = 0; j < i && !seen; j++)
			seen = p->nodes[j].country == c;
		if (seen || c < 0)
			continue;
		snprintf(name, sizeof name, "cluster_%d", c);
		if (!(sg = agsubg(b->g, name, 1))) {
			b->failed = 1;
			return;
		}
		sb_clear(&b->text);
		sb_label(&b->text, cp_graph_str(g, g->country_code[c]), MAX_LABEL_CHARS);
		set(b, sg, "label", label_or_fail(b));
		set(b, sg, "style", "rounded,dashed");
		set(b, sg, "color", "#969696");
		set(b, sg, "fontcolor", "#525252");
		for (j = i; j < p->n_nodes; j++)
			if (p->nodes[j].country == c && !agsubnode(sg, b->gn[j], 1))
				b->failed = 1;
	}
}

/* Append s as text of an HTML-like label: XML-escaped, a newline becomes
 * a line break, control characters a space, bad UTF-8 U+FFFD. */
static void sb_html(sbuf *b, const char *s, size_t max_chars)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t chars = 0, n, skip;
	while (*p) {
		if (chars++ == max_chars) {
			sb_puts(b, "&#8230;");
			return;
		}
		switch (*p) {
		case '&': sb_puts(b, "&amp;"); break;
		case '<': sb_puts(b, "&lt;"); break;
		case '>': sb_puts(b, "&gt;"); break;
		case '"': sb_puts(b, "&quot;"); break;
		case '\n': sb_puts(b, "<BR ALIGN=\"LEFT\"/>"); break;
		default:
			if (*p < 0x20 || *p == 0x7F) {
				sb_puts(b, " ");
			} else if ((n = utf8_char(p, &skip)) == 0) {
				sb_puts(b, "&#65533;");
				p += skip;
				continue;
			} else {
				sb_putn(b, (const char *)p, n);
				p += n;
				continue;
			}
		}
		p++;
	}
}

/* One row of the legend: a sample, then what it means. */
static void legend_line(sbuf *t, const char *colour, int width, const char *style, const char *text)
{
	sb_printf(t, "<TR><TD WIDTH=\"56\" HEIGHT=\"10\" FIXEDSIZE=\"TRUE\" SIDES=\"B\" BORDER=\"%d\" "
	          "COLOR=\"%s\"%s></TD><TD ALIGN=\"LEFT\">%s</TD></TR>",
	          width, colour, style, text);
}

/* The title (graph, scenarios, what the drawing leaves out) above the
 * legend, as the graph's HTML label: it takes no rank and no place among
 * the nodes.  Set last: a root graph attribute becomes the default of
 * subgraphs made after it. */
static void title_and_legend(builder *b)
{
	static const double steps[] = { 0, 0.2, 0.4, 0.6, 0.8, 1 };
	const cp_result *r = b->r;
	const cp_graph *g = r->g;
	const plan *p = b->p;
	sbuf *t = &b->text;
	char colour[8], *html;
	size_t i;

	sb_clear(t);
	sb_puts(t, "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">"
	        "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"16\">");
	sb_html(t, g->title >= 0 ? cp_graph_str(g, g->title) : "Supply graph", 160);
	sb_puts(t, "</FONT></TD></TR><TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">scenario: ");
	if (!r->s || r->s->n_files == 0)
		sb_puts(t, "none (no controls, no outages)");
	for (i = 0; r->s && i < (size_t)r->s->n_files; i++) {
		sb_puts(t, i ? " + " : "");
		sb_html(t, r->s->names[i], 160);
	}
	if (b->o->focus >= 0) {
		sb_puts(t, "<BR ALIGN=\"LEFT\"/>only what feeds ");
		sb_html(t, cp_node_id(g, b->o->focus), MAX_LABEL_CHARS);
	}
	if (b->o->collapse != CP_GROUP_NONE)
		sb_puts(t, b->o->collapse == CP_GROUP_KIND ? "<BR ALIGN=\"LEFT\"/>nodes merged by kind"
		        : "<BR ALIGN=\"LEFT\"/>nodes merged by kind and country");
	if (p->n_hidden)
		sb_printf(t, "<BR ALIGN=\"LEFT\"/>%d edges with a share below %g not drawn", p->n_hidden, b->o->min_share);
	sb_puts(t, "</TD></TR><TR><TD ALIGN=\"LEFT\">"
	        "<TABLE BORDER=\"1\" STYLE=\"rounded\" COLOR=\"#969696\" CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"1\">"
	        "<TR><TD><TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"2\"><TR>");
	for (i = 0; i < sizeof steps / sizeof *steps; i++) {
		fill_colour(colour, steps[i]);
		sb_printf(t, "<TD BGCOLOR=\"%s\" COLOR=\"#525252\"><FONT POINT-SIZE=\"8\">%d%%</FONT></TD>",
		          colour, (int)lround(100 * steps[i]));
	}
	sb_puts(t, "</TR></TABLE></TD><TD ALIGN=\"LEFT\">node fill and %: disruption, 1 &#8722; availability "
	        "(merged nodes: output-weighted mean)</TD></TR>"
	        "<TR><TD></TD><TD ALIGN=\"LEFT\">double border: sector, with its value at risk (");
	if (g->value_unit >= 0)
		sb_html(t, cp_graph_str(g, g->value_unit), 80);
	else
		sb_puts(t, "disruption &#215; output");
	sb_puts(t, "); red border: outage</TD></TR>");
	legend_line(t, EDGE_COLOUR, 3, "", "flow, as wide as its share of the buyer's line");
	legend_line(t, BLOCKED_COLOUR, 2, "", "blocked by a control: rules, % of the flow refused");
	legend_line(t, EXTRA_COLOUR, 2, " STYLE=\"dashed\"",
	            "blocked under an extraterritorial clause: foreign goods with origin content "
	            "(the 0.1% rule) or the origin's technology");
	sb_puts(t, "</TABLE></TD></TR></TABLE>");
	if (t->oom || !(html = agstrdup_html(b->g, t->a))) {
		b->failed = 1;
		return;
	}
	if (agxset(b->g, agattr(b->g, AGRAPH, "label", NULL), html) != 0)
		b->failed = 1;
	if (agstrfree(b->g, html) != 0)   /* our reference; the label holds its own */
		b->failed = 1;
}

static Agraph_t *build(builder *b)
{
	Agdesc_t desc = Agdirected;
	if (!(b->g = agopen("chokepoint", desc, NULL)))
		return NULL;
	declare(b, AGRAPH, "rankdir", "LR");
	declare(b, AGRAPH, "newrank", "true");
	declare(b, AGRAPH, "nodesep", "0.2");
	declare(b, AGRAPH, "ranksep", "0.8");
	declare(b, AGRAPH, "fontname", FONT);
	declare(b, AGRAPH, "fontsize", "12");
	declare(b, AGRAPH, "labelloc", "t");
	declare(b, AGRAPH, "labeljust", "l");
	declare(b, AGRAPH, "label", "");
	if (b->p->n_edges > LARGE_EDGES) {
		/* Fewer crossing-reduction passes and network-simplex iterations:
		 * about 4x faster on large drawings, which are hard to read anyway. */
		declare(b, AGRAPH, "mclimit", "0.2");
		declare(b, AGRAPH, "nslimit", "2");
		declare(b, AGRAPH, "nslimit1", "2");
	}
	declare(b, AGNODE, "shape", "box");
	declare(b, AGNODE, "style", "filled,rounded");
	declare(b, AGNODE, "fillcolor", "#ffffff");
	declare(b, AGNODE, "color", "#525252");
	declare(b, AGNODE, "fontname", FONT);
	declare(b, AGNODE, "fontsize", "10");
	declare(b, AGNODE, "label", "\\N");
	declare(b, AGEDGE, "color", EDGE_COLOUR);
	declare(b, AGEDGE, "fontname", FONT);
	declare(b, AGEDGE, "fontsize", "9");
	declare(b, AGEDGE, "arrowsize", "0.6");
	declare(b, AGEDGE, "label", "");
	declare(b, AGEDGE, "xlabel", "");
	if (!b->failed)
		add_nodes(b);
	if (!b->failed)
		add_edges(b);
	if (!b->failed)
		add_stages(b);
	if (!b->failed && b->o->cluster == CP_GROUP_COUNTRY)
		add_clusters(b);
	if (!b->failed)
		title_and_legend(b);
	return b->g;
}

/* ---- rendering ---- */

static cp_status check_opts(const cp_result *r, const cp_render_opts *o, cp_log *log)
{
	if (cp_render_format_name(o->format) == NULL) {
		cp_error(log, "render: unknown format %d", (int)o->format);
		return CP_EINVAL;
	}
	if (o->focus < -1 || o->focus >= r->g->n_nodes) {
		cp_error(log, "render: focus node %d is not in the graph", o->focus);
		return CP_EINVAL;
	}
	if (!(o->min_share >= 0 && o->min_share <= 1)) {
		cp_error(log, "render: the minimum share must be from 0 to 1");
		return CP_EINVAL;
	}
	if (o->collapse != CP_GROUP_NONE && o->collapse != CP_GROUP_COUNTRY && o->collapse != CP_GROUP_KIND) {
		cp_error(log, "render: unknown collapse %d", (int)o->collapse);
		return CP_EINVAL;
	}
	if (o->cluster != CP_GROUP_NONE && o->cluster != CP_GROUP_COUNTRY) {
		cp_error(log, "render: nodes can be clustered by country only");
		return CP_EINVAL;
	}
	if (o->cluster == CP_GROUP_COUNTRY && o->collapse == CP_GROUP_KIND) {
		cp_error(log, "render: nodes merged by kind have no country to cluster by");
		return CP_EINVAL;
	}
	return CP_OK;
}

/* Graphviz's context, made once and kept for the process.  Freeing one
 * context and making another is not safe in Graphviz 2.42: the pango text
 * plugin keeps the last font name in a static pointer into the freed
 * context's font table, and reads it on the next layout (ASan: heap use
 * after free in textspan_size).  The context is still reachable at exit. */
static GVC_t *gv_context(void)
{
	static GVC_t *gvc;
	if (!gvc)
		gvc = gvContext();
	return gvc;
}

/* Draw into f. */
static cp_status draw(const cp_result *r, const cp_render_opts *o, FILE *f, cp_log *log)
{
	builder b;
	plan p;
	GVC_t *gvc = NULL;
	agusererrf prev_errf;
	cp_status st;
	int laid_out = 0;

	if ((st = check_opts(r, o, log)) != CP_OK)
		return st;
	if ((st = plan_make(&p, r, o, log)) != CP_OK)
		return st;
	memset(&b, 0, sizeof b);
	b.r = r;
	b.o = o;
	b.p = &p;
	if (!(b.gn = cp_callocn((size_t)p.n_nodes ? (size_t)p.n_nodes : 1, sizeof *b.gn))) {
		plan_free(&p);
		return CP_ENOMEM;
	}

	gv_sink.log = log;
	gv_sink.n = 0;
	prev_errf = agseterrf(gv_errf);
	st = CP_OK;
	if (!build(&b) || b.failed) {
		cp_error(log, "render: cannot build the Graphviz graph%s", b.text.oom ? ": out of memory" : "");
		st = b.text.oom ? CP_ENOMEM : CP_EINTERNAL;
	} else if (o->format == CP_RENDER_DOT) {
		/* The graph as built, not laid out: dot can still lay it out. */
		if (agwrite(b.g, f) != 0) {
			cp_error(log, "render: cannot write the DOT text");
			st = CP_EIO;
		}
	} else if (!(gvc = gv_context())) {
		cp_error(log, "render: cannot start Graphviz");
		st = CP_EINTERNAL;
	} else if (gvLayout(gvc, b.g, "dot") != 0) {
		cp_error(log, "render: the dot layout failed");
		st = CP_EINTERNAL;
	} else {
		laid_out = 1;
		if (gvRender(gvc, b.g, cp_render_format_name(o->format), f) != 0) {
			cp_error(log, "render: Graphviz cannot write %s here (is its plugin installed?)",
			         cp_render_format_name(o->format));
			st = CP_EINTERNAL;
		}
	}
	if (st == CP_OK && (fflush(f) != 0 || ferror(f))) {
		cp_error(log, "render: cannot write the drawing: %s", strerror(errno));
		st = CP_EIO;
	}
	if (laid_out && gvFreeLayout(gvc, b.g) != 0 && st == CP_OK) {
		cp_error(log, "render: cannot free the layout");
		st = CP_EINTERNAL;
	}
	if (b.g && agclose(b.g) != 0 && st == CP_OK) {
		cp_error(log, "render: cannot free the Graphviz graph");
		st = CP_EINTERNAL;
	}
	gv_flush();
	agseterrf(prev_errf);
	gv_sink.log = NULL;
	cp_free(b.text.a);
	cp_free(b.gn);
	plan_free(&p);
	return st;
}

cp_status cp_render(const cp_result *r, const cp_render_opts *o, FILE *f, cp_log *log)
{
	cp_render_opts def;
	if (!o) {
		cp_render_opts_default(&def);
		o = &def;
	}
	return draw(r, o, f, log);
}

cp_status cp_render_file(const cp_result *r, const cp_render_opts *o, const char *path, cp_log *log)
{
	cp_render_opts def;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem, *out;
	cp_status st;
	int err;

	if (!o) {
		cp_render_opts_default(&def);
		o = &def;
	}
	/* Into memory first, so that a failed drawing leaves no file behind. */
	if (!(mem = open_memstream(&buf, &len))) {
		cp_error(log, "render: out of memory");
		return CP_ENOMEM;
	}
	st = draw(r, o, mem, log);
	if (fclose(mem) != 0 && st == CP_OK) {
		cp_error(log, "render: out of memory");
		st = CP_ENOMEM;
	}
	if (st != CP_OK) {
		free(buf);
		return st;
	}
	if (!(out = fopen(path, "wb"))) {
		cp_error(log, "cannot create '%s': %s", path, strerror(errno));
		free(buf);
		return CP_EIO;
	}
	if (fwrite(buf, 1, len, out) != len || fflush(out) != 0) {
		err = errno;
		cp_error(log, "cannot write '%s': %s", path, strerror(err));
		st = CP_EIO;
	}
	if (fclose(out) != 0 && st == CP_OK) {
		cp_error(log, "cannot write '%s': %s", path, strerror(errno));
		st = CP_EIO;
	}
	if (st != CP_OK)
		remove(path);
	free(buf);
	return st;
}
