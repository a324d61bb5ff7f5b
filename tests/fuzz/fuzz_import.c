/* libFuzzer target: import's CSV reading and cell checks on arbitrary bytes.
 * The input is the node table, a NUL byte, then the line table; each goes
 * through a file because import reads files, as a spreadsheet leaves them. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <chokepoint/chokepoint.h>

#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int write_temp(char *path, const uint8_t *p, size_t n)
{
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	if (n && write(fd, p, n) != (ssize_t)n) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char nodes[] = "/tmp/cp-fuzz-nodes-XXXXXX", lines[] = "/tmp/cp-fuzz-lines-XXXXXX";
	const uint8_t *nul = memchr(data, 0, size);
	size_t n1 = nul ? (size_t)(nul - data) : size;
	cp_import_opts o = { 2, NULL, NULL };
	char *json = NULL;
	cp_log log;

	if (write_temp(nodes, data, n1) < 0)
		return 0;
	if (write_temp(lines, nul ? nul + 1 : data, nul ? size - n1 - 1 : 0) < 0) {
		unlink(nodes);
		return 0;
	}
	cp_log_init(&log);
	cp_import_csv(nodes, lines, &o, NULL, &json, &log);
	free(json);
	cp_log_free(&log);
	unlink(nodes);
	unlink(lines);
	return 0;
}
