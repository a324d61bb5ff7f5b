/* GSL's error handler off, once (see gsl_errors.h). */
#include <gsl/gsl_errno.h>
#include <pthread.h>

#include "gsl_errors.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void turn_off(void)
{
	gsl_set_error_handler_off();
}

void cp_gsl_errors_off(void)
{
	pthread_once(&once, turn_off);
}
