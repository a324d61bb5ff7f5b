/* Shapley shares of the disruption among the players (MODEL.md 3.1). */
#ifndef CP_SHARES_H
#define CP_SHARES_H
#include "model.h"

/* Fill r->shares (and r->shares_stderr when estimated) and r->group_shares
 * for the players in force in the variant base: exact over every subset up
 * to CP_SHARES_EXACT_MAX players, else from o->share_samples random orders
 * drawn from o->seed.  r's disruption and groups must be final. */
cp_status cp_shares(cp_result *r, const cp_variant *base, const cp_score_opts *o);

/* A 64-bit generator for stream i of seed (splitmix64), so sample i
 * depends only on (seed, i), whichever thread or process draws it. */
typedef struct cp_rng { uint64_t s; } cp_rng;
void cp_rng_seed(cp_rng *g, uint64_t seed, uint64_t stream);
uint64_t cp_rng_next(cp_rng *g);
/* Uniform in [0, n). */
uint64_t cp_rng_below(cp_rng *g, uint64_t n);

#endif
