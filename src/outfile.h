/* Writing an output file without ever destroying what was there. */
#ifndef CP_OUTFILE_H
#define CP_OUTFILE_H
#include <chokepoint/chokepoint.h>

/* Write len bytes of buf to path.  A regular file (or a new one) is
 * written to a temporary file in the same folder and renamed over the
 * target only once every byte is written, so a failure leaves the old file
 * as it was; a symbolic link is followed and its target replaced the same
 * way.  Anything else (a device, a pipe) is written directly, and never
 * removed.  CP_EIO with a message naming path on failure. */
cp_status cp_outfile_write(const char *path, const char *buf, size_t len, cp_log *log);

#endif
