/* The draws' summaries (MODEL.md 8): per sector node and group, mean,
 * standard deviation and percentiles of each measure, and the parameters
 * each result hangs on (Spearman). */
#ifndef CP_DRAWS_STATS_H
#define CP_DRAWS_STATS_H
#include <chokepoint/chokepoint.h>

/* Fill d's summaries from its per-draw tables (and replace the timeline's
 * per-draw series by their bands), on up to threads threads; the numbers
 * do not depend on threads. */
cp_status cp_draws_statistics(cp_draws *d, int32_t threads);

#endif
