/* Sweeps split across processes (see sweep.h). */
#include <string.h>

#include "alloc.h"
#include "sweep.h"

static cp_sweep_hooks hooks;
static int installed;

void cp_sweep_install(const cp_sweep_hooks *h)
{
	installed = h && h->parts > 1;
	if (installed)
		hooks = *h;
}

int cp_sweep_active(void)
{
	return installed;
}

void cp_sweep_range(int64_t n, int64_t *first, int64_t *last)
{
	if (!installed) {
		*first = 0;
		*last = n;
		return;
	}
	*first = n * hooks.part / hooks.parts;
	*last = n * (hooks.part + 1) / hooks.parts;
}

int cp_sweep_gather(void *rows, int64_t n, size_t row_bytes, int ok)
{
	if (!installed)
		return ok ? 0 : -1;
	return hooks.gather(hooks.ctx, rows, n, row_bytes, ok);
}

/* Two gathers of one row per process: the counts, then each process's
 * rows padded to the longest block. */
int cp_sweep_gather_varying(void **rows, int64_t *n_rows, size_t row_bytes, int ok)
{
	int64_t *count, most = 0, total = 0, k;
	char *pad = NULL, *all = NULL;
	int bad;
	if (!installed)
		return ok ? 0 : -1;
	count = cp_callocn((size_t)hooks.parts, sizeof *count);
	ok = ok && count;
	if (count)
		count[hooks.part] = *n_rows;
	bad = hooks.gather(hooks.ctx, count, hooks.parts, sizeof *count, ok);
	if (!bad) {
		for (k = 0; k < hooks.parts; k++) {
			most = count[k] > most ? count[k] : most;
			total += count[k];
		}
		pad = cp_callocn((size_t)hooks.parts * (size_t)most + 1, row_bytes);
		all = cp_mallocn((size_t)total + 1, row_bytes);
		ok = pad && all;
		if (ok && *n_rows)
			memcpy(pad + (size_t)hooks.part * (size_t)most * row_bytes, *rows, (size_t)*n_rows * row_bytes);
		bad = hooks.gather(hooks.ctx, pad, hooks.parts, (size_t)most * row_bytes, ok);
	}
	cp_free(*rows);
	*rows = NULL;
	*n_rows = 0;
	if (!bad) {
		for (k = 0, total = 0; k < hooks.parts; k++) {
			if (count[k])
				memcpy(all + (size_t)total * row_bytes, pad + (size_t)k * (size_t)most * row_bytes,
				       (size_t)count[k] * row_bytes);
			total += count[k];
		}
		*rows = all;
		*n_rows = total;
		all = NULL;
	}
	cp_free(count);
	cp_free(pad);
	cp_free(all);
	return bad ? -1 : 0;
}
