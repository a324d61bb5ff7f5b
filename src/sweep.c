/* Sweeps split across processes (see sweep.h). */
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
