/* Supplier ids resolved to nodes on two threads (see resolve.h). */
#include "resolve.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"

typedef struct resolve_job {
	const cp_graph *g;
	int32_t l0, l1;     /* the lines [l0, l1) */
	int32_t *out;       /* resolved suppliers, by edge */
	int32_t *stamp;     /* per node: the last line that listed it */
	int bad;            /* some supplier needs a message */
} resolve_job;

static void *resolve_lines(void *arg)
{
	resolve_job *j = arg;
	const cp_graph *g = j->g;
	int32_t l, e;
	memset(j->stamp, 0xff, (size_t)g->n_nodes * sizeof *j->stamp);
	for (l = j->l0; l < j->l1; l++)
		for (e = g->edge_off[l]; e < g->edge_off[l + 1]; e++) {
			int32_t u = g->node_of_str[g->supplier[e]];
			if (u < 0 || u == g->consumer[e] || j->stamp[u] == l) {
				j->bad = 1;
				return NULL;
			}
			j->stamp[u] = l;
			j->out[e] = u;
		}
	return NULL;
}

int cp_resolve_suppliers_threaded(cp_graph *g, size_t capacity)
{
	resolve_job job[2];
	int32_t *out, *stamp, lo = 0, hi = g->n_lines;
	pthread_t th;
	int threaded, done = 0;
	if (g->n_edges < CP_RESOLVE_THREAD_EDGES || capacity < (size_t)g->n_edges)
		return 0;
	out = cp_mallocn(capacity, sizeof *out);
	stamp = cp_mallocn(2 * (size_t)g->n_nodes, sizeof *stamp);
	if (!out || !stamp) {
		cp_free(out);
		cp_free(stamp);
		return 0;
	}
	/* the first line whose edges start at or past half of them */
	while (lo < hi) {
		int32_t mid = lo + (hi - lo) / 2;
		if (g->edge_off[mid] < g->n_edges / 2)
			lo = mid + 1;
		else
			hi = mid;
	}
	job[0] = (resolve_job){ g, 0, lo, out, stamp, 0 };
	job[1] = (resolve_job){ g, lo, g->n_lines, out, stamp + g->n_nodes, 0 };
	threaded = pthread_create(&th, NULL, resolve_lines, &job[1]) == 0;
	resolve_lines(&job[0]);
	if (threaded)
		pthread_join(th, NULL);
	else
		resolve_lines(&job[1]);
	if (!job[0].bad && !job[1].bad) {
		cp_free(g->supplier);
		g->supplier = out;
		out = NULL;
		done = 1;
	}
	cp_free(out);
	cp_free(stamp);
	return done;
}
