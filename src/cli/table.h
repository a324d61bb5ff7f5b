/* Helpers for the tables and CSV the commands print. */
#ifndef CP_CLI_TABLE_H
#define CP_CLI_TABLE_H
#include <stdio.h>

/* Characters on screen of a UTF-8 string (one per code point). */
int cli_text_width(const char *s);
/* s, then spaces up to width; or spaces first, then s. */
void cli_padded(FILE *f, const char *s, int width);
void cli_padded_right(FILE *f, const char *s, int width);
#include <chokepoint/chokepoint.h>
/* "disruption", "value", "id" or "file"; -1 after a usage error. */
int cli_parse_sort(const char *cmd, const char *arg, cp_sort *out);
/* One CSV row per sector group: sector,disruption,value_at_risk,weighted,nodes,
 * in the order and number of t. */
void cli_groups_csv(FILE *f, const cp_result *r, const cp_table_opts *t);

#endif
