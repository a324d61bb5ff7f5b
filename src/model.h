/* The prepared model (MODEL.md 2-3): everything that depends only on the
 * graph and the scenario's structure, computed once, then read-only, so any
 * number of runs (a static score, a day of the timeline, a knockout, a
 * subset of rules for shares) may use it at once from several threads.
 * Only preparing calls igraph. */
#ifndef CP_MODEL_H
#define CP_MODEL_H
#include "internal.h"

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
	double *match_denial;      /* denial under the rule's own fields, by default */
	int32_t *match_slot;       /* per match: the parameter slot of that denial */
	int32_t *match_edge;       /* per match: its edge */
	int32_t *phase_off;        /* per match: its phase slots start at phase_slot[phase_off[k]] */
	int32_t *phase_slot;       /* slot of the denial under each phase of the match's rule */
	int32_t n_matched;
	int32_t *matched;          /* the edges with at least one match, in order */
	int32_t *rule_match_off;   /* n_rules + 1: each rule's matches, as CSR */
	int32_t *rule_match;       /* match indexes, by rule, then edge order */
	/* Matched edges whose matches are alike (the same rules through the
	 * same parameter slots under every phase) have the same blocked
	 * fraction in every run: a run works out each pattern once. */
	int32_t n_patterns;
	int32_t *pattern_of;       /* per matched edge (as in matched): its pattern */
	int32_t *pattern_edge;     /* per pattern: the first edge that has it */

	/* The numbers a run may vary (draws, --set): every rule's denials (its
	 * own fields, then each phase's given ones), lead times, outage losses. */
	int32_t n_params;
	double *param;             /* defaults, as in the files */
	int32_t *rule_slot;        /* per rule: slot of its own `denial`, then end_use, buyers */
	int32_t *lead_slot;        /* per rule */
	int32_t *loss_slot;        /* per outage */

	/* Nodes each outage selects, as CSR over outages. */
	int32_t *outage_off;       /* n_outages + 1 */
	int32_t *outage_node;

	int32_t n_sector_nodes;
	int32_t *sector_nodes;     /* node indexes of sectors, file order */

	int32_t thread_edges;      /* from this many edges, preparing uses a second thread */
	int tags_last;             /* the second thread matches before the tags (tests) */
};

/* Below this many edges a thread costs more than it saves. */
#define CP_PREPARE_THREAD_EDGES 200000

/* cp_model_prepare using a second thread from thread_edges edges on (0:
 * always, INT32_MAX: never); the model is the same either way.  With
 * tags_last the second thread matches edges before it works out the
 * end-use tags, so it soon waits for the origin content (tests). */
cp_status cp_model_prepare_threads(cp_model **out, const cp_graph *g, const cp_scenario *s, int32_t thread_edges,
                                   int tags_last, cp_log *log);

/* What varies between runs of one model.  Zeroed (with knockout = -1) it is
 * the static score of version 1: every rule and outage with its own fields. */
typedef struct cp_variant {
	const uint8_t *rule_on;    /* per rule: 0 lifts it; NULL: every rule in force */
	const int32_t *rule_phase; /* per rule: 0 its own fields, p > 0 phases[p-1]; NULL: all 0 */
	const uint8_t *outage_on;  /* per outage; NULL: every outage in force */
	int32_t knockout;          /* a node whose output is lost entirely, -1 for none */
	const double *param;       /* n_params numbers in place of m->param; NULL: the defaults */
	const double *substitutable; /* per line, in place of the graph's; NULL: the graph's */
	const double *inventory_days, *restock_rate, *output; /* per node, likewise (timeline, groups) */
} cp_variant;

#define CP_VARIANT_STATIC { NULL, NULL, NULL, -1, NULL, NULL, NULL, NULL, NULL }

typedef enum cp_field { CP_FIELD_DENIAL, CP_FIELD_END_USE, CP_FIELD_BUYER } cp_field;
/* The slot of a rule's field in phase (0: its own), index-th entry of the
 * end_use or buyers map; a phase that does not give the field shares the
 * rule's own slot. */
int32_t cp_model_field_slot(const cp_model *m, int32_t rule, int32_t phase, cp_field field, int32_t index);

/* A run's own arrays; one per thread. */
typedef struct cp_work {
	double *blocked;           /* per edge */
	double *loss;              /* per node */
	double *avail;             /* per node, a(v) */
	double *pattern;           /* per blocked pattern: its fraction in this run */
} cp_work;

cp_status cp_work_init(cp_work *w, const cp_model *m);
void cp_work_free(cp_work *w);

/* Blocked fractions and losses of a variant (2.4, 3). O(matches + selected).
 * Only edges that some rule matches are written: blocked must hold 0 on
 * the others, as cp_work_init leaves it.  With scratch (n_patterns
 * numbers, as in cp_work) each pattern's fraction is worked out once and
 * copied to its edges; without, edge by edge.  Both give the same. */
void cp_model_blocked(const cp_model *m, const cp_variant *v, double *blocked, double *scratch);
void cp_model_losses(const cp_model *m, const cp_variant *v, double *loss);
/* Denial of match k in phase p (0: the rule's own fields), from param
 * (NULL: the defaults). */
static inline double cp_match_denial(const cp_model *m, int32_t k, int32_t p, const double *param)
{
	int32_t slot = p > 0 ? m->phase_slot[m->phase_off[k] + p - 1] : m->match_slot[k];
	return (param ? param : m->param)[slot];
}

/* One static run: blocked, losses, then availability into w.  Reentrant;
 * returns the number of cycles that did not converge. */
int32_t cp_model_run(const cp_model *m, const cp_variant *v, cp_work *w);

/* Which controls and outages are in force on a day, with the phase of
 * each control (MODEL.md 7.5); the arrays are the caller's (n_rules,
 * n_rules, n_outages). */
void cp_model_at(const cp_model *m, int32_t day, uint8_t *rule_on, int32_t *rule_phase, uint8_t *outage_on);

/* The timeline of one variant (its numbers: param, substitutable, stocks,
 * restock rates, outputs) of a prepared model; its sector and group series
 * are t's.  cp_timeline_run is this with the defaults. */
cp_status cp_timeline_play(cp_timeline **out, const cp_model *m, const cp_variant *var,
                           const cp_timeline_opts *o, cp_log *log);

/* cp_score_with on a model prepared already; the result takes m over
 * (and frees it on failure too). */
cp_status cp_score_prepared(cp_result **out, cp_model *m, const cp_score_opts *o, cp_log *log);
/* cp_draws_run on a model prepared already, which stays the caller's. */
cp_status cp_draws_run_model(cp_draws **out, const cp_model *m, const cp_draw_opts *o, cp_log *log);

#endif
