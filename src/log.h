/* Appending located messages to a cp_log. */
#ifndef CP_LOG_H
#define CP_LOG_H
#include <chokepoint/chokepoint.h>

#if defined(__GNUC__)
#define CP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CP_PRINTF(a, b)
#endif

/* Append a message.  Never fails: a message lost to memory sets log->oom. */
void cp_log_add(cp_log *log, cp_severity sev, const char *fmt, ...) CP_PRINTF(3, 4);
#define cp_error(log, ...) cp_log_add((log), CP_ERROR, __VA_ARGS__)
#define cp_warn(log, ...) cp_log_add((log), CP_WARNING, __VA_ARGS__)

#endif
