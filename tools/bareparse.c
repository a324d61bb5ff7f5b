/* The benchmark's baseline: read a file and parse it whole with cJSON,
 * as a program holding the entire document would. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	FILE *f;
	char *buf;
	long n;
	cJSON *doc;
	if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: bareparse FILE\n");
		return 2;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	if (n < 0 || !(buf = malloc((size_t)n + 1)) || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "bareparse: cannot read %s\n", argv[1]);
		return 1;
	}
	fclose(f);
	doc = cJSON_ParseWithLength(buf, (size_t)n);
	if (!doc) {
		fprintf(stderr, "bareparse: syntax error\n");
		return 1;
	}
	printf("%d top-level members\n", cJSON_GetArraySize(doc));
	cJSON_Delete(doc);
	free(buf);
	return 0;
}
