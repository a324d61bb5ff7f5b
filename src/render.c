/* Results as Graphviz drawings.  cgraph builds the graph, gvc lays it out
 * with dot and renders it, all in-process: no `dot` process is started.
 *
 * A drawing is planned first on flat arrays (which nodes, merged into which
 * drawn nodes, which edges: render_plan.c), so the size cap is checked
 * before Graphviz sees anything, then built here attribute by attribute
 * with agsafeset.
 *
 * Text from the input (ids, names, rule ids, titles) goes into plain
 * (non-HTML) labels through cp_sb_label() (render_text.c), which makes it
 * print as written in DOT, SVG, PNG and PDF alike.  Graphviz nodes are
 * named "n0", "n1", ... rather than by id, so ids never reach a place (node
 * names, SVG titles and comments) that Graphviz does not escape on our
 * terms. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <chokepoint/chokepoint.h>
#include "alloc.h"
#include "log.h"
#include "outfile.h"
#include "render_internal.h"

#define EDGE_COLOUR "#8c8c8c"       /* a flow nothing blocks */
#define BLOCKED_COLOUR "#d7191c"    /* blocked by a rule's direct clause */
#define EXTRA_COLOUR "#7b3294"      /* blocked under an extraterritorial clause */
#define LICENSED_COLOUR "#4d4d4d"   /* a rule matches but refuses nothing */
#define FONT "Helvetica"
#define MAX_LABEL_CHARS 48          /* longer ids and names end in an ellipsis */
#define MAX_LABEL_RULES 4           /* rule ids listed on one edge before "+N more" */
#define LARGE_EDGES 1500            /* above, dot is told to spend less effort */

/* ---- options and formats ---- */

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
	const cp_render_plan *p;
	Agraph_t *g;
	Agnode_t **gn;             /* per drawn node */
	cp_sbuf text;
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

static void node_label(builder *b, const cp_render_dnode *d)
{
	const cp_graph *g = b->r->g;
	char pct[32], amount[64];
	cp_sbuf *t = &b->text;

	cp_sb_clear(t);
	if (d->n_members == 1) {
		cp_sb_label(t, cp_node_id(g, d->first), MAX_LABEL_CHARS);
		if (g->name[d->first] >= 0 && strcmp(cp_graph_str(g, g->name[d->first]), cp_node_id(g, d->first)) != 0) {
			cp_sb_puts(t, "\\n");
			cp_sb_label(t, cp_graph_str(g, g->name[d->first]), MAX_LABEL_CHARS);
		}
	} else {
		cp_sb_puts(t, cp_kind_name(d->kind));
		if (d->country >= 0) {
			cp_sb_puts(t, " @ ");
			cp_sb_label(t, cp_graph_str(g, g->country_code[d->country]), MAX_LABEL_CHARS);
		}
		cp_sb_printf(t, "\\n%d nodes", d->n_members);
	}
	if (d->loss > 0) {
		cp_render_fmt_pct(pct, sizeof pct, d->loss);
		cp_sb_printf(t, "\\noutage %s", pct);
	}
	cp_render_fmt_pct(pct, sizeof pct, d->disruption);
	cp_sb_printf(t, "\\n%s%s disrupted", d->n_members > 1 ? "mean " : "", pct);
	if (d->kind == CP_SECTOR && d->has_value) {
		cp_render_fmt_amount(amount, sizeof amount, d->value_at_risk);
		cp_sb_printf(t, "\\nat risk %s", amount);
	}
}

static void edge_label(builder *b, const cp_render_dedge *d)
{
	const cp_result *r = b->r;
	int32_t n_rules = r->s ? r->s->n_rules : 0, k, i, listed = 0, more = 0;
	char pct[32];
	cp_sbuf *t = &b->text;

	cp_sb_clear(t);
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
		cp_sb_puts(t, listed++ ? ",\\n" : "");
		cp_sb_label(t, r->s->rules[k].id, MAX_LABEL_CHARS);
		if (extra)
			cp_sb_puts(t, " (extraterritorial)");
	}
	if (more)
		cp_sb_printf(t, "\\n+%d more", more);
	cp_render_fmt_pct(pct, sizeof pct, d->blocked);
	if (d->hi - d->lo > 1)
		cp_sb_printf(t, "\\nup to %s blocked (%d of %d flows)", pct, d->n_blocked, d->hi - d->lo);
	else if (d->blocked > 0)
		cp_sb_printf(t, "\\n%s blocked", pct);
	else
		cp_sb_puts(t, "\\nlicensed, 0% blocked");
}

static void add_nodes(builder *b)
{
	const cp_render_plan *p = b->p;
	char name[32], colour[8];
	int32_t i;
	for (i = 0; i < p->n_nodes && !b->failed; i++) {
		const cp_render_dnode *d = &p->nodes[i];
		Agnode_t *n;
		snprintf(name, sizeof name, "n%d", i);
		if (!(n = b->gn[i] = agnode(b->g, name, 1))) {
			b->failed = 1;
			break;
		}
		node_label(b, d);
		set(b, n, "label", label_or_fail(b));
		cp_render_fill_colour(colour, d->disruption);
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
	const cp_render_plan *p = b->p;
	char buf[32];
	int32_t i;
	for (i = 0; i < p->n_edges && !b->failed; i++) {
		const cp_render_dedge *d = &p->edges[i];
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
	const cp_render_plan *p = b->p;
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
	const cp_render_plan *p = b->p;
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
		cp_sb_clear(&b->text);
		cp_sb_label(&b->text, cp_graph_str(g, g->country_code[c]), MAX_LABEL_CHARS);
		set(b, sg, "label", label_or_fail(b));
		set(b, sg, "style", "rounded,dashed");
		set(b, sg, "color", "#969696");
		set(b, sg, "fontcolor", "#525252");
		for (j = i; j < p->n_nodes; j++)
			if (p->nodes[j].country == c && !agsubnode(sg, b->gn[j], 1))
				b->failed = 1;
	}
}

/* One row of the legend: a sample, then what it means. */
static void legend_line(cp_sbuf *t, const char *colour, int width, const char *style, const char *text)
{
	cp_sb_printf(t, "<TR><TD WIDTH=\"56\" HEIGHT=\"10\" FIXEDSIZE=\"TRUE\" SIDES=\"B\" BORDER=\"%d\" "
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
	const cp_render_plan *p = b->p;
	cp_sbuf *t = &b->text;
	char colour[8], *html;
	size_t i;

	cp_sb_clear(t);
	cp_sb_puts(t, "<TABLE BORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\">"
	        "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"16\">");
	cp_sb_html(t, g->title >= 0 ? cp_graph_str(g, g->title) : "Supply graph", 160);
	cp_sb_puts(t, "</FONT></TD></TR><TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">scenario: ");
	if (!r->s || r->s->n_files == 0)
		cp_sb_puts(t, "none (no controls, no outages)");
	for (i = 0; r->s && i < (size_t)r->s->n_files; i++) {
		cp_sb_puts(t, i ? " + " : "");
		cp_sb_html(t, r->s->names[i], 160);
	}
	if (b->o->focus >= 0) {
		cp_sb_puts(t, "<BR ALIGN=\"LEFT\"/>only what feeds ");
		cp_sb_html(t, cp_node_id(g, b->o->focus), MAX_LABEL_CHARS);
	}
	if (b->o->collapse != CP_GROUP_NONE)
		cp_sb_puts(t, b->o->collapse == CP_GROUP_KIND ? "<BR ALIGN=\"LEFT\"/>nodes merged by kind"
		        : "<BR ALIGN=\"LEFT\"/>nodes merged by kind and country");
	if (p->n_hidden)
		cp_sb_printf(t, "<BR ALIGN=\"LEFT\"/>%d edges with a share below %g not drawn", p->n_hidden, b->o->min_share);
	cp_sb_puts(t, "</TD></TR><TR><TD ALIGN=\"LEFT\">"
	        "<TABLE BORDER=\"1\" STYLE=\"rounded\" COLOR=\"#969696\" CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"1\">"
	        "<TR><TD><TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"2\"><TR>");
	for (i = 0; i < sizeof steps / sizeof *steps; i++) {
		cp_render_fill_colour(colour, steps[i]);
		cp_sb_printf(t, "<TD BGCOLOR=\"%s\" COLOR=\"#525252\"><FONT POINT-SIZE=\"8\">%d%%</FONT></TD>",
		          colour, (int)lround(100 * steps[i]));
	}
	cp_sb_puts(t, "</TR></TABLE></TD><TD ALIGN=\"LEFT\">node fill and %: disruption, 1 &#8722; availability "
	        "(merged nodes: output-weighted mean)</TD></TR>"
	        "<TR><TD></TD><TD ALIGN=\"LEFT\">double border: sector, with its value at risk (");
	if (g->value_unit >= 0)
		cp_sb_html(t, cp_graph_str(g, g->value_unit), 80);
	else
		cp_sb_puts(t, "disruption &#215; output");
	cp_sb_puts(t, "); red border: outage</TD></TR>");
	legend_line(t, EDGE_COLOUR, 3, "", "flow, as wide as its share of the buyer's line");
	legend_line(t, BLOCKED_COLOUR, 2, "", "blocked by a control: rules, % of the flow refused");
	legend_line(t, EXTRA_COLOUR, 2, " STYLE=\"dashed\"",
	            "blocked under an extraterritorial clause: foreign goods with origin content "
	            "(the 0.1% rule) or the origin's technology");
	cp_sb_puts(t, "</TABLE></TD></TR></TABLE>");
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

/* A finished drawing in memory: Graphviz's own buffer (gv) or ours. */
typedef struct drawing {
	char *data;
	size_t len;
	int gv;
} drawing;

static void drawing_free(drawing *d)
{
	if (d->gv)
		gvFreeRenderData(d->data);
	else
		free(d->data);
	d->data = NULL;
	d->len = 0;
}

/* Draw into memory, so that no Graphviz call ever writes to a file: its
 * writers exit the process on an I/O error.  Writing is the caller's. */
static cp_status draw(const cp_result *r, const cp_render_opts *o, drawing *out, cp_log *log)
{
	builder b;
	cp_render_plan p;
	GVC_t *gvc = NULL;
	agusererrf prev_errf;
	cp_status st;
	int laid_out = 0;

	if ((st = check_opts(r, o, log)) != CP_OK)
		return st;
	if ((st = cp_render_plan_make(&p, r, o, log)) != CP_OK)
		return st;
	memset(&b, 0, sizeof b);
	b.r = r;
	b.o = o;
	b.p = &p;
	if (!(b.gn = cp_callocn((size_t)p.n_nodes ? (size_t)p.n_nodes : 1, sizeof *b.gn))) {
		cp_render_plan_free(&p);
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
		FILE *mem = open_memstream(&out->data, &out->len);
		if (!mem || agwrite(b.g, mem) != 0) {
			cp_error(log, "render: cannot write the DOT text: out of memory");
			st = CP_ENOMEM;
		}
		if (mem && fclose(mem) != 0 && st == CP_OK) {
			cp_error(log, "render: cannot write the DOT text: out of memory");
			st = CP_ENOMEM;
		}
	} else if (!(gvc = gv_context())) {
		cp_error(log, "render: cannot start Graphviz");
		st = CP_EINTERNAL;
	} else if (gvLayout(gvc, b.g, "dot") != 0) {
		cp_error(log, "render: the dot layout failed");
		st = CP_EINTERNAL;
	} else {
		unsigned int n = 0;
		laid_out = 1;
		if (gvRenderData(gvc, b.g, cp_render_format_name(o->format), &out->data, &n) != 0) {
			cp_error(log, "render: Graphviz cannot draw %s here (is its plugin installed?)",
			         cp_render_format_name(o->format));
			st = CP_EINTERNAL;
		}
		out->gv = 1;
		out->len = n;
	}
	if (laid_out && gvFreeLayout(gvc, b.g) != 0 && st == CP_OK) {
		cp_error(log, "render: cannot free the layout");
		st = CP_EINTERNAL;
	}
	/* Graphviz 2.43's agclose fails on some laid-out graphs that combine
	 * country clusters with the rank=same stages (a known weakness of dot
	 * with clusters and ranks).  By then the drawing is complete and
	 * correct; only the graph's memory is not returned. */
	if (b.g && agclose(b.g) != 0 && st == CP_OK)
		cp_warn(log, "render: Graphviz could not release the laid-out graph (clusters with stages); the drawing is complete");
	gv_flush();
	agseterrf(prev_errf);
	gv_sink.log = NULL;
	cp_free(b.text.a);
	cp_free(b.gn);
	cp_render_plan_free(&p);
	return st;
}

cp_status cp_render(const cp_result *r, const cp_render_opts *o, FILE *f, cp_log *log)
{
	cp_render_opts def;
	drawing d = { NULL, 0, 0 };
	cp_status st;
	if (!o) {
		cp_render_opts_default(&def);
		o = &def;
	}
	if ((st = draw(r, o, &d, log)) == CP_OK
	    && (fwrite(d.data, 1, d.len, f) != d.len || fflush(f) != 0 || ferror(f))) {
		cp_error(log, "render: cannot write the drawing: %s", strerror(errno));
		st = CP_EIO;
	}
	drawing_free(&d);
	return st;
}

cp_status cp_render_file(const cp_result *r, const cp_render_opts *o, const char *path, cp_log *log)
{
	cp_render_opts def;
	drawing d = { NULL, 0, 0 };
	cp_status st;
	if (!o) {
		cp_render_opts_default(&def);
		o = &def;
	}
	if ((st = draw(r, o, &d, log)) == CP_OK)
		st = cp_outfile_write(path, d.data, d.len, log);
	drawing_free(&d);
	return st;
}
