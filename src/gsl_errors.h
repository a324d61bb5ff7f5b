/* GSL reports an error by calling a process-wide handler that aborts by
 * default.  The library checks every status GSL returns, so it turns the
 * handler off, once, before its first GSL call that may fail. */
#ifndef CP_GSL_ERRORS_H
#define CP_GSL_ERRORS_H

void cp_gsl_errors_off(void);

#endif
