/* libFuzzer target: the scenario loader on arbitrary bytes, against a fixed
 * small graph whose ids, tags and countries the seeds name. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <chokepoint/chokepoint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char graph_text[] =
	"{\"chokepoint\": 1, \"nodes\": ["
	"{\"id\": \"dy@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	"{\"id\": \"m@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"tech_origin\": \"CN\", \"inputs\": ["
	"  {\"item\": \"dy\", \"value_share\": 0.1, \"suppliers\": {\"dy@CN\": 1}}]},"
	"{\"id\": \"def@US\", \"kind\": \"sector\", \"sector\": \"defence\", \"country\": \"US\", \"output\": 1,"
	"  \"inputs\": [{\"item\": \"m\", \"suppliers\": {\"m@JP\": 1}}]}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static cp_graph *g;
	cp_scenario *s;
	cp_result *r;
	cp_log log;
	cp_log_init(&log);
	if (!g && cp_graph_load_buffer(&g, "g.json", graph_text, strlen(graph_text), NULL, &log) != CP_OK)
		__builtin_trap();
	if ((s = cp_scenario_new()) != NULL) {
		if (cp_scenario_load_buffer(s, g, "fuzz.json", (const char *)data, size, NULL, &log) == CP_OK &&
		    cp_score(&r, g, s, CP_SCORE_EXPLAIN, &log) == CP_OK)
			cp_result_free(r);
		cp_scenario_free(s);
	}
	cp_log_free(&log);
	return 0;
}
