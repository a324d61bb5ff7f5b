#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <chokepoint/chokepoint.h>

#include "table.h"

int cli_text_width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

void cli_padded(FILE *f, const char *s, int width)
{
	int w = cli_text_width(s);
	fputs(s, f);
	for (; w < width; w++)
		fputc(' ', f);
}

void cli_padded_right(FILE *f, const char *s, int width)
{
	int w = cli_text_width(s);
	for (; w < width; w++)
		fputc(' ', f);
	fputs(s, f);
}

void cli_csv_number(FILE *f, double x)
{
	if (!isnan(x))
		cp_json_number(f, x);
}

const char *cli_thousands(double x, int decimals, char *buf, size_t size)
{
	char digits[64], *dot;
	size_t n, i, o = 0, lead;
	if (isnan(x)) {
		snprintf(buf, size, "-");
		return buf;
	}
	if (!isfinite(x) || fabs(x) >= 1e21) {
		snprintf(buf, size, "%.6g", x);
		return buf;
	}
	snprintf(digits, sizeof digits, "%.*f", decimals, x);
	/* drop trailing zeros of the decimals, and a lone point */
	if ((dot = strchr(digits, '.'))) {
		char *end = digits + strlen(digits) - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*end = '\0';
	}
	if (strcmp(digits, "-0") == 0)
		snprintf(digits, sizeof digits, "0");
	n = strcspn(digits, ".");
	lead = digits[0] == '-';
	for (i = 0; digits[i] && o + 2 < size; i++) {
		buf[o++] = digits[i];
		if (i >= lead && i + 1 < n && (n - i - 1) % 3 == 0)
			buf[o++] = ',';
	}
	buf[o] = '\0';
	return buf;
}
