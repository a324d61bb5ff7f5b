/* ISO dates as day numbers (days since 1970-01-01, proleptic Gregorian), so
 * the timeline counts days with integer arithmetic and no time zone or
 * locale can move a date. */
#include <stdio.h>
#include <string.h>

#include <chokepoint/chokepoint.h>

static int is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d (the civil-from-days inverse, Hinnant's
 * algorithm: eras of 400 years starting in March). */
static int32_t days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

int cp_date_parse(const char *s, int32_t *day)
{
	long y = 0;
	int m, d, i;
	static const char shape[] = "dddd-dd-dd";
	if (strlen(s) != 10)
		return -1;
	for (i = 0; i < 10; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
			return -1;
	for (i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*day = days_from_civil(y, m, d);
	return 0;
}

void cp_date_format(int32_t day, char buf[11])
{
	long z = (long)day + 719468, era, doe, yoe, y, doy, mp, d, m;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 1 || y > 9999) {
		strcpy(buf, "0000-00-00");
		return;
	}
	snprintf(buf, 11, "%04ld-%02ld-%02ld", y, m, d);
}
