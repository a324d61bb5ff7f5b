/* Draws against expectations that do not come from the draws code:
 * degenerate distributions give the deterministic answer, means of a
 * linear case match their expectation, quantiles match closed forms, and
 * bad distributions get located errors. */
#include <math.h>

#include "testutil.h"

static const char chain[] =
	"{\"chokepoint\": 1, \"nodes\": ["
	"{\"id\": \"dy@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	"{\"id\": \"mag@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"output\": 10,"
	" \"inputs\": [{\"item\": \"dy\", \"value_share\": 0.1, \"suppliers\": {\"dy@CN\": 1}}]},"
	"{\"id\": \"auto@JP\", \"kind\": \"sector\", \"country\": \"JP\", \"output\": 100,"
	" \"inputs\": [{\"item\": \"magnets\", \"suppliers\": {\"mag@JP\": 1}}]}]}";

static cp_draws *draw(fixture *f, const char *scen, int32_t n, int32_t threads)
{
	cp_draw_opts o;
	cp_draws *d;
	fx_run(f, chain, scen, NULL);
	fx_ok(f);
	cp_draw_opts_default(&o);
	o.n_draws = n;
	o.threads = threads;
	o.seed = 42;
	assert_int_equal(cp_draws_run(&d, f->g, f->s, &o, &f->log), CP_OK);
	return d;
}

static void degenerate_distributions_give_the_deterministic_answer(void **state)
{
	static const char scen[] =
		"{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"elements\": [\"Dy\"],"
		" \"denial\": {\"uniform\": [0.37, 0.37]}}], \"outages\": [{\"node\": \"mag@JP\", \"loss\": {\"triangular\": [0.2, 0.2, 0.2]}}]}";
	fixture f;
	cp_draws *d = draw(&f, scen, 50, 2);
	int32_t i, s = node_of(&f, "auto@JP");
	/* 1 - (1 - 0.2)(1 - 0.37), and the score of the means is the same */
	assert_near(f.r->disruption[s], 1 - 0.8 * 0.63);
	for (i = 0; i < d->n_draws; i++)
		assert_true(d->disruption[i] == f.r->disruption[s]);
	assert_true(d->sector_stat[0].sd == 0);
	assert_int_equal(d->sensitivity[0].n, 0);   /* nothing varies: nothing to hang on */
	cp_draws_free(d);
	fx_free(&f);
}

static void the_mean_of_a_linear_case_is_its_expectation(void **state)
{
	/* D = denial ~ U(0.2, 0.6): mean 0.4, sd 0.4 / sqrt(12); with 20000
	 * draws the sample mean is within 4 standard errors (0.0033) of 0.4,
	 * and the percentiles within 0.01 of 0.22, 0.40, 0.58. */
	static const char scen[] =
		"{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"elements\": [\"Dy\"],"
		" \"denial\": {\"uniform\": [0.2, 0.6]}}]}";
	fixture f;
	cp_draws *d = draw(&f, scen, 20000, 2);
	assert_true(fabs(d->sector_stat[0].mean - 0.4) < 0.0033);
	assert_true(fabs(d->sector_stat[0].sd - 0.4 / sqrt(12)) < 0.003);
	assert_true(fabs(d->sector_stat[0].p5 - 0.22) < 0.01);
	assert_true(fabs(d->sector_stat[0].p50 - 0.40) < 0.01);
	assert_true(fabs(d->sector_stat[0].p95 - 0.58) < 0.01);
	/* value at risk is the disruption times the output, draw by draw */
	assert_true(fabs(d->sector_value[0].mean - 100 * d->sector_stat[0].mean) < 1e-9);
	/* the denial is all the result hangs on, monotonically */
	assert_int_equal(d->sensitivity[0].n, 1);
	assert_true(d->sensitivity[0].rho[0] > 0.999);
	cp_draws_free(d);
	fx_free(&f);
}

/* A shift whose fraction is drawn: each draw applies the changes again to
 * the graph before them.  Half of the Chinese Dy is denied, and a fraction
 * x of the magnet maker's Dy moves to Australia: auto@JP loses 0.5 (1 - x). */
static const char two_origins[] =
	"{\"chokepoint\": 1, \"nodes\": ["
	"{\"id\": \"dy@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	"{\"id\": \"dy@AU\", \"kind\": \"material\", \"country\": \"AU\", \"elements\": [\"Dy\"]},"
	"%s"
	"{\"id\": \"mag@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"output\": 10,"
	" \"inputs\": [{\"item\": \"dy\", \"suppliers\": {\"dy@CN\": 1}}]},"
	"{\"id\": \"auto@JP\", \"kind\": \"sector\", \"country\": \"JP\", \"output\": 100,"
	" \"inputs\": [{\"item\": \"magnets\", \"suppliers\": {\"mag@JP\": 1}}]}]}";

static void change_amounts_are_drawn_on_the_graph_before_the_changes(void **state)
{
	static const char scen[] =
		"{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": 0.5}],"
		" \"changes\": [{\"op\": \"shift\", \"at\": \"mag@JP\", \"item\": \"dy\", \"from\": \"CN\", \"to\": \"AU\","
		" \"to_node\": \"dy@AU\", \"fraction\": {\"uniform\": [0.1, 0.5]}}]}";
	char graph[1024], other[1024];
	fixture f;
	cp_graph *changed, *wider;
	cp_draw_opts o;
	cp_draws *d;
	int32_t i;

	snprintf(graph, sizeof graph, two_origins, "");
	snprintf(other, sizeof other, two_origins, "{\"id\": \"dy@US\", \"kind\": \"material\", \"country\": \"US\"},");
	fx_run(&f, graph, scen, NULL);
	fx_ok(&f);
	assert_int_equal(cp_graph_apply_changes(&changed, f.g, f.s, &f.log), CP_OK);
	cp_draw_opts_default(&o);
	o.n_draws = 200;
	o.threads = 2;
	o.unchanged = f.g;
	assert_int_equal(cp_draws_run(&d, changed, f.s, &o, &f.log), CP_OK);
	assert_int_equal(d->n_params, 1);
	assert_string_equal(d->params[0].name, "changes[0].fraction");
	assert_int_equal(d->unsampled, 0);
	for (i = 0; i < d->n_draws; i++) {
		double x = d->values[i];
		assert_true(x > 0.1 && x < 0.5);
		assert_true(fabs(d->disruption[i] - 0.5 * (1 - x)) < 1e-12);
	}
	assert_true(d->sensitivity[0].n == 1 && d->sensitivity[0].rho[0] < -0.999);
	cp_draws_free(d);

	/* without the graph before the changes, the fraction is its mean, 0.3 */
	o.unchanged = NULL;
	assert_int_equal(cp_draws_run(&d, changed, f.s, &o, &f.log), CP_OK);
	assert_int_equal(d->n_params, 0);
	assert_int_equal(d->unsampled, 1);
	for (i = 0; i < d->n_draws; i++)
		assert_true(fabs(d->disruption[i] - 0.5 * 0.7) < 1e-12);
	cp_draws_free(d);

	/* a graph the changes do not turn into the one given: an error, no crash */
	assert_int_equal(cp_graph_load_buffer(&wider, "other.json", other, strlen(other), NULL, &f.log), CP_OK);
	o.unchanged = wider;
	o.threads = 1;
	assert_int_equal(cp_draws_run(&d, changed, f.s, &o, &f.log), CP_EINVAL);
	assert_null(d);
	assert_true(log_has(&f.log, CP_ERROR, "draw 0: with the drawn change amounts (changes[0].fraction = 0."));
	assert_true(log_has(&f.log, CP_ERROR, "differs from the one at the files' amounts in the number of nodes"));
	log_dump_expected(&f.log);
	cp_graph_free(wider);
	cp_graph_free(changed);
	fx_free(&f);
}

static void threads_do_not_change_the_answer(void **state)
{
	static const char scen[] =
		"{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"elements\": [\"Dy\"],"
		" \"denial\": {\"beta\": [2, 5]}}], \"outages\": [{\"node\": \"mag@JP\", \"loss\": {\"uniform\": [0, 0.3], \"key\": \"k\"}},"
		" {\"node\": \"auto@JP\", \"loss\": {\"uniform\": [0, 0.1], \"key\": \"k\"}}]}";
	fixture f1, f4;
	cp_draws *d1 = draw(&f1, scen, 333, 1), *d4 = draw(&f4, scen, 333, 4);
	assert_int_equal(d1->n_params, 2);   /* the key joins the two losses */
	assert_memory_equal(d1->disruption, d4->disruption, 333 * sizeof *d1->disruption);
	assert_memory_equal(d1->values, d4->values, 333 * 2 * sizeof *d1->values);
	cp_draws_free(d1);
	cp_draws_free(d4);
	fx_free(&f1);
	fx_free(&f4);
}

static void quantiles_match_closed_forms(void **state)
{
	cp_uncertain u = { CP_DIST_TRIANGULAR, { 0, 0.25, 1 }, 0, 1, NULL, NULL, CP_UNC_DENIAL, 0, 0, 0 };
	/* triangular CDF at the mode is (mode - low) / (high - low) */
	assert_near(cp_uncertain_quantile(&u, 0.25), 0.25);
	assert_near(cp_uncertain_mean(&u), 1.25 / 3);
	u.kind = CP_DIST_BETA;
	u.p[0] = 1;
	u.p[1] = 1;   /* beta(1, 1) is uniform on [0, 1] */
	assert_true(fabs(cp_uncertain_quantile(&u, 0.3) - 0.3) < 1e-12);
	u.p[0] = 2;   /* beta(2, 1): CDF x^2, quantile sqrt(q) */
	assert_true(fabs(cp_uncertain_quantile(&u, 0.49) - 0.7) < 1e-12);
	assert_near(cp_uncertain_mean(&u), 2.0 / 3);
	u.kind = CP_DIST_UNIFORM;
	u.p[0] = 2;
	u.p[1] = 6;
	u.lo = 0;
	u.hi = 100;
	assert_near(cp_uncertain_quantile(&u, 0.75), 5);
}

static void bad_distributions_are_located(void **state)
{
	static const struct { const char *scen, *msg; } cases[] = {
		{ "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"denial\": {\"uniform\": [0.5, 1.5]}}]}",
		  "controls[0].denial.uniform: the distribution's support must lie in [0, 1]" },
		{ "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"denial\": {\"triangular\": [0.5, 0.2, 0.9]}}]}",
		  "controls[0].denial.triangular: triangular [0.5, 0.2, 0.9]: needs low <= mode <= high" },
		{ "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"denial\": {\"beta\": [0, 2]}}]}",
		  "controls[0].denial.beta: beta [0, 2]: both parameters must be above 0" },
		{ "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"lead_days\": {\"beta\": [2, 2]}}]}",
		  "controls[0].lead_days.beta: beta is only for numbers in [0, 1]" },
		{ "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"denial\": {\"uniform\": [0, 1], \"beta\": [1, 1]}}]}",
		  "controls[0].denial.beta: a distribution has one of uniform, triangular or beta" },
		{ "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"denial\": {\"normal\": [0, 1]}}]}",
		  "controls[0].denial.normal: unknown field in a distribution" },
		{ "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"denial\": {\"uniform\": [0, 1], \"key\": \"a\"},"
		  " \"lead_days\": {\"uniform\": [0, 90], \"key\": \"a\"}}]}",
		  "controls[0].lead_days: key 'a' joins numbers of different ranges" },
		{ "{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"extraterritorial\": {\"min_content\": {\"uniform\": [0, 0.1]}}}]}",
		  "controls[0].extraterritorial.min_content" },
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

static void graph_numbers_may_be_distributions(void **state)
{
	/* substitutable ~ U(0, 1) on the only blocked line: D = (1 - s) x 0.5,
	 * mean 0.25; a value_share may not be a distribution */
	static const char g[] =
		"{\"chokepoint\": 1, \"nodes\": ["
		"{\"id\": \"dy@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
		"{\"id\": \"auto@JP\", \"kind\": \"sector\", \"country\": \"JP\", \"output\": {\"uniform\": [50, 150]},"
		" \"inputs\": [{\"item\": \"dy\", \"substitutable\": {\"uniform\": [0, 1]}, \"suppliers\": {\"dy@CN\": 1}}]}]}";
	static const char bad[] =
		"{\"chokepoint\": 1, \"nodes\": [{\"id\": \"a\", \"kind\": \"sector\", \"country\": \"JP\","
		" \"inputs\": [{\"item\": \"x\", \"value_share\": {\"uniform\": [0, 1]}, \"suppliers\": {\"b\": 1}}]},"
		" {\"id\": \"b\", \"kind\": \"material\", \"country\": \"CN\"}]}";
	static const char scen[] =
		"{\"chokepoint_scenario\": 1, \"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"denial\": 0.5}]}";
	fixture f;
	cp_draw_opts o;
	cp_draws *d;
	fx_run(&f, g, scen, NULL);
	fx_ok(&f);
	assert_int_equal(f.g->n_uncertain, 2);
	assert_near(f.r->disruption[node_of(&f, "auto@JP")], 0.25);   /* the means */
	cp_draw_opts_default(&o);
	o.n_draws = 20000;
	o.threads = 2;
	assert_int_equal(cp_draws_run(&d, f.g, f.s, &o, &f.log), CP_OK);
	assert_true(fabs(d->sector_stat[0].mean - 0.25) < 4 * 0.5 / sqrt(12) / sqrt(20000));
	/* value at risk: D x output, independent: mean 0.25 x 100 */
	assert_true(fabs(d->sector_value[0].mean - 25) < 0.5);
	cp_draws_free(d);
	fx_free(&f);
	fx_run(&f, bad, NULL);
	assert_int_equal(f.st, CP_EINVAL);
	assert_true(log_has(&f.log, CP_ERROR, "nodes[0] (a).inputs[0].value_share: must be a number"));
	fx_free(&f);
	/* one key for a share in [0, 1] and a stock in [0, inf) */
	fx_run(&f, "{\"chokepoint\": 1, \"nodes\": ["
	       "{\"id\": \"a\", \"kind\": \"material\", \"country\": \"CN\"},"
	       "{\"id\": \"b\", \"kind\": \"sector\", \"country\": \"JP\", \"inventory_days\": {\"uniform\": [1, 2], \"key\": \"k\"},"
	       " \"inputs\": [{\"item\": \"x\", \"substitutable\": {\"uniform\": [0, 1], \"key\": \"k\"}, \"suppliers\": {\"a\": 1}}]}]}",
	       NULL);
	assert_int_equal(f.st, CP_EINVAL);
	assert_true(log_has(&f.log, CP_ERROR, "substitutable: key 'k' joins numbers of different ranges"));
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(degenerate_distributions_give_the_deterministic_answer),
		cmocka_unit_test(the_mean_of_a_linear_case_is_its_expectation),
		cmocka_unit_test(change_amounts_are_drawn_on_the_graph_before_the_changes),
		cmocka_unit_test(threads_do_not_change_the_answer),
		cmocka_unit_test(quantiles_match_closed_forms),
		cmocka_unit_test(bad_distributions_are_located),
		cmocka_unit_test(graph_numbers_may_be_distributions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
