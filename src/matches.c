/* Every (edge, rule) match (MODEL.md 2.4) in parts of the edges; see
 * matches.h. */
#include <string.h>

#include "alloc.h"
#include "matches.h"

static int has_country(const int16_t *list, int32_t n, int16_t c)
{
	int32_t i;
	for (i = 0; i < n; i++)
		if (list[i] == c)
			return 1;
	return 0;
}

/* 2.4: whether rule ri matches the edge from u (country cu, flags row fu)
 * to a consumer in country cv; *extra tells whether it matched by the
 * extraterritorial clause. */
static int match_edge(const cp_model *m, int32_t ri, int32_t u, int16_t cu, int16_t cv, const uint8_t *fu, int *extra)
{
	const cp_graph *g = m->g;
	const cp_rule *R = &m->s->rules[ri];
	int16_t o = R->origin;
	int direct;
	if (!(fu[ri] & CP_IN_SCOPE))
		return 0;
	direct = cu == o && cv != o;
	*extra = 0;
	if (!direct) {
		if (!R->extraterritorial || cu == o || cv == cu || cv == o)
			return 0;
		if (!((R->has_min_content && m->content[(size_t)ri * (size_t)g->n_nodes + (size_t)u] >= R->min_content) ||
		      (R->technology && o >= 0 && g->tech_origin[u] == o)))
			return 0;
		*extra = 1;
	}
	if (R->has_destinations && !has_country(R->destinations, R->n_destinations, cv))
		return 0;
	return !has_country(R->exempt, R->n_exempt, cv);
}

void cp_matching_progress(cp_matching *q, int32_t done, int failed)
{
	if (!q->sync) {
		q->done = done;
		q->failed = failed;
		return;
	}
	pthread_mutex_lock(&q->mu);
	q->done = done;
	q->failed = failed;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

/* Until component c is done; *seen: how many are.  -1 when the content
 * failed. */
static int wait_for(cp_matching *q, int32_t c, int32_t *seen)
{
	int failed;
	if (!q->sync) {
		*seen = q->done;
		return q->failed || c >= q->done ? -1 : 0;
	}
	pthread_mutex_lock(&q->mu);
	while (!q->failed && q->done <= c)
		pthread_cond_wait(&q->cv, &q->mu);
	*seen = q->done;
	failed = q->failed;
	pthread_mutex_unlock(&q->mu);
	return failed ? -1 : 0;
}

/* The next part, from the front or the back; -1 when none is left. */
static int32_t take_part(cp_matching *q, int from_back)
{
	int32_t i = -1;
	if (q->sync)
		pthread_mutex_lock(&q->mu);
	if (q->front < q->back)
		i = from_back ? --q->back : q->front++;
	if (q->sync)
		pthread_mutex_unlock(&q->mu);
	return i;
}

static int part_grow(cp_match_part *p)
{
	size_t cap = p->cap ? 2 * p->cap : 1024;
	int32_t *a = cp_reallocn(p->match, cap, sizeof *a), *b, *c;
	if (a)
		p->match = a;
	b = a ? cp_reallocn(p->edge, cap, sizeof *b) : NULL;
	if (b)
		p->edge = b;
	c = b ? cp_reallocn(p->phase_off, cap, sizeof *c) : NULL;
	if (c)
		p->phase_off = c;
	/* an edge in matched has a match: there are no more of them than matches */
	b = c ? cp_reallocn(p->matched, cap, sizeof *b) : NULL;
	if (!b)
		return -1;
	p->matched = b;
	p->cap = cap;
	return 0;
}

static cp_status part_matches(cp_match_part *p)
{
	cp_model *m = p->m;
	const cp_graph *g = m->g;
	size_t nr = (size_t)m->s->n_rules, had;
	int32_t ri, e;
	for (e = p->e0; e < p->e1; e++) {
		int32_t u = g->supplier[e];
		const uint8_t *fu = p->flags + (size_t)u * nr;
		int16_t cu = g->country[u], cv = g->country[g->consumer[e]];
		if (e + CP_AHEAD < p->e1) {
			int32_t w = g->supplier[e + CP_AHEAD];
			__builtin_prefetch(p->flags + (size_t)w * nr);
			__builtin_prefetch(g->country + w);
		}
		if (p->need) {
			int32_t c = p->comp_of ? p->comp_of[u] : u;
			if (c >= p->seen && wait_for(p->q, c, &p->seen) < 0)
				return CP_ENOMEM;
		}
		m->match_off[e] = (int32_t)p->n;
		had = p->n;
		for (ri = 0; ri < (int32_t)nr; ri++) {
			int extra;
			if (!match_edge(m, ri, u, cu, cv, fu, &extra))
				continue;
			if (p->n == INT32_MAX || p->n_phase + (size_t)m->s->rules[ri].n_phases > INT32_MAX ||
			    (p->n == p->cap && part_grow(p) < 0))
				return CP_ENOMEM;
			p->edge[p->n] = e;
			p->match[p->n] = ri | (extra ? CP_MATCH_EXTRA : 0);
			p->phase_off[p->n] = (int32_t)p->n_phase;
			p->n_phase += (size_t)m->s->rules[ri].n_phases;
			p->n++;
		}
		if (p->n > had)
			p->matched[p->n_matched++] = e;
	}
	return CP_OK;
}

/* Parts taken from one end until none is left. */
void cp_match_take_parts(cp_match_part *part, int from_back)
{
	cp_matching *q = part[0].q;
	int32_t i;
	while ((i = take_part(q, from_back)) >= 0) {
		part[i].st = part_matches(&part[i]);
		if (q->sync)
			pthread_mutex_lock(&q->mu);
		q->finished++;
		if (q->sync) {
			pthread_cond_broadcast(&q->cv);
			pthread_mutex_unlock(&q->mu);
		}
	}
}

void cp_matching_tags_done(cp_matching *q)
{
	if (q->sync)
		pthread_mutex_lock(&q->mu);
	q->tags_done = 1;
	if (q->sync) {
		pthread_cond_broadcast(&q->cv);
		pthread_mutex_unlock(&q->mu);
	}
}

/* Until every part is worked out and the tags are. */
void cp_matching_wait_parts(cp_matching *q, int32_t n_parts)
{
	if (!q->sync)
		return;
	pthread_mutex_lock(&q->mu);
	while (q->finished < n_parts || !q->tags_done)
		pthread_cond_wait(&q->cv, &q->mu);
	pthread_mutex_unlock(&q->mu);
}

/* The parts joined in edge order into m->match, m->match_edge,
 * m->phase_off and m->match_off, as one pass over all the edges would
 * have made them; part 0's arrays are taken over.  *n, *n_phase: the
 * totals. */
static cp_status join_parts(cp_model *m, cp_match_part *part, int32_t n_parts, size_t *n, size_t *n_phase)
{
	size_t total = 0, phases = 0, edges = 0;
	int32_t i, e;
	for (i = 0; i < n_parts; i++) {
		total += part[i].n;
		phases += part[i].n_phase;
		edges += part[i].n_matched;
	}
	if (total > INT32_MAX || phases > INT32_MAX)
		return CP_ENOMEM;
	if (!(m->match = cp_reallocn(part[0].match, total + 1, sizeof *m->match)))
		return CP_ENOMEM;
	part[0].match = NULL;
	if (!(m->match_edge = cp_reallocn(part[0].edge, total + 1, sizeof *m->match_edge)))
		return CP_ENOMEM;
	part[0].edge = NULL;
	if (!(m->phase_off = cp_reallocn(part[0].phase_off, total + 1, sizeof *m->phase_off)))
		return CP_ENOMEM;
	part[0].phase_off = NULL;
	if (!(m->matched = cp_reallocn(part[0].matched, edges + 1, sizeof *m->matched)))
		return CP_ENOMEM;
	part[0].matched = NULL;
	*n = part[0].n;
	*n_phase = part[0].n_phase;
	m->n_matched = (int32_t)part[0].n_matched;
	for (i = 1; i < n_parts; i++) {
		cp_match_part *p = &part[i];
		size_t k;
		if (p->n) {
			memcpy(m->match + *n, p->match, p->n * sizeof *m->match);
			memcpy(m->match_edge + *n, p->edge, p->n * sizeof *m->match_edge);
			memcpy(m->matched + m->n_matched, p->matched, p->n_matched * sizeof *m->matched);
		}
		for (k = 0; k < p->n; k++)
			m->phase_off[*n + k] = p->phase_off[k] + (int32_t)*n_phase;
		for (e = p->e0; e < p->e1; e++)
			m->match_off[e] += (int32_t)*n;
		*n += p->n;
		*n_phase += p->n_phase;
		m->n_matched += (int32_t)p->n_matched;
	}
	return CP_OK;
}

/* The joined matches (see match_part), then the matches grouped by rule. */
cp_status cp_match_collect(cp_model *m, cp_match_part *part, int32_t n_parts)
{
	const cp_graph *g = m->g;
	int32_t ri, k;
	size_t n = 0, n_phase = 0;
	cp_status st = join_parts(m, part, n_parts, &n, &n_phase);
	if (st != CP_OK)
		return st;
	m->match_off[g->n_edges] = (int32_t)n;
	/* the same matches grouped by rule, so work per rule is its matches */
	m->rule_match_off = cp_callocn((size_t)m->s->n_rules + 2, sizeof *m->rule_match_off);
	m->rule_match = cp_mallocn(n + 1, sizeof *m->rule_match);
	if (!m->rule_match_off || !m->rule_match)
		return CP_ENOMEM;
	for (k = 0; k < (int32_t)n; k++)
		m->rule_match_off[(m->match[k] & ~CP_MATCH_EXTRA) + 2]++;
	for (ri = 0; ri < m->s->n_rules; ri++)
		m->rule_match_off[ri + 2] += m->rule_match_off[ri + 1];
	for (k = 0; k < (int32_t)n; k++)
		m->rule_match[m->rule_match_off[(m->match[k] & ~CP_MATCH_EXTRA) + 1]++] = k;
	m->match_denial = cp_mallocn(n + 1, sizeof *m->match_denial);
	m->match_slot = cp_mallocn(n + 1, sizeof *m->match_slot);
	m->phase_slot = cp_mallocn(n_phase + 1, sizeof *m->phase_slot);
	return m->match_denial && m->match_slot && m->phase_slot ? CP_OK : CP_ENOMEM;
}

/* The parts of the edges (one below m->thread_edges edges), and the
 * component of each node when the schedule is not the nodes' order and
 * some rule reads the content.  NULL when out of memory. */
cp_match_part *cp_match_plan(cp_model *m, const uint8_t *flags, cp_matching *q, int32_t **comp_of, int32_t *n_parts)
{
	const cp_graph *g = m->g;
	const cp_schedule *sc = &m->sc;
	int32_t i, k, n = g->n_edges < m->thread_edges ? 1 : 2 + g->n_edges / CP_PART_EDGES;
	int need = 0, identity = sc->n_comps == g->n_nodes;
	cp_match_part *part = cp_callocn((size_t)n, sizeof *part);
	*comp_of = NULL;
	for (i = 0; i < m->s->n_rules; i++)
		need |= m->s->rules[i].extraterritorial && m->s->rules[i].has_min_content;
	for (i = 0; identity && i < g->n_nodes; i++)
		identity = sc->order[i] == i;
	if (part && need && !identity && (*comp_of = cp_mallocn((size_t)g->n_nodes + 1, sizeof **comp_of)))
		for (k = 0; k < sc->n_comps; k++)
			for (i = sc->comp_off[k]; i < sc->comp_off[k + 1]; i++)
				(*comp_of)[sc->order[i]] = k;
	if (!part || (need && !identity && !*comp_of)) {
		cp_free(part);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		part[i].m = m;
		part[i].flags = flags;
		part[i].q = q;
		part[i].comp_of = *comp_of;
		part[i].need = need;
		part[i].e0 = (int32_t)((int64_t)g->n_edges * i / n);
		part[i].e1 = (int32_t)((int64_t)g->n_edges * (i + 1) / n);
	}
	q->front = 0;
	q->back = *n_parts = n;
	return part;
}

int cp_matching_wait(cp_matching *q, int32_t c)
{
	int32_t seen;
	return wait_for(q, c, &seen);
}

void cp_match_parts_free(cp_match_part *part, int32_t n_parts)
{
	int32_t i;
	for (i = 0; part && i < n_parts; i++) {
		cp_free(part[i].match);
		cp_free(part[i].edge);
		cp_free(part[i].phase_off);
		cp_free(part[i].matched);
	}
	cp_free(part);
}
