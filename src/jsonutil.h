/* Located checks of cJSON values shared by the graph and scenario loaders.
 * Every message reads "file: json.path: what is wrong". */
#ifndef CP_JSONUTIL_H
#define CP_JSONUTIL_H
#include <cjson/cJSON.h>
#include "internal.h"

#include "log.h"
#include "sbuf.h"
#include "strtab.h"

/* A JSON path built from segments on the caller's stack and formatted only
 * when a message needs it, so checking a valid file costs no formatting:
 * field ".name" (no dot at the root), key "['key']", index "[i]". */
typedef struct cp_jpath {
	const struct cp_jpath *up;
	const char *field;
	const char *key;
	long index;              /* -1 when absent; CP_JPATH_LABEL: key is a label */
} cp_jpath;

/* A segment that shows key as " (key)" after the path so far: the id of
 * the node a message is about, beside its index. */
#define CP_JPATH_LABEL (-2)

/* A whole path given as one string. */
#define CP_JSTR(s) (&(cp_jpath){ NULL, (s), NULL, -1 })

/* Append p to b ("nodes[3].inputs[0]"). */
void cp_jpath_format(const cp_jpath *p, cp_sbuf *b);

typedef struct cp_jctx {
	cp_log *log;
	const char *file;
	size_t errors;           /* errors reported through this context */
	cp_strtab unknown;       /* field names already warned about */
	/* cp_jduplicate's walk through one object's members: past the first
	 * few, the names seen are hashed, so a huge object costs linear time */
	cp_strtab keys;
	const cJSON *dup_next;   /* the member expected next */
	size_t dup_pos;          /* members of the object seen so far */
	int dup_hashed;          /* keys holds the names of those members */
	int oom;
} cp_jctx;

void cp_jctx_init(cp_jctx *c, cp_log *log, const char *file);
void cp_jctx_free(cp_jctx *c);

void cp_jerr(cp_jctx *c, const cp_jpath *path, const char *fmt, ...) CP_PRINTF(3, 4);
/* An error that a cap of cp_limits was exceeded (code CP_DIAG_LIMIT). */
void cp_jlimit(cp_jctx *c, const cp_jpath *path, const char *fmt, ...) CP_PRINTF(3, 4);
void cp_jwarn(cp_jctx *c, const cp_jpath *path, const char *fmt, ...) CP_PRINTF(3, 4);
/* Warn about an unknown field, once per name in this context. */
void cp_junknown(cp_jctx *c, const cp_jpath *path, const char *field);
/* The same, naming the closest of the known fields (NULL-terminated). */
void cp_junknown_near(cp_jctx *c, const cp_jpath *path, const char *field, const char *const *known);

/* 1 (after an error) when an earlier member of item's object has the same
 * name: JSON allows it, but a second value would silently win.  Called for
 * each member in order, it takes O(1) expected time a member. */
int cp_jduplicate(cp_jctx *c, const cJSON *item, const cp_jpath *path);

/* A finite number in [lo, hi] (lo excluded when lo_open); 0 or -1 after an error. */
int cp_jnumber(cp_jctx *c, const cJSON *v, const cp_jpath *path, double lo, int lo_open, double hi, double *out);
/* A string of 1..max_len bytes without control characters. */
int cp_jstring(cp_jctx *c, const cJSON *v, const cp_jpath *path, size_t max_len, const char **out);
/* 2-3 upper-case letters. */
int cp_is_country(const char *s);
/* A country code string; 0 or -1 after an error. */
int cp_jcountry(cp_jctx *c, const cJSON *v, const cp_jpath *path, const char **out);
/* A kind name, or -1. */
int cp_kind_parse(const char *s);
/* An array of kind names as a bit set; 0 or -1 after an error. */
int cp_jkinds(cp_jctx *c, const cJSON *v, const cp_jpath *path, unsigned *out);
/* An array of element symbols. */
int cp_jelements(cp_jctx *c, const cJSON *v, const cp_jpath *path, cp_elemset *out);

#define CP_ALL_KINDS ((1u << CP_NKINDS) - 1)

#endif
