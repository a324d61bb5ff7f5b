/* Scenario file loader: JSON (MODEL.md 2) to cp_scenario, resolved against a
 * graph.  Scenario files are small, so each is parsed whole with cJSON after
 * the scanner has checked its nesting and strings. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "dist.h"
#include "changes.h"
#include "fileio.h"
#include "graph_internal.h"
#include "jsonscan.h"
#include "jsonutil.h"
#include "text.h"
#include "overrides.h"
#include "checks.h"

/* The fields of the format, for "did you mean" on an unknown one. */
static const char *const top_fields[] = {
	"chokepoint_scenario", "name", "note", "source", "sources", "controls", "outages", "changes", NULL
};
static const char *const control_fields[] = {
	"id", "origin", "elements", "kinds", "denial", "end_use", "buyers", "destinations", "exempt",
	"extraterritorial", "lead_days", "phases", "start", "end", "name", "note", "source", NULL
};
static const char *const extra_fields[] = { "min_content", "technology", "listed_kinds", "name", "note", "source", NULL };
static const char *const phase_fields[] = { "from", "denial", "end_use", "buyers", "name", "note", "source", NULL };
static const char *const outage_fields[] = { "node", "country", "kinds", "loss", "start", "end", "name", "note", "source", NULL };

typedef struct sloader {
	cp_scenario *s;
	const cp_graph *g;
	cp_jctx cx;
	const cJSON *sources;
	cp_strtab ids;            /* control ids: of earlier files, then this one's */
	size_t ids_earlier;
	cp_keyranges keys;        /* distributions' keys: of earlier files, then this one's */
	int nomem;
} sloader;

/* Keep a distribution read for the number at (target, rule, phase, index).
 * A key names numbers that move together, so they must share a range. */
static void keep_uncertain(sloader *L, cp_uncertain *u, const cp_jpath *path, cp_unc_target target,
                           int32_t rule, int32_t phase, int32_t index, const char *mapkey)
{
	static const char *const names[] = { "denial", "end_use", "buyers", "lead_days", "loss" };
	char field[400], at[32] = "";
	double lo, hi;
	u->target = target;
	u->rule = rule;
	u->phase = phase;
	u->index = index;
	if (phase > 0)
		snprintf(at, sizeof at, "phases[%d].", phase);
	snprintf(field, sizeof field, "%s%s%s%.300s", at, names[target], mapkey ? "." : "", mapkey ? mapkey : "");
	if (!(u->field = cp_strdup(field)))
		L->nomem = 1;
	switch (cp_keyranges_check(&L->keys, u, &lo, &hi)) {
	case 1:
		cp_jerr(&L->cx, path, "key '%.*s' joins numbers of different ranges ([%g, %g] and [%g, %g])",
		        CP_CUT(u->key), lo, hi, u->lo, u->hi);
		break;
	case -1:
		L->nomem = 1;
		break;
	}
	if (cp_uncertain_add(&L->s->uncertain, &L->s->n_uncertain, u) < 0) {
		cp_free(u->key);
		cp_free(u->field);
		L->nomem = 1;
	}
}

/* A number of the scenario that may be a distribution (MODEL.md 8). */
static int value(sloader *L, const cJSON *v, const cp_jpath *path, double hi, double *out,
                 cp_unc_target target, int32_t rule, int32_t phase, int32_t index, const char *mapkey)
{
	cp_uncertain u;
	int k = cp_jvalue(&L->cx, v, path, 0, 0, hi, out, &u);
	if (k == 1)
		keep_uncertain(L, &u, path, target, rule, phase, index, mapkey);
	return k < 0 ? -1 : 0;
}

cp_scenario *cp_scenario_new(void)
{
	cp_scenario *s = cp_callocn(1, sizeof(cp_scenario));
	if (s)
		cp_limits_default(&s->lim);
	return s;
}

static void rule_free(cp_rule *r)
{
	cp_free(r->id);
	cp_free(r->origin_code);
	cp_free(r->end_use_tag);
	cp_free(r->end_use_denial);
	cp_free(r->buyer);
	cp_free(r->buyer_denial);
	cp_free(r->destinations);
	cp_free(r->exempt);
	for (int32_t k = 0; k < r->n_phases; k++) {
		cp_free(r->phases[k].end_use_tag);
		cp_free(r->phases[k].end_use_denial);
		cp_free(r->phases[k].buyer);
		cp_free(r->phases[k].buyer_denial);
	}
	cp_free(r->phases);
}

void cp_rule_release(cp_rule *r)
{
	rule_free(r);
}

void cp_scenario_free(cp_scenario *s)
{
	int32_t i;
	if (!s)
		return;
	for (i = 0; i < s->n_rules; i++)
		rule_free(&s->rules[i]);
	for (i = 0; i < s->n_changes; i++)
		cp_change_free(&s->changes[i]);
	for (i = 0; i < s->n_outages; i++)
		cp_free(s->outages[i].name);
	for (i = 0; i < s->n_files; i++)
		cp_free(s->names[i]);
	cp_free(s->rules);
	cp_free(s->outages);
	cp_free(s->changes);
	cp_free(s->names);
	cp_uncertain_free_all(s->uncertain, s->n_uncertain);
	cp_free(s);
}

/* An ISO date into *day; 0, or -1 after an error. */
static int parse_date(sloader *L, const cJSON *v, const cp_jpath *path, int32_t *day)
{
	if (!cJSON_IsString(v) || cp_date_parse(v->valuestring, day) < 0) {
		cp_jerr(&L->cx, path, "must be an ISO date string (YYYY-MM-DD) of a real calendar day");
		return -1;
	}
	return 0;
}

static void check_source(sloader *L, const cJSON *v, const cp_jpath *path)
{
	if (!cJSON_IsString(v)) {
		cp_jerr(&L->cx, path, "must be a string (a key of 'sources')");
		return;
	}
	if (!cJSON_GetObjectItemCaseSensitive(L->sources, v->valuestring))
		cp_jerr(&L->cx, path, "unknown source '%.*s' (not in the top-level 'sources' table)", CP_CUT(v->valuestring));
}

/* Descriptive fields that any scenario object may carry; 1 when key is one. */
static int descriptive(sloader *L, const char *key, const cJSON *v, const cp_jpath *path)
{
	if (strcmp(key, "name") == 0 || strcmp(key, "note") == 0) {
		if (!cJSON_IsString(v))
			cp_jerr(&L->cx, path, "must be a string");
	} else if (strcmp(key, "source") == 0) {
		check_source(L, v, path);
	} else {
		return 0;
	}
	return 1;
}

/* `start` or `end` of a control or an outage; 1 when key is one of them. */
static int dated(sloader *L, const char *key, const cJSON *v, const cp_jpath *path, int32_t *start, int32_t *end)
{
	if (strcmp(key, "start") == 0)
		parse_date(L, v, path, start);
	else if (strcmp(key, "end") == 0)
		parse_date(L, v, path, end);
	else
		return 0;
	return 1;
}

/* `end` must come after `start` (MODEL.md 7.1: the first day no longer in force). */
static void check_span(sloader *L, const cp_jpath *path, int32_t start, int32_t end)
{
	if (start != CP_DAY_NEVER_BEFORE && end != CP_DAY_NEVER_AFTER && end <= start) {
		cp_jpath sub = { path, "end", NULL, -1 };
		char a[11], b[11];
		cp_date_format(start, a);
		cp_date_format(end, b);
		cp_jerr(&L->cx, &sub, "'end' (%s) must come after 'start' (%s)", b, a);
	}
}

static int countries(sloader *L, const cJSON *v, const cp_jpath *path, int16_t **out, int32_t *n)
{
	const cJSON *e;
	int32_t i = 0;
	if (!cJSON_IsArray(v)) {
		cp_jerr(&L->cx, path, "must be an array of country codes");
		return -1;
	}
	if (!(*out = cp_mallocn((size_t)cJSON_GetArraySize(v), sizeof **out))) {
		L->nomem = 1;
		return -1;
	}
	cJSON_ArrayForEach(e, v) {
		cp_jpath sub = { path, NULL, NULL, i };
		const char *code;
		if (cp_jcountry(&L->cx, e, &sub, &code) == 0)
			(*out)[i++] = cp_graph_find_country(L->g, code);
	}
	*n = i;
	return 0;
}

/* A map of name -> denial (end_use tags, buyers): names resolved by
 * resolve, which returns -2 (after an error) for a name that may not stand. */
typedef int32_t (*resolver)(sloader *L, const char *name, const cp_jpath *path);

static int32_t resolve_tag(sloader *L, const char *name, const cp_jpath *path)
{
	(void)path;
	return cp_graph_find_str(L->g, name);   /* -1: no node carries the tag */
}

static int32_t resolve_buyer(sloader *L, const char *name, const cp_jpath *path)
{
	int32_t node = cp_graph_find(L->g, name);
	if (node >= 0)
		return node;
	char hint[160];
	cp_jerr(&L->cx, path, "unknown node '%.*s'%s", CP_CUT(name), cp_node_hint(L->g, name, hint, sizeof hint));
	return -2;
}

static void parse_denials(sloader *L, const cJSON *v, const cp_jpath *path, const char *what, resolver resolve,
                          int32_t **keys, double **denials, int32_t *count, cp_unc_target target, int32_t rule,
                          int32_t phase)
{
	const cJSON *e;
	int32_t n = 0;
	if (!cJSON_IsObject(v)) {
		cp_jerr(&L->cx, path, "must be an object of %s -> denial", what);
		return;
	}
	*keys = cp_mallocn((size_t)cJSON_GetArraySize(v) + 1, sizeof **keys);
	*denials = cp_mallocn((size_t)cJSON_GetArraySize(v) + 1, sizeof **denials);
	if (!*keys || !*denials) {
		L->nomem = 1;
		return;
	}
	cJSON_ArrayForEach(e, v) {
		cp_jpath sub = { path, NULL, e->string, -1 };
		int32_t key = resolve(L, e->string, path);
		if (key == -2 || value(L, e, &sub, 1, &(*denials)[n], target, rule, phase, n, e->string) < 0)
			continue;
		(*keys)[n++] = key;
	}
	*count = n;
}

static void parse_extraterritorial(sloader *L, cp_rule *r, const cJSON *v, const cp_jpath *path)
{
	const cJSON *f;
	if (!cJSON_IsObject(v)) {
		cp_jerr(&L->cx, path, "must be an object");
		return;
	}
	r->extraterritorial = 1;
	cJSON_ArrayForEach(f, v) {
		cp_jpath sub = { path, f->string, NULL, -1 };
		if (cp_jduplicate(&L->cx, f, &sub))
			continue;
		if (strcmp(f->string, "min_content") == 0) {
			if (cp_jnumber(&L->cx, f, &sub, 0, 0, 1, &r->min_content) == 0)
				r->has_min_content = 1;
		} else if (strcmp(f->string, "technology") == 0) {
			if (!cJSON_IsBool(f))
				cp_jerr(&L->cx, &sub, "must be true or false");
			r->technology = cJSON_IsTrue(f);
		} else if (strcmp(f->string, "listed_kinds") == 0) {
			cp_jkinds(&L->cx, f, &sub, &r->listed_kinds);
		} else if (!descriptive(L, f->string, f, &sub)) {
			cp_junknown_near(&L->cx, &sub, f->string, extra_fields);
		}
	}
}

/* MODEL.md 7.1 phases: sorted by `from`, each inside [start, end). */
static void parse_phases(sloader *L, cp_rule *r, const cJSON *v, const cp_jpath *path)
{
	const cJSON *o, *f;
	int32_t k = 0;
	if (!cJSON_IsArray(v)) {
		cp_jerr(&L->cx, path, "must be an array of phases");
		return;
	}
	if (!(r->phases = cp_callocn((size_t)cJSON_GetArraySize(v) + 1, sizeof *r->phases))) {
		L->nomem = 1;
		return;
	}
	cJSON_ArrayForEach(o, v) {
		cp_phase *ph = &r->phases[r->n_phases];
		cp_jpath at = { path, NULL, NULL, k++ };
		int has_from = 0;
		if (!cJSON_IsObject(o)) {
			cp_jerr(&L->cx, &at, "must be an object (a phase)");
			continue;
		}
		r->n_phases++;
		cJSON_ArrayForEach(f, o) {
			cp_jpath sub = { &at, f->string, NULL, -1 };
			if (cp_jduplicate(&L->cx, f, &sub))
				continue;
			if (strcmp(f->string, "from") == 0) {
				has_from = parse_date(L, f, &sub, &ph->from) == 0;
			} else if (strcmp(f->string, "denial") == 0) {
				ph->has_denial = value(L, f, &sub, 1, &ph->denial, CP_UNC_DENIAL, L->s->n_rules - 1, r->n_phases, 0, NULL) == 0;
			} else if (strcmp(f->string, "end_use") == 0) {
				ph->has_end_use = 1;
				parse_denials(L, f, &sub, "tag", resolve_tag, &ph->end_use_tag, &ph->end_use_denial, &ph->n_end_use,
				              CP_UNC_END_USE, L->s->n_rules - 1, r->n_phases);
			} else if (strcmp(f->string, "buyers") == 0) {
				ph->has_buyers = 1;
				parse_denials(L, f, &sub, "node id", resolve_buyer, &ph->buyer, &ph->buyer_denial, &ph->n_buyers,
				              CP_UNC_BUYER, L->s->n_rules - 1, r->n_phases);
			} else if (!descriptive(L, f->string, f, &sub)) {
				cp_junknown_near(&L->cx, &sub, f->string, phase_fields);
			}
		}
		if (!has_from) {
			if (!cJSON_GetObjectItemCaseSensitive(o, "from"))
				cp_jerr(&L->cx, &at, "missing 'from' (the date the phase begins)");
			r->n_phases--;   /* keep only phases with a date, so the checks below hold */
			cp_free(ph->end_use_tag);
			cp_free(ph->end_use_denial);
			cp_free(ph->buyer);
			cp_free(ph->buyer_denial);
			memset(ph, 0, sizeof *ph);
		}
	}
}

/* Phases come after the rule's whole body is read, since `start` and `end`
 * may follow `phases` in the object. */
static void check_phases(sloader *L, const cp_rule *r, const cJSON *v, const cp_jpath *path)
{
	int32_t k;
	char d[11];
	for (k = 0; k < r->n_phases; k++) {
		const cp_phase *ph = &r->phases[k];
		cp_jpath at = { path, NULL, NULL, k }, sub = { &at, "from", NULL, -1 };
		cp_date_format(ph->from, d);
		if (k > 0 && ph->from <= r->phases[k - 1].from)
			cp_jerr(&L->cx, &sub, "phases must be sorted by 'from' without repeats (%s is not after the phase before)", d);
		if (ph->from < r->start || ph->from >= r->end)
			cp_jerr(&L->cx, &sub, "phase begins %s, outside the control's [start, end)", d);
	}
	(void)v;
}

static void parse_control(sloader *L, const cJSON *o, int32_t i, int32_t first_rule)
{
	cp_scenario *s = L->s;
	cp_rule *r = &s->rules[s->n_rules];
	const cJSON *f;
	cp_jpath at = { NULL, "controls", NULL, i }, *path = &at;
	const cJSON *phases = NULL;
	int has_id = 0, has_origin = 0;
	char hint[160];

	memset(r, 0, sizeof *r);
	r->origin = -1;
	r->kinds = CP_ALL_KINDS & ~(1u << CP_SECTOR);
	r->denial = 1;
	r->start = CP_DAY_NEVER_BEFORE;
	r->end = CP_DAY_NEVER_AFTER;
	s->n_rules++;   /* counted now so that cp_scenario_free releases it */
	if (!cJSON_IsObject(o)) {
		cp_jerr(&L->cx, path, "must be an object (a control)");
		return;
	}
	cJSON_ArrayForEach(f, o) {
		const char *key = f->string, *str;
		cp_jpath sub = { path, key, NULL, -1 };
		if (cp_jduplicate(&L->cx, f, &sub))
			continue;
		if (strcmp(key, "id") == 0) {
			int32_t k;
			size_t before = L->ids.n;
			has_id = 1;
			if (cp_jstring(&L->cx, f, &sub, 256, &str) < 0)
				continue;
			if ((k = cp_strtab_intern(&L->ids, str, strlen(str))) < 0)
				L->nomem = 1;
			else if (L->ids.n == before)
				cp_jerr(&L->cx, &sub, "duplicate control id '%s'%s", str,
				        (size_t)k < L->ids_earlier ? " (given in an earlier scenario file; to score files one by one"
				        " side by side, use 'chokepoint sweep')" : "");
			if (!(r->id = cp_strdup(str)))
				L->nomem = 1;
		} else if (strcmp(key, "origin") == 0) {
			has_origin = 1;
			if (cp_jcountry(&L->cx, f, &sub, &str) < 0)
				continue;
			r->origin = cp_graph_find_country(L->g, str);
			if (r->origin < 0)
				cp_jwarn(&L->cx, &sub, "'%s' is the country of no node of the graph%s; the control matches nothing", str,
				         cp_country_hint(L->g, str, hint, sizeof hint));
			if (!(r->origin_code = cp_strdup(str)))
				L->nomem = 1;
		} else if (strcmp(key, "elements") == 0) {
			/* An empty list would read both as "lists no elements" (every
			 * good) and as "reaches nothing": refuse it. */
			if (cJSON_IsArray(f) && cJSON_GetArraySize(f) == 0)
				cp_jerr(&L->cx, &sub, "must list at least one element (leave 'elements' out for a rule on every good)");
			else if (cp_jelements(&L->cx, f, &sub, &r->elements) == 0)
				r->has_elements = 1;
		} else if (strcmp(key, "kinds") == 0) {
			cp_jkinds(&L->cx, f, &sub, &r->kinds);
		} else if (strcmp(key, "denial") == 0) {
			value(L, f, &sub, 1, &r->denial, CP_UNC_DENIAL, s->n_rules - 1, 0, 0, NULL);
		} else if (strcmp(key, "end_use") == 0) {
			parse_denials(L, f, &sub, "tag", resolve_tag, &r->end_use_tag, &r->end_use_denial, &r->n_end_use,
			              CP_UNC_END_USE, s->n_rules - 1, 0);
		} else if (strcmp(key, "buyers") == 0) {
			parse_denials(L, f, &sub, "node id", resolve_buyer, &r->buyer, &r->buyer_denial, &r->n_buyers,
			              CP_UNC_BUYER, s->n_rules - 1, 0);
		} else if (strcmp(key, "destinations") == 0) {
			if (countries(L, f, &sub, &r->destinations, &r->n_destinations) == 0)
				r->has_destinations = 1;
		} else if (strcmp(key, "exempt") == 0) {
			countries(L, f, &sub, &r->exempt, &r->n_exempt);
		} else if (strcmp(key, "extraterritorial") == 0) {
			parse_extraterritorial(L, r, f, &sub);
		} else if (strcmp(key, "lead_days") == 0) {
			value(L, f, &sub, 36500, &r->lead_days, CP_UNC_LEAD, s->n_rules - 1, 0, 0, NULL);
		} else if (strcmp(key, "phases") == 0) {
			phases = f;
		} else if (!dated(L, key, f, &sub, &r->start, &r->end) && !descriptive(L, key, f, &sub)) {
			cp_junknown_near(&L->cx, &sub, key, control_fields);
		}
	}
	check_span(L, path, r->start, r->end);
	if (phases) {
		cp_jpath sub = { path, "phases", NULL, -1 };
		parse_phases(L, r, phases, &sub);
		check_phases(L, r, phases, &sub);
	}
	if (!has_id)
		cp_jerr(&L->cx, path, "missing 'id'");
	if (!has_origin)
		cp_jerr(&L->cx, path, "missing 'origin'");
}

static void parse_outage(sloader *L, const cJSON *o, int32_t i)
{
	cp_scenario *s = L->s;
	cp_outage *out = &s->outages[s->n_outages++];
	const cJSON *f;
	cp_jpath at = { NULL, "outages", NULL, i }, *path = &at;
	int has_loss = 0, has_kinds = 0;
	char hint[160];

	out->node = -1;
	out->has_country = 0;
	out->country = -1;
	out->kinds = CP_ALL_KINDS;
	out->loss = 0;
	out->start = CP_DAY_NEVER_BEFORE;
	out->end = CP_DAY_NEVER_AFTER;
	out->name = NULL;
	if (!cJSON_IsObject(o)) {
		cp_jerr(&L->cx, path, "must be an object (an outage)");
		return;
	}
	cJSON_ArrayForEach(f, o) {
		const char *key = f->string, *str;
		cp_jpath sub = { path, key, NULL, -1 };
		if (cp_jduplicate(&L->cx, f, &sub))
			continue;
		if (strcmp(key, "node") == 0) {
			if (!cJSON_IsString(f)) {
				cp_jerr(&L->cx, &sub, "must be a node id");
			} else if ((out->node = cp_graph_find(L->g, f->valuestring)) < 0) {
				cp_jerr(&L->cx, &sub, "unknown node '%.*s'%s", CP_CUT(f->valuestring),
				        cp_node_hint(L->g, f->valuestring, hint, sizeof hint));
				out->node = -2;
			}
		} else if (strcmp(key, "country") == 0) {
			out->has_country = 1;
			if (cp_jcountry(&L->cx, f, &sub, &str) == 0 && (out->country = cp_graph_find_country(L->g, str)) < 0)
				cp_jwarn(&L->cx, &sub, "'%s' is the country of no node of the graph%s; the outage selects nothing", str,
				         cp_country_hint(L->g, str, hint, sizeof hint));
		} else if (strcmp(key, "kinds") == 0) {
			has_kinds = 1;
			cp_jkinds(&L->cx, f, &sub, &out->kinds);
		} else if (strcmp(key, "loss") == 0) {
			has_loss = 1;
			value(L, f, &sub, 1, &out->loss, CP_UNC_LOSS, -1, 0, s->n_outages - 1, NULL);
		} else if (dated(L, key, f, &sub, &out->start, &out->end)) {
			continue;
		} else if (!descriptive(L, key, f, &sub)) {
			cp_junknown_near(&L->cx, &sub, key, outage_fields);
		} else if (strcmp(key, "name") == 0 && cJSON_IsString(f) && !(out->name = cp_strdup(f->valuestring))) {
			L->nomem = 1;
		}
	}
	check_span(L, path, out->start, out->end);
	if (!has_loss)
		cp_jerr(&L->cx, path, "missing 'loss'");
	if (out->node == -1 && !out->has_country && !has_kinds)
		cp_jerr(&L->cx, path, "must select nodes by 'node', or by 'country' and/or 'kinds'");
	if (out->node != -1 && (out->has_country || has_kinds))
		cp_jerr(&L->cx, path, "select by 'node' alone, or by 'country' and/or 'kinds'");
}

/* Grow s's arrays for the controls and outages of one file. */
static int reserve(cp_scenario *s, int32_t n_rules, int32_t n_outages)
{
	cp_rule *r = cp_reallocn(s->rules, (size_t)s->n_rules + (size_t)n_rules + 1, sizeof *r);
	cp_outage *o;
	char **names;
	if (!r)
		return -1;
	s->rules = r;
	if (!(o = cp_reallocn(s->outages, (size_t)s->n_outages + (size_t)n_outages + 1, sizeof *o)))
		return -1;
	s->outages = o;
	if (!(names = cp_reallocn(s->names, (size_t)s->n_files + 1, sizeof *names)))
		return -1;
	s->names = names;
	return 0;
}

static void parse_scenario(sloader *L, const cJSON *doc, const char *file)
{
	const cJSON *f, *controls, *outages;
	int seen_version = 0;
	int32_t i, first_rule = L->s->n_rules;

	if (!cJSON_IsObject(doc)) {
		cp_jerr(&L->cx, CP_JSTR(""), "a scenario must be a JSON object");
		return;
	}
	L->sources = cJSON_GetObjectItemCaseSensitive(doc, "sources");
	if (L->sources && !cJSON_IsObject(L->sources))
		cp_jerr(&L->cx, CP_JSTR("sources"), "must be an object of key -> citation");
	controls = cJSON_GetObjectItemCaseSensitive(doc, "controls");
	outages = cJSON_GetObjectItemCaseSensitive(doc, "outages");
	if (controls && !cJSON_IsArray(controls)) {
		cp_jerr(&L->cx, CP_JSTR("controls"), "must be an array of controls");
		controls = NULL;
	}
	if (outages && !cJSON_IsArray(outages)) {
		cp_jerr(&L->cx, CP_JSTR("outages"), "must be an array of outages");
		outages = NULL;
	}
	if (reserve(L->s, controls ? cJSON_GetArraySize(controls) : 0,
	            outages ? cJSON_GetArraySize(outages) : 0) < 0) {
		L->nomem = 1;
		return;
	}
	cJSON_ArrayForEach(f, doc) {
		const char *key = f->string;
		if (cp_jduplicate(&L->cx, f, CP_JSTR(key)))
			continue;
		if (strcmp(key, "chokepoint_scenario") == 0) {
			seen_version = 1;
			if (!cJSON_IsNumber(f) || f->valuedouble != CP_FORMAT_VERSION)
				cp_jerr(&L->cx, CP_JSTR(key), "unsupported scenario format version (this program reads version %d)", CP_FORMAT_VERSION);
		} else if (strcmp(key, "changes") == 0) {
			if (!cJSON_IsArray(f))
				cp_jerr(&L->cx, CP_JSTR(key), "must be an array of changes");
			else if (cp_changes_parse(L->s, &L->cx, f, file, L->sources, &L->s->lim) < 0)
				L->nomem = 1;
		} else if (strcmp(key, "sources") == 0 || strcmp(key, "controls") == 0 ||
		           strcmp(key, "outages") == 0) {
			continue;
		} else if (!descriptive(L, key, f, CP_JSTR(key))) {
			cp_junknown_near(&L->cx, CP_JSTR(key), key, top_fields);
		}
	}
	if (!seen_version)
		cp_jerr(&L->cx, CP_JSTR(""), "missing 'chokepoint_scenario' (the format version, %d)", CP_FORMAT_VERSION);
	i = 0;
	if (controls)
		cJSON_ArrayForEach(f, controls)
			parse_control(L, f, i++, first_rule);
	i = 0;
	if (outages)
		cJSON_ArrayForEach(f, outages)
			parse_outage(L, f, i++);
	f = cJSON_GetObjectItemCaseSensitive(doc, "name");
	L->s->names[L->s->n_files] = cp_strdup(cJSON_IsString(f) ? f->valuestring : file);
	if (!L->s->names[L->s->n_files])
		L->nomem = 1;
	else
		L->s->n_files++;
}

cp_status cp_scenario_load_buffer(cp_scenario *s, const cp_graph *g, const char *name,
                                  const char *buf, size_t len, const cp_limits *lim, cp_log *log)
{
	sloader L;
	cp_limits deflim;
	cp_jscan js;
	size_t beg, end;
	cJSON *doc;
	cp_status st = CP_OK;

	if (!lim) {
		cp_limits_default(&deflim);
		lim = &deflim;
	}
	memset(&L, 0, sizeof L);
	L.s = s;
	L.g = g;
	cp_jctx_init(&L.cx, log, name);
	s->lim = *lim;
	cp_strtab_init(&L.ids);
	{
		int32_t k;
		double lo, hi;
		for (k = 0; k < s->n_rules && !L.nomem; k++)
			if (s->rules[k].id && cp_strtab_intern(&L.ids, s->rules[k].id, strlen(s->rules[k].id)) < 0)
				L.nomem = 1;
		L.ids_earlier = L.ids.n;
		cp_keyranges_init(&L.keys);
		for (k = 0; k < s->n_uncertain && !L.nomem; k++)
			if (cp_keyranges_check(&L.keys, &s->uncertain[k], &lo, &hi) < 0)
				L.nomem = 1;
	}
	cp_jscan_init(&js, buf, len, lim->max_depth, lim->max_string, lim->max_fields);
	if (len > lim->max_file_bytes) {
		cp_error_code(log, CP_DIAG_LIMIT, "%s: input is %zu bytes, more than the limit of %zu (see --max-file-size)", name, len, lim->max_file_bytes);
		st = CP_ELIMIT;
	} else if (cp_jscan_value(&js, &beg, &end) < 0 || cp_jscan_finish(&js) < 0 ||
	           !(doc = cp_jscan_parse(&js, beg, end))) {
		size_t line, col;
		cp_jscan_linecol(&js, js.err_at, &line, &col);
		if (js.oom)
			st = CP_ENOMEM;
		else {
			cp_error_code(log, js.err_code, "%s:%zu:%zu: %s", name, line, col, js.err);
			st = js.err_code == CP_DIAG_LIMIT ? CP_ELIMIT : CP_EINVAL;
		}
	} else {
		parse_scenario(&L, doc, name);
		cJSON_Delete(doc);
		if (L.nomem || L.cx.oom)
			st = CP_ENOMEM;
		else if (L.cx.errors)
			st = CP_EINVAL;
	}
	cp_jctx_free(&L.cx);
	cp_strtab_free(&L.ids);
	cp_keyranges_free(&L.keys);
	return st;
}

cp_status cp_scenario_load(cp_scenario *s, const cp_graph *g, const char *path,
                           const cp_limits *lim, cp_log *log)
{
	cp_limits deflim;
	cp_file file;
	cp_status st;
	if (!lim) {
		cp_limits_default(&deflim);
		lim = &deflim;
	}
	if ((st = cp_file_open(&file, path, lim->max_file_bytes, log)) != CP_OK)
		return st;
	st = cp_scenario_load_buffer(s, g, path, file.buf, file.len, lim, log);
	cp_file_close(&file);
	return st;
}
