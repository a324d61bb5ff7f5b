/*
 * chokepoint: exposure of supply graphs to export controls.
 *
 * The library loads a supply graph and control scenarios (format version 1,
 * see MODEL.md), propagates the shock and scores it.  It never prints and
 * never exits: every fallible function returns a cp_status and appends
 * located, human-readable messages to a cp_log owned by the caller.
 *
 * Ownership: every object returned through an out-pointer belongs to the
 * caller and is released with its *_free function.  Results keep a pointer
 * to the graph and scenario they were computed from; free those last.
 */
#ifndef CHOKEPOINT_H
#define CHOKEPOINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CHOKEPOINT_VERSION "0.1.0"
#define CP_FORMAT_VERSION 1

typedef enum cp_status {
	CP_OK = 0,
	CP_EINVAL,    /* the input breaks a rule of the format */
	CP_EIO,       /* a file could not be read */
	CP_ELIMIT,    /* the input exceeds a configured cap */
	CP_ENOMEM,    /* an allocation failed */
	CP_EINTERNAL  /* a library call (igraph) failed unexpectedly */
} cp_status;

const char *cp_status_str(cp_status st);

typedef enum cp_kind {
	CP_ELEMENT, CP_MATERIAL, CP_MAGNET, CP_COMPONENT, CP_PRODUCT, CP_SECTOR,
	CP_NKINDS
} cp_kind;

/* "element", "material", ...; NULL for an out-of-range kind. */
const char *cp_kind_name(int kind);

/* A set of chemical elements: bit z-1 stands for atomic number z (1..118). */
typedef struct cp_elemset { uint64_t w[2]; } cp_elemset;

/* ---- diagnostics ---------------------------------------------------- */

typedef enum cp_severity { CP_WARNING, CP_ERROR } cp_severity;

typedef struct cp_diag {
	cp_severity severity;
	char *text;            /* "file: json.path: what is wrong" */
} cp_diag;

/* Messages in the order they were found.  Once max_errors errors are kept,
 * further errors are only counted in suppressed (likewise max_warnings). */
typedef struct cp_log {
	cp_diag *d;
	size_t n, m;
	size_t n_errors, n_warnings;
	size_t max_errors, max_warnings;
	size_t suppressed;
	int oom;               /* a message was lost to a failed allocation */
} cp_log;

void cp_log_init(cp_log *log);
void cp_log_free(cp_log *log);

/* ---- limits against hostile input ------------------------------------ */

typedef struct cp_limits {
	size_t max_file_bytes;   /* default 2 GiB */
	int max_depth;           /* JSON nesting, default 64 */
	size_t max_string;       /* bytes in one JSON string, default 65536 */
	size_t max_nodes;        /* default 50,000,000 */
	size_t max_lines;        /* lines in one node, default 100,000 */
	size_t max_suppliers;    /* suppliers in one line, default 100,000 */
	size_t max_fields;       /* members of one JSON object, default 100,000 (0: no cap) */
} cp_limits;

void cp_limits_default(cp_limits *lim);

/* Read a whole input file, at most max_bytes ("-" is standard input).  A
 * regular file is read (never mapped, so one that shrinks meanwhile is no
 * crash); a pipe is streamed and must start like JSON, so a stream of
 * garbage fails at its first bytes; a FIFO with no writer fails at once;
 * devices are refused.  On success *buf (released with cp_text_free) holds
 * *len bytes; else CP_EIO, CP_ELIMIT, CP_EINVAL or CP_ENOMEM with a message. */
cp_status cp_read_file(const char *path, size_t max_bytes, char **buf, size_t *len, cp_log *log);
void cp_text_free(char *buf);
/* Write len bytes to an output file without ever destroying what was
 * there: a regular file (or a new one, or a symbolic link's target) is
 * written beside it and renamed over it once complete; a device or pipe is
 * written in place and never removed.  CP_EIO with a message on failure. */
cp_status cp_output_file(const char *path, const char *buf, size_t len, cp_log *log);

/* ---- uncertain numbers (MODEL.md 8) ---------------------------------- */

typedef enum cp_dist_kind { CP_DIST_UNIFORM, CP_DIST_TRIANGULAR, CP_DIST_BETA } cp_dist_kind;

/* Which number of the files a distribution stands for. */
typedef enum cp_unc_target {
	CP_UNC_DENIAL,         /* rule, phase (0: own fields) */
	CP_UNC_END_USE,        /* rule, phase, index into that end_use map */
	CP_UNC_BUYER,          /* rule, phase, index into that buyers map */
	CP_UNC_LEAD,           /* rule */
	CP_UNC_LOSS,           /* outage (index) */
	CP_UNC_SUBSTITUTABLE,  /* line (index) */
	CP_UNC_INVENTORY,      /* node (index) */
	CP_UNC_RESTOCK,        /* node */
	CP_UNC_OUTPUT,         /* node */
	CP_UNC_CHANGE          /* change (index): shift fraction or add_supplier share */
} cp_unc_target;

typedef struct cp_uncertain {
	cp_dist_kind kind;
	double p[3];              /* uniform a, b; triangular low, mode, high; beta alpha, beta */
	double lo, hi;            /* the field's range */
	char *key;                /* numbers with one key take one quantile per draw; NULL */
	char *field;              /* a rule's or outage's field: "denial", "phases[2].end_use.defence", ...; NULL */
	cp_unc_target target;
	int32_t rule, phase, index;
} cp_uncertain;

/* The mean (what a number counts as without draws) and the quantile at u
 * in (0, 1). */
double cp_uncertain_mean(const cp_uncertain *u);
double cp_uncertain_quantile(const cp_uncertain *u, double q);

struct cp_draws;
typedef struct cp_draws cp_draws;

/* ---- the supply graph ----------------------------------------------- */

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
	void *igraph;             /* igraph_t *, edges supplier -> consumer, ids as above */
	struct cp_strtab *strs;
	int32_t n_uncertain;
	cp_uncertain *uncertain;  /* distributions in the graph file, in file order */
} cp_graph;

/* Load a graph file.  On success *out is a new graph; on failure *out is
 * NULL and every error found (up to the log's cap) is in log.  Warnings are
 * logged either way.  lim may be NULL for the defaults. */
cp_status cp_graph_load(cp_graph **out, const char *path,
                        const cp_limits *lim, cp_log *log);
/* The same from memory; name is used in messages. */
cp_status cp_graph_load_buffer(cp_graph **out, const char *name,
                               const char *buf, size_t len,
                               const cp_limits *lim, cp_log *log);
void cp_graph_free(cp_graph *g);

const char *cp_graph_str(const cp_graph *g, int32_t s);   /* "" for -1 */
/* Node index of an id, -1 when there is none.  O(1) expected. */
int32_t cp_graph_find(const cp_graph *g, const char *id);
int16_t cp_graph_find_country(const cp_graph *g, const char *code);
int32_t cp_graph_find_str(const cp_graph *g, const char *s);
static inline const char *cp_node_id(const cp_graph *g, int32_t v) { return cp_graph_str(g, g->id[v]); }
static inline const char *cp_node_country(const cp_graph *g, int32_t v) { return cp_graph_str(g, g->country_code[g->country[v]]); }

/* ---- dates ---------------------------------------------------------- */

/* Dates are day numbers: days since 1970-01-01 (proleptic Gregorian). */
#define CP_DAY_NEVER_BEFORE INT32_MIN  /* a `start` that is absent: in force before any horizon */
#define CP_DAY_NEVER_AFTER INT32_MAX   /* an `end` that is absent: never ends */

/* "YYYY-MM-DD" (a real calendar date, years 0001-9999) into *day; 0, or -1. */
int cp_date_parse(const char *s, int32_t *day);
/* The date of day as "YYYY-MM-DD" into buf (11 bytes). */
void cp_date_format(int32_t day, char buf[11]);

/* ---- scenarios ------------------------------------------------------ */

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
	int32_t n_uncertain;
	cp_uncertain *uncertain;  /* distributions in the scenario files, in order */
} cp_scenario;

cp_scenario *cp_scenario_new(void);
void cp_scenario_free(cp_scenario *s);
/* Append the controls and outages of a scenario file, resolved against g. */
cp_status cp_scenario_load(cp_scenario *s, const cp_graph *g, const char *path,
                           const cp_limits *lim, cp_log *log);
cp_status cp_scenario_load_buffer(cp_scenario *s, const cp_graph *g,
                                  const char *name, const char *buf, size_t len,
                                  const cp_limits *lim, cp_log *log);

/* Apply s's changes, in order, to a copy of g (MODEL.md 4), and add the
 * capacity warnings to log.  Rules and outages are resolved against the
 * graph they were loaded with: load the scenarios again against *out when
 * the changes add nodes.  On failure *out is NULL and log says why. */
cp_status cp_graph_apply_changes(cp_graph **out, const cp_graph *g, const cp_scenario *s, cp_log *log);

/* ---- results -------------------------------------------------------- */

#define CP_MATCH_EXTRA 0x40000000  /* flag on a match: by the extraterritorial clause */

/* One row of the sector summary: sector nodes grouped by sector name. */
typedef struct cp_sector_group {
	int32_t sector;           /* string */
	int32_t n_nodes;
	int32_t *nodes;           /* sector node indexes, file order */
	int32_t *slots;           /* per node: its place in the sector node list */
	double disruption;        /* output-weighted mean, or plain mean when !weighted */
	int weighted;             /* every node had an output */
	double value_at_risk;     /* sum over nodes; NaN when !weighted */
	/* the same over the nodes outside every controlling country (the
	 * origins of the rules in force), so an origin's own sector, which its
	 * controls do not reach, does not dilute the mean; NaN when none */
	double disruption_outside;
	double value_at_risk_outside;
	int32_t n_outside;
} cp_sector_group;

/* Why a critical path ends where it does. */
typedef enum cp_stop { CP_STOP_NONE, CP_STOP_BLOCKED, CP_STOP_OUTAGE, CP_STOP_SOURCE } cp_stop;

typedef struct cp_path {
	int32_t n_edges;
	int32_t *edges;           /* from the sector upstream */
	cp_stop stop;
	int32_t stop_node;        /* the node with the outage, or the source */
} cp_path;

/* The prepared model (MODEL.md 2-3): schedule, contained elements, end-use
 * tags, origin content, rule matches and outage selections of one graph
 * and scenario, computed once and then read-only.  It keeps pointers to g
 * and s: free it before them. */
typedef struct cp_model cp_model;

/* Prepare g under s (s may be NULL: no controls).  Calls igraph.  Time:
 * O(N + E*R) plus the fixed points of cycles. */
cp_status cp_model_prepare(cp_model **out, const cp_graph *g, const cp_scenario *s, cp_log *log);
void cp_model_free(cp_model *m);

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

enum { CP_SCORE_EXPLAIN = 1, CP_SCORE_SHARES = 2 };

#define CP_SHARES_EXACT_MAX 12   /* players up to which shares are exact */

typedef struct cp_score_opts {
	unsigned flags;           /* CP_SCORE_* */
	int has_at;               /* score the state on day `at` (MODEL.md 7.5) */
	int32_t at;
	int32_t share_samples;    /* random orders when shares are estimated; default 2000 */
	uint64_t seed;            /* for those orders; default 1 */
} cp_score_opts;

void cp_score_opts_default(cp_score_opts *o);

/* Score g under s (s may be NULL: no controls).  Warnings (e.g. a missing
 * value_share that an extraterritorial rule needs) go to log.
 * Time and memory: O(N + E*R); with CP_SCORE_EXPLAIN, R more propagations;
 * with CP_SCORE_SHARES, 2^players of them (or samples x players). */
cp_status cp_score(cp_result **out, const cp_graph *g, const cp_scenario *s,
                   unsigned flags, cp_log *log);
cp_status cp_score_with(cp_result **out, const cp_graph *g, const cp_scenario *s,
                        const cp_score_opts *o, cp_log *log);
void cp_result_free(cp_result *r);
/* A player's name: a rule's id, an outage's name or "outage N"; buf for the latter. */
const char *cp_player_name(const cp_scenario *s, int32_t player, char *buf, size_t size);

/* ---- timeline (MODEL.md 7) ------------------------------------------- */

#define CP_MAX_DAYS_DEFAULT 36500

typedef struct cp_timeline_opts {
	int32_t from, to;         /* days, both included */
	double threshold;         /* default 0.99 */
	int32_t max_days;         /* longest horizon accepted (CP_ELIMIT above); default 36,500 */
} cp_timeline_opts;

void cp_timeline_opts_default(cp_timeline_opts *o);

/* Summary of one series against the threshold (MODEL.md 7.4); days are
 * indexes into the horizon, -1 for none. */
typedef struct cp_series_stats {
	int32_t first_below;
	double min;
	int32_t min_day;
	int32_t days_below;
	int32_t recovered;
	double lost_value;        /* sum of (1 - x) * output / 365; NaN without output */
} cp_series_stats;

/* What happens on a day of the horizon, for the reader. */
typedef enum cp_event_kind {
	CP_EVENT_RULE_START, CP_EVENT_LEAD_END, CP_EVENT_PHASE, CP_EVENT_RULE_END,
	CP_EVENT_OUTAGE_START, CP_EVENT_OUTAGE_END
} cp_event_kind;

typedef struct cp_event {
	int32_t day;              /* the date's day number */
	cp_event_kind kind;
	int32_t index;            /* rule or outage */
	int32_t phase;            /* CP_EVENT_PHASE: 1-based phase */
} cp_event;

typedef struct cp_timeline {
	const cp_graph *g;
	const cp_scenario *s;
	int32_t from, n_days;
	double threshold;
	int32_t n_sector_nodes;
	int32_t *sector_nodes;    /* node indexes of sectors, file order */
	double *output;           /* n_sector_nodes x n_days: x_s(t), sector-major */
	cp_series_stats *stats;   /* per sector node */
	int32_t n_groups;
	cp_sector_group *groups;  /* membership and weighting; disruption unused */
	double *group_output;     /* n_groups x n_days */
	cp_series_stats *group_stats; /* lost_value summed over the group's nodes */
	double *flow;             /* n_rules x n_days: the flow index (MODEL.md 7.4) */
	uint8_t *flow_defined;    /* per rule: 0 when the rule matches no edge */
	int32_t n_events;
	cp_event *events;         /* in date order, inside the horizon */
	int32_t unconverged_days; /* days on which a cycle did not converge */
} cp_timeline;

/* Play the scenarios day by day over [o->from, o->to] (MODEL.md 7).
 * Memory: O(N * (largest transit + 1) + lines + sectors * days), not
 * O(N * days).  Time: about two passes over the edges per day. */
cp_status cp_timeline_run(cp_timeline **out, const cp_graph *g, const cp_scenario *s,
                          const cp_timeline_opts *o, cp_log *log);
void cp_timeline_free(cp_timeline *t);
/* The earliest `start` of any control or outage, or CP_DAY_NEVER_BEFORE. */
int32_t cp_scenario_first_start(const cp_scenario *s);

/* ---- chokepoints ------------------------------------------------------ */

/* Where a scored graph is fragile, per sector node (MODEL.md 3 applied to
 * knockouts; dominators from the sources; concentration by country). */
typedef struct cp_chokepoints {
	int exact;                /* 1: every node was knocked out; 0: candidates only */
	int32_t n_candidates;
	int32_t *candidates;      /* nodes knocked out, one at a time */
	double *impact;           /* n_candidates x n_sector_nodes: disruption added by losing the candidate */
	int32_t *idom;            /* per node: immediate dominator from the sources; -1 when only the
	                             sources' common root dominates it, -2 when no source reaches it */
	int32_t n_items;
	int32_t *item;            /* per item (string): the line item */
	double *hhi;              /* Herfindahl-Hirschman index of supply by country, in [0, 1] */
	int16_t *top_country;     /* the largest supplying country */
	double *top_share;
	uint8_t *item_by_output;  /* per item: 1 when weighted by output, 0 by shares */
} cp_chokepoints;

/* Knock out each node (or, above max_exact nodes, each candidate: the
 * sectors' dominators, then the nodes with most consumers, max_exact in
 * all), compute dominators with igraph, and the concentration of each item.
 * r must come from cp_score on the same graph and scenario. */
cp_status cp_chokepoints_compute(cp_chokepoints **out, const cp_result *r, int32_t max_exact, cp_log *log);
void cp_chokepoints_free(cp_chokepoints *c);

/* ---- reports --------------------------------------------------------- */

/* The result as MODEL.md section 5 JSON; warnings are the log's warnings.
 * With draws (d not NULL), the object also carries "draws". */
void cp_report_json(FILE *f, const cp_result *r, const cp_log *log);
void cp_report_json_draws(FILE *f, const cp_result *r, const cp_draws *d, const cp_log *log);
/* The sector summary, then per sector node its critical path and, when the
 * result was explained, the attribution per rule. */
void cp_report_table(FILE *f, const cp_result *r);
/* One CSV row per node (id, kind, country, disruption, end_use), or with
 * sectors set one per sector node (id, sector, country, disruption, value_at_risk). */
void cp_report_csv(FILE *f, const cp_result *r, int sectors);
/* A JSON string (escaped) and a JSON number (the shortest form that reads
 * back as the same double; null for NaN and infinities), for callers writing their own JSON. */
void cp_json_string(FILE *f, const char *s);
void cp_json_number(FILE *f, double x);
/* "warnings": [the log's warnings as strings], for a result object */
void cp_json_warnings(FILE *f, const cp_log *log);
/* A CSV field, quoted (RFC 4180) when it holds a comma, quote or line break. */
void cp_csv_field(FILE *f, const char *s);
/* Text for a terminal: control characters (C0, DEL, C1) and bytes that are
 * not UTF-8 are written as escapes ("\x1b", "\u009b"), so no echoed name
 * can drive the terminal. */
void cp_print_text(FILE *f, const char *s);

/* The timeline as MODEL.md 7.4 JSON.  show (n_sector_nodes flags, or NULL
 * for all) picks the sector nodes listed. */
void cp_timeline_json(FILE *f, const cp_timeline *t, const uint8_t *show, const cp_log *log);
void cp_timeline_json_draws(FILE *f, const cp_timeline *t, const uint8_t *show, const cp_draws *d, const cp_log *log);
/* What the numbers mean, the summary per sector group and node, and the
 * events in date order. */
void cp_timeline_table(FILE *f, const cp_timeline *t, const uint8_t *show, const cp_log *log);
/* Long format: date,id,sector,country,output per day and sector node; with
 * flows, date,rule,index per day and rule instead. */
void cp_timeline_csv(FILE *f, const cp_timeline *t, const uint8_t *show, int flows);

/* ---- draws (MODEL.md 8) ------------------------------------------------ */

typedef struct cp_stat { double mean, sd, p5, p50, p95; } cp_stat;

#define CP_SENSITIVITY_TOP 10

typedef struct cp_draw_opts {
	int32_t n_draws;
	uint64_t seed;
	int32_t threads;          /* 1 or more; the answer does not depend on it */
	int timeline;             /* draw the timeline (tl) instead of the static score */
	cp_timeline_opts tl;
	cp_score_opts at;         /* static draws: has_at/at for the state on a date */
	void (*progress)(void *ctx, int32_t done, int32_t total);   /* from one thread at a time; may be NULL */
	void *progress_ctx;
} cp_draw_opts;

void cp_draw_opts_default(cp_draw_opts *o);

/* One parameter of the draws: a key, or a distribution of its own. */
typedef struct cp_draw_param {
	char *name;               /* the key, or the place: RULE.denial, NODE.inventory_days, ... */
	int32_t n_members;
	int32_t *members;         /* indexes into the graph's uncertain list, then the scenario's (+ g->n_uncertain) */
} cp_draw_param;

/* What one sector node or group hangs on: parameters by |Spearman rho|. */
typedef struct cp_sensitivity {
	int32_t n;
	int32_t param[CP_SENSITIVITY_TOP];
	double rho[CP_SENSITIVITY_TOP];
} cp_sensitivity;

struct cp_draws {
	const cp_graph *g;
	const cp_scenario *s;
	int32_t n_draws;
	uint64_t seed;
	int timeline;
	int32_t n_params;
	cp_draw_param *params;
	double *values;           /* n_draws x n_params: the sampled numbers */
	int32_t n_sector_nodes;
	int32_t *sector_nodes;
	int32_t n_groups;
	cp_sector_group *groups;
	/* static draws: disruption and value at risk per draw (draw-major) */
	double *disruption, *value_at_risk;              /* n_draws x n_sector_nodes */
	double *group_disruption, *group_value_at_risk;  /* n_draws x n_groups */
	/* timeline draws: per draw, each sector node's first day below (index,
	 * or n_days when never) and lost value, and each group's */
	int32_t n_days, from;
	double *first_below, *lost_value;                /* n_draws x n_sector_nodes */
	double *group_first_below, *group_lost_value;    /* n_draws x n_groups */
	float *bands;             /* (n_sector_nodes + n_groups) x n_days x 3: p5, p50, p95 of the output */
	/* summaries */
	cp_stat *sector_stat, *sector_value;             /* disruption (static) or lost value (timeline); value at risk */
	cp_stat *group_stat, *group_value;
	cp_stat *sector_first, *group_first;             /* timeline: first day below, as day indexes */
	cp_sensitivity *sensitivity;                     /* n_sector_nodes + n_groups */
	int32_t unsampled;        /* distributions counted at their mean (change amounts) */
};

/* N draws of the static score (or the timeline): draw i samples every
 * parameter once, from a generator seeded by (seed, i, the parameter's
 * name), so results do not depend on the threads, the machine, or the order
 * of the files.  Memory: O(draws x (sectors + parameters)) plus, for the
 * timeline, the bands (sectors + groups) x days x draws as floats. */
cp_status cp_draws_run(cp_draws **out, const cp_graph *g, const cp_scenario *s, const cp_draw_opts *o, cp_log *log);
void cp_draws_free(cp_draws *d);
/* Draw i as one JSON line: {"draw": i, "values": {...}, "sectors": {...}}. */
void cp_draws_line(FILE *f, const cp_draws *d, int32_t i);
/* The place name of an uncertain number (MODEL.md 8 naming) into buf. */
const char *cp_uncertain_place(const cp_graph *g, const cp_scenario *s, const cp_uncertain *u, char *buf, size_t size);

/* Mean, standard deviation and percentiles (MODEL.md 8) of x[0], x[stride],
 * ... (n values). */
cp_status cp_stat_compute(const double *x, size_t stride, size_t n, cp_stat *out);

/* The draws' summaries as a JSON value (an object), a table section, or
 * CSV rows (id,measure,mean,sd,p5,p50,p95; groups as "group:NAME"). */
void cp_draws_json(FILE *f, const cp_draws *d);
void cp_draws_table(FILE *f, const cp_draws *d);
void cp_draws_csv(FILE *f, const cp_draws *d);
/* {"mean": .., "sd": .., "p5": .., "p50": .., "p95": ..} */
void cp_stat_json(FILE *f, const cp_stat *s);

/* ---- charts (PLplot) ------------------------------------------------- */

/* A line chart of the timeline into path (.svg, .png or .pdf): the sector
 * groups' series (or, when show is given, the chosen sector nodes') against
 * dates, the threshold as a line, a marker with a short label at every
 * event, and a second panel with each rule's flow index.  Not reentrant:
 * PLplot keeps global state. */
cp_status cp_chart_timeline(const cp_timeline *t, const uint8_t *show, const char *path, cp_log *log);
/* The same with the draws of the same timeline (cp_draws_run with
 * timeline set and the same horizon; NULL: as cp_chart_timeline): each
 * series is the median of the draws, with the 5-95 percentile band shaded
 * in its colour; the flow panel stays the run at the means.  CP_EINVAL
 * when the draws do not fit the timeline. */
cp_status cp_chart_timeline_draws(const cp_timeline *t, const cp_draws *d, const uint8_t *show, const char *path,
                                  cp_log *log);
/* A range plot of static draws into path (.svg, .png or .pdf): one row per
 * sector group, followed by its sector nodes, each with its 5-95 percentile
 * bar, median dot and mean tick of disruption on a 0-100% axis, and the
 * numbers beside it.  CP_EINVAL for timeline draws. */
cp_status cp_chart_ranges(const cp_draws *d, const char *path, cp_log *log);

/* ---- diagrams (Graphviz) -------------------------------------------- */

typedef enum cp_render_format { CP_RENDER_SVG, CP_RENDER_PNG, CP_RENDER_PDF, CP_RENDER_DOT } cp_render_format;
typedef enum cp_render_group { CP_GROUP_NONE, CP_GROUP_COUNTRY, CP_GROUP_KIND } cp_render_group;

/* What to draw.  Nodes go left to right by kind and are filled white ->
 * yellow -> red by disruption; edges are as wide as their normalised share;
 * blocked edges are red and labelled with their rules and blocked fraction,
 * dashed purple when an extraterritorial clause blocks them.
 * Merged nodes (collapse) show the output-weighted mean disruption (plain
 * mean when a member has no output) and the summed value at risk of members
 * with an output; a merged edge carries every graph edge between two merged
 * nodes, with the largest share and blocked fraction among them; edges
 * inside one merged node are not drawn. */
typedef struct cp_render_opts {
	cp_render_format format;  /* default SVG */
	int32_t focus;            /* node index: draw it and what feeds it (its upstream
	                             closure through shown edges); -1 (default) for all */
	double min_share;         /* hide edges whose normalised share is below; default 0 */
	cp_render_group collapse; /* merge nodes by kind and country, or by kind; default none */
	cp_render_group cluster;  /* CP_GROUP_COUNTRY boxes nodes by country; default none */
	size_t max_nodes;         /* refuse (CP_ELIMIT) drawings with more nodes, after focus
	                             and collapse; default 2000 */
	size_t max_edges;         /* likewise for drawn edges; default 8000 */
} cp_render_opts;

void cp_render_opts_default(cp_render_opts *o);
/* "svg", "png", "pdf", "dot"; NULL for an unknown format. */
const char *cp_render_format_name(cp_render_format f);
/* A format by name (any case; "gv" is dot), or by a path's extension.
 * 0, or -1 when there is none. */
int cp_render_format_parse(const char *name, cp_render_format *out);
int cp_render_format_of_path(const char *path, cp_render_format *out);
/* Draw the result with Graphviz (dot layout, in-process) into f; o may be
 * NULL for the defaults.  DOT is the graph before layout.  On failure f may
 * hold part of a drawing.  Graphviz's own messages go to log as warnings.
 * Not reentrant: Graphviz keeps global state.  Time: O(N + E log E) to plan,
 * then dot's layout, hence the caps. */
cp_status cp_render(const cp_result *r, const cp_render_opts *o, FILE *f, cp_log *log);
/* The same into a file, created only when the drawing succeeded. */
cp_status cp_render_file(const cp_result *r, const cp_render_opts *o, const char *path, cp_log *log);

#ifdef __cplusplus
}
#endif
#endif
