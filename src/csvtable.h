/* A CSV file read whole into rows of fields with libcsv: quoted fields,
 * embedded commas and line breaks, a UTF-8 byte order mark and CRLF line
 * ends all read as a spreadsheet writes them. */
#ifndef CP_CSVTABLE_H
#define CP_CSVTABLE_H
#include <chokepoint/chokepoint.h>

typedef struct cp_csvrow {
	size_t n;                 /* fields in this row */
	char **f;                 /* each NUL-terminated, owned by the table */
} cp_csvrow;

typedef struct cp_csvtable {
	const char *file;         /* for messages; not owned */
	size_t n, m;
	cp_csvrow *rows;          /* rows[0] is the header; rows are numbered from 1 in messages */
} cp_csvtable;

/* Read path (at most lim->max_file_bytes).  CP_EIO, CP_ELIMIT, CP_EINVAL
 * (a malformed file, with its row) or CP_ENOMEM, each with a message. */
cp_status cp_csv_read(cp_csvtable *t, const char *path, const cp_limits *lim, cp_log *log);
void cp_csv_free(cp_csvtable *t);

#endif
