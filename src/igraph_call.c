#include "igraph_call.h"

#include <pthread.h>

#include "log.h"

static pthread_mutex_t igraph_mutex = PTHREAD_MUTEX_INITIALIZER;

static void warning_quiet(const char *reason, const char *file, int line)
{
	(void)reason; (void)file; (void)line;
}

void cp_igraph_enter(cp_igraph_guard *gd)
{
	pthread_mutex_lock(&igraph_mutex);
	/* igraph's default handler aborts the process; the library must return. */
	gd->error = igraph_set_error_handler(igraph_error_handler_ignore);
	gd->warning = igraph_set_warning_handler(warning_quiet);
}

void cp_igraph_leave(cp_igraph_guard *gd)
{
	igraph_set_error_handler(gd->error);
	igraph_set_warning_handler(gd->warning);
	pthread_mutex_unlock(&igraph_mutex);
}

cp_status cp_igraph_status(igraph_error_t err, const char *what, cp_log *log)
{
	if (err == IGRAPH_SUCCESS)
		return CP_OK;
	if (err == IGRAPH_ENOMEM)
		return CP_ENOMEM;
	cp_error_code(log, CP_DIAG_INTERNAL, "igraph: %s failed: %s", what, igraph_strerror(err));
	return CP_EINTERNAL;
}
