/* Charts of the timeline (PLplot). */
#include <chokepoint/chokepoint.h>

#include "log.h"

cp_status cp_chart_timeline(const cp_timeline *t, const uint8_t *show, const char *path, cp_log *log)
{
	(void)t;
	(void)show;
	cp_error(log, "%s: charts are not built into this program", path);
	return CP_EINTERNAL;
}
