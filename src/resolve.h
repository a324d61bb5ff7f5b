/* Supplier ids resolved to nodes on two threads. */
#ifndef CP_RESOLVE_H
#define CP_RESOLVE_H
#include <stddef.h>

#include "graph_internal.h"

/* Below this many edges one thread resolves them all. */
#define CP_RESOLVE_THREAD_EDGES 200000

/* Each edge's supplier, an interned id until now, becomes the node of that
 * id, the lines split between two threads.  Returns 1 when done; 0, with
 * the graph untouched, when some supplier needs a message (unknown, the
 * consumer itself, listed twice in its line) or memory or a thread is
 * short: the caller then resolves them one by one, saying what is wrong
 * in file order.  capacity: the length the edge arrays are allocated for
 * (the new supplier array gets as much, so they keep growing together). */
int cp_resolve_suppliers_threaded(cp_graph *g, size_t capacity);

#endif
