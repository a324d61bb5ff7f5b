#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>

#include "alloc.h"
#include "log.h"

static cp_status read_all(const char *path, size_t max_bytes, char **out, size_t *len, cp_log *log)
{
	FILE *f;
	struct stat st;
	char *buf = NULL;
	size_t n = 0, m = 0;

	*out = NULL;
	*len = 0;
	if (!(f = fopen(path, "rb"))) {
		cp_error_code(log, CP_DIAG_IO, "%s: cannot open: %s", path, strerror(errno));
		return CP_EIO;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		cp_error_code(log, CP_DIAG_IO, "%s: is a directory", path);
		fclose(f);
		return CP_EIO;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
		if ((unsigned long long)st.st_size > max_bytes) {
			cp_error_code(log, CP_DIAG_LIMIT, "%s: file is %llu bytes, more than the limit of %zu (see --max-file-size)",
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
			cp_error_code(log, CP_DIAG_LIMIT, "%s: input longer than the limit of %zu bytes (see --max-file-size)", path, max_bytes);
			cp_free(buf);
			fclose(f);
			return CP_ELIMIT;
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		cp_error_code(log, CP_DIAG_IO, "%s: read error: %s", path, strerror(errno));
		cp_free(buf);
		fclose(f);
		return CP_EIO;
	}
	fclose(f);
	*out = buf;
	*len = n;
	return CP_OK;
}

cp_status cp_file_open(cp_file *f, const char *path, size_t max_bytes, cp_log *log)
{
	struct stat st;
	char *buf;
	int fd;
	cp_status status;

	f->buf = NULL;
	f->len = 0;
	f->mapped = 0;
	fd = open(path, O_RDONLY);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		void *p;
		if ((unsigned long long)st.st_size > max_bytes) {
			cp_error_code(log, CP_DIAG_LIMIT, "%s: file is %llu bytes, more than the limit of %zu (see --max-file-size)",
			         path, (unsigned long long)st.st_size, max_bytes);
			close(fd);
			return CP_ELIMIT;
		}
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
		if (p != MAP_FAILED) {
			posix_madvise(p, (size_t)st.st_size, POSIX_MADV_SEQUENTIAL);
			f->buf = p;
			f->len = (size_t)st.st_size;
			f->mapped = 1;
			return CP_OK;
		}
	} else if (fd >= 0) {
		close(fd);
	}
	if ((status = read_all(path, max_bytes, &buf, &f->len, log)) == CP_OK)
		f->buf = buf;
	return status;
}

void cp_file_close(cp_file *f)
{
	if (f->mapped)
		munmap((void *)f->buf, f->len);
	else
		cp_free((void *)f->buf);
	f->buf = NULL;
	f->len = 0;
	f->mapped = 0;
}
