/* Graph tools out: a scored graph as GraphML or GML through igraph's
 * writers, so Gephi, yEd and NetworkX open the shocked graph. */
#ifndef CP_EXPORT_H
#define CP_EXPORT_H
#include <chokepoint/chokepoint.h>

typedef enum cp_export_format { CP_EXPORT_GRAPHML, CP_EXPORT_GML } cp_export_format;

/* Write r's graph to f.  Node attributes: name and label (the id), kind,
 * country, sector, end_use, output, disruption, value_at_risk (NaN without
 * output); edge attributes: item, share (normalised), blocked, rules (ids
 * joined by ", "), extraterritorial (0/1); graph attributes: title,
 * scenario, model.  Not reentrant: igraph's attribute table is global while
 * it runs.  CP_ENOMEM or CP_EINTERNAL with a message. */
cp_status cp_export(const cp_result *r, cp_export_format format, FILE *f, cp_log *log);

#endif
