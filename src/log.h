/* Appending located messages to a cp_log. */
#ifndef CP_LOG_H
#define CP_LOG_H
#include "internal.h"

#if defined(__GNUC__)
#define CP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CP_PRINTF(a, b)
#endif

/* Append a message.  Never fails: a message lost to memory sets log->oom. */
void cp_log_add(cp_log *log, cp_severity sev, cp_diag_code code, const char *fmt, ...) CP_PRINTF(4, 5);
/* 1 when a message of this severity would still be kept, so a caller can
 * skip formatting one that would only be counted. */
static inline int cp_log_has_room(const cp_log *log, cp_severity sev)
{
	return sev == CP_ERROR ? log->n_errors < log->max_errors : log->n_warnings < log->max_warnings;
}

/* Move every message of from to the end of to, as if each were added there
 * (to's caps apply); from is left empty. */
void cp_log_take(cp_log *to, cp_log *from);

/* An error breaking a rule of the format, a warning of no particular class,
 * or either with its code. */
#define cp_error(log, ...) cp_log_add((log), CP_ERROR, CP_DIAG_INVALID, __VA_ARGS__)
#define cp_warn(log, ...) cp_log_add((log), CP_WARNING, CP_DIAG_NOTE, __VA_ARGS__)
#define cp_error_code(log, code, ...) cp_log_add((log), CP_ERROR, (code), __VA_ARGS__)
#define cp_warn_code(log, code, ...) cp_log_add((log), CP_WARNING, (code), __VA_ARGS__)

#endif
