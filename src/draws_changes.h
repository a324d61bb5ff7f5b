/* Draws of change amounts (MODEL.md 8): a shift's `fraction` or an
 * add_supplier's `share` drawn from its distribution moves edge shares, and
 * origin content and matches depend on them, so each such draw applies the
 * scenario's changes again to the unchanged graph, with its own amounts,
 * and prepares a model of that graph.  One per thread. */
#ifndef CP_DRAWS_CHANGES_H
#define CP_DRAWS_CHANGES_H
#include "internal.h"

#include "model.h"

typedef struct cp_redraw {
	const cp_graph *unchanged;  /* the graph before the changes */
	const cp_graph *shape;      /* after them at the files' amounts: each draw's graph has its shape */
	const cp_scenario *s;       /* resolved against shape, so against every draw's graph too */
	cp_change *changes;         /* s's changes (sharing their strings), with this draw's amounts */
	cp_graph *g;                /* this draw's graph and model, or NULL */
	cp_model *m;
	int parses;                 /* an add_node among the changes (see draws_changes.c) */
	char why[768];              /* what went wrong, for the run's log */
} cp_redraw;

cp_status cp_redraw_init(cp_redraw *r, const cp_graph *unchanged, const cp_graph *shape, const cp_scenario *s);
/* The amount of change k in the next draw. */
static inline void cp_redraw_set(cp_redraw *r, int32_t k, double amount)
{
	r->changes[k].amount = amount;
}
/* Apply the changes with their amounts to the unchanged graph, check that
 * the result has the shape of r->shape, and prepare its model into r->m
 * (the previous draw's released).  On failure r->why says why, naming
 * draw. */
cp_status cp_redraw_prepare(cp_redraw *r, int32_t draw);
void cp_redraw_free(cp_redraw *r);

/* "fraction" for a shift, "share" for add_supplier: the field a change's
 * amount is written in. */
const char *cp_change_amount_field(const cp_change *c);

#endif
