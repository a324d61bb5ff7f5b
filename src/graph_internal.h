/* What the loaders and analysis share about cp_graph beyond the public header. */
#ifndef CP_GRAPH_INTERNAL_H
#define CP_GRAPH_INTERNAL_H
#include "internal.h"

#include "log.h"

/* Countries are 2-3 upper-case letters: a code maps directly into a table
 * of 27^3 slots. */
#define CP_COUNTRY_SLOTS (27 * 27 * 27)
int cp_country_slot(const char *code);

/* g->out_degree from the edge arrays (again, if built before). */
cp_status cp_graph_build_counts(cp_graph *g);

/* Every sum of outputs (value at risk, group means, merged drawings,
 * capacity) stays finite when the outputs of all nodes sum to a finite
 * number: CP_EINVAL, naming the node that makes it overflow, otherwise.
 * where prefixes the message (the file, or the change). */
cp_status cp_graph_check_outputs(const cp_graph *g, const char *where, cp_log *log);

#endif
