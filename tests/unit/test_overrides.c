/* --without and --set on a loaded scenario, and the checks that warn about
 * rules and outages matching nothing; expectations worked out by hand. */
#include <math.h>

#include "testutil.h"
#include "checks.h"
#include "overrides.h"

/* dy@CN and dy@AU feed m@JP half and half; m@JP feeds the sector. */
static const char graph[] =
	"{\"chokepoint\": 1, \"nodes\": ["
	"{\"id\": \"dy@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	"{\"id\": \"dy@AU\", \"kind\": \"material\", \"country\": \"AU\", \"elements\": [\"Dy\"]},"
	"{\"id\": \"m@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"end_use\": \"auto\", \"inputs\": ["
	"  {\"item\": \"dy\", \"suppliers\": {\"dy@CN\": 0.5, \"dy@AU\": 0.5}}]},"
	"{\"id\": \"car@JP\", \"kind\": \"sector\", \"sector\": \"auto\", \"country\": \"JP\", \"output\": 10,"
	"  \"inputs\": [{\"item\": \"m\", \"suppliers\": {\"m@JP\": 1}}]}]}";

static const char scen[] =
	"{\"chokepoint_scenario\": 1, \"controls\": ["
	"  {\"id\": \"dy\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": 0.4}],"
	" \"outages\": [{\"node\": \"dy@AU\", \"loss\": 0.2}]}";

static double rescore(fixture *f)
{
	cp_result_free(f->r);
	f->r = NULL;
	assert_int_equal(cp_score(&f->r, f->g, f->s, 0, &f->log), CP_OK);
	return disruption(f, "car@JP");
}

static void set_changes_denials_and_losses(void **state)
{
	fixture f;
	(void)state;
	fx_run(&f, graph, scen, NULL);
	fx_ok(&f);
	/* 0.5 x 0.4 + 0.5 x 0.2 */
	assert_near(disruption(&f, "car@JP"), 0.3);
	assert_int_equal(cp_scenario_set(f.s, f.g, "dy.denial=1", &f.log), CP_OK);
	assert_near(rescore(&f), 0.5 + 0.1);
	assert_int_equal(cp_scenario_set(f.s, f.g, "outage 1.loss=0", &f.log), CP_OK);
	assert_near(rescore(&f), 0.5);
	/* the buyer m@JP gets a licence: denial 0 for it */
	assert_int_equal(cp_scenario_set(f.s, f.g, "dy.buyers.m@JP=0", &f.log), CP_OK);
	assert_near(rescore(&f), 0);
	/* an end-use entry outranks the default, not the buyer's own */
	assert_int_equal(cp_scenario_set(f.s, f.g, "dy.end_use.auto=0.8", &f.log), CP_OK);
	assert_near(rescore(&f), 0);
	fx_free(&f);
}

static void without_drops_rules_and_outages(void **state)
{
	fixture f;
	(void)state;
	fx_run(&f, graph, scen, NULL);
	fx_ok(&f);
	assert_int_equal(cp_scenario_without(f.s, "dy", &f.log), CP_OK);
	assert_int_equal(f.s->n_rules, 0);
	assert_near(rescore(&f), 0.1);
	assert_int_equal(cp_scenario_without(f.s, "outage 1", &f.log), CP_OK);
	assert_int_equal(f.s->n_outages, 0);
	assert_near(rescore(&f), 0);
	fx_free(&f);
}

static void unknown_names_are_errors_with_the_closest(void **state)
{
	fixture f;
	(void)state;
	fx_run(&f, graph, scen, NULL);
	fx_ok(&f);
	assert_int_equal(cp_scenario_without(f.s, "dz", &f.log), CP_EINVAL);
	assert_true(log_has(&f.log, CP_ERROR, "--without 'dz': no control or outage of that name (did you mean 'dy'?)"));
	assert_int_equal(cp_scenario_set(f.s, f.g, "dy.denail=0.5", &f.log), CP_EINVAL);
	assert_true(log_has(&f.log, CP_ERROR, "has no field 'denail' (denial, end_use.TAG or buyers.NODE) (did you mean 'denial'?)"));
	assert_int_equal(cp_scenario_set(f.s, f.g, "dy.end_use.autos=0.5", &f.log), CP_EINVAL);
	assert_true(log_has(&f.log, CP_ERROR, "no node of the graph has end_use 'autos' (did you mean 'auto'?)"));
	assert_int_equal(cp_scenario_set(f.s, f.g, "dy.denial=1.5", &f.log), CP_EINVAL);
	assert_int_equal(cp_scenario_set(f.s, f.g, "dy.denial", &f.log), CP_EINVAL);
	/* nothing was changed by the failures */
	assert_near(rescore(&f), 0.3);
	fx_free(&f);
}

static void checks_warn_about_what_matches_nothing(void **state)
{
	static const char bad[] =
		"{\"chokepoint_scenario\": 1, \"controls\": ["
		"  {\"id\": \"au-nd\", \"origin\": \"AU\", \"elements\": [\"Nd\"], \"denial\": 1},"
		"  {\"id\": \"cn\", \"origin\": \"CN\", \"denial\": 1, \"buyers\": {\"car@JP\": 0}}],"
		" \"outages\": [{\"country\": \"JP\", \"kinds\": [\"element\"], \"loss\": 1}]}";
	fixture f;
	size_t before;
	(void)state;
	fx_run(&f, graph, bad, NULL);
	fx_ok(&f);
	before = f.log.n_warnings;
	assert_int_equal(cp_scenario_check(f.g, f.s, &f.log), CP_OK);
	assert_int_equal(f.log.n_warnings - before, 3);
	assert_true(log_has(&f.log, CP_WARNING, "control 'au-nd' matches no edge of the graph"));
	assert_true(log_has(&f.log, CP_WARNING, "control 'cn': buyers: entry 'car@JP' buys nothing the control reaches"));
	assert_true(log_has(&f.log, CP_WARNING, "outage 'outage 1' selects no node"));
	fx_free(&f);
	/* the plain scenario: nothing to say */
	fx_run(&f, graph, scen, NULL);
	fx_ok(&f);
	before = f.log.n_warnings;
	assert_int_equal(cp_scenario_check(f.g, f.s, &f.log), CP_OK);
	assert_int_equal(f.log.n_warnings, before);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(set_changes_denials_and_losses),
		cmocka_unit_test(without_drops_rules_and_outages),
		cmocka_unit_test(unknown_names_are_errors_with_the_closest),
		cmocka_unit_test(checks_warn_about_what_matches_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
