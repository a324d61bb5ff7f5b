/* A streaming scanner over a JSON text in memory.
 *
 * It walks the top level of a document (objects and arrays) and finds the
 * extent of each member value without building it, so a loader can hand one
 * value at a time to cJSON and free it before the next: the whole document
 * never exists as a tree.  While skipping it enforces the nesting and string
 * caps (nesting, string length, fields per object), checks that numbers
 * follow the JSON grammar (no "00.5", no "1."), and rejects strings that a C string cannot hold faithfully (an escaped
 * NUL) or that are not UTF-8. */
#ifndef CP_JSONSCAN_H
#define CP_JSONSCAN_H
#include <cjson/cJSON.h>
#include <stddef.h>

#include <chokepoint/chokepoint.h>

typedef struct cp_jscan {
	const char *buf;
	size_t len;
	size_t pos;
	int max_depth;
	int depth;            /* containers opened with cp_jscan_open */
	size_t max_string;    /* decoded bytes of one string */
	size_t max_fields;    /* members of one object; 0 for no cap */
	size_t members[8];    /* members seen in each object open at depth 1..8 */
	const char *err;      /* what went wrong, set when a call returns -1 */
	size_t err_at;        /* byte offset of the problem */
	cp_diag_code err_code; /* CP_DIAG_SYNTAX, CP_DIAG_LIMIT (a cap) or CP_DIAG_NOMEM */
	int oom;              /* the parse failed for want of memory */
	/* The text before gone may be gone (cp_jscan_forget): its lines are counted. */
	size_t gone, gone_lines, gone_last;
	int gone_seen;        /* gone_last is the offset of a newline */
} cp_jscan;

void cp_jscan_init(cp_jscan *s, const char *buf, size_t len, int max_depth, size_t max_string,
                   size_t max_fields);

/* Expect '{' or '['; 0 on success, -1 with err set. */
int cp_jscan_open(cp_jscan *s, char bracket);
/* Next member of the open object: its key (parsed, caller frees with
 * cJSON_Delete), leaving the scanner at the value, which the caller must
 * then consume with cp_jscan_value or cp_jscan_open.  1 for a member, 0 at
 * '}', -1 on error. */
int cp_jscan_member(cp_jscan *s, int first, cJSON **key);
/* Move past the value here, reporting its extent [*vbeg, *vend). */
int cp_jscan_value(cp_jscan *s, size_t *vbeg, size_t *vend);
/* Next element of the open array.  1, 0 at ']', -1 on error. */
int cp_jscan_element(cp_jscan *s, int first, size_t *vbeg, size_t *vend);
/* Only white space may follow the top-level value. */
int cp_jscan_finish(cp_jscan *s);

/* Parse the value at [beg, end) with cJSON; NULL with err set on failure. */
cJSON *cp_jscan_parse(cp_jscan *s, size_t beg, size_t end);

/* 1-based line and byte column of an offset (at or after any text forgotten). */
void cp_jscan_linecol(const cp_jscan *s, size_t off, size_t *line, size_t *col);
/* The text before upto will not be read again (the caller may drop it):
 * its newlines are counted now, so cp_jscan_linecol stays right after. */
void cp_jscan_forget(cp_jscan *s, size_t upto);

#endif
