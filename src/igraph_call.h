/* The library's igraph calls, serialised and with igraph's handlers lent.
 *
 * Debian's igraph 0.10 is built without thread-local state
 * (IGRAPH_THREAD_SAFE is 0 in igraph_threading.h): its error and warning
 * handlers, and its error-cleanup stack, are process-wide.  So every igraph
 * call of the library goes between cp_igraph_enter and cp_igraph_leave,
 * which hold one library-wide mutex, install handlers that return instead
 * of aborting, and put the caller's handlers back afterwards. */
#ifndef CP_IGRAPH_CALL_H
#define CP_IGRAPH_CALL_H
#include <igraph/igraph.h>

#include "internal.h"

typedef struct cp_igraph_guard {
	igraph_error_handler_t *error;
	igraph_warning_handler_t *warning;
} cp_igraph_guard;

void cp_igraph_enter(cp_igraph_guard *gd);
void cp_igraph_leave(cp_igraph_guard *gd);

/* The one mapping from an igraph error: IGRAPH_ENOMEM is CP_ENOMEM, any
 * other failure CP_EINTERNAL with "igraph: WHAT failed: REASON" in log. */
cp_status cp_igraph_status(igraph_error_t err, const char *what, cp_log *log);

#endif
