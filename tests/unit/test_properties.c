/* Properties on random graphs (with and without cycles): no shock means no
 * disruption; a stricter denial never lowers any disruption; content never
 * exceeds the sum of value shares; scores stay in [0, 1]. */
#include <math.h>

#include "testutil.h"

typedef struct text { char *s; size_t n, m; } text;

static void put(text *t, const char *fmt, ...)
{
	va_list ap;
	int k;
	for (;;) {
		va_start(ap, fmt);
		k = vsnprintf(t->s + t->n, t->m - t->n, fmt, ap);
		va_end(ap);
		if ((size_t)k < t->m - t->n)
			break;
		t->m = t->m * 2 + (size_t)k + 1;
		t->s = realloc(t->s, t->m);
		assert_non_null(t->s);
	}
	t->n += (size_t)k;
}

static unsigned rnd_state;
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}
static double unit(void) { return rnd(1000001) / 1e6; }

static const char *const countries[] = { "CN", "CN", "JP", "US", "DE", "MY", "AU" };
static const char *const kinds[] = { "element", "material", "magnet", "component", "product", "sector" };
static const char *const elements[] = { "Dy", "Tb", "Nd", "Sm", "Fe" };

/* A layered graph of about n nodes; with cycles, some upstream nodes also
 * buy from downstream ones (recycling). */
static char *random_graph(int n, int cycles)
{
	text t = { NULL, 0, 0 };
	int v, per = n / 6 + 1;
	put(&t, "{\"chokepoint\": 1, \"nodes\": [");
	for (v = 0; v < 6 * per; v++) {
		int layer = v / per, l, lines = layer ? 1 + (int)rnd(3) : 0;
		double budget = 1;
		put(&t, "%s{\"id\": \"n%d\", \"kind\": \"%s\", \"country\": \"%s\"", v ? "," : "", v,
		    kinds[layer], countries[rnd(7)]);
		if (layer < 2)
			put(&t, ", \"elements\": [\"%s\"]", elements[rnd(5)]);
		if (layer == 5)
			put(&t, ", \"sector\": \"s%u\", \"output\": %u", rnd(3), 1 + rnd(1000));
		if (layer == 4 && rnd(3) == 0)
			put(&t, ", \"end_use\": \"defence\"");
		if (rnd(5) == 0)
			put(&t, ", \"tech_origin\": \"CN\"");
		put(&t, ", \"inputs\": [");
		for (l = 0; l < lines; l++) {
			int k, ns = 1 + (int)rnd(3);
			double vs = budget * unit() * 0.5;
			budget -= vs;
			put(&t, "%s{\"item\": \"i%d\", \"value_share\": %.6f, \"substitutable\": %.3f, \"suppliers\": {",
			    l ? "," : "", l, vs, rnd(3) ? 0.0 : unit());
			unsigned base = rnd((unsigned)per);
			for (k = 0; k < ns && k < per; k++) {
				/* distinct suppliers from the previous layer */
				int u = (layer - 1) * per + (int)((base + (unsigned)k) % (unsigned)per);
				put(&t, "%s\"n%d\": %.3f", k ? "," : "", u, 0.1 + unit());
			}
			put(&t, "}}");
		}
		if (cycles && layer == 1 && rnd(2) == 0)
			put(&t, "%s{\"item\": \"scrap\", \"value_share\": 0, \"substitutable\": 0.5, \"suppliers\": {\"n%d\": 1}}",
			    lines ? "," : "", 3 * per + (int)rnd((unsigned)per));
		put(&t, "]}");
	}
	put(&t, "]}");
	return t.s;
}

static char *random_scenario(double scale)
{
	text t = { NULL, 0, 0 };
	put(&t, "{\"chokepoint_scenario\": 1, \"controls\": ["
	        "{\"id\": \"a\", \"origin\": \"CN\", \"elements\": [\"Dy\", \"Tb\"], \"denial\": %.6f, \"end_use\": {\"defence\": %.6f}},"
	        "{\"id\": \"b\", \"origin\": \"CN\", \"elements\": [\"Dy\", \"Sm\"], \"kinds\": [\"magnet\", \"component\", \"product\"],"
	        " \"denial\": %.6f, \"extraterritorial\": {\"min_content\": 0.001, \"technology\": true, \"listed_kinds\": [\"magnet\"]}},"
	        "{\"id\": \"c\", \"origin\": \"US\", \"denial\": %.6f, \"destinations\": [\"CN\", \"JP\"], \"exempt\": [\"JP\"]}],"
	        "\"outages\": [{\"country\": \"MY\", \"kinds\": [\"material\"], \"loss\": %.6f}]}",
	        0.5 * scale, 0.9 * scale, 0.3 * scale, 0.2 * scale, 0.25 * scale);
	return t.s;
}

static void check_properties(int cycles)
{
	int round;
	for (round = 0; round < 12; round++) {
		char *graph, *low, *high;
		fixture f0, f1, f2;
		int32_t v, r, l, e;
		rnd_state = 1000u * (unsigned)round + (unsigned)cycles;
		graph = random_graph(20 + round * 15, cycles);
		low = random_scenario(0.5);
		high = random_scenario(1.0);

		fx_run(&f0, graph, NULL);
		fx_ok(&f0);
		for (v = 0; v < f0.g->n_nodes; v++)
			assert_near(f0.r->disruption[v], 0);

		fx_run(&f1, graph, low, NULL);
		fx_ok(&f1);
		fx_run(&f2, graph, high, NULL);
		fx_ok(&f2);
		if (cycles)
			assert_true(f1.r->n_cyclic_nodes > 0);
		for (v = 0; v < f1.g->n_nodes; v++) {
			double share_sum = 0;
			assert_true(f1.r->disruption[v] >= -1e-12 && f1.r->disruption[v] <= 1 + 1e-12);
			/* stricter everywhere: never less disruption */
			assert_true(f2.r->disruption[v] >= f1.r->disruption[v] - 1e-9);
			for (l = f1.g->line_off[v]; l < f1.g->line_off[v + 1]; l++)
				share_sum += f1.g->value_share[l];
			for (r = 0; r < f1.s->n_rules; r++)
				assert_true(f1.r->content[(size_t)r * (size_t)f1.g->n_nodes + (size_t)v] <= share_sum + 1e-12);
		}
		for (e = 0; e < f1.g->n_edges; e++)
			assert_true(f2.r->blocked[e] >= f1.r->blocked[e]);
		/* attribution: lifting one rule never adds disruption */
		for (r = 0; r < f1.s->n_rules * f1.r->n_sector_nodes; r++)
			assert_true(f1.r->attribution[r] >= -1e-9);
		fx_free(&f0);
		fx_free(&f1);
		fx_free(&f2);
		free(graph);
		free(low);
		free(high);
	}
}

/* The timeline against the static score on the same random graphs
 * (MODEL.md 7.3): no shock keeps every output at 1; a shock in force from
 * before day 0 with no stocks reaches the static availability exactly once
 * every transit chain has delivered; stocks keep output at or above it and
 * run down to it; and a dated scenario long after its last event equals
 * score --at its last day. */
static const char dated_scenario[] =
	"{\"chokepoint_scenario\": 1, \"controls\": ["
	"{\"id\": \"a\", \"origin\": \"CN\", \"elements\": [\"Dy\", \"Tb\"], \"denial\": 0.9, \"start\": \"2025-01-10\","
	" \"lead_days\": 20, \"phases\": [{\"from\": \"2025-02-15\", \"denial\": 0.4, \"end_use\": {\"defence\": 1}}]},"
	"{\"id\": \"b\", \"origin\": \"CN\", \"elements\": [\"Sm\"], \"start\": \"2025-01-05\", \"end\": \"2025-02-01\"}],"
	"\"outages\": [{\"country\": \"MY\", \"loss\": 0.3, \"start\": \"2025-01-20\"}]}";

static cp_timeline *play(fixture *f, const char *from, int32_t days)
{
	cp_timeline_opts o;
	cp_timeline *t;
	cp_timeline_opts_default(&o);
	assert_int_equal(cp_date_parse(from, &o.from), 0);
	o.to = o.from + days - 1;
	assert_int_equal(cp_timeline_run(&t, f->g, f->s, &o, &f->log), CP_OK);
	return t;
}

static void check_timeline(int cycles)
{
	int round;
	/* on a cycle the fixed points of a day and of the static pass agree to
	 * their stopping rule, not exactly */
	double tol = cycles ? 1e-6 : 1e-9;
	for (round = 0; round < 8; round++) {
		char *graph, *high;
		fixture f0, f1, f2;
		cp_timeline *t;
		cp_result *at;
		cp_score_opts so;
		int32_t i, d, l, v, max_transit = 0;
		rnd_state = 7000u * (unsigned)round + (unsigned)cycles;
		graph = random_graph(20 + round * 10, cycles);
		high = random_scenario(1.0);

		fx_run(&f0, graph, NULL);
		fx_ok(&f0);
		t = play(&f0, "2025-01-01", 30);
		for (i = 0; i < t->n_sector_nodes * t->n_days; i++)
			assert_true(fabs(t->output[i] - 1) < 1e-12);
		cp_timeline_free(t);

		fx_run(&f1, graph, high, NULL);
		fx_ok(&f1);
		for (l = 0; l < f1.g->n_lines; l++) {
			f1.g->transit_days[l] = (int32_t)rnd(4);
			if (f1.g->transit_days[l] > max_transit)
				max_transit = f1.g->transit_days[l];
		}
		/* six layers: every chain has delivered after 6 x the longest transit */
		/* a recycling loop with transit settles geometrically, day after day */
		t = play(&f1, "2025-01-01", 6 * max_transit + 3 + (cycles ? 400 : 0));
		for (i = 0; i < t->n_sector_nodes; i++) {
			double a = 1 - f1.r->disruption[t->sector_nodes[i]];
			int32_t from = cycles ? t->n_days - 1 : 6 * max_transit;
			for (d = from; d < t->n_days; d++)
				assert_true(fabs(t->output[(size_t)i * (size_t)t->n_days + (size_t)d] - a) < tol);
		}
		cp_timeline_free(t);

		/* Stocks, without the outage: a node that loses capacity keeps the
		 * inputs it cannot use, so under 7.3 its output ends above the static
		 * (1 - loss) x supply (see docs/MODEL.md, settled decisions). */
		for (v = 0; v < f1.g->n_nodes; v++)
			f1.g->inventory_days[v] = rnd(3) ? (double)rnd(6) : NAN;
		f1.s->outages[0].loss = 0;
		assert_int_equal(cp_score(&at, f1.g, f1.s, 0, &f1.log), CP_OK);
		t = play(&f1, "2025-01-01", 6 * (max_transit + 6) + 3000);
		for (i = 0; i < t->n_sector_nodes; i++) {
			double a = 1 - at->disruption[t->sector_nodes[i]];
			for (d = 0; d < t->n_days; d++)
				assert_true(t->output[(size_t)i * (size_t)t->n_days + (size_t)d] >= a - tol);
			/* A stock on the binding line drains at the gap between its
			 * deliveries and what another line allows, however small: after
			 * T days a gap above (largest stock x depth) / T is spent. */
			assert_true(fabs(t->output[(size_t)i * (size_t)t->n_days + (size_t)t->n_days - 1] - a) <
			            5.0 * 6 / (t->n_days - 6 * (max_transit + 6)) + tol);
		}
		cp_result_free(at);
		cp_timeline_free(t);

		fx_run(&f2, graph, dated_scenario, NULL);
		fx_ok(&f2);
		for (l = 0; l < f2.g->n_lines; l++)
			f2.g->transit_days[l] = (int32_t)rnd(4);
		t = play(&f2, "2024-12-01", 150);
		cp_score_opts_default(&so);
		so.has_at = 1;
		so.at = t->from + t->n_days - 1;
		assert_int_equal(cp_score_with(&at, f2.g, f2.s, &so, &f2.log), CP_OK);
		for (i = 0; i < t->n_sector_nodes; i++)
			assert_true(fabs(t->output[(size_t)i * (size_t)t->n_days + (size_t)t->n_days - 1] -
			                 (1 - at->disruption[t->sector_nodes[i]])) < tol);
		cp_result_free(at);
		cp_timeline_free(t);
		fx_free(&f0);
		fx_free(&f1);
		fx_free(&f2);
		free(graph);
		free(high);
	}
}

static void timeline_meets_the_static_score_on_acyclic_graphs(void **state) { check_timeline(0); }
static void timeline_meets_the_static_score_on_graphs_with_cycles(void **state) { check_timeline(1); }

/* Knockouts recompute only the cone below the node; a full recomputation,
 * by an outage of loss 1 on the node, must give the same numbers exactly.
 * Each sector's hits are exactly the candidates that add something other
 * than 0, ascending, each with what it adds. */
static void check_knockouts(int cycles)
{
	int round;
	for (round = 0; round < 6; round++) {
		char *graph, *high, outage[128];
		fixture f;
		cp_chokepoints *c;
		int32_t k, i, ns, h;
		double *want;
		rnd_state = 9000u * (unsigned)round + (unsigned)cycles;
		graph = random_graph(20 + round * 12, cycles);
		high = random_scenario(round % 2 ? 0.5 : 1.0);
		fx_run(&f, graph, high, NULL);
		fx_ok(&f);
		assert_int_equal(cp_chokepoints_compute(&c, f.r, 1000000, &f.log), CP_OK);
		assert_true(c->exact);
		ns = f.r->n_sector_nodes;
		want = calloc((size_t)c->n_candidates * (size_t)ns + 1, sizeof *want);
		assert_non_null(want);
		for (k = 0; k < c->n_candidates; k++) {
			fixture full;
			snprintf(outage, sizeof outage, "{\"chokepoint_scenario\": 1, \"outages\": [{\"node\": \"%s\", \"loss\": 1}]}",
			         cp_node_id(f.g, c->candidates[k]));
			fx_run(&full, graph, high, outage, NULL);
			fx_ok(&full);
			for (i = 0; i < ns; i++) {
				int32_t s = f.r->sector_nodes[i];
				double got = cp_chokepoints_added(c, k, i);
				want[(size_t)k * (size_t)ns + (size_t)i] = full.r->disruption[s] - f.r->disruption[s];
				if (got != want[(size_t)k * (size_t)ns + (size_t)i])
					fail_msg("knockout of %s, sector %s: cone %.17g, full %.17g", cp_node_id(f.g, c->candidates[k]),
					         cp_node_id(f.g, s), got, want[(size_t)k * (size_t)ns + (size_t)i]);
			}
			fx_free(&full);
		}
		for (i = 0; i < ns; i++) {
			h = c->hit_off[i];
			for (k = 0; k < c->n_candidates; k++) {
				double x = want[(size_t)k * (size_t)ns + (size_t)i];
				if (x == 0)
					continue;
				assert_true(h < c->hit_off[i + 1]);
				assert_int_equal(c->hit[h], k);
				assert_true(c->added[h] == x);
				h++;
			}
			assert_int_equal(h, c->hit_off[i + 1]);
		}
		free(want);
		cp_chokepoints_free(c);
		fx_free(&f);
		free(graph);
		free(high);
	}
}

static void knockouts_by_cone_equal_full_recomputation(void **state)
{
	check_knockouts(0);
	check_knockouts(1);
}

static void properties_hold_on_acyclic_graphs(void **state) { check_properties(0); }
static void properties_hold_on_graphs_with_cycles(void **state) { check_properties(1); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(properties_hold_on_acyclic_graphs),
		cmocka_unit_test(properties_hold_on_graphs_with_cycles),
		cmocka_unit_test(knockouts_by_cone_equal_full_recomputation),
		cmocka_unit_test(timeline_meets_the_static_score_on_acyclic_graphs),
		cmocka_unit_test(timeline_meets_the_static_score_on_graphs_with_cycles),
	};
	return cmocka_run_group_tests_name("properties", tests, NULL, NULL);
}
