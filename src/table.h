/* One way to write a value in each output format: JSON writes a missing
 * value (NaN) as null (cp_json_number), CSV as an empty field
 * (cp_csv_number), and tables as "-" (cp_table_number).  Never "nan". */
#ifndef CP_TABLE_H
#define CP_TABLE_H
#include <stddef.h>

/* x formatted with the printf format fmt (one double conversion), or "-"
 * when x is not finite, into buf; returns buf, to print in a fixed-width column. */
const char *cp_table_number(char *buf, size_t size, const char *fmt, double x);

#endif
