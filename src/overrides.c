/* --without and --set on a loaded scenario (see overrides.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "log.h"
#include "overrides.h"
#include "suggest.h"

/* The rule with this id, or -1. */
static int32_t find_rule(const cp_scenario *s, const char *id, size_t len)
{
	int32_t k;
	for (k = 0; k < s->n_rules; k++)
		if (strlen(s->rules[k].id) == len && strncmp(s->rules[k].id, id, len) == 0)
			return k;
	return -1;
}

static int32_t find_outage(const cp_scenario *s, const char *name, size_t len)
{
	char buf[32];
	int32_t k;
	for (k = 0; k < s->n_outages; k++) {
		const char *n = cp_player_name(s, s->n_rules + k, buf, sizeof buf);
		if (strlen(n) == len && strncmp(n, name, len) == 0)
			return k;
	}
	return -1;
}

/* " (did you mean ...?)" over the rules' ids and the outages' names. */
static const char *closest_player(const cp_scenario *s, const char *word, char *out, size_t size)
{
	char kept[32] = "", buf[32];
	cp_suggest sg;
	int32_t p;
	cp_suggest_init(&sg, word);
	for (p = 0; p < s->n_rules + s->n_outages; p++) {
		const char *n = cp_player_name(s, p, buf, sizeof buf);
		cp_suggest_offer(&sg, n);
		if (sg.best == buf) {
			/* an "outage N": keep the text once buf is reused */
			memcpy(kept, buf, sizeof kept);
			sg.best = kept;
		}
	}
	return cp_suggest_text(&sg, out, size);
}

cp_status cp_scenario_without(cp_scenario *s, const char *name, cp_log *log)
{
	char hint[160];
	int32_t k = find_rule(s, name, strlen(name));
	if (k >= 0) {
		cp_rule_release(&s->rules[k]);
		memmove(&s->rules[k], &s->rules[k + 1], (size_t)(s->n_rules - k - 1) * sizeof *s->rules);
		s->n_rules--;
		return CP_OK;
	}
	if ((k = find_outage(s, name, strlen(name))) >= 0) {
		cp_free(s->outages[k].name);
		memmove(&s->outages[k], &s->outages[k + 1], (size_t)(s->n_outages - k - 1) * sizeof *s->outages);
		s->n_outages--;
		return CP_OK;
	}
	cp_error(log, "--without '%s': no control or outage of that name%s", name,
	         closest_player(s, name, hint, sizeof hint));
	return CP_EINVAL;
}

/* Set key's denial in a map of n entries (keys: int32 ids), growing it. */
static cp_status map_set(int32_t *n, int32_t **keys, double **vals, int32_t key, double x)
{
	int32_t i;
	int32_t *nk;
	double *nv;
	for (i = 0; i < *n; i++)
		if ((*keys)[i] == key) {
			(*vals)[i] = x;
			return CP_OK;
		}
	nk = cp_reallocn(*keys, (size_t)*n + 1, sizeof *nk);
	if (!nk)
		return CP_ENOMEM;
	*keys = nk;
	nv = cp_reallocn(*vals, (size_t)*n + 1, sizeof *nv);
	if (!nv)
		return CP_ENOMEM;
	*vals = nv;
	nk[*n] = key;
	nv[*n] = x;
	(*n)++;
	return CP_OK;
}

static int parse_value(const char *text, double *x)
{
	char *end;
	errno = 0;
	*x = strtod(text, &end);
	return !errno && end != text && !*end && isfinite(*x) && *x >= 0 && *x <= 1 ? 0 : -1;
}

static const char *const rule_fields[] = { "denial", "end_use", "buyers", NULL };
static const char *const outage_fields[] = { "loss", NULL };

/* The end-use tag string: any tag some node carries. */
static int32_t find_tag(const cp_graph *g, const char *tag, char *hint, size_t size)
{
	int32_t str = cp_graph_find_str(g, tag), v;
	cp_suggest sg;
	for (v = 0; str >= 0 && v < g->n_nodes; v++)
		if (g->end_use[v] == str)
			return str;
	cp_suggest_init(&sg, tag);
	for (v = 0; v < g->n_nodes; v++)
		if (g->end_use[v] >= 0)
			cp_suggest_offer(&sg, cp_graph_str(g, g->end_use[v]));
	cp_suggest_text(&sg, hint, size);
	return -1;
}

static int32_t find_node(const cp_graph *g, const char *id, char *hint, size_t size)
{
	int32_t v = cp_graph_find(g, id);
	cp_suggest sg;
	if (v >= 0)
		return v;
	cp_suggest_init(&sg, id);
	for (v = 0; v < g->n_nodes; v++)
		cp_suggest_offer(&sg, cp_node_id(g, v));
	cp_suggest_text(&sg, hint, size);
	return -1;
}

static cp_status set_rule(cp_rule *r, const cp_graph *g, const char *opt, const char *field, double x, cp_log *log)
{
	char hint[160] = "";
	const char *key;
	int32_t k, id;
	cp_status st = CP_OK;

	if (strcmp(field, "denial") == 0) {
		r->denial = x;
		for (k = 0; k < r->n_phases; k++)
			if (r->phases[k].has_denial)
				r->phases[k].denial = x;
		return CP_OK;
	}
	if (strncmp(field, "end_use.", 8) == 0) {
		key = field + 8;
		if ((id = find_tag(g, key, hint, sizeof hint)) < 0) {
			cp_error(log, "--set '%s': no node of the graph has end_use '%s'%s", opt, key, hint);
			return CP_EINVAL;
		}
		st = map_set(&r->n_end_use, &r->end_use_tag, &r->end_use_denial, id, x);
		for (k = 0; k < r->n_phases && st == CP_OK; k++)
			if (r->phases[k].has_end_use)
				st = map_set(&r->phases[k].n_end_use, &r->phases[k].end_use_tag, &r->phases[k].end_use_denial, id, x);
		return st;
	}
	if (strncmp(field, "buyers.", 7) == 0) {
		key = field + 7;
		if ((id = find_node(g, key, hint, sizeof hint)) < 0) {
			cp_error(log, "--set '%s': unknown node '%s'%s", opt, key, hint);
			return CP_EINVAL;
		}
		st = map_set(&r->n_buyers, &r->buyer, &r->buyer_denial, id, x);
		for (k = 0; k < r->n_phases && st == CP_OK; k++)
			if (r->phases[k].has_buyers)
				st = map_set(&r->phases[k].n_buyers, &r->phases[k].buyer, &r->phases[k].buyer_denial, id, x);
		return st;
	}
	{
		char word[64];
		snprintf(word, sizeof word, "%.*s", (int)strcspn(field, "."), field);
		cp_error(log, "--set '%s': control '%s' has no field '%s' (denial, end_use.TAG or buyers.NODE)%s", opt,
		         r->id, word, cp_suggest_list(word, rule_fields, hint, sizeof hint));
	}
	return CP_EINVAL;
}

cp_status cp_scenario_set(cp_scenario *s, const cp_graph *g, const char *assignment, cp_log *log)
{
	char hint[160], name[256];
	const char *eq = strrchr(assignment, '='), *field = NULL;
	size_t best = 0, len;
	int32_t k, rule = -1, outage = -1;
	double x;

	if (!eq) {
		cp_error(log, "--set '%s': expected NAME.FIELD=VALUE", assignment);
		return CP_EINVAL;
	}
	if (parse_value(eq + 1, &x) < 0) {
		cp_error(log, "--set '%s': the value must be a number from 0 to 1, got '%s'", assignment, eq + 1);
		return CP_EINVAL;
	}
	/* ids may hold dots: the longest id followed by '.' wins */
	for (k = 0; k < s->n_rules; k++) {
		len = strlen(s->rules[k].id);
		if (len > best && strncmp(assignment, s->rules[k].id, len) == 0 && assignment[len] == '.')
			best = len, rule = k;
	}
	for (k = 0; k < s->n_outages; k++) {
		char buf[32];
		const char *n = cp_player_name(s, s->n_rules + k, buf, sizeof buf);
		len = strlen(n);
		if (len > best && strncmp(assignment, n, len) == 0 && assignment[len] == '.')
			best = len, rule = -1, outage = k;
	}
	if (rule < 0 && outage < 0) {
		snprintf(name, sizeof name, "%.*s", (int)strcspn(assignment, ".="), assignment);
		cp_error(log, "--set '%s': no control or outage called '%s'%s", assignment, name,
		         closest_player(s, name, hint, sizeof hint));
		return CP_EINVAL;
	}
	snprintf(name, sizeof name, "%.*s", (int)(eq - assignment - (ptrdiff_t)best - 1), assignment + best + 1);
	field = name;
	if (rule >= 0)
		return set_rule(&s->rules[rule], g, assignment, field, x, log);
	if (strcmp(field, "loss") == 0) {
		s->outages[outage].loss = x;
		return CP_OK;
	}
	cp_error(log, "--set '%s': an outage has only the field 'loss', not '%s'%s", assignment, field,
	         cp_suggest_list(field, outage_fields, hint, sizeof hint));
	return CP_EINVAL;
}
