/* chokepoint chokepoints GRAPH [SCENARIO...] [--top K] [--format F] */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "graph_internal.h"
#include "meaning.h"
#include "jsonutil.h"

#define TOP_DEFAULT 5
#define EXACT_LIMIT_DEFAULT 1000000

static const char usage[] =
	"Usage: chokepoint chokepoints GRAPH [SCENARIO...] [options]\n"
	"\n"
	"For each sector node, under the scenarios (none: the undisturbed graph):\n"
	"  single points  the nodes whose loss alone leaves the sector at least 99%\n"
	"  of failure     disrupted (a node needs all of its lines, so this is more than\n"
	"                 being on every supply path);\n"
	"  knockouts      the nodes whose complete loss adds most disruption to the sector;\n"
	"                 exact (every node knocked out in turn) up to --exact-limit nodes,\n"
	"                 above it only candidates: the sectors' dominators, then the nodes\n"
	"                 with most consumers (the output says which);\n"
	"  on every path  nodes on every supply path from any source to the sector\n"
	"                 (igraph's dominator tree from a virtual root);\n"
	"  concentration  the items upstream of the sector with the most concentrated\n"
	"                 supply: HHI by country (0-1), weighted by output where every\n"
	"                 supplier has one, else by shares, with the top country.\n"
	"\n"
	"  -k, --top=K                rows per list (default " CP_STR(TOP_DEFAULT) ")\n"
	"      --kind=KIND            rank only knockouts of this kind (repeatable)\n"
	"      --country=CODE         rank only knockouts in this country (repeatable)\n"
	"      --exact-limit=N        knock out every node up to N nodes (default " CP_STR(EXACT_LIMIT_DEFAULT) ")\n"
	"  -f, --format=FORMAT        table (default), json or csv\n";

typedef struct ranked { int32_t index; double value; } ranked;

static int by_value_desc(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	if (x->value != y->value)
		return x->value < y->value ? 1 : -1;
	return (x->index > y->index) - (x->index < y->index);
}

/* Which knockouts the ranking shows: --kind and --country. */
typedef struct node_filter {
	unsigned kinds;           /* bit per cp_kind; 0: any */
	const char **countries;
	int n_countries;
} node_filter;

static int passes(const cp_graph *g, const node_filter *nf, int32_t v)
{
	int k;
	if (nf->kinds && !(nf->kinds >> g->kind[v] & 1))
		return 0;
	if (!nf->n_countries)
		return 1;
	for (k = 0; k < nf->n_countries; k++)
		if (strcmp(cp_node_country(g, v), nf->countries[k]) == 0)
			return 1;
	return 0;
}

/* A single point of failure leaves the sector at least this disrupted. */
#define SPOF_DISRUPTION 0.99

/* The best `top` of what is offered, in by_value_desc order, kept in a
 * heap whose root is the worst kept; n counts everything offered. */
typedef struct best { ranked *h; int32_t kept, top, n; } best;

static void sift_down(best *b, int32_t i)
{
	for (;;) {
		int32_t l = 2 * i + 1, r = l + 1, w = i;
		ranked t;
		if (l < b->kept && by_value_desc(&b->h[l], &b->h[w]) > 0)
			w = l;
		if (r < b->kept && by_value_desc(&b->h[r], &b->h[w]) > 0)
			w = r;
		if (w == i)
			return;
		t = b->h[i], b->h[i] = b->h[w], b->h[w] = t;
		i = w;
	}
}

static void offer(best *b, int32_t index, double value)
{
	ranked x = { index, value };
	int32_t i;
	b->n++;
	if (b->kept < b->top) {
		for (i = b->kept++; i > 0 && by_value_desc(&b->h[(i - 1) / 2], &x) < 0; i = (i - 1) / 2)
			b->h[i] = b->h[(i - 1) / 2];
		b->h[i] = x;
	} else if (b->top > 0 && by_value_desc(&x, &b->h[0]) < 0) {
		b->h[0] = x;
		sift_down(b, 0);
	}
}

/* The knockouts of sector node i, largest addition first, the best `top`
 * of them in out: with spof, those that leave it at least 99% disrupted;
 * else those that add disruption and pass the filter.  Returns how many
 * there are in all.  Only the candidates with an impact other than 0 can
 * qualify (a sector already 99% down has no single points of failure to
 * list), so only those are read. */
static int knockout_list(const cli_side *side, const cp_chokepoints *c, const node_filter *nf, int spof, int32_t i,
                         int32_t top, ranked *out)
{
	int32_t h, s = side->r->sector_nodes[i];
	best b = { out, 0, top, 0 };
	for (h = c->hit_off[i]; h < c->hit_off[i + 1]; h++) {
		int32_t k = c->hit[h];
		double add = c->added[h];
		int keep = spof ? side->r->disruption[s] + add >= SPOF_DISRUPTION - 1e-12
		                : add > 1e-12 && passes(side->g, nf, c->candidates[k]);
		if (c->candidates[k] != s && keep)
			offer(&b, c->candidates[k], add);
	}
	qsort(out, (size_t)b.kept, sizeof *out, by_value_desc);
	return b.n;
}

/* Items on the lines of s and of everything upstream of it, the `top`
 * most concentrated first in out; returns how many are there.  slot maps a
 * line's item (string) to its index in c->item; seen_node and seen_item
 * hold, per node and item, the last sector that met it (mark). */
static int upstream_items(const cp_graph *g, const cp_chokepoints *c, int32_t s, int32_t top_k, ranked *out,
                          int32_t *seen_node, int32_t *seen_item, int32_t *stack, const int32_t *slot, int32_t mark)
{
	int32_t top = 0;
	best b = { out, 0, top_k, 0 };
	stack[top++] = s;
	seen_node[s] = mark;
	while (top) {
		int32_t v = stack[--top], l, e;
		for (l = g->line_off[v]; l < g->line_off[v + 1]; l++) {
			int32_t k = slot[g->item[l]];
			if (seen_item[k] != mark) {
				seen_item[k] = mark;
				offer(&b, k, c->hhi[k]);
			}
			for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++)
				if (seen_node[g->supplier[e]] != mark) {
					seen_node[g->supplier[e]] = mark;
					stack[top++] = g->supplier[e];
				}
		}
	}
	qsort(out, (size_t)b.kept, sizeof *out, by_value_desc);
	return b.n;
}

static void csv_row(FILE *f, const char *sector, const char *list, int rank, const char *id, double value,
                    const char *country)
{
	cp_csv_field(f, sector);
	fprintf(f, ",%s,%d,", list, rank);
	cp_csv_field(f, id);
	fputc(',', f);
	cp_csv_number(f, value);
	fprintf(f, ",%s\n", country);
}

static void report(FILE *f, int format, const cli_side *side, const cp_chokepoints *c, int top, const node_filter *nf)
{
	const cp_graph *g = side->g;
	const cp_result *r = side->r;
	int32_t kept = top < c->n_candidates ? top : c->n_candidates;
	ranked *ko = malloc(((size_t)kept + 1) * sizeof *ko);
	ranked *spof = malloc(((size_t)kept + 1) * sizeof *spof);
	int32_t kept_items = top < c->n_items ? top : c->n_items;
	ranked *items = malloc(((size_t)kept_items + 1) * sizeof *items);
	int32_t *seen_node = malloc(((size_t)g->n_nodes + 1) * sizeof *seen_node);
	int32_t *seen_item = malloc(((size_t)c->n_items + 1) * sizeof *seen_item);
	int32_t *stack = malloc(((size_t)g->n_nodes + 1) * sizeof *stack), *slot = NULL;
	int32_t i, k, v, n_str = 0;
	char method[160];

	for (i = 0; i < c->n_items; i++)
		if (c->item[i] >= n_str)
			n_str = c->item[i] + 1;
	if ((slot = malloc(((size_t)n_str + 1) * sizeof *slot)))
		for (i = 0; i < c->n_items; i++)
			slot[c->item[i]] = i;
	if (seen_node)
		for (v = 0; v < g->n_nodes; v++)
			seen_node[v] = -1;
	if (seen_item)
		for (k = 0; k < c->n_items; k++)
			seen_item[k] = -1;
	if (!ko || !spof || !items || !seen_node || !seen_item || !stack || !slot) {
		fprintf(stderr, "chokepoint chokepoints: out of memory\n");
		goto done;
	}
	if (c->exact)
		snprintf(method, sizeof method, "exact: each of the %d nodes knocked out in turn", g->n_nodes);
	else
		snprintf(method, sizeof method, "candidates: %d of %d nodes (the sectors' dominators, then the nodes with most consumers)",
		         c->n_candidates, g->n_nodes);
	if (format == CLI_JSON) {
		fputs("{", f);
		cp_meaning_json(f, cp_meaning_of(r), r->at, 0, 0);
		fputs(",\n\"knockout_method\": ", f), cp_json_string(f, method), fputs(",\n\"sectors\": [", f);
	} else if (format == CLI_CSV)
		fputs("sector,list,rank,id,value,country\n", f);
	else {
		cp_meaning_line(f, cp_meaning_of(r), r->at, 0, 0);
		fprintf(f, "knockouts: %s\n", method);
	}
	for (i = 0; i < r->n_sector_nodes; i++) {
		int32_t s = r->sector_nodes[i], n_ko = knockout_list(side, c, nf, 0, i, kept, ko);
		int already = r->disruption[s] >= SPOF_DISRUPTION - 1e-12;
		int32_t n_spof = already ? 0 : knockout_list(side, c, nf, 1, i, kept, spof);
		int32_t n_it = upstream_items(g, c, s, kept_items, items, seen_node, seen_item, stack, slot, i), rank;
		const char *sid = cp_node_id(g, s);
		if (format == CLI_JSON) {
			fputs(i ? ",\n  {\"id\": " : "\n  {\"id\": ", f);
			cp_json_string(f, sid);
			fputs(", \"disruption\": ", f);
			cp_json_number(f, r->disruption[s]);
			fprintf(f, ", \"already_down\": %s, \"single_points_of_failure\": [", already ? "true" : "false");
			for (k = 0; !already && k < n_spof && k < top; k++) {
				fputs(k ? ", {\"id\": " : "{\"id\": ", f);
				cp_json_string(f, cp_node_id(g, spof[k].index));
				fputs(", \"added\": ", f);
				cp_json_number(f, spof[k].value);
				fputs("}", f);
			}
			fprintf(f, "], \"single_points_of_failure_count\": %d", already ? 0 : n_spof);
			fputs(", \"knockouts\": [", f);
			for (k = 0; k < n_ko && k < top; k++) {
				fputs(k ? ", {\"id\": " : "{\"id\": ", f);
				cp_json_string(f, cp_node_id(g, ko[k].index));
				fputs(", \"added\": ", f);
				cp_json_number(f, ko[k].value);
				fputs("}", f);
			}
			fputs("], \"on_every_path\": [", f);
			for (v = c->idom[s], k = 0; v >= 0 && k < top; v = c->idom[v], k++) {
				fputs(k ? ", " : "", f);
				cp_json_string(f, cp_node_id(g, v));
			}
			fputs("], \"concentration\": [", f);
			for (k = 0; k < n_it && k < top; k++) {
				int32_t it = items[k].index;
				fputs(k ? ", {\"item\": " : "{\"item\": ", f);
				cp_json_string(f, cp_graph_str(g, c->item[it]));
				fputs(", \"hhi\": ", f);
				cp_json_number(f, c->hhi[it]);
				fputs(", \"top_country\": ", f);
				cp_json_string(f, cp_graph_str(g, g->country_code[c->top_country[it]]));
				fputs(", \"top_share\": ", f);
				cp_json_number(f, c->top_share[it]);
				fprintf(f, ", \"weighted_by\": \"%s\"}", c->item_by_output[it] ? "output" : "shares");
			}
			fputs("]}", f);
		} else if (format == CLI_CSV) {
			for (k = 0; !already && k < n_spof && k < top; k++)
				csv_row(f, sid, "single_point_of_failure", k + 1, cp_node_id(g, spof[k].index), spof[k].value,
				        cp_node_country(g, spof[k].index));
			for (k = 0; k < n_ko && k < top; k++)
				csv_row(f, sid, "knockout", k + 1, cp_node_id(g, ko[k].index), ko[k].value,
				        cp_node_country(g, ko[k].index));
			for (v = c->idom[s], rank = 1; v >= 0 && rank <= top; v = c->idom[v], rank++)
				csv_row(f, sid, "on_every_path", rank, cp_node_id(g, v), NAN, cp_node_country(g, v));
			for (k = 0; k < n_it && k < top; k++) {
				int32_t it = items[k].index;
				csv_row(f, sid, "concentration", k + 1, cp_graph_str(g, c->item[it]), c->hhi[it],
				        cp_graph_str(g, g->country_code[c->top_country[it]]));
			}
		} else {
			fprintf(f, "\n%s: disruption %.2f%%\n  single points of failure: ", sid, 100 * r->disruption[s]);
			if (already)
				fputs("the sector is already at least 99% disrupted", f);
			for (k = 0; !already && k < n_spof && k < top; k++)
				fprintf(f, "%s%s +%.2f pts", k ? ", " : "", cp_node_id(g, spof[k].index), 100 * spof[k].value);
			if (!already && n_spof > top)
				fprintf(f, " (%d in all)", n_spof);
			if (!already && !n_spof)
				fputs(c->exact ? "none: no node's loss alone takes it to 99%" : "none among the candidates", f);
			fputs("\n  knockouts:    ", f);
			for (k = 0; k < n_ko && k < top; k++)
				fprintf(f, "%s%s +%.2f pts", k ? ", " : "", cp_node_id(g, ko[k].index), 100 * ko[k].value);
			fputs(n_ko ? "\n  on every supply path: " : "none adds disruption\n  on every supply path: ", f);
			for (v = c->idom[s], k = 0; v >= 0 && k < top; v = c->idom[v], k++)
				fprintf(f, "%s%s", k ? " <- " : "", cp_node_id(g, v));
			if (v >= 0)
				fputs(" <- ...", f);
			fputs(k ? "\n  concentration:" : "no single node\n  concentration:", f);
			for (k = 0; k < n_it && k < top; k++) {
				int32_t it = items[k].index;
				fprintf(f, "%s %s HHI %.2f (%s %.0f%%)", k ? "," : "", cp_graph_str(g, c->item[it]), c->hhi[it],
				        cp_graph_str(g, g->country_code[c->top_country[it]]), 100 * c->top_share[it]);
			}
			fputc('\n', f);
		}
	}
	if (format == CLI_JSON) {
		size_t w;
		int first = 1;
		fputs("],\n\"warnings\": [", f);
		for (w = 0; w < side->log.n; w++) {
			if (side->log.d[w].severity != CP_WARNING)
				continue;
			fputs(first ? "\n  " : ",\n  ", f);
			cp_json_string(f, side->log.d[w].text);
			first = 0;
		}
		fputs("]}\n", f);
	} else if (format == CLI_TABLE) {
		cli_table_warnings(f, &side->log, NULL, NULL);
	}
done:
	free(ko);
	free(spof);
	free(items);
	free(seen_node);
	free(seen_item);
	free(stack);
	free(slot);
}

enum { OPT_KIND = 4000, OPT_COUNTRY };

#define CHOKEPOINTS_MAX_OPT 100000000

typedef struct chokepoints_opts {
	int format;
	long top, limit;
	cp_score_opts so;
	node_filter nf;
} chokepoints_opts;

static int chokepoints_option(void *ctx, int opt, const char *arg)
{
	chokepoints_opts *o = ctx;
	char *end;
	long v;
	int k = cli_score_option("chokepoints", &o->so, opt, arg);
	if (k != 0)
		return k < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	if (opt == 'f')
		return (o->format = cli_parse_format("chokepoints", arg)) < 0 ? CP_EXIT_USAGE : CLI_GO_ON;
	if (opt == OPT_KIND) {
		int kind = cp_kind_parse(arg);
		if (kind < 0) {
			cli_usage_error("chokepoints", "--kind: unknown kind '%s' (element, material, magnet, component, product, sector)", arg);
			return CP_EXIT_USAGE;
		}
		o->nf.kinds |= 1u << kind;
		return CLI_GO_ON;
	}
	if (opt == OPT_COUNTRY) {
		const char **grown;
		if (!cp_is_country(arg)) {
			cli_usage_error("chokepoints", "--country takes a code of 2-3 upper-case letters, got '%s'", arg);
			return CP_EXIT_USAGE;
		}
		if (!(grown = realloc(o->nf.countries, ((size_t)o->nf.n_countries + 1) * sizeof *grown))) {
			fprintf(stderr, "chokepoint chokepoints: out of memory\n");
			return CP_EXIT_INTERNAL;
		}
		o->nf.countries = grown;
		o->nf.countries[o->nf.n_countries++] = arg;
		return CLI_GO_ON;
	}
	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *end || end == arg || v < 1 || v > CHOKEPOINTS_MAX_OPT) {
		cli_usage_error("chokepoints", "--%s takes a whole number from 1 to %d, got '%s'",
		                opt == 'k' ? "top" : "exact-limit", CHOKEPOINTS_MAX_OPT, arg);
		return CP_EXIT_USAGE;
	}
	*(opt == 'k' ? &o->top : &o->limit) = v;
	return CLI_GO_ON;
}

int cmd_chokepoints(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", 0, 0, 'h' }, { "format", 1, 0, 'f' }, { "top", 1, 0, 'k' }, { "exact-limit", 1, 0, 'x' },
		{ "kind", 1, 0, OPT_KIND }, { "country", 1, 0, OPT_COUNTRY }, CLI_AT_OPTION, CLI_TOGGLE_OPTIONS, CLI_INPUT_OPTIONS, { 0, 0, 0, 0 }
	};
	static const cli_options spec = { "chokepoints", usage, "hf:k:q", opts, chokepoints_option, cli_at_help };
	chokepoints_opts o = { CLI_TABLE, TOP_DEFAULT, EXACT_LIMIT_DEFAULT, { 0 }, { 0, NULL, 0 } };
	cli_input in;
	cli_side side;
	cp_chokepoints *c;
	cp_status st;
	int rc;

	cp_score_opts_default(&o.so);
	if ((rc = cli_parse_options(argc, argv, &spec, &in, &o)) != CLI_GO_ON)
		goto done;
	if (optind >= argc) {
		cli_usage_error("chokepoints", "missing GRAPH");
		rc = CP_EXIT_USAGE;
		goto done;
	}
	if ((rc = cli_side_score(&in, argv[optind], argv + optind + 1, argc - optind - 1, &o.so, &side)) != CP_EXIT_OK)
		goto done;
	st = cp_chokepoints_compute(&c, side.r, (int32_t)o.limit, &side.log);
	if (st != CP_OK) {
		size_t printed = 0;
		cli_print_log(&side.log, &printed, 1);
		fprintf(stderr, "chokepoint chokepoints: %s\n", cp_status_str(st));
		rc = cli_exit_for(st);
	} else {
		report(stdout, o.format, &side, c, (int)o.top, &o.nf);   /* stdout checked in main */
		cp_chokepoints_free(c);
	}
	cli_side_free(&side);
done:
	free(o.nf.countries);
	return rc;
}
