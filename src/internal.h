/* The library's types beyond the public header: the supply graph, the
 * scenario and the result as flat arrays.  The library, the command-line
 * tool and the tests read their fields directly; a program that links
 * the library sees them as opaque and uses the accessors of
 * <chokepoint/chokepoint.h>, so these layouts are not part of the ABI. */
#ifndef CP_INTERNAL_H
#define CP_INTERNAL_H
#include <chokepoint/chokepoint.h>

struct cp_strtab;

/* The immutable supply graph: parallel arrays indexed by node, line and
 * edge id, in file order.  Lines of node v are line_off[v] .. line_off[v+1]-1;
 * edges (one per line and supplier) of line l are edge_off[l] .. edge_off[l+1]-1,
 * so edge ids follow MODEL.md 1.1: consumer, then its lines, then suppliers.
 * Strings are indexes into an interned table, read with cp_graph_str(). */
typedef struct cp_graph {
	int32_t n_nodes, n_lines, n_edges;

	/* per node */
	int32_t *id;              /* string */
	int32_t *name;            /* string, -1 when absent */
	uint8_t *kind;            /* cp_kind */
	int16_t *country;         /* index into country[] */
	int16_t *tech_origin;     /* index into country[], -1 when absent */
	int32_t *end_use;         /* own end_use tag (string), -1 when absent */
	int32_t *sector;          /* sector name (string) of sector nodes, else -1 */
	cp_elemset *elements;     /* the node's own elements */
	double *output;           /* NaN when absent; likewise the next two */
	double *inventory_days;
	double *production_t;
	double *restock_rate;     /* NaN when absent (the timeline's default, 0.25) */
	int32_t *line_off;        /* n_nodes + 1 */

	/* per line */
	int32_t *item;            /* string */
	double *value_share;      /* 0 when absent */
	double *substitutable;    /* 0 when absent */
	uint8_t *value_share_set; /* 1 when the file gave value_share */
	int32_t *transit_days;    /* 0 when absent */
	int32_t *edge_off;        /* n_lines + 1 */

	/* per edge (supplier -> consumer) */
	int32_t *supplier;
	int32_t *consumer;
	int32_t *edge_line;
	double *share;            /* as written */
	double *shat;             /* normalised within the line */

	/* countries seen (node countries and tech origins) */
	int32_t n_countries;
	int32_t *country_code;    /* string */

	int version;              /* the file's format version, 1 or 2 (MODEL.md 2.1) */
	char *file;               /* the name it was loaded under, for messages */
	int32_t title;            /* top-level "name", -1 when absent */
	int32_t value_unit;       /* -1 when absent */
	int32_t *out_degree;      /* consumers counted with multiplicity */
	int32_t *node_of_str;     /* per string: the node it is the id of, or -1 */
	int16_t *country_of_slot; /* per country code slot: country index or -1 */
	struct cp_strtab *strs;
	int32_t n_uncertain;
	cp_uncertain *uncertain;  /* distributions in the graph file, in file order */
} cp_graph;

/* A phase of a control (MODEL.md 7.1): from `from` on, the fields it gives
 * replace the rule's own; those it does not give keep the rule's own. */
typedef struct cp_phase {
	int32_t from;             /* day */
	int has_denial, has_end_use, has_buyers;
	double denial;
	int32_t n_end_use;
	int32_t *end_use_tag;     /* as in cp_rule */
	double *end_use_denial;
	int32_t n_buyers;
	int32_t *buyer;
	double *buyer_denial;
} cp_phase;

typedef struct cp_rule {
	char *id;
	char *origin_code;
	int16_t origin;           /* graph country index, -1 when no node has it */
	int has_elements;
	cp_elemset elements;
	unsigned kinds;           /* bit per cp_kind */
	double denial;
	int32_t n_end_use;
	int32_t *end_use_tag;     /* graph string, -1 when no node carries the tag */
	double *end_use_denial;
	int32_t n_buyers;
	int32_t *buyer;           /* node index */
	double *buyer_denial;
	int has_destinations;
	int32_t n_destinations, n_exempt;
	int16_t *destinations;    /* graph country indexes (-1 for unknown ones) */
	int16_t *exempt;
	int extraterritorial;
	int has_min_content;
	double min_content;
	int technology;
	unsigned listed_kinds;    /* bit per cp_kind */
	int32_t start, end;       /* days; CP_DAY_NEVER_BEFORE / CP_DAY_NEVER_AFTER when absent */
	double lead_days;         /* 0 when absent */
	int32_t n_phases;
	cp_phase *phases;         /* sorted by from, inside [start, end) */
} cp_rule;

typedef struct cp_outage {
	int32_t node;             /* selected node, -1 to select by country/kinds */
	int has_country;
	int16_t country;          /* graph country index, -1 when no node has it */
	unsigned kinds;           /* bit per cp_kind; all bits when not given */
	double loss;
	int32_t start, end;       /* days, as in cp_rule */
	char *name;               /* its `name`, or NULL */
} cp_outage;

/* A diversification change (MODEL.md 4).  Node and country names stay
 * strings: a change may name a node that an earlier change adds. */
typedef enum cp_change_op {
	CP_CHANGE_SHIFT, CP_CHANGE_ADD_SUPPLIER, CP_CHANGE_REMOVE_SUPPLIER,
	CP_CHANGE_ADD_NODE, CP_CHANGE_SET
} cp_change_op;

typedef struct cp_change {
	cp_change_op op;
	char *where;              /* "file: changes[i]", for messages */
	char *at;                 /* selector: a node id, or NULL for at_kind/at_country */
	int at_kind;              /* selector object: kind, -1 for any */
	char *at_country;         /* selector object: country, NULL for any */
	char *item;               /* the line (shift, add/remove_supplier, set substitutable) */
	char *from, *to;          /* shift: countries */
	char *node;               /* shift: to_node; add/remove_supplier: supplier */
	double amount;            /* shift: fraction; add_supplier: share; set: numeric value */
	char *field;              /* set: substitutable, inventory_days, output or end_use */
	char *text;               /* set end_use: the tag; add_node: the node's JSON */
} cp_change;

/* Controls, outages and changes of one or more scenario files, concatenated. */
typedef struct cp_scenario {
	int32_t n_rules, n_outages, n_changes;
	cp_rule *rules;
	cp_outage *outages;
	cp_change *changes;
	int32_t n_files;
	char **names;             /* each file's "name", or its path */
	cp_limits lim;            /* the caps its files were read under (nodes that changes add too) */
	int32_t n_uncertain;
	cp_uncertain *uncertain;  /* distributions in the scenario files, in order */
} cp_scenario;

#define CP_MATCH_EXTRA 0x40000000  /* flag on a match: by the extraterritorial clause */


/* Why a critical path ends where it does. */
typedef enum cp_stop { CP_STOP_NONE, CP_STOP_BLOCKED, CP_STOP_OUTAGE, CP_STOP_SOURCE } cp_stop;

typedef struct cp_path {
	int32_t n_edges;
	int32_t *edges;           /* from the sector upstream */
	cp_stop stop;
	int32_t stop_node;        /* the node with the outage, or the source */
} cp_path;

typedef struct cp_result {
	const cp_graph *g;
	const cp_scenario *s;
	const cp_model *model;    /* owned by the result */

	double *disruption;       /* per node, 1 - availability */
	double *loss;             /* per node, largest outage loss in force */
	const int32_t *tag;       /* per node, t(v) of MODEL.md 2.3 (string) or -1 */
	const cp_elemset *contained; /* per node, E(v) */
	const double *content;    /* n_rules x n_nodes, rule-major: content[r * n_nodes + v] */
	double *blocked;          /* per edge */
	const int32_t *match_off; /* n_edges + 1 */
	const int32_t *match;     /* rule index | CP_MATCH_EXTRA, by rule index */
	const double *match_denial; /* the denial each match applies (2.4), own fields */
	int32_t n_cyclic_nodes;   /* nodes on a cycle */

	int has_at;               /* scored at a date (MODEL.md 7.5) */
	int32_t at;               /* that day */
	uint8_t *rule_on;         /* per rule: in force in this result */
	int32_t *rule_phase;      /* per rule: 0 own fields, p > 0 phases[p-1] */
	uint8_t *outage_on;       /* per outage */

	int32_t n_sector_nodes;
	const int32_t *sector_nodes; /* node indexes of sectors, file order */
	int32_t n_groups;
	cp_sector_group *groups;  /* in order of first appearance */

	/* filled with CP_SCORE_EXPLAIN */
	cp_path *paths;           /* per sector node */
	double *attribution;      /* n_rules x n_sector_nodes: disruption removed by lifting rule r alone */

	/* filled with CP_SCORE_SHARES (MODEL.md 3.1): players are the rules,
	 * then the outages */
	int32_t n_players;
	int shares_exact;         /* 1: every subset; 0: estimated from random orders */
	int32_t share_samples;    /* orders drawn when estimated */
	double *shares;           /* n_players x n_sector_nodes */
	double *shares_stderr;    /* likewise, when estimated; else NULL */
	double *group_shares;     /* n_players x n_groups, weighted as the group's disruption */
} cp_result;

#endif
