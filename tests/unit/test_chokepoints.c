/* Knockouts, dominators and concentration on graphs small enough to work
 * out by hand. */
#include <math.h>

#include "testutil.h"

static cp_chokepoints *compute(fixture *f, int32_t limit)
{
	cp_chokepoints *c = NULL;
	assert_int_equal(cp_chokepoints_compute(&c, f->r, limit, &f->log), CP_OK);
	return c;
}

static double impact(const fixture *f, const cp_chokepoints *c, const char *node, int32_t sector_index)
{
	int32_t v = node_of(f, node), k;
	for (k = 0; k < c->n_candidates; k++)
		if (c->candidates[k] == v)
			return cp_chokepoints_added(c, k, sector_index);
	fail_msg("'%s' is not a candidate", node);
	return NAN;
}

/* A chain a -> b -> s dominates fully; in a diamond a -> {b, c} -> d -> s
 * only d (and nothing above the split) is on every path. */
static void dominators_on_a_chain_and_a_diamond(void **state)
{
	fixture f;
	cp_chokepoints *c;
	fx_run(&f, "{\"chokepoint\": 1, \"nodes\": ["
	       "{\"id\": \"a\", \"kind\": \"element\", \"country\": \"CN\"},"
	       "{\"id\": \"b\", \"kind\": \"material\", \"country\": \"CN\", \"inputs\": [{\"item\": \"a\", \"suppliers\": {\"a\": 1}}]},"
	       "{\"id\": \"s\", \"kind\": \"sector\", \"country\": \"CN\", \"inputs\": [{\"item\": \"b\", \"suppliers\": {\"b\": 1}}]},"
	       "{\"id\": \"x\", \"kind\": \"element\", \"country\": \"AU\"},"
	       "{\"id\": \"y\", \"kind\": \"material\", \"country\": \"AU\", \"inputs\": [{\"item\": \"x\", \"suppliers\": {\"x\": 1}}]},"
	       "{\"id\": \"z\", \"kind\": \"material\", \"country\": \"JP\", \"inputs\": [{\"item\": \"x\", \"suppliers\": {\"x\": 1}}]},"
	       "{\"id\": \"d\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": [{\"item\": \"m\", \"suppliers\": {\"y\": 1, \"z\": 1}}]},"
	       "{\"id\": \"t\", \"kind\": \"sector\", \"country\": \"JP\", \"inputs\": [{\"item\": \"d\", \"suppliers\": {\"d\": 1}}]}]}",
	       NULL);
	fx_ok(&f);
	c = compute(&f, 100);
	assert_int_equal(c->idom[node_of(&f, "s")], node_of(&f, "b"));
	assert_int_equal(c->idom[node_of(&f, "b")], node_of(&f, "a"));
	assert_int_equal(c->idom[node_of(&f, "a")], -1);
	assert_int_equal(c->idom[node_of(&f, "t")], node_of(&f, "d"));
	/* y and z are alternatives: d's dominator is x, the single source above */
	assert_int_equal(c->idom[node_of(&f, "d")], node_of(&f, "x"));
	assert_int_equal(c->idom[node_of(&f, "x")], -1);
	cp_chokepoints_free(c);
	fx_free(&f);
}

/* s needs p (Leontief) from suppliers u (0.6) and w (0.4); u itself buys
 * from r.  Knocking out u or r loses 0.6, w loses 0.4, p loses 1:
 * order p, then r and u (tied, node order), then w. */
static void knockouts_rank_by_added_disruption(void **state)
{
	fixture f;
	cp_chokepoints *c;
	fx_run(&f, "{\"chokepoint\": 1, \"nodes\": ["
	       "{\"id\": \"r\", \"kind\": \"element\", \"country\": \"CN\"},"
	       "{\"id\": \"u\", \"kind\": \"material\", \"country\": \"CN\", \"inputs\": [{\"item\": \"r\", \"suppliers\": {\"r\": 1}}]},"
	       "{\"id\": \"w\", \"kind\": \"material\", \"country\": \"AU\"},"
	       "{\"id\": \"p\", \"kind\": \"component\", \"country\": \"JP\", \"inputs\": [{\"item\": \"m\", \"suppliers\": {\"u\": 0.6, \"w\": 0.4}}]},"
	       "{\"id\": \"s\", \"kind\": \"sector\", \"country\": \"JP\", \"inputs\": [{\"item\": \"p\", \"suppliers\": {\"p\": 1}}]}]}",
	       "{\"chokepoint_scenario\": 1, \"outages\": [{\"node\": \"w\", \"loss\": 0.5}]}", NULL);
	fx_ok(&f);
	/* baseline: a(p) = 0.6 + 0.4 * 0.5 = 0.8 */
	assert_near(disruption(&f, "s"), 0.2);
	c = compute(&f, 100);
	assert_true(c->exact);
	assert_near(impact(&f, c, "p", 0), 0.8);
	assert_near(impact(&f, c, "u", 0), 0.6);
	assert_near(impact(&f, c, "r", 0), 0.6);
	/* w already half lost: losing the rest adds 0.2 */
	assert_near(impact(&f, c, "w", 0), 0.2);
	cp_chokepoints_free(c);

	/* with a limit below the node count only candidates are knocked out:
	 * the dominators of s first (p), then by number of consumers */
	c = compute(&f, 2);
	assert_false(c->exact);
	assert_int_equal(c->n_candidates, 2);
	assert_int_equal(c->candidates[0], node_of(&f, "p"));
	cp_chokepoints_free(c);
	fx_free(&f);
}

/* Item "ox" bought from CN (output 30), CN2 (output 10) and AU (output 20):
 * shares by output 0.5, ... by country CN 40/60, AU 20/60:
 * HHI = (2/3)^2 + (1/3)^2 = 5/9.  Item "m" has a supplier without output:
 * weighted by shares 0.25 (CN) and 0.75 (JP): HHI 0.625, top JP. */
static void concentration_is_hhi_by_country(void **state)
{
	fixture f;
	cp_chokepoints *c;
	int32_t k, ox = -1, m = -1;
	fx_run(&f, "{\"chokepoint\": 1, \"nodes\": ["
	       "{\"id\": \"c1\", \"kind\": \"material\", \"country\": \"CN\", \"output\": 30},"
	       "{\"id\": \"c2\", \"kind\": \"material\", \"country\": \"CN\", \"output\": 10},"
	       "{\"id\": \"a1\", \"kind\": \"material\", \"country\": \"AU\", \"output\": 20},"
	       "{\"id\": \"m1\", \"kind\": \"magnet\", \"country\": \"CN\", \"output\": 5, \"inputs\": [{\"item\": \"ox\", \"suppliers\": {\"c1\": 1, \"a1\": 1}}]},"
	       "{\"id\": \"m2\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": [{\"item\": \"ox\", \"suppliers\": {\"c2\": 1, \"c1\": 1}}]},"
	       "{\"id\": \"s\", \"kind\": \"sector\", \"country\": \"JP\", \"inputs\": [{\"item\": \"m\", \"suppliers\": {\"m1\": 1, \"m2\": 3}}]}]}",
	       NULL);
	fx_ok(&f);
	c = compute(&f, 100);
	for (k = 0; k < c->n_items; k++) {
		if (strcmp(cp_graph_str(f.g, c->item[k]), "ox") == 0) ox = k;
		if (strcmp(cp_graph_str(f.g, c->item[k]), "m") == 0) m = k;
	}
	assert_true(ox >= 0 && m >= 0);
	assert_true(c->item_by_output[ox]);
	assert_near(c->hhi[ox], 5.0 / 9);
	assert_string_equal(cp_graph_str(f.g, f.g->country_code[c->top_country[ox]]), "CN");
	assert_near(c->top_share[ox], 2.0 / 3);
	assert_false(c->item_by_output[m]);
	assert_near(c->hhi[m], 0.625);
	assert_string_equal(cp_graph_str(f.g, f.g->country_code[c->top_country[m]]), "JP");
	cp_chokepoints_free(c);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dominators_on_a_chain_and_a_diamond),
		cmocka_unit_test(knockouts_rank_by_added_disruption),
		cmocka_unit_test(concentration_is_hhi_by_country),
	};
	return cmocka_run_group_tests_name("chokepoints", tests, NULL, NULL);
}
