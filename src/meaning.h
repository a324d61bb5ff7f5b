/* What a result's numbers mean, said the same way in every output: the
 * first line of a table and the "model" object of JSON results. */
#ifndef CP_MEANING_H
#define CP_MEANING_H
#include "internal.h"

typedef enum cp_meaning_kind { CP_MEANING_STATIC, CP_MEANING_AT_DATE, CP_MEANING_TIMELINE } cp_meaning_kind;

/* One line (with its newline) for the top of a table.  at is the date of
 * CP_MEANING_AT_DATE; from and to bound CP_MEANING_TIMELINE. */
void cp_meaning_line(FILE *f, cp_meaning_kind kind, int32_t at, int32_t from, int32_t to);
/* "model": {"kind": ..., "horizon": ..., "assumptions": [...]} without the
 * surrounding comma. */
void cp_meaning_json(FILE *f, cp_meaning_kind kind, int32_t at, int32_t from, int32_t to);
/* The kind of a scored result: at a date, or static. */
static inline cp_meaning_kind cp_meaning_of(const cp_result *r)
{
	return r->has_at ? CP_MEANING_AT_DATE : CP_MEANING_STATIC;
}

#endif
