/* The prepared model's runs: dates, format version 2 scope, the state at a
 * date, and Shapley shares, against hand-derived values and properties. */
#include <math.h>

#include "model.h"
#include "testutil.h"

static void dates_parse_to_day_numbers(void **state)
{
	/* day numbers from Python's datetime.date(...) - date(1970, 1, 1) */
	static const struct { const char *s; int32_t day; } known[] = {
		{ "1970-01-01", 0 }, { "1969-12-31", -1 }, { "2025-04-04", 20182 },
		{ "2000-02-29", 11016 }, { "0001-01-01", -719162 }, { "9999-12-31", 2932896 },
	};
	static const char *const bad[] = {
		"2025-02-30", "2023-02-29", "1900-02-29", "2025-13-01", "2025-00-10", "2025-04-31",
		"0000-01-01", "2025-4-04", "2025/04/04", "2025-04-04T", "", "20250404",
	};
	size_t i;
	int32_t d, day;
	char buf[11];
	for (i = 0; i < sizeof known / sizeof *known; i++) {
		assert_int_equal(cp_date_parse(known[i].s, &d), 0);
		assert_int_equal(d, known[i].day);
		cp_date_format(d, buf);
		assert_string_equal(buf, known[i].s);
	}
	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(cp_date_parse(bad[i], &d), -1);
	/* every day of four centuries reads back as itself, one day apart */
	for (day = -150000; day < 150000; day++) {
		cp_date_format(day, buf);
		assert_int_equal(cp_date_parse(buf, &d), 0);
		assert_int_equal(d, day);
	}
	assert_int_equal(cp_date_parse("2024-02-29", &d), 0);
}

/* An ore carrying Dy and Ho, a Dy oxide separated from it in China, a
 * Japanese magnet maker: a rule on Ho reaches the oxide only in version 1,
 * where E(oxide) is the closure {Dy, Ho}. */
#define SEPARATION_GRAPH(version) \
	"{\"chokepoint\": " #version ", \"nodes\": [" \
	"{\"id\": \"ore@CN\", \"kind\": \"element\", \"country\": \"CN\", \"elements\": [\"Dy\", \"Ho\"]}," \
	"{\"id\": \"dy-oxide@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]," \
	" \"inputs\": [{\"item\": \"ore\", \"value_share\": 0.5, \"suppliers\": {\"ore@CN\": 1}}]}," \
	"{\"id\": \"magnet@JP\", \"kind\": \"magnet\", \"country\": \"JP\"," \
	" \"inputs\": [{\"item\": \"dy\", \"value_share\": 0.1, \"suppliers\": {\"dy-oxide@CN\": 1}}]}," \
	"{\"id\": \"auto@JP\", \"kind\": \"sector\", \"country\": \"JP\", \"output\": 100," \
	" \"inputs\": [{\"item\": \"magnets\", \"suppliers\": {\"magnet@JP\": 1}}]}]}"

static const char ho_rule[] =
	"{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"ho\", \"origin\": \"CN\", \"elements\": [\"Ho\"],"
	" \"denial\": 0.5}]}";

static void version_2_stops_inheritance_at_listed_elements(void **state)
{
	fixture f;
	fx_run(&f, SEPARATION_GRAPH(1), ho_rule, NULL);
	fx_ok(&f);
	assert_int_equal(f.g->version, 1);
	/* v1: the oxide contains Ho, the edge to Japan is half blocked */
	assert_near(f.r->disruption[node_of(&f, "auto@JP")], 0.5);
	fx_free(&f);
	fx_run(&f, SEPARATION_GRAPH(2), ho_rule, NULL);
	fx_ok(&f);
	assert_int_equal(f.g->version, 2);
	assert_near(f.r->disruption[node_of(&f, "auto@JP")], 0);
	assert_near(f.r->disruption[node_of(&f, "magnet@JP")], 0);
	fx_free(&f);
}

/* One Chinese source, one Japanese buyer, a sector behind it. */
static const char chain[] =
	"{\"chokepoint\": 1, \"nodes\": ["
	"{\"id\": \"dy@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	"{\"id\": \"tb@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Tb\"]},"
	"{\"id\": \"mag@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"output\": 10, \"inputs\": ["
	"  {\"item\": \"dy\", \"value_share\": 0.1, \"suppliers\": {\"dy@CN\": 1}},"
	"  {\"item\": \"tb\", \"value_share\": 0.1, \"suppliers\": {\"tb@CN\": 1}}]},"
	"{\"id\": \"auto@JP\", \"kind\": \"sector\", \"country\": \"JP\", \"output\": 100,"
	" \"inputs\": [{\"item\": \"magnets\", \"suppliers\": {\"mag@JP\": 1}}]}]}";

static void score_at_a_date_uses_the_rules_and_phases_in_force(void **state)
{
	static const char dated[] =
		"{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"elements\": [\"Dy\"],"
		" \"start\": \"2025-04-04\", \"end\": \"2026-01-01\", \"lead_days\": 63, \"denial\": 1,"
		" \"phases\": [{\"from\": \"2025-06-01\", \"denial\": 0.75}, {\"from\": \"2025-09-01\", \"denial\": 0.25}]}],"
		" \"outages\": [{\"node\": \"tb@CN\", \"loss\": 0.1, \"start\": \"2025-05-01\"}]}";
	static const struct { const char *at; double d; } want[] = {
		{ "2025-04-03", 0 },      /* before anything */
		{ "2025-04-04", 1 },      /* own denial; lead times play no part */
		{ "2025-05-01", 1 },      /* outage 0.1 on Tb, Dy still 1: min line 0 */
		{ "2025-06-01", 0.75 },   /* first phase: Dy line 0.25 < Tb line 0.9 */
		{ "2025-09-01", 0.25 },   /* second phase: Dy 0.75 < Tb 0.9 */
		{ "2026-01-01", 0.1 },    /* the rule has ended, the outage goes on */
	};
	size_t i;
	for (i = 0; i < sizeof want / sizeof *want; i++) {
		fixture f;
		cp_score_opts o;
		cp_result *r;
		fx_run(&f, chain, dated, NULL);
		fx_ok(&f);
		cp_score_opts_default(&o);
		o.has_at = 1;
		assert_int_equal(cp_date_parse(want[i].at, &o.at), 0);
		assert_int_equal(cp_score_with(&r, f.g, f.s, &o, &f.log), CP_OK);
		assert_near(r->disruption[node_of(&f, "auto@JP")], want[i].d);
		cp_result_free(r);
		/* without --at, every rule with its own fields: denial 1 */
		assert_near(f.r->disruption[node_of(&f, "auto@JP")], 1);
		fx_free(&f);
	}
}

static void shares(fixture *f, const char *graph, const char *scen)
{
	cp_score_opts o;
	cp_result *r;
	fx_run(f, graph, scen, NULL);
	fx_ok(f);
	cp_score_opts_default(&o);
	o.flags = CP_SCORE_SHARES;
	assert_int_equal(cp_score_with(&r, f->g, f->s, &o, &f->log), CP_OK);
	cp_result_free(f->r);
	f->r = r;
}

static double share_of(const fixture *f, int32_t player, const char *sector)
{
	int32_t v = node_of(f, sector), i;
	for (i = 0; i < f->r->n_sector_nodes; i++)
		if (f->r->sector_nodes[i] == v)
			return f->r->shares[(size_t)player * (size_t)f->r->n_sector_nodes + (size_t)i];
	fail_msg("no sector %s", sector);
	return NAN;
}

static void shapley_splits_overlapping_rules_evenly(void **state)
{
	/* Two rules block the same Dy edge in full: D = 1 with either, so
	 * leave-one-out gives each 0 and Shapley gives each 1/2. */
	static const char two[] =
		"{\"chokepoint_scenario\": 1, \"controls\": ["
		"{\"id\": \"a\", \"origin\": \"CN\", \"elements\": [\"Dy\"]},"
		"{\"id\": \"b\", \"origin\": \"CN\", \"elements\": [\"Dy\", \"Tb\"], \"kinds\": [\"material\"], \"denial\": 1}]}";
	fixture f;
	shares(&f, chain, two);
	assert_int_equal(f.r->n_players, 2);
	assert_true(f.r->shares_exact);
	/* b also blocks Tb, which changes nothing once Dy is gone */
	assert_near(share_of(&f, 0, "auto@JP"), 0.5);
	assert_near(share_of(&f, 1, "auto@JP"), 0.5);
	fx_free(&f);
}

static void shapley_with_an_outage_by_hand(void **state)
{
	/* Players: a (Dy denial 0.4), b (Tb denial 0.2), outage on mag@JP 0.5.
	 * D = 1 - (1 - o) * min(1 - a, 1 - b):
	 *   {} 0; {a} .4; {b} .2; {o} .5; {a,b} .4; {a,o} .7; {b,o} .6; {a,b,o} .7
	 * phi_a = 1/3 (.4 - 0) + 1/6 (.4 - .2) + 1/6 (.7 - .5) + 1/3 (.7 - .6) = 0.2333...
	 * phi_b = 1/3 (.2) + 1/6 (0) + 1/6 (.1) + 1/3 (0) = 0.0833...
	 * phi_o = 1/3 (.5) + 1/6 (.3) + 1/6 (.4) + 1/3 (.3) = 0.3833...
	 * and they sum to 0.7 = D(all) - D(none). */
	static const char three[] =
		"{\"chokepoint_scenario\": 1, \"controls\": ["
		"{\"id\": \"a\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": 0.4},"
		"{\"id\": \"b\", \"origin\": \"CN\", \"elements\": [\"Tb\"], \"denial\": 0.2}],"
		" \"outages\": [{\"node\": \"mag@JP\", \"loss\": 0.5}]}";
	fixture f;
	char buf[32];
	shares(&f, chain, three);
	assert_int_equal(f.r->n_players, 3);
	assert_near(share_of(&f, 0, "auto@JP"), 0.7 / 3);
	assert_near(share_of(&f, 1, "auto@JP"), 0.25 / 3);
	assert_near(share_of(&f, 2, "auto@JP"), 1.15 / 3);
	assert_string_equal(cp_player_name(f.s, 2, buf, sizeof buf), "outage 1");
	/* the group of one node carries the same shares */
	assert_near(f.r->group_shares[2 * f.r->n_groups], 1.15 / 3);
	fx_free(&f);
}

/* Above 12 players the shares are estimated; they still sum to
 * D(all) - D(none) exactly along every order, and the estimate is close
 * to the symmetric answer when all players are alike. */
static void estimated_shares_sum_to_the_disruption(void **state)
{
	char scen[8192];
	size_t n = 0;
	int k;
	fixture f;
	double sum = 0;
	n += (size_t)snprintf(scen + n, sizeof scen - n, "{\"chokepoint_scenario\": 1, \"controls\": [");
	for (k = 0; k < 14; k++)
		n += (size_t)snprintf(scen + n, sizeof scen - n, "%s{\"id\": \"r%d\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": 0.5}",
		                      k ? "," : "", k);
	snprintf(scen + n, sizeof scen - n, "]}");
	shares(&f, chain, scen);
	assert_int_equal(f.r->n_players, 14);
	assert_false(f.r->shares_exact);
	assert_non_null(f.r->shares_stderr);
	for (k = 0; k < 14; k++) {
		double s = share_of(&f, k, "auto@JP");
		sum += s;
		/* each marginal is 0.5 for the first of the identical rules, else 0:
		 * the mean is 0.5/14 only in expectation */
		assert_true(s >= 0 && s <= 0.5);
	}
	assert_near(sum, 0.5);
	fx_free(&f);
}

static void dated_fields_are_checked_with_their_location(void **state)
{
	static const struct { const char *scen, *msg; } cases[] = {
		{ "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"start\": \"2025-02-30\"}]}",
		  "controls[0].start: must be an ISO date" },
		{ "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"start\": \"2025-05-01\", \"end\": \"2025-05-01\"}]}",
		  "controls[0].end: 'end' (2025-05-01) must come after 'start' (2025-05-01)" },
		{ "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"lead_days\": -1}]}",
		  "controls[0].lead_days" },
		{ "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"start\": \"2025-01-01\","
		  " \"phases\": [{\"from\": \"2025-03-01\"}, {\"from\": \"2025-02-01\"}]}]}",
		  "controls[0].phases[1].from: phases must be sorted" },
		{ "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"start\": \"2025-01-01\","
		  " \"phases\": [{\"from\": \"2024-12-31\"}]}]}",
		  "controls[0].phases[0].from: phase begins 2024-12-31, outside" },
		{ "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"phases\": [{\"denial\": 0.5}]}]}",
		  "controls[0].phases[0]: missing 'from'" },
		{ "{\"chokepoint_scenario\": 1, \"outages\": [{\"node\": \"dy@CN\", \"loss\": 1, \"start\": \"2026-01-01\", \"end\": \"2025-01-01\"}]}",
		  "outages[0].end: 'end' (2025-01-01) must come after" },
	};
	size_t i;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		fixture f;
		fx_run(&f, chain, cases[i].scen, NULL);
		assert_int_equal(f.st, CP_EINVAL);
		if (!log_has(&f.log, CP_ERROR, cases[i].msg)) {
			log_dump(&f.log);
			fail_msg("case %zu: no error containing '%s'", i, cases[i].msg);
		}
		fx_free(&f);
	}
}

static void transit_days_must_be_whole(void **state)
{
	static const char g[] =
		"{\"chokepoint\": 1, \"nodes\": ["
		"{\"id\": \"a\", \"kind\": \"material\", \"country\": \"CN\"},"
		"{\"id\": \"b\", \"kind\": \"sector\", \"country\": \"JP\", \"restock_rate\": -1,"
		" \"inputs\": [{\"item\": \"x\", \"transit_days\": 2.5, \"suppliers\": {\"a\": 1}}]}]}";
	fixture f;
	fx_run(&f, g, NULL);
	assert_int_equal(f.st, CP_EINVAL);
	assert_true(log_has(&f.log, CP_ERROR, "nodes[1] (b).inputs[0].transit_days: must be a whole number of days"));
	assert_true(log_has(&f.log, CP_ERROR, "nodes[1] (b).restock_rate"));
	fx_free(&f);
}

/* A Chinese control does not reach China's own auto sector, so the group
 * mean over every region (output-weighted: (100 x 0.5 + 300 x 0) / 400 =
 * 0.125) understates the exposure; outside China it is 0.5. */
static void groups_have_a_mean_outside_the_origin(void **state)
{
	static const char g[] =
		"{\"chokepoint\": 1, \"nodes\": ["
		"{\"id\": \"dy@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
		"{\"id\": \"auto@EU\", \"kind\": \"sector\", \"sector\": \"auto\", \"country\": \"EU\", \"output\": 100,"
		" \"inputs\": [{\"item\": \"dy\", \"suppliers\": {\"dy@CN\": 1}}]},"
		"{\"id\": \"auto@CN\", \"kind\": \"sector\", \"sector\": \"auto\", \"country\": \"CN\", \"output\": 300,"
		" \"inputs\": [{\"item\": \"dy\", \"suppliers\": {\"dy@CN\": 1}}]}]}";
	static const char scen[] =
		"{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"denial\": 0.5}]}";
	fixture f;
	fx_run(&f, g, scen, NULL);
	fx_ok(&f);
	assert_int_equal(f.r->n_groups, 1);
	assert_near(f.r->groups[0].disruption, 0.125);
	assert_near(f.r->groups[0].disruption_outside, 0.5);
	assert_near(f.r->groups[0].value_at_risk_outside, 50);
	assert_int_equal(f.r->groups[0].n_outside, 1);
	fx_free(&f);
	/* with no control in force, no country is an origin */
	fx_run(&f, g, NULL);
	fx_ok(&f);
	assert_int_equal(f.r->groups[0].n_outside, 2);
	fx_free(&f);
}

/* A loop that returns all but 1e-9 of what it loses: sweeps gain 1e-9 a
 * sweep and would stop near a = 1; the exact solver finds the fixed point.
 * a = (1 - eps) a + eps (1 - 0.5), so a = 0.5 whatever eps. */
static void slow_loops_reach_their_fixed_point(void **state)
{
	static const char g[] =
		"{\"chokepoint\": 1, \"nodes\": ["
		"{\"id\": \"x@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
		"{\"id\": \"a@JP\", \"kind\": \"material\", \"country\": \"JP\","
		" \"inputs\": [{\"item\": \"x\", \"suppliers\": {\"b@JP\": 0.999999999, \"x@CN\": 0.000000001}}]},"
		"{\"id\": \"b@JP\", \"kind\": \"material\", \"country\": \"JP\","
		" \"inputs\": [{\"item\": \"a\", \"suppliers\": {\"a@JP\": 1}}]},"
		"{\"id\": \"s@JP\", \"kind\": \"sector\", \"country\": \"JP\", \"output\": 1,"
		" \"inputs\": [{\"item\": \"b\", \"suppliers\": {\"b@JP\": 1}}]}]}";
	static const char half[] =
		"{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"denial\": 0.5}]}";
	fixture f;
	fx_run(&f, g, half, NULL);
	fx_ok(&f);
	assert_true(fabs(f.r->disruption[node_of(&f, "s@JP")] - 0.5) < 1e-9);
	assert_false(log_has(&f.log, CP_WARNING, "did not converge"));
	fx_free(&f);
}

/* A ring of 100,000 nodes, one of which loses 1e-6 of its output: nothing
 * comes in from outside, so the greatest fixed point is 0 everywhere; the
 * sweeps would need millions of rounds, the ring is solved in one. */
static void a_long_ring_with_a_small_loss_stops(void **state)
{
	enum { N = 100000 };
	size_t cap = (size_t)N * 160, n = 0;
	char *g = malloc(cap);
	int i;
	fixture f;
	static const char outage[] =
		"{\"chokepoint_scenario\": 1, \"outages\": [{\"node\": \"r0\", \"loss\": 0.000001}]}";
	assert_non_null(g);
	n += (size_t)snprintf(g + n, cap - n, "{\"chokepoint\": 1, \"nodes\": [");
	for (i = 0; i < N; i++)
		n += (size_t)snprintf(g + n, cap - n, "%s{\"id\": \"r%d\", \"kind\": \"material\", \"country\": \"JP\","
		                      " \"inputs\": [{\"item\": \"x\", \"suppliers\": {\"r%d\": 1}}]}",
		                      i ? "," : "", i, (i + N - 1) % N);
	n += (size_t)snprintf(g + n, cap - n, ",{\"id\": \"s\", \"kind\": \"sector\", \"country\": \"JP\","
	                      " \"inputs\": [{\"item\": \"x\", \"suppliers\": {\"r7\": 1}}]}]}");
	fx_run(&f, g, outage, NULL);
	fx_ok(&f);
	assert_true(f.r->disruption[node_of(&f, "s")] == 1);
	assert_true(f.r->disruption[node_of(&f, "r50000")] == 1);
	assert_false(log_has(&f.log, CP_WARNING, "did not converge"));
	fx_free(&f);
	free(g);
}

/* Blocked fractions worked out once per pattern of matches equal those
 * worked out edge by edge, on every shipped scenario, under random sets of
 * rules in force, random phases and random denials; and the patterns do
 * group edges (fewer patterns than matched edges). */
static void blocked_by_pattern_equals_edge_by_edge(void **state)
{
	static const char *const scenarios[] = {
		"april-2025", "calendar-2025-2026", "china-japan-2010", "embargo", "japan-military-2026",
		"october-2025", "suspension-2025-11", "suspension-lapses-2026-11",
	};
	cp_graph *g;
	cp_log log;
	size_t i;
	unsigned seed = 7;
	cp_log_init(&log);
	assert_int_equal(cp_graph_load(&g, "graphs/rare-earths.json", NULL, &log), CP_OK);
	for (i = 0; i < sizeof scenarios / sizeof *scenarios; i++) {
		char path[128];
		cp_scenario *s = cp_scenario_new();
		cp_model *m;
		cp_work w;
		double *edgewise;
		uint8_t *on;
		int32_t *phase, r, e, k;
		int round;
		snprintf(path, sizeof path, "graphs/scenarios/%s.json", scenarios[i]);
		assert_int_equal(cp_scenario_load(s, g, path, NULL, &log), CP_OK);
		assert_int_equal(cp_model_prepare(&m, g, s, &log), CP_OK);
		assert_int_equal(cp_work_init(&w, m), CP_OK);
		assert_true(m->n_patterns > 0 && m->n_patterns < m->n_matched);
		edgewise = calloc((size_t)g->n_edges, sizeof *edgewise);
		on = malloc((size_t)s->n_rules + 1);
		phase = malloc(((size_t)s->n_rules + 1) * sizeof *phase);
		double *param = malloc(((size_t)m->n_params + 1) * sizeof *param);
		for (round = 0; round < 50; round++) {
			cp_variant v = CP_VARIANT_STATIC;
			for (k = 0; k < m->n_params; k++)
				param[k] = round ? (seed = seed * 1103515245u + 12345u) % 1001 / 1000.0 : m->param[k];
			for (r = 0; r < s->n_rules; r++) {
				seed = seed * 1103515245u + 12345u;
				on[r] = round == 0 || seed >> 16 & 1;
				phase[r] = round ? (int32_t)(seed >> 20) % (s->rules[r].n_phases + 1) : 0;
			}
			v.rule_on = on;
			v.rule_phase = phase;
			v.param = param;
			cp_model_blocked(m, &v, edgewise, NULL);
			cp_model_blocked(m, &v, w.blocked, w.pattern);
			for (e = 0; e < g->n_edges; e++)
				assert_true(w.blocked[e] == edgewise[e]);
		}
		free(param);
		free(edgewise);
		free(on);
		free(phase);
		cp_work_free(&w);
		cp_model_free(m);
		cp_scenario_free(s);
	}
	cp_graph_free(g);
	cp_log_free(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dates_parse_to_day_numbers),
		cmocka_unit_test(version_2_stops_inheritance_at_listed_elements),
		cmocka_unit_test(score_at_a_date_uses_the_rules_and_phases_in_force),
		cmocka_unit_test(shapley_splits_overlapping_rules_evenly),
		cmocka_unit_test(shapley_with_an_outage_by_hand),
		cmocka_unit_test(estimated_shares_sum_to_the_disruption),
		cmocka_unit_test(dated_fields_are_checked_with_their_location),
		cmocka_unit_test(transit_days_must_be_whole),
		cmocka_unit_test(groups_have_a_mean_outside_the_origin),
		cmocka_unit_test(slow_loops_reach_their_fixed_point),
		cmocka_unit_test(a_long_ring_with_a_small_loss_stops),
		cmocka_unit_test(blocked_by_pattern_equals_edge_by_edge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
