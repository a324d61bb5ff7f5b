/* Diversification changes: reading them from a scenario (MODEL.md 4). */
#ifndef CP_CHANGES_H
#define CP_CHANGES_H
#include <cjson/cJSON.h>
#include "internal.h"

#include "jsonutil.h"

/* Append the changes of a scenario's "changes" array to s; errors go
 * through cx.  Every `source` (of a change, and of a node it adds and that
 * node's lines) must be a key of the scenario's sources table (NULL: none).
 * -1 when memory ran out. */
int cp_changes_parse(cp_scenario *s, cp_jctx *cx, const cJSON *arr, const char *file, const cJSON *sources,
                     const cp_limits *lim);
void cp_change_free(cp_change *c);

/* Add one node, given as the JSON text of a graph-file node, to g (whose
 * index is rebuilt by the caller), with the graph file's rules and the caps
 * of lim; its suppliers must already be in g.  Messages start with where. */
cp_status cp_graph_append_node(cp_graph *g, const char *text, const char *where, const cp_limits *lim,
                               cp_log *log);

#endif
