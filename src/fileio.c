#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "log.h"

cp_status cp_read_file(const char *path, size_t max_bytes, char **out, size_t *len, cp_log *log)
{
	FILE *f;
	struct stat st;
	char *buf = NULL;
	size_t n = 0, m = 0;

	*out = NULL;
	*len = 0;
	if (!(f = fopen(path, "rb"))) {
		cp_error(log, "%s: cannot open: %s", path, strerror(errno));
		return CP_EIO;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		cp_error(log, "%s: is a directory", path);
		fclose(f);
		return CP_EIO;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
		if ((unsigned long long)st.st_size > max_bytes) {
			cp_error(log, "%s: file is %llu bytes, more than the limit of %zu (see --max-file-size)",
			         path, (unsigned long long)st.st_size, max_bytes);
			fclose(f);
			return CP_ELIMIT;
		}
		m = (size_t)st.st_size + 1;
		if (!(buf = cp_malloc(m))) {
			fclose(f);
			return CP_ENOMEM;
		}
	}
	/* Read to the end even for a regular file: it may grow, and pipes have no size. */
	for (;;) {
		size_t got;
		if (n == m && cp_grow((void **)&buf, &m, n + 65536, 1) < 0) {
			cp_free(buf);
			fclose(f);
			return CP_ENOMEM;
		}
		got = fread(buf + n, 1, m - n, f);
		n += got;
		if (n > max_bytes) {
			cp_error(log, "%s: input longer than the limit of %zu bytes (see --max-file-size)", path, max_bytes);
			cp_free(buf);
			fclose(f);
			return CP_ELIMIT;
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		cp_error(log, "%s: read error: %s", path, strerror(errno));
		cp_free(buf);
		fclose(f);
		return CP_EIO;
	}
	fclose(f);
	*out = buf;
	*len = n;
	return CP_OK;
}
