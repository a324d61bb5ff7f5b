/* Hand-computed graphs, one per rule of MODEL.md 2-3.  Each expected value
 * is worked out in the comment above its assertion. */
#include <math.h>

#include "testutil.h"

#define HDR "{\"chokepoint\": 1, \"nodes\": ["
#define END "]}"
#define SCEN(body) "{\"chokepoint_scenario\": 1, " body "}"

/* P needs A and B (Leontief).  A's only supplier is Chinese and half denied:
 * line A gives 0.5.  B's supplier loses 20% to an outage: line B gives 0.8.
 * a(P) = min(0.5, 0.8) = 0.5; the sector takes all of P: d = 0.5, VaR 50. */
static void leontief_takes_the_scarcest_line(void **state)
{
	fixture f;
	fx_run(&f, HDR
	       "{\"id\": \"a@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	       "{\"id\": \"b@US\", \"kind\": \"material\", \"country\": \"US\"},"
	       "{\"id\": \"p@JP\", \"kind\": \"component\", \"country\": \"JP\", \"inputs\": ["
	       "  {\"item\": \"a\", \"suppliers\": {\"a@CN\": 1}}, {\"item\": \"b\", \"suppliers\": {\"b@US\": 1}}]},"
	       "{\"id\": \"s@JP\", \"kind\": \"sector\", \"country\": \"JP\", \"sector\": \"auto\", \"output\": 100,"
	       "  \"inputs\": [{\"item\": \"p\", \"suppliers\": {\"p@JP\": 1}}]}" END,
	       SCEN("\"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": 0.5}],"
	            "\"outages\": [{\"node\": \"b@US\", \"loss\": 0.2}]"), NULL);
	fx_ok(&f);
	assert_near(disruption(&f, "b@US"), 0.2);
	assert_near(disruption(&f, "p@JP"), 0.5);
	assert_near(disruption(&f, "s@JP"), 0.5);
	assert_int_equal(f.r->n_groups, 1);
	assert_near(f.r->groups[0].value_at_risk, 50);
	/* the path: s@JP <- p@JP (lost 0.5) <- a@CN, blocked by r */
	assert_int_equal(f.r->paths[0].n_edges, 2);
	assert_int_equal(f.r->paths[0].stop, CP_STOP_BLOCKED);
	assert_int_equal(f.r->paths[0].stop_node, node_of(&f, "a@CN"));
	fx_free(&f);
}

/* Shares 2 and 6 normalise to 0.25 and 0.75; the 0.75 is fully denied:
 * S = 0.25.  Substitutable 0.4 makes up 40% of the shortfall:
 * a = 1 - 0.6 * 0.75 = 0.55. */
static void shares_normalise_and_substitution_covers_part(void **state)
{
	fixture f;
	fx_run(&f, HDR
	       "{\"id\": \"x@US\", \"kind\": \"material\", \"country\": \"US\"},"
	       "{\"id\": \"y@CN\", \"kind\": \"material\", \"country\": \"CN\"},"
	       "{\"id\": \"m@DE\", \"kind\": \"magnet\", \"country\": \"DE\", \"inputs\": ["
	       "  {\"item\": \"ox\", \"substitutable\": 0.4, \"suppliers\": {\"x@US\": 2, \"y@CN\": 6}}]}" END,
	       SCEN("\"controls\": [{\"id\": \"embargo\", \"origin\": \"CN\"}]"), NULL);
	fx_ok(&f);
	assert_near(f.g->shat[0], 0.25);
	assert_near(f.g->shat[1], 0.75);
	assert_near(f.r->blocked[1], 1);
	assert_near(disruption(&f, "m@DE"), 0.45);
	assert_true(log_has(&f.log, CP_WARNING, "shares sum to 8"));
	fx_free(&f);
}

/* content(mag@JP) = value_share * 1 (the Chinese Dy counts in full).
 * 0.000999 < 0.001: no match; 0.001 >= 0.001: the magnet->motor edge matches
 * extraterritorially and is 30% denied. */
static const char *threshold_graph(double value_share, char *buf, size_t size)
{
	snprintf(buf, size, HDR
	         "{\"id\": \"dy@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	         "{\"id\": \"fe@JP\", \"kind\": \"material\", \"country\": \"JP\", \"elements\": [\"Fe\"]},"
	         "{\"id\": \"mag@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": ["
	         "  {\"item\": \"dy\", \"value_share\": %.17g, \"suppliers\": {\"dy@CN\": 1}},"
	         "  {\"item\": \"fe\", \"value_share\": 0.5, \"suppliers\": {\"fe@JP\": 1}}]},"
	         "{\"id\": \"motor@DE\", \"kind\": \"component\", \"country\": \"DE\", \"inputs\": ["
	         "  {\"item\": \"mag\", \"value_share\": 0.1, \"suppliers\": {\"mag@JP\": 1}}]}" END,
	         value_share);
	return buf;
}

#define EXTRA_RULE SCEN("\"controls\": [{\"id\": \"r61\", \"origin\": \"CN\", \"elements\": [\"Dy\"]," \
	"\"kinds\": [\"magnet\", \"component\"], \"denial\": 0.3, \"extraterritorial\": {\"min_content\": 0.001}}]")

static void extraterritorial_content_threshold_is_inclusive(void **state)
{
	char buf[2048];
	double below = 0.000999, at = 0.001, above = 0.001001;
	fixture f;

	fx_run(&f, threshold_graph(below, buf, sizeof buf), EXTRA_RULE, NULL);
	fx_ok(&f);
	assert_near(content_of(&f, 0, "mag@JP"), below);
	assert_near(f.r->blocked[edge_of(&f, "mag@JP", "motor@DE")], 0);
	assert_near(disruption(&f, "motor@DE"), 0);
	/* the direct edge into the magnet is out of scope: kinds exclude material */
	assert_near(f.r->blocked[edge_of(&f, "dy@CN", "mag@JP")], 0);
	fx_free(&f);

	fx_run(&f, threshold_graph(at, buf, sizeof buf), EXTRA_RULE, NULL);
	fx_ok(&f);
	assert_near(f.r->blocked[edge_of(&f, "mag@JP", "motor@DE")], 0.3);
	assert_near(disruption(&f, "motor@DE"), 0.3);
	fx_free(&f);

	fx_run(&f, threshold_graph(above, buf, sizeof buf), EXTRA_RULE, NULL);
	fx_ok(&f);
	assert_near(f.r->blocked[edge_of(&f, "mag@JP", "motor@DE")], 0.3);
	{
		int32_t e = edge_of(&f, "mag@JP", "motor@DE");
		assert_int_equal(f.r->match_off[e + 1] - f.r->match_off[e], 1);
		assert_true(f.r->match[f.r->match_off[e]] & CP_MATCH_EXTRA);
	}
	fx_free(&f);
}

/* mag@CN holds Chinese Nd (value share 0.3) but no own elements.  Plain
 * rule: m(mag@CN) = c(mag@CN) = 0.3, so c(motor@DE) = 0.0005 * 0.3 = 0.00015
 * and c(car@FR) = 0.2 * 0.00015 = 0.00003.  With listed_kinds ["magnet"] the
 * magnet counts in full: c(motor@DE) = 0.0005 (below 0.001: no match), and
 * c(car@FR) = 0.2 * 0.0005 = 0.0001. */
static void listed_kinds_count_origin_goods_in_full(void **state)
{
	fixture f;
	fx_run(&f, HDR
	       "{\"id\": \"nd@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Nd\"]},"
	       "{\"id\": \"mag@CN\", \"kind\": \"magnet\", \"country\": \"CN\", \"inputs\": ["
	       "  {\"item\": \"nd\", \"value_share\": 0.3, \"suppliers\": {\"nd@CN\": 1}}]},"
	       "{\"id\": \"motor@DE\", \"kind\": \"component\", \"country\": \"DE\", \"inputs\": ["
	       "  {\"item\": \"mag\", \"value_share\": 0.0005, \"suppliers\": {\"mag@CN\": 1}}]},"
	       "{\"id\": \"car@FR\", \"kind\": \"product\", \"country\": \"FR\", \"inputs\": ["
	       "  {\"item\": \"motor\", \"value_share\": 0.2, \"suppliers\": {\"motor@DE\": 1}}]}" END,
	       SCEN("\"controls\": ["
	            "{\"id\": \"plain\", \"origin\": \"CN\", \"elements\": [\"Nd\"], \"denial\": 0,"
	            "  \"extraterritorial\": {\"min_content\": 0.001}},"
	            "{\"id\": \"listed\", \"origin\": \"CN\", \"elements\": [\"Nd\"], \"denial\": 0,"
	            "  \"extraterritorial\": {\"min_content\": 0.001, \"listed_kinds\": [\"magnet\"]}}]"), NULL);
	fx_ok(&f);
	assert_near(content_of(&f, 0, "mag@CN"), 0.3);
	assert_near(content_of(&f, 0, "motor@DE"), 0.00015);
	assert_near(content_of(&f, 0, "car@FR"), 0.00003);
	assert_near(content_of(&f, 1, "motor@DE"), 0.0005);
	assert_near(content_of(&f, 1, "car@FR"), 0.0001);
	fx_free(&f);
}

/* Vietnamese separation on Chinese technology is reached by the technology
 * clause; the same plant without tech_origin is not.  Consumers in the
 * origin country are never reached by the extraterritorial clause. */
static void technology_clause_reaches_foreign_plants(void **state)
{
	fixture f;
	fx_run(&f, HDR
	       "{\"id\": \"t@VN\", \"kind\": \"material\", \"country\": \"VN\", \"elements\": [\"Dy\"], \"tech_origin\": \"CN\"},"
	       "{\"id\": \"o@VN\", \"kind\": \"material\", \"country\": \"VN\", \"elements\": [\"Dy\"]},"
	       "{\"id\": \"m@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": ["
	       "  {\"item\": \"dy\", \"suppliers\": {\"t@VN\": 1, \"o@VN\": 1}}]},"
	       "{\"id\": \"m@CN\", \"kind\": \"magnet\", \"country\": \"CN\", \"inputs\": ["
	       "  {\"item\": \"dy\", \"suppliers\": {\"t@VN\": 1}}]}" END,
	       SCEN("\"controls\": [{\"id\": \"tech\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": 1,"
	            "  \"extraterritorial\": {\"technology\": true}}]"), NULL);
	fx_ok(&f);
	assert_near(f.r->blocked[edge_of(&f, "t@VN", "m@JP")], 1);
	assert_near(f.r->blocked[edge_of(&f, "o@VN", "m@JP")], 0);
	assert_near(f.r->blocked[edge_of(&f, "t@VN", "m@CN")], 0);
	assert_near(disruption(&f, "m@JP"), 0.5);
	fx_free(&f);
}

/* Tags: ore -> oxide -> mag1 feed only defence: tagged.  mag2 feeds defence
 * and auto: untagged.  r1 <-> r2 is a cycle whose only way out is defence:
 * tagged.  o feeds a product with no consumers and no tag: open, untagged. */
static void end_use_tags_follow_consumers(void **state)
{
	fixture f;
	fx_run(&f, HDR
	       "{\"id\": \"ore@CN\", \"kind\": \"element\", \"country\": \"CN\"},"
	       "{\"id\": \"ox@CN\", \"kind\": \"material\", \"country\": \"CN\", \"inputs\": [{\"item\": \"ore\", \"suppliers\": {\"ore@CN\": 1}}]},"
	       "{\"id\": \"mag1@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": [{\"item\": \"ox\", \"suppliers\": {\"ox@CN\": 1}}]},"
	       "{\"id\": \"mag2@JP\", \"kind\": \"magnet\", \"country\": \"JP\"},"
	       "{\"id\": \"r1@JP\", \"kind\": \"material\", \"country\": \"JP\", \"inputs\": [{\"item\": \"r2\", \"suppliers\": {\"r2@JP\": 1}}]},"
	       "{\"id\": \"r2@JP\", \"kind\": \"material\", \"country\": \"JP\", \"inputs\": [{\"item\": \"r1\", \"suppliers\": {\"r1@JP\": 1}}]},"
	       "{\"id\": \"o@JP\", \"kind\": \"component\", \"country\": \"JP\"},"
	       "{\"id\": \"gadget@JP\", \"kind\": \"product\", \"country\": \"JP\", \"inputs\": [{\"item\": \"o\", \"suppliers\": {\"o@JP\": 1}}]},"
	       "{\"id\": \"def@US\", \"kind\": \"sector\", \"sector\": \"defence\", \"country\": \"US\", \"inputs\": ["
	       "  {\"item\": \"m\", \"suppliers\": {\"mag1@JP\": 1, \"mag2@JP\": 1}}, {\"item\": \"r\", \"suppliers\": {\"r2@JP\": 1}}]},"
	       "{\"id\": \"auto@US\", \"kind\": \"sector\", \"sector\": \"auto\", \"country\": \"US\", \"inputs\": ["
	       "  {\"item\": \"m\", \"suppliers\": {\"mag2@JP\": 1}}]}" END, NULL);
	fx_ok(&f);
	assert_string_equal(tag_of(&f, "ore@CN"), "defence");
	assert_string_equal(tag_of(&f, "ox@CN"), "defence");
	assert_string_equal(tag_of(&f, "mag1@JP"), "defence");
	assert_null(tag_of(&f, "mag2@JP"));
	assert_string_equal(tag_of(&f, "r1@JP"), "defence");
	assert_string_equal(tag_of(&f, "r2@JP"), "defence");
	assert_null(tag_of(&f, "o@JP"));
	assert_null(tag_of(&f, "gadget@JP"));
	assert_string_equal(tag_of(&f, "auto@US"), "auto");
	assert_int_equal(f.r->n_cyclic_nodes, 2);
	fx_free(&f);
}

/* One rule, three buyers of Chinese Dy: c1 feeds auto (denial 0.2), c2 feeds
 * defence (end_use 0.9), c3 feeds defence but holds a licence as a named
 * buyer (0.05).  buyers > end_use > denial. */
static void denial_precedence_is_buyer_then_end_use_then_default(void **state)
{
	fixture f;
	fx_run(&f, HDR
	       "{\"id\": \"dy@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	       "{\"id\": \"c1@US\", \"kind\": \"component\", \"country\": \"US\", \"inputs\": [{\"item\": \"dy\", \"suppliers\": {\"dy@CN\": 1}}]},"
	       "{\"id\": \"c2@US\", \"kind\": \"component\", \"country\": \"US\", \"inputs\": [{\"item\": \"dy\", \"suppliers\": {\"dy@CN\": 1}}]},"
	       "{\"id\": \"c3@US\", \"kind\": \"component\", \"country\": \"US\", \"inputs\": [{\"item\": \"dy\", \"suppliers\": {\"dy@CN\": 1}}]},"
	       "{\"id\": \"auto@US\", \"kind\": \"sector\", \"sector\": \"auto\", \"country\": \"US\", \"inputs\": [{\"item\": \"c\", \"suppliers\": {\"c1@US\": 1}}]},"
	       "{\"id\": \"def@US\", \"kind\": \"sector\", \"sector\": \"defence\", \"country\": \"US\", \"inputs\": [{\"item\": \"c\", \"suppliers\": {\"c2@US\": 1, \"c3@US\": 1}}]}" END,
	       SCEN("\"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": 0.2,"
	            " \"end_use\": {\"defence\": 0.9}, \"buyers\": {\"c3@US\": 0.05}}]"), NULL);
	fx_ok(&f);
	assert_near(f.r->blocked[edge_of(&f, "dy@CN", "c1@US")], 0.2);
	assert_near(f.r->blocked[edge_of(&f, "dy@CN", "c2@US")], 0.9);
	assert_near(f.r->blocked[edge_of(&f, "dy@CN", "c3@US")], 0.05);
	/* defence: 0.5 * 0.1 + 0.5 * 0.95 = 0.525 available */
	assert_near(disruption(&f, "def@US"), 0.475);
	fx_free(&f);
}

/* destinations [JP, DE] minus exempt [DE]: only the Japanese buyer is
 * reached; a Chinese buyer never is (direct needs a foreign consumer). */
static void destinations_and_exempt_select_consumers(void **state)
{
	fixture f;
	fx_run(&f, HDR
	       "{\"id\": \"dy@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	       "{\"id\": \"j@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": [{\"item\": \"dy\", \"suppliers\": {\"dy@CN\": 1}}]},"
	       "{\"id\": \"d@DE\", \"kind\": \"magnet\", \"country\": \"DE\", \"inputs\": [{\"item\": \"dy\", \"suppliers\": {\"dy@CN\": 1}}]},"
	       "{\"id\": \"u@US\", \"kind\": \"magnet\", \"country\": \"US\", \"inputs\": [{\"item\": \"dy\", \"suppliers\": {\"dy@CN\": 1}}]},"
	       "{\"id\": \"c@CN\", \"kind\": \"magnet\", \"country\": \"CN\", \"inputs\": [{\"item\": \"dy\", \"suppliers\": {\"dy@CN\": 1}}]}" END,
	       SCEN("\"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": 0.7,"
	            " \"destinations\": [\"JP\", \"DE\"], \"exempt\": [\"DE\"]}]"), NULL);
	fx_ok(&f);
	assert_near(disruption(&f, "j@JP"), 0.7);
	assert_near(disruption(&f, "d@DE"), 0);
	assert_near(disruption(&f, "u@US"), 0);
	assert_near(disruption(&f, "c@CN"), 0);
	fx_free(&f);
}

/* Two rules on one edge: CN's direct rule (0.3) and US's technology rule
 * (0.6) on a Chinese plant using US technology.  Blocked = 0.6, both listed,
 * the edge counts as extraterritorial.  Lifting "us" alone leaves 0.3:
 * the sector gains 0.3; lifting "cn" alone gains nothing. */
static void strictest_rule_governs_an_edge(void **state)
{
	fixture f;
	fx_run(&f, HDR
	       "{\"id\": \"p@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Sm\"], \"tech_origin\": \"US\"},"
	       "{\"id\": \"s@JP\", \"kind\": \"sector\", \"sector\": \"defence\", \"country\": \"JP\", \"output\": 10,"
	       "  \"inputs\": [{\"item\": \"sm\", \"suppliers\": {\"p@CN\": 1}}]}" END,
	       SCEN("\"controls\": ["
	            "{\"id\": \"cn\", \"origin\": \"CN\", \"elements\": [\"Sm\"], \"denial\": 0.3},"
	            "{\"id\": \"us\", \"origin\": \"US\", \"elements\": [\"Sm\"], \"denial\": 0.6,"
	            "  \"extraterritorial\": {\"technology\": true}}]"), NULL);
	fx_ok(&f);
	assert_near(f.r->blocked[0], 0.6);
	assert_int_equal(f.r->match_off[1], 2);
	assert_int_equal(f.r->match[0], 0);
	assert_int_equal(f.r->match[1], 1 | CP_MATCH_EXTRA);
	assert_near(disruption(&f, "s@JP"), 0.6);
	assert_near(f.r->attribution[0], 0);
	assert_near(f.r->attribution[1], 0.3);
	fx_free(&f);
}

/* A recycling loop.  A buys half from China (40% denied) and half back from
 * B; B buys all from A, half substitutable:
 *   a(A) = 0.5 * 0.6 + 0.5 * a(B),  a(B) = 1 - 0.5 * (1 - a(A))
 *   => a(A) = 0.55 + 0.25 a(A) = 11/15, a(B) = 13/15.
 * Content (value shares 0.4 and 0.5, least fixed point):
 *   c(A) = 0.4 * (0.5 + 0.5 c(B)), c(B) = 0.5 c(A)  =>  c(A) = 2/9, c(B) = 1/9. */
static void recycling_cycle_reaches_the_fixed_point(void **state)
{
	fixture f;
	fx_run(&f, HDR
	       "{\"id\": \"src@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	       "{\"id\": \"A@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": ["
	       "  {\"item\": \"dy\", \"value_share\": 0.4, \"suppliers\": {\"src@CN\": 0.5, \"B@JP\": 0.5}}]},"
	       "{\"id\": \"B@JP\", \"kind\": \"material\", \"country\": \"JP\", \"inputs\": ["
	       "  {\"item\": \"scrap\", \"value_share\": 0.5, \"substitutable\": 0.5, \"suppliers\": {\"A@JP\": 1}}]}" END,
	       SCEN("\"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": 0.4,"
	            " \"extraterritorial\": {\"min_content\": 0.5}}]"), NULL);
	fx_ok(&f);
	assert_true(fabs(disruption(&f, "A@JP") - 4.0 / 15) < 1e-10);
	assert_true(fabs(disruption(&f, "B@JP") - 2.0 / 15) < 1e-10);
	assert_true(fabs(content_of(&f, 0, "A@JP") - 2.0 / 9) < 1e-10);
	assert_true(fabs(content_of(&f, 0, "B@JP") - 1.0 / 9) < 1e-10);
	fx_free(&f);
}

/* A rule without elements reaches every good of the origin: an element-less
 * Chinese component is blocked in full, and counts in full as content. */
static void rule_without_elements_is_an_embargo(void **state)
{
	fixture f;
	fx_run(&f, HDR
	       "{\"id\": \"x@CN\", \"kind\": \"component\", \"country\": \"CN\"},"
	       "{\"id\": \"y@US\", \"kind\": \"product\", \"country\": \"US\", \"inputs\": ["
	       "  {\"item\": \"x\", \"value_share\": 0.25, \"suppliers\": {\"x@CN\": 1}}]},"
	       "{\"id\": \"z@CN\", \"kind\": \"sector\", \"country\": \"CN\", \"sector\": \"auto\"},"
	       "{\"id\": \"w@US\", \"kind\": \"product\", \"country\": \"US\", \"inputs\": ["
	       "  {\"item\": \"z\", \"suppliers\": {\"z@CN\": 1}}]}" END,
	       SCEN("\"controls\": [{\"id\": \"all\", \"origin\": \"CN\"}]"), NULL);
	fx_ok(&f);
	assert_near(disruption(&f, "y@US"), 1);
	assert_near(content_of(&f, 0, "y@US"), 0.25);
	/* kinds default to every kind but sector: a sector node is not in scope */
	assert_near(disruption(&f, "w@US"), 0);
	fx_free(&f);
}

/* Outages: by node 0.6 and by country+kinds 0.4 on the same node: the larger
 * governs; a node of another kind in that country keeps its output. */
static void outages_take_the_largest_loss(void **state)
{
	fixture f;
	fx_run(&f, HDR
	       "{\"id\": \"ore1@MM\", \"kind\": \"element\", \"country\": \"MM\"},"
	       "{\"id\": \"ore2@MM\", \"kind\": \"element\", \"country\": \"MM\"},"
	       "{\"id\": \"ox@MM\", \"kind\": \"material\", \"country\": \"MM\"},"
	       "{\"id\": \"sep@CN\", \"kind\": \"material\", \"country\": \"CN\", \"inputs\": ["
	       "  {\"item\": \"ore\", \"suppliers\": {\"ore1@MM\": 1, \"ore2@MM\": 1}}]}" END,
	       SCEN("\"outages\": [{\"node\": \"ore1@MM\", \"loss\": 0.6},"
	            " {\"country\": \"MM\", \"kinds\": [\"element\"], \"loss\": 0.4}]"), NULL);
	fx_ok(&f);
	assert_near(disruption(&f, "ore1@MM"), 0.6);
	assert_near(disruption(&f, "ore2@MM"), 0.4);
	assert_near(disruption(&f, "ox@MM"), 0);
	assert_near(disruption(&f, "sep@CN"), 0.5);
	fx_free(&f);
}

/* Sector summary: output-weighted when every node has an output, a plain
 * mean otherwise, with no value at risk. */
static void sector_groups_weight_by_output(void **state)
{
	fixture f;
	fx_run(&f, HDR
	       "{\"id\": \"m@CN\", \"kind\": \"magnet\", \"country\": \"CN\", \"elements\": [\"Nd\"]},"
	       "{\"id\": \"auto@EU\", \"kind\": \"sector\", \"sector\": \"auto\", \"country\": \"EU\", \"output\": 300,"
	       "  \"inputs\": [{\"item\": \"m\", \"suppliers\": {\"m@CN\": 1}}]},"
	       "{\"id\": \"auto@JP\", \"kind\": \"sector\", \"sector\": \"auto\", \"country\": \"JP\", \"output\": 100},"
	       "{\"id\": \"def@US\", \"kind\": \"sector\", \"sector\": \"defence\", \"country\": \"US\","
	       "  \"inputs\": [{\"item\": \"m\", \"suppliers\": {\"m@CN\": 1}}]},"
	       "{\"id\": \"def@JP\", \"kind\": \"sector\", \"sector\": \"defence\", \"country\": \"JP\", \"output\": 5}" END,
	       SCEN("\"controls\": [{\"id\": \"r\", \"origin\": \"CN\", \"denial\": 0.5}]"), NULL);
	fx_ok(&f);
	assert_int_equal(f.r->n_groups, 2);
	/* auto: (0.5 * 300 + 0 * 100) / 400 = 0.375, value at risk 150 */
	assert_true(f.r->groups[0].weighted);
	assert_near(f.r->groups[0].disruption, 0.375);
	assert_near(f.r->groups[0].value_at_risk, 150);
	/* defence: def@US has no output: plain mean (0.5 + 0) / 2 */
	assert_false(f.r->groups[1].weighted);
	assert_near(f.r->groups[1].disruption, 0.25);
	assert_true(isnan(f.r->groups[1].value_at_risk));
	fx_free(&f);
}

/* A cycle that passes on all but a millionth of a shortfall converges
 * geometrically with ratio 1 - 1e-6: too slow for the sweep limit.  The
 * result is then approximate and must say so, and stay within [0, 1]. */
/* A loop that keeps all but 1e-6 of its flow, fed only by a fully blocked
 * source: sweeps would creep down by 1e-6 a sweep; the exact solve gives the
 * fixed point, a = 0 (a = (1 - 1e-6) a). */
static void slowly_converging_cycle_is_solved(void **state)
{
	fixture f;
	fx_run(&f, HDR
	       "{\"id\": \"src@CN\", \"kind\": \"material\", \"country\": \"CN\"},"
	       "{\"id\": \"a@JP\", \"kind\": \"material\", \"country\": \"JP\", \"inputs\": ["
	       "  {\"item\": \"x\", \"suppliers\": {\"src@CN\": 0.000001, \"b@JP\": 1}}]},"
	       "{\"id\": \"b@JP\", \"kind\": \"material\", \"country\": \"JP\", \"inputs\": ["
	       "  {\"item\": \"y\", \"suppliers\": {\"a@JP\": 1}}]}" END,
	       SCEN("\"controls\": [{\"id\": \"all\", \"origin\": \"CN\"}]"), NULL);
	fx_ok(&f);
	assert_false(log_has(&f.log, CP_WARNING, "availability did not converge"));
	assert_near(disruption(&f, "a@JP"), 1);
	assert_near(disruption(&f, "b@JP"), 1);
	fx_free(&f);
}

/* No controls and no outages: nothing is lost anywhere. */
static void no_shock_no_disruption(void **state)
{
	fixture f;
	int32_t v;
	fx_run(&f, HDR
	       "{\"id\": \"a@CN\", \"kind\": \"material\", \"country\": \"CN\", \"inputs\": [{\"item\": \"b\", \"suppliers\": {\"b@CN\": 1}}]},"
	       "{\"id\": \"b@CN\", \"kind\": \"material\", \"country\": \"CN\", \"inputs\": [{\"item\": \"a\", \"suppliers\": {\"a@CN\": 1}}]}" END,
	       NULL);
	fx_ok(&f);
	for (v = 0; v < f.g->n_nodes; v++)
		assert_near(f.r->disruption[v], 0);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(leontief_takes_the_scarcest_line),
		cmocka_unit_test(shares_normalise_and_substitution_covers_part),
		cmocka_unit_test(extraterritorial_content_threshold_is_inclusive),
		cmocka_unit_test(listed_kinds_count_origin_goods_in_full),
		cmocka_unit_test(technology_clause_reaches_foreign_plants),
		cmocka_unit_test(end_use_tags_follow_consumers),
		cmocka_unit_test(denial_precedence_is_buyer_then_end_use_then_default),
		cmocka_unit_test(destinations_and_exempt_select_consumers),
		cmocka_unit_test(strictest_rule_governs_an_edge),
		cmocka_unit_test(recycling_cycle_reaches_the_fixed_point),
		cmocka_unit_test(rule_without_elements_is_an_embargo),
		cmocka_unit_test(outages_take_the_largest_loss),
		cmocka_unit_test(sector_groups_weight_by_output),
		cmocka_unit_test(slowly_converging_cycle_is_solved),
		cmocka_unit_test(no_shock_no_disruption),
	};
	return cmocka_run_group_tests_name("score", tests, NULL, NULL);
}
