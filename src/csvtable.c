/* CSV through libcsv (strict mode: a quote inside an unquoted field is an
 * error, not data). */
#include <csv.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "csvtable.h"
#include "fileio.h"
#include "log.h"

typedef struct reader {
	cp_csvtable *t;
	cp_csvrow cur;
	size_t mcur;
	int nomem;
} reader;

static void on_field(void *s, size_t len, void *data)
{
	reader *r = data;
	char *copy;
	if (r->nomem)
		return;
	if (cp_grow((void **)&r->cur.f, &r->mcur, r->cur.n + 1, sizeof *r->cur.f) < 0 || !(copy = cp_malloc(len + 1))) {
		r->nomem = 1;
		return;
	}
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	r->cur.f[r->cur.n++] = copy;
}

static void on_row(int c, void *data)
{
	reader *r = data;
	cp_csvtable *t = r->t;
	(void)c;
	if (r->nomem)
		return;
	if (cp_grow((void **)&t->rows, &t->m, t->n + 1, sizeof *t->rows) < 0) {
		r->nomem = 1;
		return;
	}
	t->rows[t->n++] = r->cur;
	memset(&r->cur, 0, sizeof r->cur);
	r->mcur = 0;
}

static void row_free(cp_csvrow *row)
{
	size_t i;
	for (i = 0; i < row->n; i++)
		cp_free(row->f[i]);
	cp_free(row->f);
}

void cp_csv_free(cp_csvtable *t)
{
	size_t i;
	for (i = 0; i < t->n; i++)
		row_free(&t->rows[i]);
	cp_free(t->rows);
	memset(t, 0, sizeof *t);
}

cp_status cp_csv_read(cp_csvtable *t, const char *path, const cp_limits *lim, cp_log *log)
{
	struct csv_parser p;
	reader r;
	cp_file file;
	const char *buf;
	size_t len, off = 0;
	cp_status st;

	memset(t, 0, sizeof *t);
	t->file = path;
	memset(&r, 0, sizeof r);
	r.t = t;
	if ((st = cp_file_open(&file, path, lim ? lim->max_file_bytes : (size_t)1 << 31, log)) != CP_OK)
		return st;
	buf = file.buf;
	len = file.len;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		off = 3;   /* the byte order mark spreadsheets write */
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		cp_file_close(&file);
		return CP_ENOMEM;
	}
	if (csv_parse(&p, buf + off, len - off, on_field, on_row, &r) != len - off ||
	    csv_fini(&p, on_field, on_row, &r) != 0) {
		/* the rows read so far end just before the bad one */
		cp_error(log, "%s: row %zu: %s", path, t->n + 1, csv_strerror(csv_error(&p)));
		st = csv_error(&p) == CSV_ENOMEM ? CP_ENOMEM : CP_EINVAL;
	} else if (r.nomem) {
		st = CP_ENOMEM;
	}
	csv_free(&p);
	row_free(&r.cur);
	cp_file_close(&file);
	if (st != CP_OK)
		cp_csv_free(t);
	return st;
}
