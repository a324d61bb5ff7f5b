/* Reading a whole input file, with the size cap. */
#ifndef CP_FILEIO_H
#define CP_FILEIO_H
#include <chokepoint/chokepoint.h>

/* The text of an input file, read into memory (cp_read_file). */
typedef struct cp_file {
	const char *buf;
	size_t len;
	int mapped;
} cp_file;

/* Open path; CP_EIO or CP_ELIMIT with a message in log on failure. */
cp_status cp_file_open(cp_file *f, const char *path, size_t max_bytes, cp_log *log);
void cp_file_close(cp_file *f);

#endif
