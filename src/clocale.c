#include "clocale.h"

#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static locale_t c_locale;

static void make_c_locale(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

locale_t cp_clocale_enter(void)
{
	pthread_once(&once, make_c_locale);
	return c_locale ? uselocale(c_locale) : (locale_t)0;
}

void cp_clocale_leave(locale_t old)
{
	if (old)
		uselocale(old);
}
