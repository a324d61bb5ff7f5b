#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clocale.h"
#include "numfmt.h"

/* x written as its integer digits v with a point before the last k of
 * them, no zero after the point at the end, into buf (of at least 24
 * bytes). */
static void write_scaled(char *buf, int neg, uint64_t v, int k)
{
	char d[24];
	int n = 0, i, o = 0;
	/* x * 10^k can come out whole at a k past the last nonzero place */
	while (k && v % 10 == 0) {
		v /= 10;
		k--;
	}
	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v || n <= k);     /* at least one digit before the point */
	if (neg)
		buf[o++] = '-';
	for (i = n - 1; i >= 0; i--) {
		buf[o++] = d[i];
		if (i == k && k)
			buf[o++] = '.';
	}
	buf[o] = '\0';
}

/* cp_format_exact without printf for the numbers tables mostly hold:
 * whole numbers under 1e15 and decimals of up to 6 places from 1e-4 on
 * that read back as x.  Those are what %.15g writes (the digits nearest x
 * are these, and %g writes no exponent between 1e-4 and 1e15), and
 * printf's conversion of a double costs more than the rest of a row.
 * 0 when x is not such a number. */
static int format_short(double x, char *buf)
{
	static const double p10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6 };
	double ax = fabs(x);
	int k;
	if (!(ax >= 1e-4 && ax < 1e15))
		return 0;
	for (k = 0; k <= 6; k++) {
		double y = ax * p10[k];
		if (y >= 1e15)
			return 0;
		if (y != floor(y))
			continue;
		write_scaled(buf, x < 0, (uint64_t)y, k);
		/* a whole number is exact; a scaled one may have rounded */
		return k == 0 || strtod(buf, NULL) == x;
	}
	return 0;
}

const char *cp_format_exact(double x, char *buf, size_t size)
{
	int digits;
	if (x == 0) {
		snprintf(buf, size, "0");
		return buf;
	}
	if (size >= 32 && format_short(x, buf))
		return buf;
	for (digits = 15; digits < 17; digits++) {
		snprintf(buf, size, "%.*g", digits, x);
		if (strtod(buf, NULL) == x)
			return buf;
	}
	snprintf(buf, size, "%.17g", x);
	return buf;
}

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
