/* libFuzzer target: the graph loader on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include <chokepoint/chokepoint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cp_graph *g = NULL;
	cp_log log;
	cp_log_init(&log);
	if (cp_graph_load_buffer(&g, "fuzz.json", (const char *)data, size, NULL, &log) == CP_OK)
		cp_graph_free(g);
	cp_log_free(&log);
	return 0;
}
