/* Draws split across processes: every per-draw table gathered (sweep.h). */
#include "draws_split.h"

#include "sweep.h"

cp_status cp_draws_gather(cp_draws *d, cp_status st)
{
	size_t ns = (size_t)d->n_sector_nodes, ng = (size_t)d->n_groups, nd = (size_t)d->n_days;
	int64_t n = d->n_draws;
	int ok = st == CP_OK, bad = 0;
	if (!cp_sweep_active())
		return st;
	bad |= cp_sweep_gather(d->values, n, (size_t)d->n_params * sizeof *d->values, ok);
	if (!d->timeline) {
		bad |= cp_sweep_gather(d->disruption, n, ns * sizeof *d->disruption, ok);
		bad |= cp_sweep_gather(d->value_at_risk, n, ns * sizeof *d->value_at_risk, ok);
		bad |= cp_sweep_gather(d->group_disruption, n, ng * sizeof *d->group_disruption, ok);
		bad |= cp_sweep_gather(d->group_value_at_risk, n, ng * sizeof *d->group_value_at_risk, ok);
	} else {
		bad |= cp_sweep_gather(d->first_below, n, ns * sizeof *d->first_below, ok);
		bad |= cp_sweep_gather(d->lost_value, n, ns * sizeof *d->lost_value, ok);
		bad |= cp_sweep_gather(d->group_first_below, n, ng * sizeof *d->group_first_below, ok);
		bad |= cp_sweep_gather(d->group_lost_value, n, ng * sizeof *d->group_lost_value, ok);
		bad |= cp_sweep_gather(d->bands, n, (ns + ng) * nd * sizeof *d->bands, ok);
	}
	if (st == CP_OK && bad)
		st = CP_EINTERNAL;
	return st;
}
