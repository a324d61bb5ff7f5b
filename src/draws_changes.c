/* Draws of change amounts: the changes applied again per draw (see
 * draws_changes.h). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "changes.h"
#include "draws_changes.h"
#include "log.h"

/* An add_node change parses its node's JSON again, and cJSON resets a
 * process-wide error position on every parse: threads apply such change
 * lists one at a time. */
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

const char *cp_change_amount_field(const cp_change *c)
{
	return c->op == CP_CHANGE_SHIFT ? "fraction" : c->op == CP_CHANGE_ADD_SUPPLIER ? "share" : "value";
}

cp_status cp_redraw_init(cp_redraw *r, const cp_graph *unchanged, const cp_graph *shape, const cp_scenario *s)
{
	int32_t k;
	memset(r, 0, sizeof *r);
	r->unchanged = unchanged;
	r->shape = shape;
	r->s = s;
	if (!(r->changes = cp_mallocn((size_t)s->n_changes + 1, sizeof *r->changes)))
		return CP_ENOMEM;
	memcpy(r->changes, s->changes, (size_t)s->n_changes * sizeof *r->changes);
	for (k = 0; k < s->n_changes; k++)
		r->parses |= s->changes[k].op == CP_CHANGE_ADD_NODE;
	return CP_OK;
}

/* The first error of log, or else what st says. */
static const char *first_error(const cp_log *log, cp_status st)
{
	size_t i;
	for (i = 0; i < cp_log_count(log); i++)
		if (cp_log_get(log, i)->severity == CP_ERROR)
			return cp_log_get(log, i)->text;
	return cp_status_str(st);
}

static void release(cp_redraw *r)
{
	cp_model_free(r->m);
	cp_graph_free(r->g);
	r->m = NULL;
	r->g = NULL;
}

void cp_redraw_free(cp_redraw *r)
{
	release(r);
	cp_free(r->changes);
	r->changes = NULL;
}

/* "changes[2].fraction = 1, changes[4].share = 0.3": the amounts that
 * differ from the files', after prefix. */
static void amounts(const cp_redraw *r, char *buf, size_t size, size_t used)
{
	int32_t k;
	for (k = 0; k < r->s->n_changes && used < size; k++) {
		const cp_change *c = &r->changes[k];
		int n;
		if (c->amount == r->s->changes[k].amount)
			continue;
		n = snprintf(buf + used, size - used, "%schanges[%d].%s = %.17g", used && buf[used - 1] != '(' ? ", " : "",
		             k, cp_change_amount_field(c), c->amount);
		if (n < 0)
			return;
		used += (size_t)n;
	}
}

cp_status cp_redraw_prepare(cp_redraw *r, int32_t draw)
{
	cp_log log;
	cp_status st;
	const char *differs;
	int n;

	release(r);
	r->why[0] = '\0';
	/* the messages of the files' own amounts were given once already;
	 * a draw's (capacity warnings) are not repeated per draw */
	cp_log_init(&log);
	if (r->parses)
		pthread_mutex_lock(&parse_lock);
	st = cp_graph_apply_change_list(&r->g, r->unchanged, r->changes, r->s->n_changes, &r->s->lim, &log);
	if (r->parses)
		pthread_mutex_unlock(&parse_lock);
	if (st != CP_OK) {
		n = snprintf(r->why, sizeof r->why, "draw %d: applying the changes with the drawn amounts failed: %s (",
		             draw, first_error(&log, st));
		amounts(r, r->why, sizeof r->why, n > 0 ? (size_t)n : 0);
		strncat(r->why, ")", sizeof r->why - strlen(r->why) - 1);
		cp_log_free(&log);
		return st;
	}
	if ((differs = cp_graph_shape_differs(r->g, r->shape)) != NULL) {
		n = snprintf(r->why, sizeof r->why, "draw %d: with the drawn change amounts (", draw);
		amounts(r, r->why, sizeof r->why, n > 0 ? (size_t)n : 0);
		n = (int)strlen(r->why);
		snprintf(r->why + n, sizeof r->why - (size_t)n,
		         ") the changed graph differs from the one at the files' amounts in %s: a shift fraction or "
		         "add_supplier share of exactly 0 or 1 adds or drops a supplier (give the distribution a "
		         "support inside (0, 1)), or the graph before the changes is not the one the changes were "
		         "applied to", differs);
		cp_log_free(&log);
		release(r);
		return CP_EINVAL;
	}
	st = cp_model_prepare(&r->m, r->g, r->s, &log);
	if (st != CP_OK) {
		snprintf(r->why, sizeof r->why, "draw %d: preparing the changed graph failed: %s", draw,
		         first_error(&log, st));
		release(r);
	}
	cp_log_free(&log);
	return st;
}
