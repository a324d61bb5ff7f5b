/* Helpers for the tables and CSV the commands print. */
#ifndef CP_CLI_TABLE_H
#define CP_CLI_TABLE_H
#include <stdio.h>

/* Characters on screen of a UTF-8 string (one per code point). */
int cli_text_width(const char *s);
/* s, then spaces up to width; or spaces first, then s. */
void cli_padded(FILE *f, const char *s, int width);
void cli_padded_right(FILE *f, const char *s, int width);
/* A number for CSV: the shortest form that reads back the same; empty for NaN. */
void cli_csv_number(FILE *f, double x);
/* x with thousands separators and up to `decimals` decimals ("829,598" or
 * "1,234.5"), "-" for NaN; into buf. */
const char *cli_thousands(double x, int decimals, char *buf, size_t size);

#endif
