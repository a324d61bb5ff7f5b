/* Row orders for the tables (--sort). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A merge sort keeps ties in file order without qsort's instability. */
typedef struct row { double key; const char *name; int32_t index; } row;

static int before(const row *a, const row *b, cp_sort sort)
{
	if (sort == CP_SORT_ID) {
		int c = strcmp(a->name, b->name);
		return c ? c < 0 : a->index < b->index;
	}
	if (sort == CP_SORT_FILE)
		return a->index < b->index;
	/* larger first, NaN (no value) last */
	if (isnan(a->key) != isnan(b->key))
		return !isnan(a->key);
	if (!isnan(a->key) && a->key != b->key)
		return a->key > b->key;
	return a->index < b->index;
}

static void merge_sort(row *a, row *tmp, int32_t n, cp_sort sort)
{
	int32_t h = n / 2, i = 0, j = h, k = 0;
	if (n < 2)
		return;
	merge_sort(a, tmp, h, sort);
	merge_sort(a + h, tmp, n - h, sort);
	while (i < h && j < n)
		tmp[k++] = before(&a[j], &a[i], sort) ? a[j++] : a[i++];
	while (i < h)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, (size_t)n * sizeof *a);
}

int32_t cp_result_order(const cp_result *r, cp_sort sort, int groups, int32_t *order)
{
	const cp_graph *g = r->g;
	int32_t n = groups ? r->n_groups : r->n_sector_nodes, i;
	row *rows = malloc(((size_t)n + 1) * sizeof *rows), *tmp = malloc(((size_t)n + 1) * sizeof *tmp);

	if (!rows || !tmp) {
		/* no room to sort: file order is still an order */
		for (i = 0; i < n; i++)
			order[i] = i;
		free(rows);
		free(tmp);
		return n;
	}
	for (i = 0; i < n; i++) {
		rows[i].index = i;
		if (groups) {
			const cp_sector_group *gr = &r->groups[i];
			rows[i].name = cp_graph_str(g, gr->sector);
			rows[i].key = sort == CP_SORT_VALUE ? gr->value_at_risk : gr->disruption;
		} else {
			int32_t v = r->sector_nodes[i];
			rows[i].name = cp_node_id(g, v);
			rows[i].key = sort == CP_SORT_VALUE ? r->disruption[v] * g->output[v] : r->disruption[v];
		}
	}
	merge_sort(rows, tmp, n, sort);
	for (i = 0; i < n; i++)
		order[i] = rows[i].index;
	free(rows);
	free(tmp);
	return n;
}
