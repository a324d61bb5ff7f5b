/* Pieces that the score and timeline reports (and compare) write alike. */
#ifndef CP_REPORT_PARTS_H
#define CP_REPORT_PARTS_H
#include "internal.h"

/* Sector node v's id, then ", "sector": S, "country": C" (JSON). */
void cp_json_sector_place(FILE *f, const cp_graph *g, int32_t v);
/* Sector node v's "id,sector,country," (CSV, with the trailing comma). */
void cp_csv_sector_place(FILE *f, const cp_graph *g, int32_t v);
/* Closes a result's last array and the result: the draws when d is not
 * NULL, then the warnings of log. */
void cp_json_result_end(FILE *f, const cp_draws *d, const cp_log *log);

#endif
