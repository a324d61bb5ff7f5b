/* Numbers in text the same whatever the caller's locale.
 *
 * The library never calls setlocale.  A program that links it may set
 * LC_NUMERIC to a locale with a decimal comma; the library's output (JSON,
 * CSV, tables, diagrams, messages) must still read "0.5".  Each public
 * function that formats numbers switches the calling thread to the C locale
 * with uselocale (POSIX 2008, per thread) and back.  Parsing goes through
 * cJSON, which reads the locale's decimal point itself. */
#ifndef CP_CLOCALE_H
#define CP_CLOCALE_H
#include <locale.h>

/* Switch this thread to the C locale; returns what to give back to
 * cp_clocale_leave.  If the C locale object cannot be made (no memory),
 * nothing changes. */
locale_t cp_clocale_enter(void);
void cp_clocale_leave(locale_t old);

#endif
