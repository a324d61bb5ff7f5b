/* Sweeps split across processes: draws, Shapley samples and knockouts are
 * tables with one row per item, each row a function of its item alone.
 * With hooks installed (the MPI tool does), each process computes the rows
 * of its block of items and a gather gives every process the whole table,
 * so everything after it (statistics, sums in item order, printing) runs as
 * in one process and gives the same bytes.  Without hooks a process does
 * every row and the gather does nothing. */
#ifndef CP_SWEEP_H
#define CP_SWEEP_H
#include <stddef.h>
#include <stdint.h>

typedef struct cp_sweep_hooks {
	void *ctx;
	int parts, part;          /* processes, and which one this is */
	/* After each process filled rows [first, last) of its block (as
	 * cp_sweep_range split them) of an n-row table: every process holds
	 * all n rows.  ok: this process's rows are good.  0 when every
	 * process's were, -1 otherwise (rows then undefined). */
	int (*gather)(void *ctx, void *rows, int64_t n, size_t row_bytes, int ok);
} cp_sweep_hooks;

/* NULL: one process (the default). */
void cp_sweep_install(const cp_sweep_hooks *h);
int cp_sweep_active(void);
/* This process's block of n items: [n * part / parts, n * (part + 1) / parts). */
void cp_sweep_range(int64_t n, int64_t *first, int64_t *last);
int cp_sweep_gather(void *rows, int64_t n, size_t row_bytes, int ok);
/* A table whose blocks have rows of no fixed number (say, the nonzero
 * entries each process found in its block of items): this process's
 * *n_rows rows of row_bytes at *rows (allocated with cp_mallocn, or NULL
 * when none) are replaced by every process's rows, concatenated in process
 * order, and *n_rows by their count.  0 when every process's were good, -1
 * otherwise (*rows then freed and NULL).  Without hooks it changes
 * nothing. */
int cp_sweep_gather_varying(void **rows, int64_t *n_rows, size_t row_bytes, int ok);

#endif
