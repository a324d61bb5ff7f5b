/* chokepoint-mpi: the command-line tool under MPI.  Every rank loads the
 * input and runs the command; the sweeps (draws, Shapley samples, and
 * whatever else calls cp_sweep_range) are split into one block of items per
 * rank and gathered on every rank with MPI_Allgatherv, so what follows runs
 * identically everywhere.  Rank 0 alone prints: its output is the one-process
 * output, byte for byte. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "sweep.h"

int cp_cli_main(int argc, char **argv);

static int gather(void *ctx, void *rows, int64_t n, size_t row_bytes, int ok)
{
	int parts = 0, all_ok = 0, r;
	int *count, *displ;
	MPI_Datatype row;
	(void)ctx;
	MPI_Comm_size(MPI_COMM_WORLD, &parts);
	MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
	if (!all_ok)
		return -1;
	if (n == 0 || row_bytes == 0)
		return 0;
	count = malloc((size_t)parts * sizeof *count);
	displ = malloc((size_t)parts * sizeof *displ);
	ok = count && displ && row_bytes <= (size_t)2147483647 && n <= 2147483647;
	MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
	if (!all_ok) {
		free(count);
		free(displ);
		return -1;
	}
	for (r = 0; r < parts; r++) {
		int64_t first = n * r / parts, last = n * (r + 1) / parts;
		displ[r] = (int)first;
		count[r] = (int)(last - first);
	}
	MPI_Type_contiguous((int)row_bytes, MPI_BYTE, &row);
	MPI_Type_commit(&row);
	r = MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, rows, count, displ, row, MPI_COMM_WORLD);
	MPI_Type_free(&row);
	free(count);
	free(displ);
	return r == MPI_SUCCESS ? 0 : -1;
}

int main(int argc, char **argv)
{
	cp_sweep_hooks h = { NULL, 1, 0, gather };
	int provided, rc;
	MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
	MPI_Comm_size(MPI_COMM_WORLD, &h.parts);
	MPI_Comm_rank(MPI_COMM_WORLD, &h.part);
	if (h.part != 0 && (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))) {
		MPI_Abort(MPI_COMM_WORLD, 3);
		return 3;
	}
	cp_sweep_install(&h);
	rc = cp_cli_main(argc, argv);
	fflush(stdout);
	MPI_Finalize();
	return rc;
}
