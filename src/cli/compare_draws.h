/* The draw-by-draw difference of compare --draws. */
#ifndef CP_CLI_COMPARE_DRAWS_H
#define CP_CLI_COMPARE_DRAWS_H
#include <chokepoint/chokepoint.h>

typedef struct compare_draws {
	const cp_draws *base, *with;
	int32_t *with_index;      /* per base sector node: the with side's, or -1 */
	cp_stat *delta;           /* with - base disruption, per base sector node */
	cp_stat *delta_value;     /* likewise value at risk */
} compare_draws;

/* 0, or -1 when memory runs out. */
int compare_draws_make(compare_draws *c, const cp_draws *b, const cp_draws *w);
void compare_draws_free(compare_draws *c);
/* A "draws" member (key, value and a trailing comma) for the JSON object. */
void compare_draws_json(FILE *f, const compare_draws *c);
void compare_draws_csv(FILE *f, const compare_draws *c);
void compare_draws_table(FILE *f, const compare_draws *c);

#endif
