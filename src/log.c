#include "log.h"

#include <stdarg.h>
#include <stdio.h>

#include "alloc.h"
#include "clocale.h"
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

void cp_log_add(cp_log *log, cp_severity sev, cp_diag_code code, const char *fmt, ...)
{
	va_list ap;
	int len;
	char *text;
	locale_t old;
	size_t *count = sev == CP_ERROR ? &log->n_errors : &log->n_warnings;
	size_t cap = sev == CP_ERROR ? log->max_errors : log->max_warnings;

	if (++*count > cap) {
		log->suppressed++;
		return;
	}
	old = cp_clocale_enter();   /* numbers in messages read the same in every locale */
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || !(text = cp_malloc((size_t)len + 1))) {
		cp_clocale_leave(old);
		log->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(text, (size_t)len + 1, fmt, ap);
	va_end(ap);
	cp_clocale_leave(old);
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
	log->d[log->n].code = code;
	log->n++;
}

void cp_log_take(cp_log *to, cp_log *from)
{
	size_t i;
	for (i = 0; i < from->n; i++) {
		cp_diag *d = &from->d[i];
		size_t *count = d->severity == CP_ERROR ? &to->n_errors : &to->n_warnings;
		size_t cap = d->severity == CP_ERROR ? to->max_errors : to->max_warnings;
		if (++*count > cap) {
			to->suppressed++;
			cp_free(d->text);
		} else if (cp_grow((void **)&to->d, &to->m, to->n + 1, sizeof *to->d) < 0) {
			cp_free(d->text);
			to->oom = 1;
		} else {
			to->d[to->n++] = *d;
		}
	}
	from->n = 0;
	cp_log_free(from);
}
