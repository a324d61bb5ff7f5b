/* Warnings for scenarios that load but cannot mean what was written: a
 * control, outage or buyers entry that matches nothing. */
#ifndef CP_CHECKS_H
#define CP_CHECKS_H
#include <chokepoint/chokepoint.h>

/* Prepare s on g and warn, naming the file and the control or outage, for
 * every control that matches no edge, outage that selects no node, and
 * buyers entry (own or of a phase) that is the consumer of no edge the
 * control matches.  Controls whose origin is no node's country are left to
 * the loader, which warned already.  CP_ENOMEM or a preparing failure. */
cp_status cp_scenario_check(const cp_graph *g, const cp_scenario *s, cp_log *log);
/* The same, keeping the model it prepared in *keep (NULL when it prepared
 * none, or its messages did not all fit a log) and the messages preparing
 * gave, which the check does not report, in keep_log (initialised by the
 * caller): cp_score_prepared on the model, after cp_log_take of keep_log,
 * gives what cp_score_with would, without preparing again. */
cp_status cp_scenario_check_keep(const cp_graph *g, const cp_scenario *s, cp_log *log, cp_model **keep,
                                 cp_log *keep_log);
/* " (did you mean 'CN'?)" over the graph's country codes, or "". */
const char *cp_country_hint(const cp_graph *g, const char *code, char *buf, size_t size);
/* " (did you mean 'x'?)" over the graph's node ids, or "". */
const char *cp_node_hint(const cp_graph *g, const char *id, char *buf, size_t size);

#endif
