/* What the renderer's three parts share: text helpers (render_text.c), the
 * drawing plan (render_plan.c), and the Graphviz build and render that use
 * both (render.c).  Private to the renderer. */
#ifndef CP_RENDER_INTERNAL_H
#define CP_RENDER_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "log.h"
#include "sbuf.h"

/* ---- text (render_text.c) ---- */

/* Append s escaped for a plain Graphviz label, at most max_chars characters then an ellipsis. */
void cp_sb_label(cp_sbuf *b, const char *s, size_t max_chars);
/* Append s escaped as text of an HTML-like label, at most max_chars characters then an ellipsis. */
void cp_sb_html(cp_sbuf *b, const char *s, size_t max_chars);

/* Write fraction x as a percentage ("53.5%", "<0.1%", "?" for NaN) into buf. */
void cp_render_fmt_pct(char *buf, size_t size, double x);
/* Write amount x into buf: thousands separated by commas, or 3 significant digits when small. */
void cp_render_fmt_amount(char *buf, size_t size, double x);
/* Write the "#rrggbb" fill for disruption d (clamped to 0..1): white, yellow, red. */
void cp_render_fill_colour(char buf[8], double d);

/* ---- the plan: what is drawn (render_plan.c) ---- */

typedef struct cp_render_dnode { /* a drawn node: one graph node, or a merged group */
	int32_t first;             /* its first graph node in file order */
	int32_t n_members;
	uint8_t kind;
	int16_t country;           /* -1 when the members' countries differ */
	double disruption;         /* output-weighted mean (plain mean when an output is missing) */
	double value_at_risk;      /* sum of d * output over members with an output */
	int has_value;             /* some member has an output */
	double loss;               /* largest outage loss among members */
	double sum_w, sum_wd, sum_d;
	int all_weighted;
} cp_render_dnode;

typedef struct cp_render_dedge { /* a drawn edge: graph edges lo..hi-1 of plan.pe */
	int32_t from, to;          /* drawn nodes */
	int32_t lo, hi;
	double share;              /* largest normalised share among them */
	double blocked;            /* largest blocked fraction */
	int32_t n_blocked;         /* members with blocked > 0 */
	int matched, extra;        /* some member matches a rule; by an extraterritorial clause */
} cp_render_dedge;

typedef struct cp_render_plan {
	int32_t *group;            /* per graph node: drawn node, or -1 */
	cp_render_dnode *nodes;
	int32_t n_nodes;
	int32_t *pe;               /* drawn graph edges, grouped by drawn edge */
	int32_t n_pe;
	cp_render_dedge *edges;
	int32_t n_edges;
	int32_t n_hidden;          /* edges between drawn nodes hidden by min_share */
} cp_render_plan;

/* Plan the drawing of r under checked options o into *p (freed on failure); CP_ELIMIT, logged, when too large. */
cp_status cp_render_plan_make(cp_render_plan *p, const cp_result *r, const cp_render_opts *o, cp_log *log);
/* Free what *p holds and zero it; safe on a zeroed or already freed plan. */
void cp_render_plan_free(cp_render_plan *p);

#endif
