/* The reading every number of chokepoint comes with.  A disruption of a
 * static score is a steady state with the shock held for ever and every
 * stock spent, with no re-routing beyond the file's substitutability: an
 * upper bound, not a forecast.  Saying so in each output keeps a quoted
 * figure from being read as "output lost next year". */
#include <stdio.h>

#include "meaning.h"

static const char *const static_assumptions[] = {
	"steady state", "shock held indefinitely", "stocks spent",
	"no re-routing beyond the substitutable fractions in the file",
	"an upper bound on disruption, not a forecast"
};

static const char *const at_assumptions[] = {
	"only the controls and outages in force on the date, with that date's phase",
	"steady state", "shock held indefinitely", "stocks spent", "no lead times",
	"no re-routing beyond the substitutable fractions in the file",
	"an upper bound on disruption, not a forecast"
};

static const char *const timeline_assumptions[] = {
	"day by day as in the files: start and end dates, lead times, phases",
	"transit days and inventories as given, restocked at restock_rate",
	"supply-driven: no re-routing beyond the substitutable fractions, no demand feedback"
};

void cp_meaning_line(FILE *f, cp_meaning_kind kind, int32_t at, int32_t from, int32_t to)
{
	char a[11], b[11];
	switch (kind) {
	case CP_MEANING_STATIC:
		fputs("model:    static: steady state, shock held indefinitely, stocks spent, no re-routing"
		      " (an upper bound)\n", f);
		break;
	case CP_MEANING_AT_DATE:
		cp_date_format(at, a);
		fprintf(f, "model:    the state on %s: rules in force then, held indefinitely, stocks spent,"
		        " no re-routing (an upper bound)\n", a);
		break;
	case CP_MEANING_TIMELINE:
		cp_date_format(from, a);
		cp_date_format(to, b);
		fprintf(f, "model:    timeline %s to %s, day by day as in the files (dates, lead times, stocks)\n", a, b);
		break;
	}
}

void cp_meaning_json(FILE *f, cp_meaning_kind kind, int32_t at, int32_t from, int32_t to)
{
	const char *const *as = static_assumptions;
	size_t n = sizeof static_assumptions / sizeof *as, i;
	char a[11], b[11];

	fputs("\"model\": {\"kind\": ", f);
	switch (kind) {
	case CP_MEANING_STATIC:
		fputs("\"static\", \"horizon\": \"indefinite\"", f);
		break;
	case CP_MEANING_AT_DATE:
		cp_date_format(at, a);
		fprintf(f, "\"at-date\", \"horizon\": \"indefinite from %s\"", a);
		as = at_assumptions;
		n = sizeof at_assumptions / sizeof *as;
		break;
	case CP_MEANING_TIMELINE:
		cp_date_format(from, a);
		cp_date_format(to, b);
		fprintf(f, "\"timeline\", \"horizon\": \"%s/%s\"", a, b);
		as = timeline_assumptions;
		n = sizeof timeline_assumptions / sizeof *as;
		break;
	}
	fputs(", \"assumptions\": [", f);
	for (i = 0; i < n; i++) {
		fputs(i ? ", " : "", f);
		cp_json_string(f, as[i]);
	}
	fputs("]}", f);
}
