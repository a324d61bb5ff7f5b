/* The prepared model (MODEL.md 2-3): everything that depends only on the
 * graph and the scenario's structure, computed once, then read-only, so any
 * number of runs (a static score, a day of the timeline, a knockout, a
 * subset of rules for shares) may use it at once from several threads.
 * Only preparing calls igraph. */
#ifndef CP_MODEL_H
#define CP_MODEL_H
#include <chokepoint/chokepoint.h>

#include "analyse.h"

struct cp_model {
	const cp_graph *g;
	const cp_scenario *s;
	cp_schedule sc;
	int32_t n_cyclic_nodes;    /* nodes on a cycle */

	cp_elemset *contained;     /* per node, E(v) (2.1, by the graph's version) */
	int32_t *tag;              /* per node, t(v) (2.3) or -1 */
	double *content;           /* n_rules x n_nodes, rule-major */

	/* Every (edge, rule) match (2.4), edge-major, rules in order. */
	int32_t *match_off;        /* n_edges + 1 */
	int32_t *match;            /* rule index | CP_MATCH_EXTRA */
	double *match_denial;      /* denial under the rule's own fields */
	int32_t *phase_off;        /* per match: its phase denials start at phase_denial[phase_off[k]] */
	double *phase_denial;      /* denial under each phase of the match's rule, in phase order */

	/* Nodes each outage selects, as CSR over outages. */
	int32_t *outage_off;       /* n_outages + 1 */
	int32_t *outage_node;

	int32_t n_sector_nodes;
	int32_t *sector_nodes;     /* node indexes of sectors, file order */
};

/* What varies between runs of one model.  Zeroed (with knockout = -1) it is
 * the static score of version 1: every rule and outage with its own fields. */
typedef struct cp_variant {
	const uint8_t *rule_on;    /* per rule: 0 lifts it; NULL: every rule in force */
	const int32_t *rule_phase; /* per rule: 0 its own fields, p > 0 phases[p-1]; NULL: all 0 */
	const uint8_t *outage_on;  /* per outage; NULL: every outage in force */
	int32_t knockout;          /* a node whose output is lost entirely, -1 for none */
} cp_variant;

#define CP_VARIANT_STATIC { NULL, NULL, NULL, -1 }

/* A run's own arrays; one per thread. */
typedef struct cp_work {
	double *blocked;           /* per edge */
	double *loss;              /* per node */
	double *avail;             /* per node, a(v) */
} cp_work;

cp_status cp_work_init(cp_work *w, const cp_model *m);
void cp_work_free(cp_work *w);

/* Blocked fractions and losses of a variant (2.4, 3). O(matches + selected). */
void cp_model_blocked(const cp_model *m, const cp_variant *v, double *blocked);
void cp_model_losses(const cp_model *m, const cp_variant *v, double *loss);
/* Denial of match k in phase p (0: the rule's own fields). */
static inline double cp_match_denial(const cp_model *m, int32_t k, int32_t p)
{
	return p > 0 ? m->phase_denial[m->phase_off[k] + p - 1] : m->match_denial[k];
}

/* One static run: blocked, losses, then availability into w.  Reentrant;
 * returns the number of cycles that did not converge. */
int32_t cp_model_run(const cp_model *m, const cp_variant *v, cp_work *w);

/* Which controls and outages are in force on a day, with the phase of
 * each control (MODEL.md 7.5); the arrays are the caller's (n_rules,
 * n_rules, n_outages). */
void cp_model_at(const cp_model *m, int32_t day, uint8_t *rule_on, int32_t *rule_phase, uint8_t *outage_on);

#endif
