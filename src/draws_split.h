/* Draws split across processes (sweep.h): cp_draws_run computes only this
 * process's block of draws, then gathers every per-draw table here. */
#ifndef CP_DRAWS_SPLIT_H
#define CP_DRAWS_SPLIT_H
#include <chokepoint/chokepoint.h>

/* Gather the tables of d after this process's draws ended with st; the
 * status every process should go on with. */
cp_status cp_draws_gather(cp_draws *d, cp_status st);

#endif
