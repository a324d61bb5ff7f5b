/* Reading a whole input file, with the size cap. */
#ifndef CP_FILEIO_H
#define CP_FILEIO_H
#include <chokepoint/chokepoint.h>

/* Read path into a new buffer (caller frees with cp_free).  CP_EIO or
 * CP_ELIMIT with a message in log on failure. */
cp_status cp_read_file(const char *path, size_t max_bytes, char **buf, size_t *len, cp_log *log);

#endif
