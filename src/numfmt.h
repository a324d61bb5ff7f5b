/* Numbers for people, in tables: thousands separators (never in CSV or
 * JSON), and one way to write a missing value in each output format: JSON
 * writes a missing value (NaN) as null (cp_json_number), CSV as an empty
 * field (cp_csv_number), and tables as "-" (cp_table_number and the writers
 * here).  Never "nan". */
#ifndef CP_NUMFMT_H
#define CP_NUMFMT_H
#include <stddef.h>

/* The shortest of 15-17 significant digits that reads back as the same
 * double, as printf's %.*g writes it: exact, so two programs can compare to
 * 1e-9, and still readable.  x finite; buf of at least 32 bytes; the
 * caller is in the C locale (cp_clocale_enter).  Returns buf. */
const char *cp_format_exact(double x, char *buf, size_t size);

/* x with a comma every three digits and at most `decimals` decimals,
 * trailing zeros dropped ("829,598", "1,234.5", "0.25"); "-" for NaN and
 * infinities (missing, as cp_table_number); in the C locale whatever the
 * program's.
 * Writes into buf and returns it. */
const char *cp_format_thousands(double x, int decimals, char *buf, size_t size);
/* A value at risk as the tables print it: whole units from 100 up, else up
 * to 4 decimals; with separators. */
const char *cp_format_value(double x, char *buf, size_t size);
/* x formatted with the printf format fmt (one double conversion), or "-"
 * when x is not finite, into buf; returns buf, to print in a fixed-width column. */
const char *cp_table_number(char *buf, size_t size, const char *fmt, double x);

#endif
