/* What the loaders and analysis share about cp_graph beyond the public header. */
#ifndef CP_GRAPH_INTERNAL_H
#define CP_GRAPH_INTERNAL_H
#include "internal.h"

#include "log.h"

/* Countries are 2-3 upper-case letters: a code maps directly into a table
 * of 27^3 slots. */
#define CP_COUNTRY_SLOTS (27 * 27 * 27)
int cp_country_slot(const char *code);

/* MODEL.md 6: the n shares of a line, stride doubles apart, divided in
 * place by the largest and then by their sum (so the sum is at most n and
 * never overflows: 1e308, 1e308 -> 0.5, 0.5).  Returns what they summed
 * to (the largest times the sum) for the loader's warning.  n >= 1. */
double cp_normalise_shares(double *share, size_t n, size_t stride);

/* g->out_degree from the edge arrays (again, if built before). */
cp_status cp_graph_build_counts(cp_graph *g);

/* Every sum of outputs (value at risk, group means, merged drawings,
 * capacity) stays finite when the outputs of all nodes sum to a finite
 * number: CP_EINVAL, naming the node that makes it overflow, otherwise.
 * where prefixes the message (the file, or the change). */
cp_status cp_graph_check_outputs(const cp_graph *g, const char *where, cp_log *log);

#endif
