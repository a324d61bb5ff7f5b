#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clocale.h"
#include "numfmt.h"

const char *cp_format_thousands(double x, int decimals, char *buf, size_t size)
{
	char digits[400], *dot;
	size_t n, i, o = 0, lead;
	locale_t old;
	if (size == 0)
		return buf;
	if (!isfinite(x)) {
		snprintf(buf, size, "-");
		return buf;
	}
	old = cp_clocale_enter();
	if (fabs(x) >= 1e21) {
		snprintf(buf, size, "%.6g", x);
		cp_clocale_leave(old);
		return buf;
	}
	snprintf(digits, sizeof digits, "%.*f", decimals, x);
	cp_clocale_leave(old);
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

const char *cp_format_value(double x, char *buf, size_t size)
{
	return cp_format_thousands(x, fabs(x) >= 100 ? 0 : 4, buf, size);
}

const char *cp_table_number(char *buf, size_t size, const char *fmt, double x)
{
	locale_t old;
	if (!isfinite(x)) {
		snprintf(buf, size, "-");
		return buf;
	}
	old = cp_clocale_enter();
	snprintf(buf, size, fmt, x);
	cp_clocale_leave(old);
	return buf;
}
