/* Runs a fuzz target over files, without libFuzzer: `make check` replays
 * the regression corpus (inputs that once crashed) with the normal build,
 * under LeakSanitizer where the compiler has it.  With CP_REPLAY_LEAK_PROBE
 * set it leaks a few blocks on purpose, so tests/fuzz/replay.sh can tell
 * whether leaks would fail the replay here. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Blocks whose last pointer is gone, and a stack scrubbed of copies of it
 * (one block alone may still be found in a dead stack slot). */
static void *volatile probe_sink;

static void __attribute__((noinline)) leak_blocks(void)
{
	int i;
	for (i = 0; i < 16; i++) {
		char *p = malloc(64);
		if (p)
			p[0] = 1;
		probe_sink = p;
	}
	probe_sink = NULL;
}

static void __attribute__((noinline)) scrub_stack(void)
{
	volatile char junk[4096];
	memset((char *)junk, 0, sizeof junk);
}

int main(int argc, char **argv)
{
	int i;
	if (getenv("CP_REPLAY_LEAK_PROBE")) {
		leak_blocks();
		scrub_stack();
		return 0;
	}
	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf;
		long n;
		if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			return 1;
		}
		rewind(f);
		if (!(buf = malloc((size_t)n + 1)) || fread(buf, 1, (size_t)n, f) != (size_t)n) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			return 1;
		}
		fclose(f);
		LLVMFuzzerTestOneInput(buf, (size_t)n);
		free(buf);
	}
	printf("replay: %d inputs\n", argc - 1);
	return 0;
}
