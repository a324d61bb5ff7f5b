/* Every (edge, rule) match of a model (MODEL.md 2.4), worked out in parts
 * of the edges, possibly on two threads while the origin content is still
 * being worked out, and joined in edge order into the model's arrays. */
#ifndef CP_MATCHES_H
#define CP_MATCHES_H
#include <pthread.h>

#include "model.h"

/* Per node and rule, node-major (flags[u * n_rules + r]): whether u is in
 * R's scope and whether it counts in full, worked out once so the passes
 * over edges read one byte per supplier instead of its kind, country and
 * element sets. */
enum { CP_IN_SCOPE = 1, CP_IN_FULL = 2 };

/* How many edges ahead a pass over the edges asks for what it will read
 * of a supplier: the edges that follow are the next ones in the arrays, so
 * those rows arrive while this edge is worked on. */
#define CP_AHEAD 16

/* How often (in components) the origin content tells how far it is. */
#define CP_PROGRESS_STEP 4096

/* Edges per part of the matches on a large graph. */
#define CP_PART_EDGES 65536

/* Matches are worked out in parts of the edges, each into its own arrays,
 * then joined in edge order.  On a large graph (cp_analyse) a second
 * thread works out the end-use tags, waits for the rule flags, and takes
 * parts from the front while the first works out the origin content; the
 * first then takes parts from the back.  A match by min_content reads the
 * supplier's content, final once the supplier's component is done, so the
 * second thread waits for that; the origin content tells how far it is
 * every CP_PROGRESS_STEP components.  Below, everything under mu when
 * sync is set. */
typedef struct cp_matching {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int sync;                  /* mu and cv in use (a second thread) */
	int32_t done;              /* components whose content is final */
	int failed;                /* the content failed: stop */
	int32_t front, back;       /* the parts not taken: front .. back - 1 */
	int32_t finished;          /* parts worked out */
	int tags_done;             /* the end-use tags are worked out */
} cp_matching;

/* The matches of edges e0 .. e1 - 1, edges outer so each edge's matches
 * come out together and in rule order: per match its rule (with
 * CP_MATCH_EXTRA), its edge and where its phase slots start, counted from
 * the part's first match, as is m->match_off[e] of these edges; and the
 * edges with a match. */
typedef struct cp_match_part {
	cp_model *m;
	const uint8_t *flags;
	cp_matching *q;
	const int32_t *comp_of;    /* component of each node; NULL: the node's index */
	int need;                  /* some rule reads the content */
	int32_t seen;              /* components known to be done */
	int32_t e0, e1;
	int32_t *match, *edge, *phase_off, *matched;
	size_t n, cap, n_phase, n_matched;
	cp_status st;
} cp_match_part;

/* The parts of the edges (one below m->thread_edges edges), not yet
 * taken, into q; *comp_of: the component of each node when the schedule
 * is not the nodes' order and some rule reads the content (else NULL).
 * NULL when out of memory. */
cp_match_part *cp_match_plan(cp_model *m, const uint8_t *flags, cp_matching *q, int32_t **comp_of,
                             int32_t *n_parts);
void cp_match_parts_free(cp_match_part *part, int32_t n_parts);

/* The origin content is final for components 0 .. done - 1 (n_comps and
 * failed: it stopped). */
void cp_matching_progress(cp_matching *q, int32_t done, int failed);
/* Until component c is final (-1: until the rule flags are); 0 then, -1
 * when the content failed. */
int cp_matching_wait(cp_matching *q, int32_t c);
/* Parts taken from one end until none is left, each worked out. */
void cp_match_take_parts(cp_match_part *part, int from_back);
void cp_matching_tags_done(cp_matching *q);
/* Until every part is worked out and the end-use tags are. */
void cp_matching_wait_parts(cp_matching *q, int32_t n_parts);

/* The parts joined into m->match, m->match_edge, m->phase_off,
 * m->match_off and m->matched, as one pass over all the edges makes
 * them; then the matches grouped by rule, and room for the slots. */
cp_status cp_match_collect(cp_model *m, cp_match_part *part, int32_t n_parts);

#endif
