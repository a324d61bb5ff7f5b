/* Toggles on a loaded scenario, so that a rule can be switched off or a
 * denial changed without editing files: `--without RULE` and
 * `--set RULE.denial=X`, `RULE.end_use.TAG=X`, `RULE.buyers.NODE=X`,
 * `OUTAGE.loss=X`.  Applied after loading (and after the scenario's changes
 * are applied), before scoring. */
#ifndef CP_OVERRIDES_H
#define CP_OVERRIDES_H
#include <chokepoint/chokepoint.h>

/* Remove the control with id name, or the outage called name ("outage N"
 * for the N-th unnamed one, counted in scenario order).  CP_EINVAL with a
 * message (and the closest name) when there is none. */
cp_status cp_scenario_without(cp_scenario *s, const char *name, cp_log *log);
/* Apply one "NAME.FIELD=X" assignment; g resolves end-use tags and buyer
 * nodes.  The field is changed in the rule's own fields and in every phase
 * that gives that field, so the value holds on every date.  CP_EINVAL with
 * a message naming the option for an unknown rule, field, tag or node or a
 * value out of [0, 1]; CP_ENOMEM. */
cp_status cp_scenario_set(cp_scenario *s, const cp_graph *g, const char *assignment, cp_log *log);

/* Release what a rule owns (load_scenario.c). */
void cp_rule_release(cp_rule *r);

#endif
