/* Spreadsheets in: a node table and a line table (CSV) into a graph file. */
#ifndef CP_IMPORT_H
#define CP_IMPORT_H
#include <chokepoint/chokepoint.h>

typedef struct cp_import_opts {
	int version;              /* the graph's "chokepoint" version, 1 or 2 (default 2) */
	const char *name;         /* top-level "name", or NULL */
	const char *value_unit;   /* top-level "value_unit", or NULL */
} cp_import_opts;

/* Read the node table (id,kind,country[,elements,output,...]) and the line
 * table (node,item,supplier,share[,value_share,substitutable,...], one row
 * per supplier), check every cell, and return the graph as JSON text in
 * *json (the caller frees it with free()).  The text is loaded once as a
 * graph before it is returned.  Every message names the CSV file, row and
 * column.  CP_EINVAL, CP_EIO, CP_ELIMIT or CP_ENOMEM on failure. */
cp_status cp_import_csv(const char *nodes_csv, const char *inputs_csv, const cp_import_opts *o,
                        const cp_limits *lim, char **json, cp_log *log);

#endif
