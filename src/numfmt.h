/* Numbers for people: thousands separators in tables (never in CSV or JSON). */
#ifndef CP_NUMFMT_H
#define CP_NUMFMT_H
#include <stddef.h>

/* x with a comma every three digits and at most `decimals` decimals,
 * trailing zeros dropped ("829,598", "1,234.5", "0.25"); "-" for NaN.
 * Writes into buf and returns it. */
const char *cp_format_thousands(double x, int decimals, char *buf, size_t size);
/* A value at risk as the tables print it: whole units from 100 up, else up
 * to 4 decimals; with separators. */
const char *cp_format_value(double x, char *buf, size_t size);

#endif
