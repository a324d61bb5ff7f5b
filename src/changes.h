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

/* cp_graph_apply_changes with the n changes given instead of a scenario's
 * (the scenario's own, or a copy with other amounts, as draws take them),
 * nodes that add_node adds read under lim. */
cp_status cp_graph_apply_change_list(cp_graph **out, const cp_graph *g, const cp_change *changes, int32_t n,
                                     const cp_limits *lim, cp_log *log);
/* NULL when a and b have the same nodes (ids, kinds, countries, end-use
 * tags), lines and suppliers, in the same order, so a scenario resolved
 * against one is resolved against the other and only shares and numbers
 * may differ; else what differs first, as words for a message. */
const char *cp_graph_shape_differs(const cp_graph *a, const cp_graph *b);

/* Add one node, given as the JSON text of a graph-file node, to g (whose
 * index is rebuilt by the caller), with the graph file's rules and the caps
 * of lim; its suppliers must already be in g.  Messages start with where. */
cp_status cp_graph_append_node(cp_graph *g, const char *text, const char *where, const cp_limits *lim,
                               cp_log *log);

#endif
