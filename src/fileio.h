/* Reading a whole input file, with the size cap. */
#ifndef CP_FILEIO_H
#define CP_FILEIO_H
#include <chokepoint/chokepoint.h>

/* The text of an input file, read into memory (cp_read_file).  A large
 * regular file is read into pages of its own (droppable), whose consumed
 * parts cp_text_drop gives back while the rest is still being read. */
typedef struct cp_file {
	const char *buf;
	size_t len;
	int droppable;
	size_t size;          /* of the pages, when droppable */
} cp_file;

/* Open path; CP_EIO or CP_ELIMIT with a message in log on failure. */
cp_status cp_file_open(cp_file *f, const char *path, size_t max_bytes, cp_log *log);
void cp_file_close(cp_file *f);

/* Nothing before buf + to of a droppable text will be read again: give back
 * its whole pages from the one holding buf + from (where the last call
 * stopped).  They read as zero bytes afterwards. */
void cp_text_drop(const char *buf, size_t from, size_t to);

#endif
