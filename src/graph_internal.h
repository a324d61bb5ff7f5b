/* What the loaders and analysis share about cp_graph beyond the public header. */
#ifndef CP_GRAPH_INTERNAL_H
#define CP_GRAPH_INTERNAL_H
#include "internal.h"

#include "log.h"

/* Countries are 2-3 upper-case letters: a code maps directly into a table
 * of 27^3 slots. */
#define CP_COUNTRY_SLOTS (27 * 27 * 27)
int cp_country_slot(const char *code);

/* Build g->igraph and g->out_degree from the edge arrays. */
cp_status cp_graph_build_index(cp_graph *g, cp_log *log);
/* The two halves: g->out_degree (again, if built before), and g->igraph
 * unless it is built.  Only the dominators (cp_chokepoints_compute) read
 * g->igraph; it costs 32 bytes per edge. */
cp_status cp_graph_build_counts(cp_graph *g);
cp_status cp_graph_build_igraph(cp_graph *g, cp_log *log);

/* cp_graph_load without g->igraph: a caller that computes chokepoints on
 * the graph builds it first with cp_graph_build_igraph. */
cp_status cp_graph_load_lean(cp_graph **out, const char *path, const cp_limits *lim, cp_log *log);

/* Every sum of outputs (value at risk, group means, merged drawings,
 * capacity) stays finite when the outputs of all nodes sum to a finite
 * number: CP_EINVAL, naming the node that makes it overflow, otherwise.
 * where prefixes the message (the file, or the change). */
cp_status cp_graph_check_outputs(const cp_graph *g, const char *where, cp_log *log);

#endif
