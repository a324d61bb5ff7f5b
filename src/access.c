/* The accessors of the public header: what a program that links the
 * library reads from a graph, a result and a log without their layouts. */
#include <math.h>

#include "internal.h"

const char *cp_version(void)
{
	return CHOKEPOINT_VERSION;
}

int32_t cp_graph_node_count(const cp_graph *g)
{
	return g->n_nodes;
}

const char *cp_node_id(const cp_graph *g, int32_t v)
{
	return cp_graph_str(g, g->id[v]);
}

const char *cp_node_name(const cp_graph *g, int32_t v)
{
	return g->name[v] < 0 ? NULL : cp_graph_str(g, g->name[v]);
}

cp_kind cp_node_kind(const cp_graph *g, int32_t v)
{
	return (cp_kind)g->kind[v];
}

const char *cp_node_country(const cp_graph *g, int32_t v)
{
	return cp_graph_str(g, g->country_code[g->country[v]]);
}

const char *cp_node_sector(const cp_graph *g, int32_t v)
{
	return g->sector[v] < 0 ? NULL : cp_graph_str(g, g->sector[v]);
}

double cp_node_output(const cp_graph *g, int32_t v)
{
	return g->output[v];
}

const cp_graph *cp_result_graph(const cp_result *r)
{
	return r->g;
}

int32_t cp_result_sector_count(const cp_result *r)
{
	return r->n_sector_nodes;
}

int32_t cp_result_sector_node(const cp_result *r, int32_t i)
{
	return r->sector_nodes[i];
}

double cp_result_disruption(const cp_result *r, int32_t v)
{
	return r->disruption[v];
}

double cp_result_value_at_risk(const cp_result *r, int32_t v)
{
	return r->disruption[v] * r->g->output[v];
}

int32_t cp_result_group_count(const cp_result *r)
{
	return r->n_groups;
}

const cp_sector_group *cp_result_group(const cp_result *r, int32_t k)
{
	return &r->groups[k];
}

const char *cp_result_group_name(const cp_result *r, int32_t k)
{
	return cp_graph_str(r->g, r->groups[k].sector);
}

size_t cp_log_count(const cp_log *log)
{
	return log->n;
}

const cp_diag *cp_log_get(const cp_log *log, size_t i)
{
	return i < log->n ? &log->d[i] : NULL;
}
