/* CSV tables into a graph file (see import.h).  The tables are checked
 * cell by cell so that a message points at the spreadsheet, not at the JSON
 * it becomes; the JSON is then loaded as any graph is, as a last check. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvtable.h"
#include "elements.h"
#include "import.h"
#include "jsonutil.h"
#include "log.h"
#include "suggest.h"

enum { N_ID, N_KIND, N_COUNTRY, N_ELEMENTS, N_NAME, N_SECTOR, N_END_USE, N_TECH_ORIGIN, N_OUTPUT,
       N_INVENTORY_DAYS, N_PRODUCTION_T, N_RESTOCK_RATE, N_NOTE, N_COLS };
static const char *const node_cols[] = {
	"id", "kind", "country", "elements", "name", "sector", "end_use", "tech_origin", "output",
	"inventory_days", "production_t", "restock_rate", "note", NULL
};
enum { L_NODE, L_ITEM, L_SUPPLIER, L_SHARE, L_VALUE_SHARE, L_SUBSTITUTABLE, L_TRANSIT_DAYS, L_NOTE, L_COLS };
static const char *const line_cols[] = {
	"node", "item", "supplier", "share", "value_share", "substitutable", "transit_days", "note", NULL
};

typedef struct importer {
	const cp_csvtable *t;
	int col[16];              /* column of each known name, -1 when absent */
	cp_log *log;
	int errors;
} importer;

/* The cell of row r for known column c; "" when the column or cell is absent. */
static const char *cell(const importer *im, size_t r, int c)
{
	int k = im->col[c];
	const cp_csvrow *row = &im->t->rows[r];
	return k >= 0 && (size_t)k < row->n ? row->f[k] : "";
}

static void cell_error(importer *im, size_t r, int c, const char *const *names, const char *fmt, const char *what,
                       const char *hint)
{
	char text[600];
	snprintf(text, sizeof text, fmt, what);
	cp_error(im->log, "%s: row %zu, column %d (%s): %s%s", im->t->file, r + 1, im->col[c] + 1, names[c], text,
	         hint ? hint : "");
	im->errors++;
}

/* Map the header to known columns; unknown and missing ones are errors. */
static int read_header(importer *im, const char *const *names, int n_names, int n_required)
{
	const cp_csvrow *h;
	size_t k;
	int c;
	char hint[160];

	for (c = 0; c < n_names; c++)
		im->col[c] = -1;
	if (im->t->n == 0) {
		cp_error(im->log, "%s: empty file (expected a header row: %s, ...)", im->t->file, names[0]);
		return -1;
	}
	h = &im->t->rows[0];
	for (k = 0; k < h->n; k++) {
		for (c = 0; c < n_names && strcmp(h->f[k], names[c]) != 0; c++)
			;
		if (c == n_names) {
			cp_error(im->log, "%s: row 1, column %zu: unknown column '%.200s'%s", im->t->file, k + 1, h->f[k],
			         cp_suggest_list(h->f[k], names, hint, sizeof hint));
			im->errors++;
		} else if (im->col[c] >= 0) {
			cp_error(im->log, "%s: row 1, column %zu: column '%s' given twice", im->t->file, k + 1, names[c]);
			im->errors++;
		} else {
			im->col[c] = (int)k;
		}
	}
	/* an unknown column is reported and skipped; without a required one
	 * no row can be read */
	for (c = 0, k = 0; c < n_required; c++)
		if (im->col[c] < 0) {
			cp_error(im->log, "%s: row 1: missing column '%s'", im->t->file, names[c]);
			im->errors++;
			k++;
		}
	return k ? -1 : 0;
}

/* A number cell into obj[key] when not empty, within [lo, hi]. */
static void number_cell(importer *im, size_t r, int c, const char *const *names, double lo, double hi, int whole,
                        cJSON *obj)
{
	const char *s = cell(im, r, c);
	char *end;
	double x;
	if (!*s)
		return;
	errno = 0;
	x = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(x)) {
		cell_error(im, r, c, names, "'%.200s' is not a number", s, NULL);
		return;
	}
	if (x < lo || x > hi || (whole && x != floor(x))) {
		char text[400];
		int k = snprintf(text, sizeof text, "'%.200s' is not %s from %g", s, whole ? "a whole number" : "a number", lo);
		if (isfinite(hi) && k > 0 && (size_t)k < sizeof text)
			snprintf(text + k, sizeof text - (size_t)k, " to %g", hi);
		cell_error(im, r, c, names, "%s", text, NULL);
		return;
	}
	if (obj && !cJSON_AddNumberToObject(obj, names[c], x))
		im->errors++;
}

static void string_cell(importer *im, size_t r, int c, const char *const *names, cJSON *obj)
{
	const char *s = cell(im, r, c);
	if (*s && !cJSON_AddStringToObject(obj, names[c], s))
		im->errors++;
}

static void country_cell(importer *im, size_t r, int c, cJSON *obj)
{
	const char *s = cell(im, r, c);
	if (!*s)
		return;
	if (!cp_is_country(s))
		cell_error(im, r, c, node_cols, "'%.200s' is not a country code (2 or 3 capital letters)", s, NULL);
	else if (!cJSON_AddStringToObject(obj, node_cols[c], s))
		im->errors++;
}

/* "Dy Tb", "Dy;Tb" or "Dy, Tb" into an array of symbols. */
static void elements_cell(importer *im, size_t r, cJSON *obj)
{
	const char *s = cell(im, r, N_ELEMENTS);
	char sym[8], hint[160];
	cJSON *arr;
	if (!*s)
		return;
	if (!(arr = cJSON_AddArrayToObject(obj, "elements"))) {
		im->errors++;
		return;
	}
	while (*s) {
		size_t n = strcspn(s, " ;,\t");
		if (n) {
			snprintf(sym, sizeof sym, "%.*s", (int)(n < 7 ? n : 7), s);
			if (n > 3 || !cp_element_number(sym)) {
				char word[64];
				snprintf(word, sizeof word, "%.*s", (int)(n < 63 ? n : 63), s);
				cell_error(im, r, N_ELEMENTS, node_cols, "unknown element symbol '%s'", word,
				           cp_element_hint(word, hint, sizeof hint));
			} else if (!cJSON_AddItemToArray(arr, cJSON_CreateString(sym))) {
				im->errors++;
			}
		}
		s += n;
		s += strspn(s, " ;,\t");
	}
}

static cJSON *read_nodes(importer *im, cJSON *nodes)
{
	const cp_csvtable *t = im->t;
	char hint[160];
	size_t r;
	for (r = 1; r < t->n; r++) {
		cJSON *n = cJSON_CreateObject();
		const char *id = cell(im, r, N_ID), *kind = cell(im, r, N_KIND);
		size_t q;
		if (!n || !cJSON_AddItemToArray(nodes, n)) {
			cJSON_Delete(n);
			im->errors++;
			return NULL;
		}
		if (!*id)
			cell_error(im, r, N_ID, node_cols, "%sempty id", "", NULL);
		for (q = 1; *id && q < r; q++)
			if (strcmp(cell(im, q, N_ID), id) == 0) {
				char text[300];
				snprintf(text, sizeof text, "duplicate id '%.200s' (first at row %zu)", id, q + 1);
				cell_error(im, r, N_ID, node_cols, "%s", text, NULL);
				break;
			}
		string_cell(im, r, N_ID, node_cols, n);
		if (cp_kind_parse(kind) < 0)
			cell_error(im, r, N_KIND, node_cols, "unknown kind '%.200s'", kind, cp_kind_hint(kind, hint, sizeof hint));
		else
			string_cell(im, r, N_KIND, node_cols, n);
		country_cell(im, r, N_COUNTRY, n);
		string_cell(im, r, N_NAME, node_cols, n);
		elements_cell(im, r, n);
		string_cell(im, r, N_SECTOR, node_cols, n);
		string_cell(im, r, N_END_USE, node_cols, n);
		country_cell(im, r, N_TECH_ORIGIN, n);
		number_cell(im, r, N_OUTPUT, node_cols, 0, INFINITY, 0, n);
		number_cell(im, r, N_INVENTORY_DAYS, node_cols, 0, INFINITY, 0, n);
		number_cell(im, r, N_PRODUCTION_T, node_cols, 0, INFINITY, 0, n);
		number_cell(im, r, N_RESTOCK_RATE, node_cols, 0, INFINITY, 0, n);
		string_cell(im, r, N_NOTE, node_cols, n);
	}
	return nodes;
}

/* The node object with this id (the line table's node or supplier), or NULL
 * after an error naming the closest id. */
static cJSON *node_named(importer *im, cJSON *nodes, size_t r, int c)
{
	const char *id = cell(im, r, c);
	char hint[160];
	cp_suggest sg;
	cJSON *n;
	cp_suggest_init(&sg, id);
	cJSON_ArrayForEach(n, nodes) {
		const cJSON *nid = cJSON_GetObjectItemCaseSensitive(n, "id");
		if (cJSON_IsString(nid) && strcmp(nid->valuestring, id) == 0)
			return n;
		if (cJSON_IsString(nid))
			cp_suggest_offer(&sg, nid->valuestring);
	}
	cell_error(im, r, c, line_cols, "unknown node '%.200s' (not in the node table)", id,
	           cp_suggest_text(&sg, hint, sizeof hint));
	return NULL;
}

/* A line-level cell: the first row of a line that gives it sets it; a later
 * row giving another value is an error. */
static void line_number(importer *im, size_t r, int c, double lo, double hi, int whole, cJSON *line)
{
	const char *s = cell(im, r, c);
	cJSON *have = cJSON_GetObjectItemCaseSensitive(line, line_cols[c]);
	if (!*s)
		return;
	if (have) {
		char *end;
		double x = strtod(s, &end);
		if (end == s || *end || x != have->valuedouble)
			cell_error(im, r, c, line_cols, "'%.200s' differs from the value an earlier row gave this line", s, NULL);
		return;
	}
	number_cell(im, r, c, line_cols, lo, hi, whole, line);
}

static void read_lines(importer *im, cJSON *nodes)
{
	const cp_csvtable *t = im->t;
	size_t r;
	for (r = 1; r < t->n; r++) {
		cJSON *n = node_named(im, nodes, r, L_NODE), *inputs, *line = NULL, *sup, *l;
		const char *item = cell(im, r, L_ITEM), *supplier = cell(im, r, L_SUPPLIER), *share = cell(im, r, L_SHARE);
		char *end;
		double x;
		if (!*item)
			cell_error(im, r, L_ITEM, line_cols, "%sempty item", "", NULL);
		if (!node_named(im, nodes, r, L_SUPPLIER) || !n || !*item)
			continue;
		errno = 0;
		x = strtod(share, &end);
		if (errno || end == share || *end || !isfinite(x) || x <= 0) {
			cell_error(im, r, L_SHARE, line_cols, "'%.200s' is not a share above 0", share, NULL);
			continue;
		}
		if (!(inputs = cJSON_GetObjectItemCaseSensitive(n, "inputs")) && !(inputs = cJSON_AddArrayToObject(n, "inputs")))
			goto nomem;
		cJSON_ArrayForEach(l, inputs) {
			if (strcmp(cJSON_GetObjectItemCaseSensitive(l, "item")->valuestring, item) == 0)
				line = l;
		}
		if (!line) {
			if (!(line = cJSON_CreateObject()) || !cJSON_AddItemToArray(inputs, line) ||
			    !cJSON_AddStringToObject(line, "item", item))
				goto nomem;
		}
		line_number(im, r, L_VALUE_SHARE, 0, 1, 0, line);
		line_number(im, r, L_SUBSTITUTABLE, 0, 1, 0, line);
		line_number(im, r, L_TRANSIT_DAYS, 0, 1e6, 1, line);
		if (*cell(im, r, L_NOTE) && !cJSON_GetObjectItemCaseSensitive(line, "note"))
			string_cell(im, r, L_NOTE, line_cols, line);
		if (!(sup = cJSON_GetObjectItemCaseSensitive(line, "suppliers")) && !(sup = cJSON_AddObjectToObject(line, "suppliers")))
			goto nomem;
		if (cJSON_GetObjectItemCaseSensitive(sup, supplier)) {
			cell_error(im, r, L_SUPPLIER, line_cols, "supplier '%.200s' is listed twice for this line", supplier, NULL);
			continue;
		}
		if (!cJSON_AddNumberToObject(sup, supplier, x))
			goto nomem;
	}
	/* suppliers last in each line, as people write them */
	return;
nomem:
	im->errors++;
	cp_error(im->log, "%s: out of memory", t->file);
}

/* Put "inputs" last in each node: the order people read a graph file in. */
static void inputs_last(cJSON *nodes)
{
	cJSON *n;
	cJSON_ArrayForEach(n, nodes) {
		cJSON *in = cJSON_DetachItemFromObjectCaseSensitive(n, "inputs"), *l;
		if (!in)
			continue;
		cJSON_ArrayForEach(l, in) {
			cJSON *s = cJSON_DetachItemFromObjectCaseSensitive(l, "suppliers");
			if (s)
				cJSON_AddItemToObject(l, "suppliers", s);
		}
		cJSON_AddItemToObject(n, "inputs", in);
	}
}

cp_status cp_import_csv(const char *nodes_csv, const char *inputs_csv, const cp_import_opts *o,
                        const cp_limits *lim, char **json, cp_log *log)
{
	cp_csvtable nt = { 0 }, lt = { 0 };
	importer im;
	cJSON *root = NULL, *nodes;
	cp_graph *g = NULL;
	cp_status st;
	char *text = NULL;

	*json = NULL;
	if ((st = cp_csv_read(&nt, nodes_csv, lim, log)) != CP_OK)
		return st;
	if ((st = cp_csv_read(&lt, inputs_csv, lim, log)) != CP_OK) {
		cp_csv_free(&nt);
		return st;
	}
	st = CP_ENOMEM;
	if (!(root = cJSON_CreateObject()) || !cJSON_AddNumberToObject(root, "chokepoint", o && o->version ? o->version : 2) ||
	    (o && o->name && !cJSON_AddStringToObject(root, "name", o->name)) ||
	    (o && o->value_unit && !cJSON_AddStringToObject(root, "value_unit", o->value_unit)) ||
	    !(nodes = cJSON_AddArrayToObject(root, "nodes")))
		goto done;
	memset(&im, 0, sizeof im);
	im.log = log;
	im.t = &nt;
	st = CP_EINVAL;
	if (read_header(&im, node_cols, N_COLS, 3) < 0)
		goto done;
	read_nodes(&im, nodes);
	im.t = &lt;
	if (read_header(&im, line_cols, L_COLS, 4) < 0)
		goto done;
	read_lines(&im, nodes);
	if (im.errors)
		goto done;
	inputs_last(nodes);
	st = CP_ENOMEM;
	if (!(text = cJSON_Print(root)))
		goto done;
	/* the last check: the text must load as any graph file does */
	st = cp_graph_load_buffer(&g, "(imported graph)", text, strlen(text), lim, log);
	cp_graph_free(g);
	if (st == CP_OK) {
		*json = text;
		text = NULL;
	}
done:
	if (st == CP_ENOMEM)
		cp_error(log, "%s: out of memory", nodes_csv);
	free(text);
	cJSON_Delete(root);
	cp_csv_free(&nt);
	cp_csv_free(&lt);
	return st;
}
