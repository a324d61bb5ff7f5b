/* realpath */
#define _XOPEN_SOURCE 700
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "log.h"

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t k = write(fd, buf, len);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (k == 0) {
			errno = EIO;
			return -1;
		}
		buf += k;
		len -= (size_t)k;
	}
	return 0;
}

/* A device or pipe: written in place.  A pipe with no reader fails at
 * once (ENXIO) instead of waiting for one. */
static cp_status write_direct(const char *path, const char *buf, size_t len, cp_log *log)
{
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY);
	int flags;
	if (fd < 0) {
		cp_error(log, "cannot open '%s' for writing: %s", path,
		         errno == ENXIO ? "no process reads from it" : strerror(errno));
		return CP_EIO;
	}
	if ((flags = fcntl(fd, F_GETFL)) >= 0)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	if (write_all(fd, buf, len) < 0) {
		cp_error(log, "cannot write '%s': %s", path, strerror(errno));
		close(fd);
		return CP_EIO;
	}
	if (close(fd) != 0) {
		cp_error(log, "cannot write '%s': %s", path, strerror(errno));
		return CP_EIO;
	}
	return CP_OK;
}

/* The mode a new file gets from open(0666) under the current umask. */
static mode_t new_file_mode(void)
{
	mode_t um = umask(0);
	umask(um);
	return 0666 & ~um;
}

cp_status cp_output_file(const char *path, const char *buf, size_t len, cp_log *log)
{
	return cp_outfile_write(path, buf, len, log);
}

cp_status cp_outfile_write(const char *path, const char *buf, size_t len, cp_log *log)
{
	struct stat st;
	char *real = NULL, *tmp = NULL;
	const char *target = path, *slash;
	size_t dirlen;
	mode_t mode;
	int fd = -1, have_old;
	cp_status status = CP_EIO;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		/* replace what the link points to, not the link */
		if (!(real = realpath(path, NULL))) {
			if (errno != ENOENT) {
				cp_error(log, "cannot resolve '%s': %s", path, strerror(errno));
				return CP_EIO;
			}
			/* a dangling link: create its target in place */
			return write_direct(path, buf, len, log);
		}
		target = real;
	}
	have_old = stat(target, &st) == 0;
	if (have_old && S_ISDIR(st.st_mode)) {
		cp_error(log, "cannot write '%s': is a directory", path);
		goto done;
	}
	if (have_old && !S_ISREG(st.st_mode)) {
		status = write_direct(target, buf, len, log);
		goto done;
	}
	mode = have_old ? (st.st_mode & 07777) : new_file_mode();
	slash = strrchr(target, '/');
	dirlen = slash ? (size_t)(slash - target) + 1 : 0;
	if (!(tmp = cp_malloc(dirlen + 32))) {
		status = CP_ENOMEM;
		cp_error(log, "cannot write '%s': out of memory", path);
		goto done;
	}
	memcpy(tmp, target, dirlen);
	strcpy(tmp + dirlen, ".chokepoint-XXXXXX");
	if ((fd = mkstemp(tmp)) < 0) {
		cp_error(log, "cannot create '%s': %s", path, strerror(errno));
		cp_free(tmp);
		tmp = NULL;
		goto done;
	}
	if (write_all(fd, buf, len) < 0 || fchmod(fd, mode) != 0) {
		cp_error(log, "cannot write '%s': %s", path, strerror(errno));
		goto done;
	}
	if (close(fd) != 0) {
		fd = -1;
		cp_error(log, "cannot write '%s': %s", path, strerror(errno));
		goto done;
	}
	fd = -1;
	if (rename(tmp, target) != 0) {
		cp_error(log, "cannot replace '%s': %s", path, strerror(errno));
		goto done;
	}
	status = CP_OK;
done:
	if (fd >= 0)
		close(fd);
	if (tmp && status != CP_OK)
		unlink(tmp);   /* only ever the file made here */
	cp_free(tmp);
	free(real);
	return status;
}
