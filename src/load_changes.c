/* The "changes" array of a scenario file (MODEL.md 4), checked for shape.
 * Whether the nodes and lines they name exist is known only when they are
 * applied, in order, to a graph (apply_changes.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "dist.h"
#include "changes.h"
#include "text.h"

void cp_change_free(cp_change *c)
{
	cp_free(c->where);
	cp_free(c->at);
	cp_free(c->at_country);
	cp_free(c->item);
	cp_free(c->from);
	cp_free(c->to);
	cp_free(c->node);
	cp_free(c->field);
	cp_free(c->text);
}

static const char *const op_names[] = { "shift", "add_supplier", "remove_supplier", "add_node", "set" };

/* The fields each op takes besides "op", "name", "note" and "source". */
static const char *const op_fields[][6] = {
	{ "at", "item", "from", "to", "fraction", "to_node" },
	{ "at", "item", "supplier", "share", NULL, NULL },
	{ "at", "item", "supplier", NULL, NULL, NULL },
	{ "node", NULL, NULL, NULL, NULL, NULL },
	{ "at", "field", "value", "item", NULL, NULL },
};

typedef struct reader {
	cp_jctx *cx;
	const cJSON *sources;     /* the scenario's citation table, or NULL */
	int nomem;
	cp_scenario *s;           /* where a distribution on an amount is kept */
	int32_t change;           /* the index of the change being read */
} reader;

/* A `source` field, when present, must name a key of the sources table. */
static void check_source(reader *R, const cJSON *o, const cp_jpath *at)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "source");
	cp_jpath sub = { at, "source", NULL, -1 };
	if (!v)
		return;
	if (!cJSON_IsString(v))
		cp_jerr(R->cx, &sub, "must be a string (a key of 'sources')");
	else if (!cJSON_GetObjectItemCaseSensitive(R->sources, v->valuestring))
		cp_jerr(R->cx, &sub, "unknown source '%.*s' (not in the scenario's 'sources' table)", CP_CUT(v->valuestring));
}

static char *dup_string(reader *R, const char *s)
{
	char *d = cp_strdup(s);
	if (!d)
		R->nomem = 1;
	return d;
}

/* A required or optional string field; NULL when absent or wrong. */
static char *string_of(reader *R, const cJSON *o, const char *name, int required, const cp_jpath *at)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	cp_jpath sub = { at, name, NULL, -1 };
	const char *s;
	if (!v) {
		if (required)
			cp_jerr(R->cx, at, "missing '%s'", name);
		return NULL;
	}
	if (cp_jstring(R->cx, v, &sub, 65536, &s) < 0)
		return NULL;
	return dup_string(R, s);
}

static char *country_of(reader *R, const cJSON *o, const char *name, const cp_jpath *at)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	cp_jpath sub = { at, name, NULL, -1 };
	const char *s;
	if (!v) {
		cp_jerr(R->cx, at, "missing '%s'", name);
		return NULL;
	}
	if (cp_jcountry(R->cx, v, &sub, &s) < 0)
		return NULL;
	return dup_string(R, s);
}

/* The amount of a shift or add_supplier, which may be a distribution. */
static void amount_of(reader *R, const cJSON *o, const char *name, double lo, int lo_open, double hi,
                      double *out, const cp_jpath *at)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	cp_jpath sub = { at, name, NULL, -1 };
	cp_uncertain u;
	if (!v) {
		cp_jerr(R->cx, at, "missing '%s'", name);
		return;
	}
	if (cp_jvalue(R->cx, v, &sub, lo, lo_open, hi, out, &u) == 1) {
		u.target = CP_UNC_CHANGE;
		u.index = R->change;
		u.rule = u.phase = -1;
		if (cp_uncertain_add(&R->s->uncertain, &R->s->n_uncertain, &u) < 0) {
			cp_free(u.key);
			R->nomem = 1;
		}
	}
}

static void selector(reader *R, cp_change *c, const cJSON *o, const cp_jpath *at)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "at"), *f;
	cp_jpath sub = { at, "at", NULL, -1 };
	c->at_kind = -1;
	if (!v) {
		cp_jerr(R->cx, at, "missing 'at' (a node id, or {\"kind\": ..., \"country\": ...})");
		return;
	}
	if (cJSON_IsString(v)) {
		c->at = string_of(R, o, "at", 1, at);
		return;
	}
	if (!cJSON_IsObject(v)) {
		cp_jerr(R->cx, &sub, "must be a node id or an object with 'kind' and/or 'country'");
		return;
	}
	cJSON_ArrayForEach(f, v) {
		cp_jpath fp = { &sub, f->string, NULL, -1 };
		if (cp_jduplicate(R->cx, f, &fp))
			continue;
		if (strcmp(f->string, "kind") == 0) {
			if (!cJSON_IsString(f) || (c->at_kind = cp_kind_parse(f->valuestring)) < 0)
				cp_jerr(R->cx, &fp, "must be a kind (element, material, magnet, component, product, sector)");
		} else if (strcmp(f->string, "country") == 0) {
			c->at_country = country_of(R, v, "country", &sub);
		} else {
			cp_jerr(R->cx, &fp, "unknown selector field '%.*s' (kind, country)", CP_CUT(f->string));
		}
	}
	if (c->at_kind < 0 && !c->at_country)
		cp_jerr(R->cx, &sub, "must give 'kind' and/or 'country'");
}

static void parse_set(reader *R, cp_change *c, const cJSON *o, const cp_jpath *at)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "value");
	cp_jpath vp = { at, "value", NULL, -1 };
	c->field = string_of(R, o, "field", 1, at);
	if (!c->field)
		return;
	if (!v) {
		cp_jerr(R->cx, at, "missing 'value'");
		return;
	}
	if (strcmp(c->field, "substitutable") == 0) {
		c->item = string_of(R, o, "item", 1, at);
		cp_jnumber(R->cx, v, &vp, 0, 0, 1, &c->amount);
	} else if (strcmp(c->field, "inventory_days") == 0 || strcmp(c->field, "output") == 0) {
		cp_jnumber(R->cx, v, &vp, 0, 0, INFINITY, &c->amount);
	} else if (strcmp(c->field, "end_use") == 0) {
		const char *s;
		if (cp_jstring(R->cx, v, &vp, 65536, &s) == 0)
			c->text = dup_string(R, s);
	} else {
		cp_jpath fp = { at, "field", NULL, -1 };
		cp_jerr(R->cx, &fp, "cannot set '%.*s' (substitutable, inventory_days, output, end_use)", CP_CUT(c->field));
	}
	if (strcmp(c->field, "substitutable") != 0 && cJSON_GetObjectItemCaseSensitive(o, "item")) {
		cp_jpath ip = { at, "item", NULL, -1 };
		cp_jerr(R->cx, &ip, "only 'substitutable' is set on a line");
	}
}

static void parse_change(reader *R, cp_change *c, const cJSON *o, const cp_jpath *at)
{
	const cJSON *f, *opv = cJSON_GetObjectItemCaseSensitive(o, "op");
	int op;
	if (!cJSON_IsString(opv)) {
		cp_jerr(R->cx, at, "missing 'op' (shift, add_supplier, remove_supplier, add_node, set)");
		return;
	}
	for (op = 0; op < 5 && strcmp(opv->valuestring, op_names[op]) != 0; op++)
		;
	if (op == 5) {
		cp_jpath sub = { at, "op", NULL, -1 };
		cp_jerr(R->cx, &sub, "unknown op '%.*s' (shift, add_supplier, remove_supplier, add_node, set)", CP_CUT(opv->valuestring));
		return;
	}
	c->op = (cp_change_op)op;
	check_source(R, o, at);
	cJSON_ArrayForEach(f, o) {
		cp_jpath sub = { at, f->string, NULL, -1 };
		int k, known = 0;
		if (cp_jduplicate(R->cx, f, &sub))
			continue;
		for (k = 0; k < 6 && op_fields[op][k]; k++)
			known |= strcmp(f->string, op_fields[op][k]) == 0;
		known |= !strcmp(f->string, "op") || !strcmp(f->string, "name") ||
		         !strcmp(f->string, "note") || !strcmp(f->string, "source");
		if (!known)
			cp_jerr(R->cx, &sub, "'%.*s' is not a field of a %s change", CP_CUT(f->string), op_names[op]);
	}
	switch (c->op) {
	case CP_CHANGE_SHIFT:
		selector(R, c, o, at);
		c->item = string_of(R, o, "item", 1, at);
		c->from = country_of(R, o, "from", at);
		c->to = country_of(R, o, "to", at);
		amount_of(R, o, "fraction", 0, 0, 1, &c->amount, at);
		c->node = string_of(R, o, "to_node", 0, at);
		if (c->from && c->to && strcmp(c->from, c->to) == 0)
			cp_jerr(R->cx, at, "'from' and 'to' are the same country");
		break;
	case CP_CHANGE_ADD_SUPPLIER:
		selector(R, c, o, at);
		c->item = string_of(R, o, "item", 1, at);
		c->node = string_of(R, o, "supplier", 1, at);
		amount_of(R, o, "share", 0, 1, 1, &c->amount, at);
		break;
	case CP_CHANGE_REMOVE_SUPPLIER:
		selector(R, c, o, at);
		c->item = string_of(R, o, "item", 1, at);
		c->node = string_of(R, o, "supplier", 1, at);
		break;
	case CP_CHANGE_ADD_NODE: {
		const cJSON *node = cJSON_GetObjectItemCaseSensitive(o, "node");
		cp_jpath sub = { at, "node", NULL, -1 };
		const cJSON *line, *inputs;
		long j = 0;
		if (!cJSON_IsObject(node)) {
			cp_jerr(R->cx, node ? &sub : at, node ? "must be a node object" : "missing 'node'");
			break;
		}
		/* the added node cites the scenario's sources, lines included */
		check_source(R, node, &sub);
		inputs = cJSON_GetObjectItemCaseSensitive(node, "inputs");
		if (cJSON_IsArray(inputs))
			cJSON_ArrayForEach(line, inputs) {
				cp_jpath in = { &sub, "inputs", NULL, j++ };
				if (cJSON_IsObject(line))
					check_source(R, line, &in);
			}
		if (!(c->text = cJSON_PrintUnformatted(node)))
			R->nomem = 1;
		break;
	}
	case CP_CHANGE_SET:
		selector(R, c, o, at);
		parse_set(R, c, o, at);
		break;
	}
}

int cp_changes_parse(cp_scenario *s, cp_jctx *cx, const cJSON *arr, const char *file, const cJSON *sources)
{
	reader R = { cx, sources, 0, s, 0 };
	const cJSON *o;
	long i = 0;
	cp_change *grown = cp_reallocn(s->changes, (size_t)s->n_changes + (size_t)cJSON_GetArraySize(arr) + 1,
	                               sizeof *grown);
	if (!grown)
		return -1;
	s->changes = grown;
	cJSON_ArrayForEach(o, arr) {
		cp_change *c = &s->changes[s->n_changes++];
		cp_jpath at = { NULL, "changes", NULL, i };
		char where[600];
		memset(c, 0, sizeof *c);
		c->at_kind = -1;
		snprintf(where, sizeof where, "%s: changes[%ld]", file, i);
		c->where = dup_string(&R, where);
		R.change = s->n_changes - 1;
		if (!cJSON_IsObject(o))
			cp_jerr(cx, &at, "must be an object (a change)");
		else
			parse_change(&R, c, o, &at);
		i++;
	}
	return R.nomem ? -1 : 0;
}
