/* What the timeline chart shows, worked out without PLplot: event marks
 * and their rows, month ticks, short texts and the top panel's series. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_internal.h"
#include "log.h"

int32_t chart_marks(const cp_timeline *t, chart_mark **out)
{
	int32_t i, n = 0;
	*out = NULL;
	if (t->n_events <= 0)
		return 0;
	if (!(*out = malloc((size_t)t->n_events * sizeof **out)))
		return -1;
	for (i = 0; i < t->n_events; i++) {
		int32_t day = t->events[i].day - t->from;
		if (n && (*out)[n - 1].day == day) {
			(*out)[n - 1].n++;
			continue;
		}
		(*out)[n].day = day;
		(*out)[n].first = i;
		(*out)[n].n = 1;
		n++;
	}
	return n;
}

int32_t chart_cluster(const chart_mark *m, int32_t n, double span, chart_label *out)
{
	int32_t i, k = 0;
	for (i = 0; i < n; i++) {
		if (k && m[i].day - m[out[k - 1].first].day <= span) {
			out[k - 1].last = i;
			out[k - 1].x = (m[out[k - 1].first].day + m[i].day) / 2.0;
			continue;
		}
		out[k].first = out[k].last = i;
		out[k].x = m[i].day;
		out[k].row = 0;
		k++;
	}
	return k;
}

int chart_stagger(chart_label *l, int32_t n, const double *left, const double *right,
                  double gap, int max_rows, int *overlap)
{
	double end[16];
	int used = 0, r;
	int32_t k;
	*overlap = 0;
	if (max_rows > (int)(sizeof end / sizeof *end))
		max_rows = (int)(sizeof end / sizeof *end);
	if (max_rows < 1)
		max_rows = 1;
	for (k = 0; k < n; k++) {
		int best = -1;
		for (r = 0; r < used; r++)
			if (end[r] + gap <= left[k]) {
				best = r;
				break;
			}
		if (best < 0 && used < max_rows)
			best = used++;
		if (best < 0) { /* every row is taken here: the one that frees up first */
			*overlap = 1;
			for (best = 0, r = 1; r < used; r++)
				if (end[r] < end[best])
					best = r;
		}
		l[k].row = best;
		end[best] = right[k];
	}
	return used;
}

static void ymd(int32_t day, int *y, int *m, int *d)
{
	char buf[11];
	cp_date_format(day, buf);
	*y = atoi(buf);
	*m = atoi(buf + 5);
	*d = atoi(buf + 8);
}

int chart_month_step(int32_t n_days, int max_ticks)
{
	static const int steps[] = { 1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000, 12000 };
	double months = n_days / 30.436875;
	size_t i;
	if (max_ticks < 2)
		max_ticks = 2;
	for (i = 0; i < sizeof steps / sizeof *steps; i++)
		if (months / steps[i] + 1 <= max_ticks)
			return steps[i];
	return steps[sizeof steps / sizeof *steps - 1];
}

int chart_ticks(int32_t from, int32_t n_days, int step, chart_tick *out, int max)
{
	static const char names[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int y, m, d, n = 0;
	long months;
	if (step < 1)
		step = 1;
	ymd(from, &y, &m, &d);
	months = (long)y * 12 + (m - 1) + (d > 1); /* the first month start on or after from */
	months += (step - months % step) % step;
	for (; n < max; months += step) {
		char date[11];
		int32_t day;
		int yy = (int)(months / 12), mm = (int)(months % 12) + 1;
		if (yy > 9999)
			break;
		snprintf(date, sizeof date, "%04d-%02d-01", yy, mm);
		if (cp_date_parse(date, &day) != 0 || day - from >= n_days)
			break;
		out[n].day = day - from;
		memcpy(out[n].month, names[mm - 1], 4);
		if (n == 0 || mm == 1)
			snprintf(out[n].year, sizeof out[n].year, "%04d", yy);
		else
			out[n].year[0] = '\0';
		n++;
	}
	return n;
}

/* Append to buf (size bytes, used so far *len); cut with "..." at the end. */
static void put(char *buf, size_t size, size_t *len, const char *fmt, ...) CP_PRINTF(4, 5);

static void put(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int k;
	if (*len + 1 >= size)
		return;
	va_start(ap, fmt);
	k = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	if ((size_t)k >= size - *len) {
		*len = size - 1;
		if (size >= 4)
			memcpy(buf + size - 4, "...", 4);
		return;
	}
	*len += (size_t)k;
}

static void event_text(const cp_timeline *t, const cp_event *e, char *buf, size_t size, size_t *len)
{
	const cp_scenario *s = t->s;
	char name[32];
	switch (e->kind) {
	case CP_EVENT_RULE_START:
		put(buf, size, len, "%s in force", s->rules[e->index].id);
		if (s->rules[e->index].lead_days > 0)
			put(buf, size, len, ", %g-day licence review", s->rules[e->index].lead_days);
		break;
	case CP_EVENT_LEAD_END:
		put(buf, size, len, "%s licence review over", s->rules[e->index].id);
		break;
	case CP_EVENT_PHASE: {
		const cp_phase *p = &s->rules[e->index].phases[e->phase - 1];
		put(buf, size, len, "%s phase %d", s->rules[e->index].id, e->phase);
		if (p->has_denial)
			put(buf, size, len, ", denial %.3g", p->denial);
		if (p->has_end_use)
			put(buf, size, len, ", end-use denials");
		if (p->has_buyers)
			put(buf, size, len, ", buyer denials");
		break;
	}
	case CP_EVENT_RULE_END:
		put(buf, size, len, "%s ends", s->rules[e->index].id);
		break;
	case CP_EVENT_OUTAGE_START:
		put(buf, size, len, "%s begins, loss %g", cp_player_name(s, s->n_rules + e->index, name, sizeof name),
		    s->outages[e->index].loss);
		break;
	case CP_EVENT_OUTAGE_END:
		put(buf, size, len, "%s ends", cp_player_name(s, s->n_rules + e->index, name, sizeof name));
		break;
	}
}

void chart_event_text(const cp_timeline *t, const cp_event *e, char *buf, size_t size)
{
	size_t len = 0;
	if (!size)
		return;
	buf[0] = '\0';
	event_text(t, e, buf, size, &len);
}

void chart_escape(const char *s, char *buf, size_t size)
{
	size_t o = 0;
	if (!size)
		return;
	for (; *s; s++) {
		size_t need = *s == '#' ? 2 : 1;
		if (o + need >= size)
			break;
		buf[o++] = *s;
		if (*s == '#')
			buf[o++] = '#';
	}
	/* cut short: never end inside a UTF-8 sequence */
	if (*s && o > 0) {
		size_t start = o - 1, want;
		unsigned char lead;
		while (start > 0 && ((unsigned char)buf[start] & 0xC0) == 0x80)
			start--;
		lead = (unsigned char)buf[start];
		want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
		if (o - start < want)
			o = start;
	}
	buf[o] = '\0';
}

const char *chart_draws_mismatch(const cp_timeline *t, const cp_draws *d)
{
	int32_t i;
	if (!d->timeline || !d->bands)
		return "they are not timeline draws";
	if (d->from != t->from || d->n_days != t->n_days)
		return "their horizon is not the timeline's";
	if (d->n_sector_nodes != t->n_sector_nodes || d->n_groups != t->n_groups)
		return "their sectors are not the timeline's";
	for (i = 0; i < t->n_sector_nodes; i++)
		if (d->sector_nodes[i] != t->sector_nodes[i])
			return "their sectors are not the timeline's";
	for (i = 0; i < t->n_groups; i++)
		if (d->groups[i].sector != t->groups[i].sector)
			return "their sector groups are not the timeline's";
	return NULL;
}

int32_t chart_top_series(const cp_timeline *t, const uint8_t *show, const cp_draws *d, chart_series *out)
{
	const cp_graph *g = t->g;
	size_t n = (size_t)t->n_days, ns = (size_t)t->n_sector_nodes;
	int32_t i, k = 0;
	if (!show) {
		for (i = 0; i < t->n_groups; i++) {
			out[i].name = cp_graph_str(g, t->groups[i].sector);
			out[i].y = t->group_output + (size_t)i * n;
			out[i].band = d ? d->bands + (ns + (size_t)i) * n * 3 : NULL;
		}
		return t->n_groups;
	}
	for (i = 0; i < t->n_sector_nodes; i++) {
		if (!show[i])
			continue;
		out[k].name = cp_node_id(g, t->sector_nodes[i]);
		out[k].y = t->output + (size_t)i * n;
		out[k].band = d ? d->bands + (size_t)i * n * 3 : NULL;
		k++;
	}
	return k;
}
