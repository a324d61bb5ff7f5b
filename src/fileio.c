/* mmap's MAP_ANONYMOUS, madvise */
#define _DEFAULT_SOURCE
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "log.h"

/* Files are read, never mapped: a mapped file that another process
 * truncates kills the reader with SIGBUS, and a library cannot own the
 * process's signal handlers. */

static cp_status io_error(cp_log *log, const char *path, const char *what, int err)
{
	cp_error_code(log, CP_DIAG_IO, "%s: %s: %s", path, what, strerror(err));
	return CP_EIO;
}

/* The first byte that is not white space (or a byte order mark) must open
 * a JSON document, and no JSON text holds a NUL: checked on every chunk of
 * a stream, so /dev/zero or /dev/urandom fail at their first bytes. */
typedef struct sniff {
	size_t seen;       /* bytes checked */
	int started;       /* the first significant byte was seen */
} sniff;

static int sniff_bytes(sniff *s, const char *buf, size_t n, const char *path, cp_log *log)
{
	size_t i;
	for (i = s->seen; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c == 0) {
			cp_error_code(log, CP_DIAG_SYNTAX, "%s: not JSON text: NUL byte at offset %zu", path, i);
			return -1;
		}
		if (s->started)
			continue;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || (i < 3 && (c == 0xef || c == 0xbb || c == 0xbf)))
			continue;
		if (c != '{' && c != '[') {
			cp_error_code(log, CP_DIAG_SYNTAX, "%s: not a JSON document: starts with byte 0x%02x at offset %zu", path, c, i);
			return -1;
		}
		s->started = 1;
	}
	s->seen = n;
	return 0;
}

/* Read fd to its end, at most max_bytes; expect is the size fstat gave
 * (0 for a stream).  A pipe is waited on with poll, so a FIFO that had no
 * writer when opened reads as empty instead of blocking. */
static cp_status read_fd(int fd, int stream, size_t expect, size_t max_bytes, const char *path,
                         char **out, size_t *len, cp_log *log)
{
	char *buf = NULL;
	size_t n = 0, m = 0;
	sniff sn = { 0, 0 };
	cp_status st = CP_OK;

	for (;;) {
		ssize_t got;
		if (n == m) {
			/* the size we were told, then doubling, never past the cap (+1 to see it passed) */
			size_t want = m ? (m > (max_bytes + 1) / 2 ? max_bytes + 1 : 2 * m)
			                : (expect ? expect + 1 : 65536);
			char *b;
			if (want > max_bytes + 1)
				want = max_bytes + 1;
			if (want <= n)
				want = n + 1;
			if (!(b = cp_realloc(buf, want))) {
				st = CP_ENOMEM;
				cp_error_code(log, CP_DIAG_NOMEM, "%s: out of memory", path);
				break;
			}
			buf = b;
			m = want;
		}
		got = read(fd, buf + n, m - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && errno == EAGAIN && stream) {
			struct pollfd p = { fd, POLLIN, 0 };
			if (poll(&p, 1, -1) < 0 && errno != EINTR) {
				st = io_error(log, path, "read error", errno);
				break;
			}
			continue;
		}
		if (got < 0) {
			st = io_error(log, path, "read error", errno);
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > max_bytes) {
			cp_error_code(log, CP_DIAG_LIMIT, "%s: input longer than the limit of %zu bytes (see --max-file-size)", path, max_bytes);
			st = CP_ELIMIT;
			break;
		}
		if (stream && sniff_bytes(&sn, buf, n, path, log) < 0) {
			st = CP_EINVAL;
			break;
		}
	}
	if (st != CP_OK) {
		cp_free(buf);
		return st;
	}
	*out = buf;
	*len = n;
	return CP_OK;
}

cp_status cp_read_file(const char *path, size_t max_bytes, char **out, size_t *len, cp_log *log)
{
	struct stat st;
	int fd, is_stdin = strcmp(path, "-") == 0;
	int stream;
	cp_status status;

	*out = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO nobody writes to would wait forever */
	fd = is_stdin ? 0 : open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return io_error(log, path, "cannot open", errno);
	if (fstat(fd, &st) != 0) {
		status = io_error(log, path, "cannot open", errno);
		goto done;
	}
	if (S_ISDIR(st.st_mode)) {
		cp_error_code(log, CP_DIAG_IO, "%s: is a directory", path);
		status = CP_EIO;
		goto done;
	}
	stream = !S_ISREG(st.st_mode);
	if (stream && !S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode) && !is_stdin) {
		/* a device: never a file of JSON text (use '-' for a terminal) */
		cp_error_code(log, CP_DIAG_IO, "%s: not a regular file, pipe or '-'", path);
		status = CP_EIO;
		goto done;
	}
	if (!stream) {
		int flags = fcntl(fd, F_GETFL);
		if (flags >= 0)
			fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
		if ((unsigned long long)st.st_size > max_bytes) {
			cp_error_code(log, CP_DIAG_LIMIT, "%s: file is %llu bytes, more than the limit of %zu (see --max-file-size)",
			         path, (unsigned long long)st.st_size, max_bytes);
			status = CP_ELIMIT;
			goto done;
		}
	}
	status = read_fd(fd, stream, stream ? 0 : (size_t)st.st_size, max_bytes, path, out, len, log);
	if (status == CP_OK && stream && *len == 0) {
		cp_error_code(log, CP_DIAG_IO, "%s: nothing to read (no process writes to it)", path);
		cp_free(*out);
		*out = NULL;
		status = CP_EIO;
	}
done:
	if (!is_stdin)
		close(fd);
	return status;
}

void cp_text_free(char *buf)
{
	cp_free(buf);
}

/* Regular files from this size on are read into pages of their own. */
#define CP_DROPPABLE_MIN ((size_t)1 << 20)

static void *pages(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* Regular files from this size on are read by two threads at once: the
 * copy out of the page cache and the faults of fresh pages cost CPU, not
 * waiting, so halves read in parallel take half the time. */
#define CP_SPLIT_READ_MIN ((size_t)64 << 20)

typedef struct part_read {
	int fd;
	char *buf;
	size_t off, len, got;   /* bytes [off, off + len) of the file, got of them */
	int err;
} part_read;

static void *read_part(void *arg)
{
	part_read *p = arg;
	while (p->got < p->len) {
		ssize_t got = pread(p->fd, p->buf + p->off + p->got, p->len - p->got, (off_t)(p->off + p->got));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			p->err = got < 0 ? errno : 0;
			break;
		}
		p->got += (size_t)got;
	}
	return NULL;
}

/* The first expect bytes of a regular file, halves on two threads: how
 * many were read in a row from the start (the file may have shrunk), with
 * the file offset set after them so reading on sees whether it grew.
 * 0 when a thread could not start; -1 with *err on a read error. */
static long long read_halves(int fd, char *buf, size_t expect, int *err)
{
	size_t half = expect / 2 & ~(size_t)4095;
	part_read a = { fd, buf, 0, half, 0, 0 }, b = { fd, buf, half, expect - half, 0, 0 };
	pthread_t th;
	size_t n;
	if (pthread_create(&th, NULL, read_part, &b) != 0)
		return 0;
	read_part(&a);
	pthread_join(th, NULL);
	if (a.err || b.err) {
		*err = a.err ? a.err : b.err;
		return -1;
	}
	n = a.got < half ? a.got : half + b.got;
	if (lseek(fd, (off_t)n, SEEK_SET) < 0) {
		*err = errno;
		return -1;
	}
	return (long long)n;
}

/* read_fd for a regular file of expect bytes, into fresh pages (one more
 * byte than the file, so a file that grew meanwhile is seen to). */
static cp_status read_pages(int fd, size_t expect, size_t max_bytes, const char *path, cp_file *f, cp_log *log)
{
	size_t m = expect + 1, n = 0;
	char *buf = pages(m);
	cp_status st = CP_OK;

	if (!buf) {
		cp_error_code(log, CP_DIAG_NOMEM, "%s: out of memory", path);
		return CP_ENOMEM;
	}
	if (expect >= CP_SPLIT_READ_MIN && expect <= max_bytes) {
		int err = 0;
		long long got = read_halves(fd, buf, expect, &err);
		if (got < 0) {
			munmap(buf, m);
			return io_error(log, path, "read error", err);
		}
		n = (size_t)got;
	}
	for (;;) {
		ssize_t got;
		if (n == m) {
			size_t want = m > (max_bytes + 1) / 2 ? max_bytes + 1 : 2 * m;
			char *b;
			if (want <= n)
				want = n + 1;
			if (!(b = pages(want))) {
				st = CP_ENOMEM;
				cp_error_code(log, CP_DIAG_NOMEM, "%s: out of memory", path);
				break;
			}
			memcpy(b, buf, n);
			munmap(buf, m);
			buf = b;
			m = want;
		}
		got = read(fd, buf + n, m - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			st = io_error(log, path, "read error", errno);
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > max_bytes) {
			cp_error_code(log, CP_DIAG_LIMIT, "%s: input longer than the limit of %zu bytes (see --max-file-size)", path, max_bytes);
			st = CP_ELIMIT;
			break;
		}
	}
	if (st != CP_OK) {
		munmap(buf, m);
		return st;
	}
	f->buf = buf;
	f->len = n;
	f->droppable = 1;
	f->size = m;
	return CP_OK;
}

cp_status cp_file_open(cp_file *f, const char *path, size_t max_bytes, cp_log *log)
{
	struct stat sb;
	char *buf;
	cp_status st;
	int fd;
	f->buf = NULL;
	f->len = 0;
	f->droppable = 0;
	f->size = 0;
	/* a large regular file (opened as cp_read_file opens one); anything
	 * else, or any failure, is cp_read_file's to report */
	if (strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY)) >= 0) {
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (unsigned long long)sb.st_size >= CP_DROPPABLE_MIN &&
		    (unsigned long long)sb.st_size <= max_bytes) {
			int flags = fcntl(fd, F_GETFL);
			if (flags >= 0)
				fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
			st = read_pages(fd, (size_t)sb.st_size, max_bytes, path, f, log);
			close(fd);
			return st;
		}
		close(fd);
	}
	if ((st = cp_read_file(path, max_bytes, &buf, &f->len, log)) == CP_OK)
		f->buf = buf;
	return st;
}

void cp_file_close(cp_file *f)
{
	if (f->droppable)
		munmap((void *)f->buf, f->size);
	else
		cp_free((void *)f->buf);
	f->buf = NULL;
	f->len = 0;
	f->droppable = 0;
	f->size = 0;
}

void cp_text_drop(const char *buf, size_t from, size_t to)
{
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t beg = (uintptr_t)buf + from, end = (uintptr_t)buf + to;
	if (page <= 0 || to <= from)
		return;
	beg &= ~((uintptr_t)page - 1);
	end &= ~((uintptr_t)page - 1);
	if (end > beg)
		madvise((void *)beg, end - beg, MADV_DONTNEED);
}
