#include <math.h>
#include <float.h>
#include "graph_internal.h"

#include <string.h>

#include "alloc.h"
#include "dist.h"
#include "jsonutil.h"
#include "strtab.h"

const char *cp_status_str(cp_status st)
{
	switch (st) {
	case CP_OK: return "ok";
	case CP_EINVAL: return "invalid input";
	case CP_EIO: return "input/output error";
	case CP_ELIMIT: return "input exceeds a limit";
	case CP_ENOMEM: return "out of memory";
	case CP_EINTERNAL: return "internal error";
	}
	return "unknown status";
}

static int severity_of(cp_status st)
{
	switch (st) {
	case CP_OK: return 0;
	case CP_EINVAL: return 1;
	case CP_ELIMIT: return 2;
	case CP_EIO: return 3;
	case CP_EINTERNAL: return 4;
	case CP_ENOMEM: return 5;
	}
	return 4;
}

cp_status cp_status_merge(cp_status a, cp_status b)
{
	return severity_of(b) > severity_of(a) ? b : a;
}

void cp_limits_default(cp_limits *lim)
{
	lim->max_file_bytes = (size_t)2 << 30;
	lim->max_depth = 64;
	lim->max_string = 65536;
	lim->max_nodes = 50000000;
	lim->max_lines = 100000;
	lim->max_suppliers = 100000;
	lim->max_fields = 100000;
}

int cp_country_slot(const char *code)
{
	int slot = (code[0] - 'A' + 1) * 27 * 27 + (code[1] - 'A' + 1) * 27;
	return code[2] ? slot + code[2] - 'A' + 1 : slot;
}

void cp_graph_free(cp_graph *g)
{
	if (!g)
		return;
	cp_free(g->id);
	cp_free(g->name);
	cp_free(g->kind);
	cp_free(g->country);
	cp_free(g->tech_origin);
	cp_free(g->end_use);
	cp_free(g->sector);
	cp_free(g->elements);
	cp_free(g->output);
	cp_free(g->inventory_days);
	cp_free(g->production_t);
	cp_free(g->restock_rate);
	cp_uncertain_free_all(g->uncertain, g->n_uncertain);
	cp_free(g->line_off);
	cp_free(g->item);
	cp_free(g->value_share);
	cp_free(g->substitutable);
	cp_free(g->value_share_set);
	cp_free(g->transit_days);
	cp_free(g->edge_off);
	cp_free(g->supplier);
	cp_free(g->consumer);
	cp_free(g->edge_line);
	cp_free(g->shat);
	cp_free(g->country_code);
	cp_free(g->out_degree);
	cp_free(g->file);
	cp_free(g->node_of_str);
	cp_free(g->country_of_slot);
	if (g->strs) {
		cp_strtab_free(g->strs);
		cp_free(g->strs);
	}
	cp_free(g);
}

const char *cp_graph_str(const cp_graph *g, int32_t s)
{
	return s < 0 ? "" : cp_strtab_get(g->strs, s);
}

int32_t cp_graph_find_str(const cp_graph *g, const char *s)
{
	return cp_strtab_find(g->strs, s, strlen(s));
}

int32_t cp_graph_find(const cp_graph *g, const char *id)
{
	int32_t s = cp_graph_find_str(g, id);
	return s < 0 ? -1 : g->node_of_str[s];
}

int16_t cp_graph_find_country(const cp_graph *g, const char *code)
{
	return cp_is_country(code) ? g->country_of_slot[cp_country_slot(code)] : -1;
}

cp_status cp_graph_check_outputs(const cp_graph *g, const char *where, cp_log *log)
{
	double sum = 0;
	int32_t v;
	for (v = 0; v < g->n_nodes; v++) {
		if (isnan(g->output[v]))
			continue;
		sum += g->output[v];
		if (isinf(sum)) {
			cp_error(log, "%s: nodes[%d].output: %.17g makes the outputs of all nodes sum beyond the largest "
			         "number (%.6g), so value at risk could not be represented (node '%s')",
			         where, v, g->output[v], DBL_MAX, cp_node_id(g, v));
			return CP_EINVAL;
		}
	}
	return CP_OK;
}

double cp_normalise_shares(double *share, size_t n, size_t stride)
{
	double sum = 0, top = 0;
	size_t k;
	for (k = 0; k < n; k++)
		if (share[k * stride] > top)
			top = share[k * stride];
	for (k = 0; k < n; k++) {
		share[k * stride] /= top;
		sum += share[k * stride];
	}
	for (k = 0; k < n; k++)
		share[k * stride] /= sum;
	return top * sum;
}

cp_status cp_graph_build_counts(cp_graph *g)
{
	int32_t e;
	if (!g->out_degree && !(g->out_degree = cp_callocn((size_t)g->n_nodes + 1, sizeof *g->out_degree)))
		return CP_ENOMEM;
	memset(g->out_degree, 0, ((size_t)g->n_nodes + 1) * sizeof *g->out_degree);
	for (e = 0; e < g->n_edges; e++)
		g->out_degree[g->supplier[e]]++;
	return CP_OK;
}

