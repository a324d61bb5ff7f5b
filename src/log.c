#include "log.h"

#include <stdarg.h>
#include <stdio.h>

#include "alloc.h"
#include "text.h"

void cp_log_init(cp_log *log)
{
	log->d = NULL;
	log->n = log->m = 0;
	log->n_errors = log->n_warnings = 0;
	log->max_errors = 50;
	log->max_warnings = 200;
	log->suppressed = 0;
	log->oom = 0;
}

void cp_log_free(cp_log *log)
{
	size_t i;
	for (i = 0; i < log->n; i++)
		cp_free(log->d[i].text);
	cp_free(log->d);
	cp_log_init(log);
}

void cp_log_add(cp_log *log, cp_severity sev, const char *fmt, ...)
{
	va_list ap;
	int len;
	char *text;
	size_t *count = sev == CP_ERROR ? &log->n_errors : &log->n_warnings;
	size_t cap = sev == CP_ERROR ? log->max_errors : log->max_warnings;

	if (++*count > cap) {
		log->suppressed++;
		return;
	}
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || !(text = cp_malloc((size_t)len + 1))) {
		log->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(text, (size_t)len + 1, fmt, ap);
	va_end(ap);
	/* Messages echo names from the input: no control character or
	 * broken UTF-8 may reach a terminal or a JSON "warnings" array. */
	{
		char *clean = cp_text_escape(text);
		cp_free(text);
		if (!(text = clean)) {
			log->oom = 1;
			return;
		}
	}
	if (cp_grow((void **)&log->d, &log->m, log->n + 1, sizeof *log->d) < 0) {
		cp_free(text);
		log->oom = 1;
		return;
	}
	log->d[log->n].severity = sev;
	log->d[log->n].text = text;
	log->n++;
}
