/*
 * chokepoint: exposure of supply graphs to export controls.
 *
 * The library loads a supply graph and control scenarios (format version 1,
 * see MODEL.md), propagates the shock and scores it.  It never prints and
 * never exits: every fallible function returns a cp_status and appends
 * located, human-readable messages to a cp_log owned by the caller.
 *
 * Graphs, scenarios and results are opaque: read them through the
 * accessors below.  Only functions marked CP_API are exported.
 *
 * Ownership: every object returned through an out-pointer belongs to the
 * caller and is released with its *_free function.  Results keep a pointer
 * to the graph and scenario they were computed from; free those last.
 *
 * Thread safety: the library keeps no mutable global state of its own, so
 * any function may be called from several threads at once on different
 * objects, and the read-only functions (scoring, chokepoints, reports, the
 * accessors) at once on the same graph, scenario, model or result.  A
 * cp_log, and any object being freed, belongs to one thread at a time.
 * Exceptions:
 *  - igraph (Debian's 0.10 is built with IGRAPH_THREAD_SAFE 0: its error
 *    handlers and error stack are process-wide).  The library calls igraph
 *    only while loading a graph, applying changes, preparing a model and
 *    computing dominators, one thread at a time under a library mutex, and
 *    puts the caller's igraph error and warning handlers back after each
 *    call.  A program that uses igraph itself must not do so while another
 *    of its threads is inside those functions.
 *  - cp_render and cp_render_file: Graphviz keeps global state; call them
 *    from one thread at a time.
 * Locale: the library never calls setlocale.  Numbers are written and read
 * with a '.' decimal point whatever LC_NUMERIC the program has set (each
 * function that formats switches its own thread to the C locale with
 * uselocale and back).
 */
#ifndef CHOKEPOINT_H
#define CHOKEPOINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks what the library exports: it is built with -fvisibility=hidden,
 * so everything else stays inside it. */
#if defined(__GNUC__) || defined(__clang__)
#define CP_API __attribute__((visibility("default")))
#else
#define CP_API
#endif

#define CHOKEPOINT_VERSION_MAJOR 0
#define CHOKEPOINT_VERSION_MINOR 1
#define CHOKEPOINT_VERSION_PATCH 0
#define CP_STR_(x) #x
#define CP_STR(x) CP_STR_(x)
#define CHOKEPOINT_VERSION CP_STR(CHOKEPOINT_VERSION_MAJOR) "." CP_STR(CHOKEPOINT_VERSION_MINOR) "." CP_STR(CHOKEPOINT_VERSION_PATCH)
/* MAJOR * 10000 + MINOR * 100 + PATCH, for #if */
#define CHOKEPOINT_VERSION_NUMBER (CHOKEPOINT_VERSION_MAJOR * 10000 + CHOKEPOINT_VERSION_MINOR * 100 + CHOKEPOINT_VERSION_PATCH)
#define CP_FORMAT_VERSION 1

typedef enum cp_status {
	CP_OK = 0,
	CP_EINVAL,    /* the input breaks a rule of the format */
	CP_EIO,       /* a file could not be read */
	CP_ELIMIT,    /* the input exceeds a configured cap */
	CP_ENOMEM,    /* an allocation failed */
	CP_EINTERNAL  /* a library call (igraph) failed unexpectedly */
} cp_status;

/* The library's version as "MAJOR.MINOR.PATCH": the one it was built as,
 * which may differ from CHOKEPOINT_VERSION of the header a program was
 * compiled with. */
CP_API const char *cp_version(void);

CP_API const char *cp_status_str(cp_status st);
/* The one rule for a sticky status: the worse of a and b, in the order
 * CP_OK < CP_EINVAL < CP_ELIMIT < CP_EIO < CP_EINTERNAL < CP_ENOMEM. */
CP_API cp_status cp_status_merge(cp_status a, cp_status b);

typedef enum cp_kind {
	CP_ELEMENT, CP_MATERIAL, CP_MAGNET, CP_COMPONENT, CP_PRODUCT, CP_SECTOR,
	CP_NKINDS
} cp_kind;

/* "element", "material", ...; NULL for an out-of-range kind. */
CP_API const char *cp_kind_name(int kind);

/* A set of chemical elements: bit z-1 stands for atomic number z (1..118). */
typedef struct cp_elemset { uint64_t w[2]; } cp_elemset;

/* ---- diagnostics ---------------------------------------------------- */

typedef enum cp_severity { CP_WARNING, CP_ERROR } cp_severity;

/* What a message is about, so a program can act on it without reading
 * its text. */
typedef enum cp_diag_code {
	CP_DIAG_NOTE = 0,       /* a warning of no class below */
	CP_DIAG_INVALID,        /* a value breaks a rule of the format */
	CP_DIAG_SYNTAX,         /* not JSON, or a string that is not UTF-8 */
	CP_DIAG_LIMIT,          /* the input exceeds a cap of cp_limits */
	CP_DIAG_UNKNOWN_FIELD,  /* a field the format does not define */
	CP_DIAG_CAPACITY,       /* after changes, consumers buy more than a node makes */
	CP_DIAG_NONCONVERGENCE, /* a cycle did not reach its fixed point: results there are approximate */
	CP_DIAG_MISSING_DATA,   /* a value the model needs is absent: a default was used */
	CP_DIAG_IO,             /* a file could not be read or written */
	CP_DIAG_NOMEM,          /* out of memory */
	CP_DIAG_INTERNAL,       /* a library (igraph, Graphviz) failed */
	CP_DIAG_NO_EFFECT       /* a change that changes nothing */
} cp_diag_code;

typedef struct cp_diag {
	cp_severity severity;
	char *text;            /* "file: json.path: what is wrong" */
	cp_diag_code code;
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

CP_API void cp_log_init(cp_log *log);
CP_API void cp_log_free(cp_log *log);
/* Messages kept, and the i-th of them (NULL past the end). */
CP_API size_t cp_log_count(const cp_log *log);
CP_API const cp_diag *cp_log_get(const cp_log *log, size_t i);

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

CP_API void cp_limits_default(cp_limits *lim);

/* Read a whole input file, at most max_bytes ("-" is standard input).  A
 * regular file is read (never mapped, so one that shrinks meanwhile is no
 * crash); a pipe is streamed and must start like JSON, so a stream of
 * garbage fails at its first bytes; a FIFO with no writer fails at once;
 * devices are refused.  On success *buf (released with cp_text_free) holds
 * *len bytes; else CP_EIO, CP_ELIMIT, CP_EINVAL or CP_ENOMEM with a message. */
CP_API cp_status cp_read_file(const char *path, size_t max_bytes, char **buf, size_t *len, cp_log *log);
CP_API void cp_text_free(char *buf);
/* Write len bytes to an output file without ever destroying what was
 * there: a regular file (or a new one, or a symbolic link's target) is
 * written beside it and renamed over it once complete; a device or pipe is
 * written in place and never removed.  CP_EIO with a message on failure. */
CP_API cp_status cp_output_file(const char *path, const char *buf, size_t len, cp_log *log);

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
CP_API double cp_uncertain_mean(const cp_uncertain *u);
CP_API double cp_uncertain_quantile(const cp_uncertain *u, double q);

struct cp_draws;
typedef struct cp_draws cp_draws;

/* ---- the supply graph ----------------------------------------------- */

/* The immutable supply graph (opaque): nodes by index 0 .. n-1 in file
 * order, read through the accessors below. */
typedef struct cp_graph cp_graph;


/* Load a graph file.  On success *out is a new graph; on failure *out is
 * NULL and every error found (up to the log's cap) is in log.  Warnings are
 * logged either way.  lim may be NULL for the defaults. */
CP_API cp_status cp_graph_load(cp_graph **out, const char *path,
                        const cp_limits *lim, cp_log *log);
/* The same from memory; name is used in messages. */
CP_API cp_status cp_graph_load_buffer(cp_graph **out, const char *name,
                               const char *buf, size_t len,
                               const cp_limits *lim, cp_log *log);
CP_API void cp_graph_free(cp_graph *g);

CP_API const char *cp_graph_str(const cp_graph *g, int32_t s);   /* "" for -1 */
/* Node index of an id, -1 when there is none.  O(1) expected. */
CP_API int32_t cp_graph_find(const cp_graph *g, const char *id);
CP_API int16_t cp_graph_find_country(const cp_graph *g, const char *code);
CP_API int32_t cp_graph_find_str(const cp_graph *g, const char *s);
/* Nodes: 0 <= v < cp_graph_node_count(g). */
CP_API int32_t cp_graph_node_count(const cp_graph *g);
CP_API const char *cp_node_id(const cp_graph *g, int32_t v);
CP_API const char *cp_node_name(const cp_graph *g, int32_t v);      /* NULL when absent */
CP_API cp_kind cp_node_kind(const cp_graph *g, int32_t v);
CP_API const char *cp_node_country(const cp_graph *g, int32_t v);
CP_API const char *cp_node_sector(const cp_graph *g, int32_t v);    /* sector nodes; NULL for others */
CP_API double cp_node_output(const cp_graph *g, int32_t v);         /* NaN when absent */

/* ---- dates ---------------------------------------------------------- */

/* Dates are day numbers: days since 1970-01-01 (proleptic Gregorian). */
#define CP_DAY_NEVER_BEFORE INT32_MIN  /* a `start` that is absent: in force before any horizon */
#define CP_DAY_NEVER_AFTER INT32_MAX   /* an `end` that is absent: never ends */

/* "YYYY-MM-DD" (a real calendar date, years 0001-9999) into *day; 0, or -1. */
CP_API int cp_date_parse(const char *s, int32_t *day);
/* The date of day as "YYYY-MM-DD" into buf (11 bytes). */
CP_API void cp_date_format(int32_t day, char buf[11]);

/* ---- scenarios ------------------------------------------------------ */

/* Controls, outages and changes of one or more scenario files (opaque). */
typedef struct cp_scenario cp_scenario;


CP_API cp_scenario *cp_scenario_new(void);
CP_API void cp_scenario_free(cp_scenario *s);
/* Append the controls and outages of a scenario file, resolved against g. */
CP_API cp_status cp_scenario_load(cp_scenario *s, const cp_graph *g, const char *path,
                           const cp_limits *lim, cp_log *log);
CP_API cp_status cp_scenario_load_buffer(cp_scenario *s, const cp_graph *g,
                                  const char *name, const char *buf, size_t len,
                                  const cp_limits *lim, cp_log *log);

/* Apply s's changes, in order, to a copy of g (MODEL.md 4), and add the
 * capacity warnings to log.  Rules and outages are resolved against the
 * graph they were loaded with: load the scenarios again against *out when
 * the changes add nodes.  On failure *out is NULL and log says why. */
CP_API cp_status cp_graph_apply_changes(cp_graph **out, const cp_graph *g, const cp_scenario *s, cp_log *log);

/* ---- results -------------------------------------------------------- */

/* A scored graph (opaque): read it through the accessors below. */
typedef struct cp_result cp_result;

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

/* The prepared model (MODEL.md 2-3): schedule, contained elements, end-use
 * tags, origin content, rule matches and outage selections of one graph
 * and scenario, computed once and then read-only.  It keeps pointers to g
 * and s: free it before them. */
typedef struct cp_model cp_model;

/* Prepare g under s (s may be NULL: no controls).  Calls igraph.  Time:
 * O(N + E*R) plus the fixed points of cycles. */
CP_API cp_status cp_model_prepare(cp_model **out, const cp_graph *g, const cp_scenario *s, cp_log *log);
CP_API void cp_model_free(cp_model *m);


enum { CP_SCORE_EXPLAIN = 1, CP_SCORE_SHARES = 2 };

#define CP_SHARES_EXACT_MAX 12   /* players up to which shares are exact */
#define CP_SHARE_SAMPLES_DEFAULT 2000
#define CP_SHARE_SEED_DEFAULT 1

typedef struct cp_score_opts {
	unsigned flags;           /* CP_SCORE_* */
	int has_at;               /* score the state on day `at` (MODEL.md 7.5) */
	int32_t at;
	int32_t share_samples;    /* random orders when shares are estimated; default 2000 */
	uint64_t seed;            /* for those orders; default 1 */
} cp_score_opts;

CP_API void cp_score_opts_default(cp_score_opts *o);

/* Score g under s (s may be NULL: no controls).  Warnings (e.g. a missing
 * value_share that an extraterritorial rule needs) go to log.
 * Time and memory: O(N + E*R); with CP_SCORE_EXPLAIN, R more propagations;
 * with CP_SCORE_SHARES, 2^players of them (or samples x players). */
CP_API cp_status cp_score(cp_result **out, const cp_graph *g, const cp_scenario *s,
                   unsigned flags, cp_log *log);
CP_API cp_status cp_score_with(cp_result **out, const cp_graph *g, const cp_scenario *s,
                        const cp_score_opts *o, cp_log *log);
CP_API void cp_result_free(cp_result *r);
/* What a result says: the graph it was scored on; its sector nodes in file
 * order; each node's disruption (1 - availability) and value at risk
 * (disruption x output, NaN without output); the sector groups (sector
 * nodes grouped by sector name, in order of first appearance). */
CP_API const cp_graph *cp_result_graph(const cp_result *r);
CP_API int32_t cp_result_sector_count(const cp_result *r);
CP_API int32_t cp_result_sector_node(const cp_result *r, int32_t i);
CP_API double cp_result_disruption(const cp_result *r, int32_t v);
CP_API double cp_result_value_at_risk(const cp_result *r, int32_t v);
CP_API int32_t cp_result_group_count(const cp_result *r);
CP_API const cp_sector_group *cp_result_group(const cp_result *r, int32_t k);
CP_API const char *cp_result_group_name(const cp_result *r, int32_t k);
/* A player's name: a rule's id, an outage's name or "outage N"; buf for the latter. */
CP_API const char *cp_player_name(const cp_scenario *s, int32_t player, char *buf, size_t size);

/* ---- timeline (MODEL.md 7) ------------------------------------------- */

#define CP_MAX_DAYS_DEFAULT 36500
#define CP_THRESHOLD_DEFAULT 0.99

typedef struct cp_timeline_opts {
	int32_t from, to;         /* days, both included */
	double threshold;         /* default 0.99 */
	int32_t max_days;         /* longest horizon accepted (CP_ELIMIT above); default 36,500 */
} cp_timeline_opts;

CP_API void cp_timeline_opts_default(cp_timeline_opts *o);

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
CP_API cp_status cp_timeline_run(cp_timeline **out, const cp_graph *g, const cp_scenario *s,
                          const cp_timeline_opts *o, cp_log *log);
CP_API void cp_timeline_free(cp_timeline *t);
/* The earliest `start` of any control or outage, or CP_DAY_NEVER_BEFORE. */
CP_API int32_t cp_scenario_first_start(const cp_scenario *s);

/* ---- chokepoints ------------------------------------------------------ */

/* Where a scored graph is fragile, per sector node (MODEL.md 3 applied to
 * knockouts; dominators from the sources; concentration by country). */
typedef struct cp_chokepoints {
	int exact;                /* 1: every node was knocked out; 0: candidates only */
	int32_t n_candidates;
	int32_t *candidates;      /* nodes knocked out, one at a time */
	/* What losing a candidate adds to a sector's disruption, by sector
	 * (sector index i as in the result's sector_nodes): hits
	 * hit_off[i] .. hit_off[i + 1] - 1 are the candidates (indexes into
	 * candidates, ascending) whose loss changes it, each adding added[h];
	 * every other candidate adds 0.  cp_chokepoints_added looks one up. */
	int32_t *hit_off;         /* n_sector_nodes + 1 */
	int32_t *hit;
	double *added;
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
CP_API cp_status cp_chokepoints_compute(cp_chokepoints **out, const cp_result *r, int32_t max_exact, cp_log *log);
CP_API void cp_chokepoints_free(cp_chokepoints *c);
/* The disruption that losing candidate k (an index into c->candidates)
 * adds to sector node i (an index into the result's sector_nodes).
 * O(log hits of the sector). */
CP_API double cp_chokepoints_added(const cp_chokepoints *c, int32_t k, int32_t i);

/* ---- reports --------------------------------------------------------- */

/* The result as MODEL.md section 5 JSON; warnings are the log's warnings.
 * With draws (d not NULL), the object also carries "draws". */
CP_API void cp_report_json(FILE *f, const cp_result *r, const cp_log *log);
CP_API void cp_report_json_draws(FILE *f, const cp_result *r, const cp_draws *d, const cp_log *log);
/* The sector summary, then per sector node its critical path and, when the
 * result was explained, the attribution per rule. */
CP_API void cp_report_table(FILE *f, const cp_result *r);

/* Orders for tables: file order, largest disruption first, largest value
 * at risk first (no value last), or by id (a group by its sector name). */
typedef enum cp_sort { CP_SORT_FILE, CP_SORT_DISRUPTION, CP_SORT_VALUE, CP_SORT_ID } cp_sort;
typedef struct cp_table_opts {
	cp_sort sort;             /* default CP_SORT_FILE */
	int32_t top;              /* show only the first top groups and sector nodes; 0 for all */
} cp_table_opts;
/* cp_report_table with rows ordered and cut; opts NULL is cp_report_table. */
CP_API void cp_report_table_opts(FILE *f, const cp_result *r, const cp_table_opts *opts);
/* The indexes of r's groups (groups set) or sector nodes (into
 * r->sector_nodes) in the given order, ties in file order, into order
 * (n_groups or n_sector_nodes entries).  Returns that count. */
CP_API int32_t cp_result_order(const cp_result *r, cp_sort sort, int groups, int32_t *order);
/* One CSV row per node (id, kind, country, disruption, end_use), or with
 * sectors set one per sector node (id, sector, country, disruption, value_at_risk). */
CP_API void cp_report_csv(FILE *f, const cp_result *r, int sectors);
/* A JSON string (escaped) and a JSON number (the shortest form that reads
 * back as the same double; null for NaN and infinities), for callers writing their own JSON. */
CP_API void cp_json_string(FILE *f, const char *s);
CP_API void cp_json_number(FILE *f, double x);
/* "warnings": [the log's warnings as strings], for a result object */
CP_API void cp_json_warnings(FILE *f, const cp_log *log);
/* A CSV field, quoted (RFC 4180) when it holds a comma, quote or line break. */
CP_API void cp_csv_field(FILE *f, const char *s);
/* A CSV number: as cp_json_number, but an empty field for NaN (missing). */
CP_API void cp_csv_number(FILE *f, double x);
/* Text for a terminal: control characters (C0, DEL, C1) and bytes that are
 * not UTF-8 are written as escapes ("\x1b", "\u009b"), so no echoed name
 * can drive the terminal. */
CP_API void cp_print_text(FILE *f, const char *s);

/* The timeline as MODEL.md 7.4 JSON.  show (n_sector_nodes flags, or NULL
 * for all) picks the sector nodes listed. */
CP_API void cp_timeline_json(FILE *f, const cp_timeline *t, const uint8_t *show, const cp_log *log);
CP_API void cp_timeline_json_draws(FILE *f, const cp_timeline *t, const uint8_t *show, const cp_draws *d, const cp_log *log);
/* What the numbers mean, the summary per sector group and node, and the
 * events in date order. */
CP_API void cp_timeline_table(FILE *f, const cp_timeline *t, const uint8_t *show, const cp_log *log);
/* Long format: date,id,sector,country,output per day and sector node; with
 * flows, date,rule,index per day and rule instead. */
CP_API void cp_timeline_csv(FILE *f, const cp_timeline *t, const uint8_t *show, int flows);

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
	/* The graph before the scenario's changes, when the graph given to
	 * cp_draws_run is that graph after them (cp_graph_apply_changes): draws
	 * then sample the changes' amounts too (a shift's fraction, an
	 * add_supplier's share), applying the changes again to it in each draw
	 * that has a distribution on one.  NULL: those distributions count as
	 * their mean (cp_draws.unsampled). */
	const cp_graph *unchanged;
	void (*progress)(void *ctx, int32_t done, int32_t total);   /* from one thread at a time; may be NULL */
	void *progress_ctx;
} cp_draw_opts;

CP_API void cp_draw_opts_default(cp_draw_opts *o);

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
	int32_t unsampled;        /* distributions counted at their mean (change amounts without an unchanged graph) */
};

/* N draws of the static score (or the timeline): draw i samples every
 * parameter once, from a generator seeded by (seed, i, the parameter's
 * name), so results do not depend on the threads, the machine, or the order
 * of the files.  With o->unchanged, a draw that moves a change amount
 * applies s's changes again to o->unchanged and runs a model prepared for
 * that graph; CP_EINVAL (with a message naming the draw) when that graph's
 * nodes, lines or suppliers differ from g's.  Memory: O(draws x (sectors +
 * parameters)) plus, for the timeline, the bands (sectors + groups) x days x
 * draws as floats. */
CP_API cp_status cp_draws_run(cp_draws **out, const cp_graph *g, const cp_scenario *s, const cp_draw_opts *o, cp_log *log);
CP_API void cp_draws_free(cp_draws *d);
/* Draw i as one JSON line: {"draw": i, "values": {...}, "sectors": {...}}. */
CP_API void cp_draws_line(FILE *f, const cp_draws *d, int32_t i);
/* The place name of an uncertain number (MODEL.md 8 naming) into buf. */
CP_API const char *cp_uncertain_place(const cp_graph *g, const cp_scenario *s, const cp_uncertain *u, char *buf, size_t size);

/* Mean, standard deviation and percentiles (MODEL.md 8) of x[0], x[stride],
 * ... (n values). */
CP_API cp_status cp_stat_compute(const double *x, size_t stride, size_t n, cp_stat *out);

/* The draws' summaries as a JSON value (an object), a table section, or
 * CSV rows (id,measure,mean,sd,p5,p50,p95; groups as "group:NAME"). */
CP_API void cp_draws_json(FILE *f, const cp_draws *d);
CP_API void cp_draws_table(FILE *f, const cp_draws *d);
CP_API void cp_draws_csv(FILE *f, const cp_draws *d);
/* {"mean": .., "sd": .., "p5": .., "p50": .., "p95": ..} */
CP_API void cp_stat_json(FILE *f, const cp_stat *s);

/* ---- charts (PLplot) ------------------------------------------------- */

/* A line chart of the timeline into path (.svg, .png or .pdf): the sector
 * groups' series (or, when show is given, the chosen sector nodes') against
 * dates, the threshold as a line, a marker with a short label at every
 * event, and a second panel with each rule's flow index.  Not reentrant:
 * PLplot keeps global state. */
CP_API cp_status cp_chart_timeline(const cp_timeline *t, const uint8_t *show, const char *path, cp_log *log);
/* The same with the draws of the same timeline (cp_draws_run with
 * timeline set and the same horizon; NULL: as cp_chart_timeline): each
 * series is the median of the draws, with the 5-95 percentile band shaded
 * in its colour; the flow panel stays the run at the means.  CP_EINVAL
 * when the draws do not fit the timeline. */
CP_API cp_status cp_chart_timeline_draws(const cp_timeline *t, const cp_draws *d, const uint8_t *show, const char *path,
                                  cp_log *log);
/* A range plot of static draws into path (.svg, .png or .pdf): one row per
 * sector group, followed by its sector nodes, each with its 5-95 percentile
 * bar, median dot and mean tick of disruption on a 0-100% axis, and the
 * numbers beside it.  CP_EINVAL for timeline draws. */
CP_API cp_status cp_chart_ranges(const cp_draws *d, const char *path, cp_log *log);

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
#define CP_RENDER_MAX_NODES_DEFAULT 2000
#define CP_RENDER_MAX_EDGES_DEFAULT 8000

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

CP_API void cp_render_opts_default(cp_render_opts *o);
/* "svg", "png", "pdf", "dot"; NULL for an unknown format. */
CP_API const char *cp_render_format_name(cp_render_format f);
/* A format by name (any case; "gv" is dot), or by a path's extension.
 * 0, or -1 when there is none. */
CP_API int cp_render_format_parse(const char *name, cp_render_format *out);
CP_API int cp_render_format_of_path(const char *path, cp_render_format *out);
/* Draw the result with Graphviz (dot layout, in-process) into f; o may be
 * NULL for the defaults.  DOT is the graph before layout.  On failure f may
 * hold part of a drawing.  Graphviz's own messages go to log as warnings.
 * Not reentrant: Graphviz keeps global state.  Time: O(N + E log E) to plan,
 * then dot's layout, hence the caps. */
CP_API cp_status cp_render(const cp_result *r, const cp_render_opts *o, FILE *f, cp_log *log);
/* The same into a file, created only when the drawing succeeded. */
CP_API cp_status cp_render_file(const cp_result *r, const cp_render_opts *o, const char *path, cp_log *log);

#ifdef __cplusplus
}
#endif
#endif
