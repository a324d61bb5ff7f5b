/* Diversification changes (MODEL.md 4): each op on a hand case, with the
 * resulting shares worked out in the comments, and their errors. */
#include <math.h>

#include "testutil.h"

static const char graph[] =
	"{\"chokepoint\": 1, \"nodes\": ["
	"{\"id\": \"dy@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"], \"output\": 100},"
	"{\"id\": \"dy2@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	"{\"id\": \"dy@MY\", \"kind\": \"material\", \"country\": \"MY\", \"elements\": [\"Dy\"], \"output\": 10},"
	"{\"id\": \"dy@AU\", \"kind\": \"material\", \"country\": \"AU\", \"elements\": [\"Dy\"]},"
	"{\"id\": \"m@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"output\": 200, \"inputs\": ["
	"  {\"item\": \"dy\", \"value_share\": 0.2, \"suppliers\": {\"dy@CN\": 0.4, \"dy2@CN\": 0.2, \"dy@MY\": 0.4}},"
	"  {\"item\": \"fe\", \"suppliers\": {\"dy@AU\": 1}}]},"
	"{\"id\": \"m2@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": ["
	"  {\"item\": \"dy\", \"suppliers\": {\"dy@CN\": 1}}]}]}";

typedef struct applied {
	fixture f;
	cp_graph *changed;
} applied;

static cp_status apply(applied *a, const char *scenario)
{
	cp_status st;
	fx_run(&a->f, graph, scenario, NULL);
	fx_ok(&a->f);
	a->changed = NULL;
	st = cp_graph_apply_changes(&a->changed, a->f.g, a->f.s, &a->f.log);
	return st;
}

static void applied_free(applied *a)
{
	cp_graph_free(a->changed);
	fx_free(&a->f);
}

/* The share of supplier id in line item of node at, 0 when absent. */
static double share_of(const cp_graph *g, const char *at, const char *item, const char *id)
{
	int32_t v = cp_graph_find(g, at), u = cp_graph_find(g, id), l, e;
	for (l = g->line_off[v]; l < g->line_off[v + 1]; l++) {
		if (strcmp(cp_graph_str(g, g->item[l]), item) != 0)
			continue;
		for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++)
			if (g->supplier[e] == u)
				return g->shat[e];
	}
	return 0;
}

#define CHANGES(body) "{\"chokepoint_scenario\": 1, \"changes\": [" body "]}"

/* shift half of the Chinese share (0.4 + 0.2 = 0.6) of m@JP's Dy to Malaysia:
 * dy@CN 0.4 -> 0.2, dy2@CN 0.2 -> 0.1, dy@MY 0.4 + 0.3 = 0.7. */
static void shift_moves_a_fraction_pro_rata(void **state)
{
	applied a;
	assert_int_equal(apply(&a, CHANGES("{\"op\": \"shift\", \"at\": \"m@JP\", \"item\": \"dy\","
	                                   " \"from\": \"CN\", \"to\": \"MY\", \"fraction\": 0.5}")), CP_OK);
	assert_near(share_of(a.changed, "m@JP", "dy", "dy@CN"), 0.2);
	assert_near(share_of(a.changed, "m@JP", "dy", "dy2@CN"), 0.1);
	assert_near(share_of(a.changed, "m@JP", "dy", "dy@MY"), 0.7);
	/* the original is untouched */
	assert_near(share_of(a.f.g, "m@JP", "dy", "dy@MY"), 0.4);
	applied_free(&a);
}

/* No Australian supplier yet: the moved 0.6 * 1.0 goes to to_node; fraction 1
 * empties the Chinese suppliers, which leave the line. */
static void shift_to_a_new_node_needs_to_node(void **state)
{
	applied a;
	assert_int_equal(apply(&a, CHANGES("{\"op\": \"shift\", \"at\": {\"kind\": \"magnet\", \"country\": \"JP\"},"
	                                   " \"item\": \"dy\", \"from\": \"CN\", \"to\": \"AU\", \"fraction\": 1, \"to_node\": \"dy@AU\"}")),
	                 CP_OK);
	assert_near(share_of(a.changed, "m@JP", "dy", "dy@AU"), 0.6);
	assert_near(share_of(a.changed, "m@JP", "dy", "dy@MY"), 0.4);
	assert_near(share_of(a.changed, "m@JP", "dy", "dy@CN"), 0);
	assert_near(share_of(a.changed, "m2@JP", "dy", "dy@AU"), 1);
	/* m@JP: two Chinese edges out, one Australian in; m2@JP: one for one */
	assert_int_equal(a.changed->n_edges, a.f.g->n_edges - 1);
	applied_free(&a);

	assert_int_equal(apply(&a, CHANGES("{\"op\": \"shift\", \"at\": \"m@JP\", \"item\": \"dy\","
	                                   " \"from\": \"CN\", \"to\": \"AU\", \"fraction\": 0.5}")), CP_EINVAL);
	assert_true(log_has(&a.f.log, CP_ERROR, "changes[0]: node 'm@JP' line 'dy' has no 'AU' supplier, and no to_node"));
	applied_free(&a);
}

/* add dy@AU with share 0.25: the others scale by 0.75 (0.3, 0.15, 0.3). */
static void add_supplier_scales_the_others(void **state)
{
	applied a;
	assert_int_equal(apply(&a, CHANGES("{\"op\": \"add_supplier\", \"at\": \"m@JP\", \"item\": \"dy\","
	                                   " \"supplier\": \"dy@AU\", \"share\": 0.25}")), CP_OK);
	assert_near(share_of(a.changed, "m@JP", "dy", "dy@AU"), 0.25);
	assert_near(share_of(a.changed, "m@JP", "dy", "dy@CN"), 0.3);
	assert_near(share_of(a.changed, "m@JP", "dy", "dy2@CN"), 0.15);
	assert_near(share_of(a.changed, "m@JP", "dy", "dy@MY"), 0.3);
	applied_free(&a);
}

/* remove dy2@CN (0.2): the rest renormalise to 0.5 and 0.5; removing the
 * last supplier of a line is an error. */
static void remove_supplier_renormalises(void **state)
{
	applied a;
	assert_int_equal(apply(&a, CHANGES("{\"op\": \"remove_supplier\", \"at\": \"m@JP\", \"item\": \"dy\","
	                                   " \"supplier\": \"dy2@CN\"}")), CP_OK);
	assert_near(share_of(a.changed, "m@JP", "dy", "dy@CN"), 0.5);
	assert_near(share_of(a.changed, "m@JP", "dy", "dy@MY"), 0.5);
	assert_near(share_of(a.changed, "m@JP", "dy", "dy2@CN"), 0);
	applied_free(&a);
	assert_int_equal(apply(&a, CHANGES("{\"op\": \"remove_supplier\", \"at\": \"m2@JP\", \"item\": \"dy\","
	                                   " \"supplier\": \"dy@CN\"}")), CP_EINVAL);
	assert_true(log_has(&a.f.log, CP_ERROR, "'dy@CN' is the last supplier of line 'dy' of 'm2@JP'"));
	applied_free(&a);
}

static void add_node_then_use_it(void **state)
{
	applied a;
	assert_int_equal(apply(&a, CHANGES(
		"{\"op\": \"add_node\", \"node\": {\"id\": \"sep@AU\", \"kind\": \"material\", \"country\": \"AU\","
		"  \"elements\": [\"Dy\"], \"inputs\": [{\"item\": \"ore\", \"suppliers\": {\"dy@AU\": 1}}]}},"
		"{\"op\": \"add_supplier\", \"at\": \"m2@JP\", \"item\": \"dy\", \"supplier\": \"sep@AU\", \"share\": 0.5}")),
	                 CP_OK);
	assert_int_equal(a.changed->n_nodes, a.f.g->n_nodes + 1);
	assert_near(share_of(a.changed, "m2@JP", "dy", "sep@AU"), 0.5);
	assert_near(share_of(a.changed, "sep@AU", "ore", "dy@AU"), 1);
	assert_int_equal(a.changed->out_degree[cp_graph_find(a.changed, "sep@AU")], 1);
	applied_free(&a);
	assert_int_equal(apply(&a, CHANGES(
		"{\"op\": \"add_node\", \"node\": {\"id\": \"m@JP\", \"kind\": \"material\", \"country\": \"AU\"}}")), CP_EINVAL);
	assert_true(log_has(&a.f.log, CP_ERROR, "changes[0]: nodes[6] (m@JP).id: duplicate id 'm@JP'"));
	applied_free(&a);
}

static void set_changes_fields(void **state)
{
	applied a;
	int32_t v;
	assert_int_equal(apply(&a, CHANGES(
		"{\"op\": \"set\", \"at\": \"m@JP\", \"field\": \"substitutable\", \"item\": \"fe\", \"value\": 0.4},"
		"{\"op\": \"set\", \"at\": {\"kind\": \"magnet\"}, \"field\": \"end_use\", \"value\": \"defence\"},"
		"{\"op\": \"set\", \"at\": \"dy@AU\", \"field\": \"output\", \"value\": 7}")), CP_OK);
	v = cp_graph_find(a.changed, "m@JP");
	assert_near(a.changed->substitutable[a.changed->line_off[v] + 1], 0.4);
	assert_string_equal(cp_graph_str(a.changed, a.changed->end_use[v]), "defence");
	assert_string_equal(cp_graph_str(a.changed, a.changed->end_use[cp_graph_find(a.changed, "m2@JP")]), "defence");
	assert_near(a.changed->output[cp_graph_find(a.changed, "dy@AU")], 7);
	applied_free(&a);
}

static void changes_that_touch_nothing_are_errors(void **state)
{
	applied a;
	assert_int_equal(apply(&a, CHANGES("{\"op\": \"shift\", \"at\": {\"country\": \"DE\"}, \"item\": \"dy\","
	                                   " \"from\": \"CN\", \"to\": \"MY\", \"fraction\": 0.5}")), CP_EINVAL);
	assert_true(log_has(&a.f.log, CP_ERROR, "s.json: changes[0]: touches no line"));
	applied_free(&a);
	assert_int_equal(apply(&a, CHANGES("{\"op\": \"add_supplier\", \"at\": \"nope\", \"item\": \"dy\","
	                                   " \"supplier\": \"dy@AU\", \"share\": 0.5}")), CP_EINVAL);
	assert_true(log_has(&a.f.log, CP_ERROR, "changes[0]: at: unknown node 'nope'"));
	applied_free(&a);
}

static void change_shapes_are_checked_at_load(void **state)
{
	fixture f;
	fx_run(&f, graph, CHANGES("{\"op\": \"shift\", \"at\": \"m@JP\", \"item\": \"dy\", \"from\": \"CN\", \"to\": \"CN\","
	                          " \"fraction\": 1.5, \"supplier\": \"x\"}, {\"op\": \"grow\"}, {\"op\": \"set\", \"at\": \"m@JP\","
	                          " \"field\": \"kind\", \"value\": 1}"), NULL);
	assert_int_equal(f.st, CP_EINVAL);
	assert_true(log_has(&f.log, CP_ERROR, "changes[0].fraction: must be in [0, 1]"));
	assert_true(log_has(&f.log, CP_ERROR, "changes[0].supplier: 'supplier' is not a field of a shift change"));
	assert_true(log_has(&f.log, CP_ERROR, "changes[0]: 'from' and 'to' are the same country"));
	assert_true(log_has(&f.log, CP_ERROR, "changes[1].op: unknown op 'grow'"));
	assert_true(log_has(&f.log, CP_ERROR, "changes[2].field: cannot set 'kind'"));
	fx_free(&f);
}

static void change_sources_and_to_node_country_are_checked(void **state)
{
	fixture f;
	applied a;
	fx_run(&f, graph, "{\"chokepoint_scenario\": 1, \"sources\": {\"lynas\": \"Lynas FY2025\"}, \"changes\": ["
	       "{\"op\": \"add_node\", \"source\": \"lynas\", \"node\": {\"id\": \"n@MY\", \"kind\": \"material\", \"country\": \"MY\","
	       "  \"source\": \"lynsa\", \"inputs\": [{\"item\": \"ore\", \"source\": \"usgs\", \"suppliers\": {\"dy@AU\": 1}}]}},"
	       "{\"op\": \"set\", \"at\": \"m@JP\", \"field\": \"output\", \"value\": 1, \"source\": \"nope\"}]}", NULL);
	assert_int_equal(f.st, CP_EINVAL);
	assert_true(log_has(&f.log, CP_ERROR, "changes[0].node.source: unknown source 'lynsa'"));
	assert_true(log_has(&f.log, CP_ERROR, "changes[0].node.inputs[0].source: unknown source 'usgs'"));
	assert_true(log_has(&f.log, CP_ERROR, "changes[1].source: unknown source 'nope'"));
	assert_false(log_has(&f.log, CP_ERROR, "changes[0].source"));
	fx_free(&f);

	assert_int_equal(apply(&a, CHANGES("{\"op\": \"shift\", \"at\": \"m2@JP\", \"item\": \"dy\","
	                                   " \"from\": \"CN\", \"to\": \"MY\", \"fraction\": 0.5, \"to_node\": \"dy@AU\"}")), CP_EINVAL);
	assert_true(log_has(&a.f.log, CP_ERROR, "to_node 'dy@AU' is in 'AU', not in 'MY'"));
	applied_free(&a);
}

/* m@JP (output 200) buys dy with value share 0.2: 200 * 0.2 * 0.4 = 16 from
 * dy@MY, whose output is 10: 1.6x.  dy@CN: 200 * 0.2 * 0.4 = 16 < 100. */
static void capacity_is_checked_after_changes(void **state)
{
	applied a;
	assert_int_equal(apply(&a, CHANGES("{\"op\": \"set\", \"at\": \"dy@AU\", \"field\": \"inventory_days\", \"value\": 3}")),
	                 CP_OK);
	assert_true(log_has(&a.f.log, CP_WARNING, "capacity: consumers of 'dy@MY' buy 16 a year against its output of 10 (1.60x)"));
	assert_false(log_has(&a.f.log, CP_WARNING, "consumers of 'dy@CN'"));
	applied_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shift_moves_a_fraction_pro_rata),
		cmocka_unit_test(shift_to_a_new_node_needs_to_node),
		cmocka_unit_test(add_supplier_scales_the_others),
		cmocka_unit_test(remove_supplier_renormalises),
		cmocka_unit_test(add_node_then_use_it),
		cmocka_unit_test(set_changes_fields),
		cmocka_unit_test(changes_that_touch_nothing_are_errors),
		cmocka_unit_test(change_shapes_are_checked_at_load),
		cmocka_unit_test(change_sources_and_to_node_country_are_checked),
		cmocka_unit_test(capacity_is_checked_after_changes),
	};
	return cmocka_run_group_tests_name("changes", tests, NULL, NULL);
}
