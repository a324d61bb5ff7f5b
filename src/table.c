#include "table.h"

#include <math.h>
#include <stdio.h>

#include "clocale.h"

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
