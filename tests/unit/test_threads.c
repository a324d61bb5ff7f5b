/* Runs of one prepared model from several threads at once give, bit for
 * bit, what the same runs give one after another; and the library's text
 * does not change with the caller's LC_NUMERIC.  Run under ThreadSanitizer
 * by `make tsan-check`. */
#include <locale.h>
#include <math.h>
#include <pthread.h>

#include "testutil.h"
#include "model.h"

#define THREADS 4
#define ROUNDS 6

/* A cycle (m -> r -> m) so fixed points are iterated too. */
static const char cyclic_graph[] =
	"{\"chokepoint\": 1, \"nodes\": ["
	"{\"id\": \"dy@CN\", \"kind\": \"material\", \"country\": \"CN\", \"elements\": [\"Dy\"]},"
	"{\"id\": \"dy@MY\", \"kind\": \"material\", \"country\": \"MY\", \"elements\": [\"Dy\"]},"
	"{\"id\": \"m@JP\", \"kind\": \"magnet\", \"country\": \"JP\", \"inputs\": ["
	"  {\"item\": \"dy\", \"suppliers\": {\"dy@CN\": 3, \"dy@MY\": 1}},"
	"  {\"item\": \"scrap\", \"substitutable\": 0.3, \"suppliers\": {\"r@JP\": 1}}]},"
	"{\"id\": \"r@JP\", \"kind\": \"material\", \"country\": \"JP\", \"inputs\": ["
	"  {\"item\": \"m\", \"suppliers\": {\"m@JP\": 1, \"dy@MY\": 1}}]},"
	"{\"id\": \"auto@EU\", \"kind\": \"sector\", \"sector\": \"auto\", \"country\": \"EU\", \"output\": 10,"
	"  \"inputs\": [{\"item\": \"m\", \"suppliers\": {\"m@JP\": 1}}]}]}";

static const char cyclic_scenario[] =
	"{\"chokepoint_scenario\": 1, \"controls\": ["
	"{\"id\": \"a\", \"origin\": \"CN\", \"elements\": [\"Dy\"], \"denial\": 0.7},"
	"{\"id\": \"b\", \"origin\": \"JP\", \"denial\": 0.2}],"
	"\"outages\": [{\"country\": \"MY\", \"loss\": 0.4}]}";

/* Every variant the engine runs: static, each rule lifted alone, each
 * outage lifted alone, and each node knocked out. */
typedef struct job {
	const cp_model *m;
	int32_t n_variants, n_nodes, n_rules, n_outages;
	uint8_t *rule_on;        /* n_variants x n_rules */
	uint8_t *outage_on;      /* n_variants x n_outages */
	int32_t *knockout;       /* n_variants */
	double *serial;          /* n_variants x n_nodes availabilities */
	double *serial_blocked;  /* n_variants x n_edges */
	int32_t n_edges;
	int offset;              /* where this thread starts in the variant list */
	int mismatches;
	cp_status st;
} job;

static void variant_of(const job *j, int32_t i, cp_variant *v)
{
	memset(v, 0, sizeof *v);   /* every number at the model's defaults */
	v->rule_on = j->rule_on + (size_t)i * (size_t)j->n_rules;
	v->rule_phase = NULL;
	v->outage_on = j->outage_on + (size_t)i * (size_t)j->n_outages;
	v->knockout = j->knockout[i];
}

static void make_variants(job *j, const cp_model *m, const cp_graph *g, const cp_scenario *s)
{
	int32_t i, k = 0;
	memset(j, 0, sizeof *j);
	j->m = m;
	j->n_nodes = g->n_nodes;
	j->n_edges = g->n_edges;
	j->n_rules = s->n_rules;
	j->n_outages = s->n_outages;
	j->n_variants = 1 + s->n_rules + s->n_outages + g->n_nodes;
	j->rule_on = malloc((size_t)j->n_variants * (size_t)(j->n_rules + 1));
	j->outage_on = malloc((size_t)j->n_variants * (size_t)(j->n_outages + 1));
	j->knockout = malloc((size_t)j->n_variants * sizeof *j->knockout);
	assert_non_null(j->rule_on);
	assert_non_null(j->outage_on);
	assert_non_null(j->knockout);
	memset(j->rule_on, 1, (size_t)j->n_variants * (size_t)(j->n_rules + 1));
	memset(j->outage_on, 1, (size_t)j->n_variants * (size_t)(j->n_outages + 1));
	for (i = 0; i < j->n_variants; i++)
		j->knockout[i] = -1;
	k = 1;
	for (i = 0; i < s->n_rules; i++, k++)
		j->rule_on[(size_t)k * (size_t)j->n_rules + (size_t)i] = 0;
	for (i = 0; i < s->n_outages; i++, k++)
		j->outage_on[(size_t)k * (size_t)j->n_outages + (size_t)i] = 0;
	for (i = 0; i < g->n_nodes; i++, k++)
		j->knockout[k] = i;
	assert_int_equal(k, j->n_variants);
}

static void run_serial(job *j)
{
	cp_work w;
	cp_variant v;
	int32_t i;
	j->serial = malloc((size_t)j->n_variants * (size_t)j->n_nodes * sizeof *j->serial);
	j->serial_blocked = malloc((size_t)j->n_variants * (size_t)(j->n_edges + 1) * sizeof *j->serial_blocked);
	assert_non_null(j->serial);
	assert_non_null(j->serial_blocked);
	assert_int_equal(cp_work_init(&w, j->m), CP_OK);
	for (i = 0; i < j->n_variants; i++) {
		variant_of(j, i, &v);
		cp_model_run(j->m, &v, &w);
		memcpy(j->serial + (size_t)i * (size_t)j->n_nodes, w.avail, (size_t)j->n_nodes * sizeof *w.avail);
		memcpy(j->serial_blocked + (size_t)i * (size_t)(j->n_edges + 1), w.blocked,
		       (size_t)j->n_edges * sizeof *w.blocked);
	}
	cp_work_free(&w);
}

static void *worker(void *arg)
{
	job *j = arg;
	cp_work w;
	cp_variant v;
	int32_t r, k;
	if ((j->st = cp_work_init(&w, j->m)) != CP_OK)
		return NULL;
	for (r = 0; r < ROUNDS; r++)
		for (k = 0; k < j->n_variants; k++) {
			int32_t i = (k + j->offset) % j->n_variants;
			variant_of(j, i, &v);
			cp_model_run(j->m, &v, &w);
			/* bit for bit: memcmp, not a tolerance */
			if (memcmp(j->serial + (size_t)i * (size_t)j->n_nodes, w.avail,
			           (size_t)j->n_nodes * sizeof *w.avail) != 0 ||
			    memcmp(j->serial_blocked + (size_t)i * (size_t)(j->n_edges + 1), w.blocked,
			           (size_t)j->n_edges * sizeof *w.blocked) != 0)
				j->mismatches++;
		}
	cp_work_free(&w);
	return NULL;
}

static void threads_match_serial(const cp_graph *g, const cp_scenario *s)
{
	cp_model *m;
	cp_log log;
	job base, jobs[THREADS];
	pthread_t tid[THREADS];
	int t, lost = 0;
	double worst = 1;
	int32_t v;

	cp_log_init(&log);
	assert_int_equal(cp_model_prepare(&m, g, s, &log), CP_OK);
	make_variants(&base, m, g, s);
	run_serial(&base);
	/* the runs are not all the same, so a mix-up between threads would show */
	for (v = 0; v < g->n_nodes; v++)
		if (base.serial[v] < worst)
			worst = base.serial[v];
	assert_true(worst < 1);
	for (t = 0; t < THREADS; t++) {
		jobs[t] = base;
		jobs[t].offset = t * base.n_variants / THREADS;
		assert_int_equal(pthread_create(&tid[t], NULL, worker, &jobs[t]), 0);
	}
	for (t = 0; t < THREADS; t++) {
		assert_int_equal(pthread_join(tid[t], NULL), 0);
		assert_int_equal(jobs[t].st, CP_OK);
		lost += jobs[t].mismatches;
	}
	assert_int_equal(lost, 0);
	free(base.rule_on);
	free(base.outage_on);
	free(base.knockout);
	free(base.serial);
	free(base.serial_blocked);
	cp_model_free(m);
	cp_log_free(&log);
}

static void shipped_graph_from_threads(void **state)
{
	cp_graph *g;
	cp_scenario *s = cp_scenario_new();
	cp_log log;
	cp_log_init(&log);
	assert_int_equal(cp_graph_load(&g, "graphs/rare-earths.json", NULL, &log), CP_OK);
	assert_int_equal(cp_scenario_load(s, g, "graphs/scenarios/october-2025.json", NULL, &log), CP_OK);
	assert_true(s->n_rules > 0);
	threads_match_serial(g, s);
	cp_scenario_free(s);
	cp_graph_free(g);
	cp_log_free(&log);
}

static void cyclic_graph_from_threads(void **state)
{
	fixture f;
	fx_run(&f, cyclic_graph, cyclic_scenario, NULL);
	fx_ok(&f);
	assert_true(f.r->n_cyclic_nodes > 0);
	threads_match_serial(f.g, f.s);
	fx_free(&f);
}

/* The loader's threads (chunks parsed ahead, their records reused,
 * suppliers resolved in two halves) give the graph the one-thread cJSON
 * path gives. */
static void loader_threads_give_the_slow_paths_graph(void **state)
{
	char *text = ring_graph(70000, -1, NULL);
	cp_graph *fast, *slow;
	cp_log log;
	int32_t e;
	cp_log_init(&log);
	setenv("CHOKEPOINT_LOAD_CHUNK", "65536", 1);
	setenv("CHOKEPOINT_LOAD_THREADS", "2", 1);
	assert_int_equal(cp_graph_load_buffer(&fast, "ring.json", text, strlen(text), NULL, &log), CP_OK);
	setenv("CHOKEPOINT_LOADER", "slow", 1);
	assert_int_equal(cp_graph_load_buffer(&slow, "ring.json", text, strlen(text), NULL, &log), CP_OK);
	unsetenv("CHOKEPOINT_LOADER");
	unsetenv("CHOKEPOINT_LOAD_CHUNK");
	unsetenv("CHOKEPOINT_LOAD_THREADS");
	assert_int_equal(fast->n_edges, 210000);
	assert_int_equal(fast->n_edges, slow->n_edges);
	assert_int_equal(fast->n_lines, slow->n_lines);
	for (e = 0; e < fast->n_edges; e++) {
		assert_int_equal(fast->supplier[e], slow->supplier[e]);
		assert_int_equal(fast->consumer[e], slow->consumer[e]);
		assert_true(fast->shat[e] == slow->shat[e]);
	}
	for (e = 0; e < fast->n_nodes; e++)
		assert_int_equal(fast->id[e], slow->id[e]);
	cp_graph_free(fast);
	cp_graph_free(slow);
	cp_log_free(&log);
	free(text);
}

/* Models prepared in several threads at once: igraph is entered one
 * thread at a time, and every model gives the serial answer. */
typedef struct prep_job {
	const cp_graph *g;
	const cp_scenario *s;
	const double *want;
	int bad;
} prep_job;

static void *prepare_and_run(void *arg)
{
	prep_job *p = arg;
	int i;
	for (i = 0; i < 20; i++) {
		cp_model *m;
		cp_work w;
		cp_log log;
		cp_variant v = CP_VARIANT_STATIC;
		cp_log_init(&log);
		if (cp_model_prepare(&m, p->g, p->s, &log) != CP_OK || cp_work_init(&w, m) != CP_OK) {
			p->bad++;
			cp_log_free(&log);
			return NULL;
		}
		cp_model_run(m, &v, &w);
		p->bad += memcmp(w.avail, p->want, (size_t)p->g->n_nodes * sizeof *w.avail) != 0;
		cp_work_free(&w);
		cp_model_free(m);
		cp_log_free(&log);
	}
	return NULL;
}

static void prepare_from_threads(void **state)
{
	fixture f;
	prep_job jobs[THREADS];
	pthread_t tid[THREADS];
	int t;
	double *want;
	fx_run(&f, cyclic_graph, cyclic_scenario, NULL);
	fx_ok(&f);
	want = malloc((size_t)f.g->n_nodes * sizeof *want);
	assert_non_null(want);
	for (t = 0; t < f.g->n_nodes; t++)
		want[t] = 1 - f.r->disruption[t];
	for (t = 0; t < THREADS; t++) {
		jobs[t].g = f.g;
		jobs[t].s = f.s;
		jobs[t].want = want;
		jobs[t].bad = 0;
		assert_int_equal(pthread_create(&tid[t], NULL, prepare_and_run, &jobs[t]), 0);
	}
	for (t = 0; t < THREADS; t++) {
		assert_int_equal(pthread_join(tid[t], NULL), 0);
		assert_int_equal(jobs[t].bad, 0);
	}
	free(want);
	fx_free(&f);
}

/* The whole report in memory. */
static char *json_of(const fixture *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	assert_non_null(mem);
	cp_report_json(mem, f->r, &f->log);
	cp_report_csv(mem, f->r, 0);
	cp_report_table(mem, f->r);
	fclose(mem);
	return buf;
}

static const char *const comma_locales[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "nl_NL.UTF-8", "C.UTF-8" };

/* Under a locale whose decimal point is a comma, files read and reports
 * print exactly as in the C locale. */
static void reports_ignore_the_locale(void **state)
{
	fixture c, l;
	char *in_c, *in_l, probe[16];
	const char *name = NULL;
	size_t i;

	fx_run(&c, cyclic_graph, cyclic_scenario, NULL);
	fx_ok(&c);
	in_c = json_of(&c);
	for (i = 0; i < sizeof comma_locales / sizeof *comma_locales && !name; i++) {
		if (!setlocale(LC_ALL, comma_locales[i]))
			continue;
		snprintf(probe, sizeof probe, "%g", 0.5);
		if (strcmp(probe, "0,5") == 0)
			name = comma_locales[i];
	}
	if (!name) {
		setlocale(LC_ALL, "C");
		fprintf(stderr, "test_threads: no locale with a decimal comma is installed "
		                "(locale-gen de_DE.UTF-8): the locale test is skipped\n");
		free(in_c);
		fx_free(&c);
		skip();
	}
	fx_run(&l, cyclic_graph, cyclic_scenario, NULL);
	fx_ok(&l);
	in_l = json_of(&l);
	snprintf(probe, sizeof probe, "%g", 0.5);
	setlocale(LC_ALL, "C");
	assert_string_equal(probe, "0,5");   /* the locale was in force for the second run */
	assert_non_null(strstr(in_c, "0."));
	assert_string_equal(in_l, in_c);
	free(in_c);
	free(in_l);
	fx_free(&c);
	fx_free(&l);
}

static unsigned next_random(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

/* A random graph of format version `version` with n nodes: cycles (now
 * and then a supplier later in the file), every kind, several countries,
 * end-use tags, technology origins, lines without value_share. */
static char *random_graph(int n, int version, unsigned *seed)
{
	static const char *const country[] = { "CN", "CN", "JP", "US", "DE", "VN", "IN" };
	static const char *const kind[] = { "material", "magnet", "component", "product", "sector" };
	static const char *const element[] = { "Dy", "Tb", "Nd", "Y", "La", "Lu", "Sm" };
	size_t cap = (size_t)n * 400 + 256, len = 0;
	char *b = malloc(cap);
	int i, l, k;
#define RND() next_random(seed)
#define PUT(...) (len += (size_t)snprintf(b + len, cap - len, __VA_ARGS__))
	assert_non_null(b);
	PUT("{\"chokepoint\": %d, \"nodes\": [", version);
	for (i = 0; i < n; i++) {
		const char *c = country[RND() % 7], *kd = i < 40 ? "element" : kind[RND() % 5];
		PUT("%s{\"id\": \"n%d\", \"kind\": \"%s\", \"country\": \"%s\"", i ? "," : "", i, kd, c);
		if (i < 40 || (version == 2 && RND() % 4 == 0)) {
			const char *x = element[RND() % 7];
			PUT(", \"elements\": [\"%s\", \"%s\"]", x, element[RND() % 7]);
		}
		if (!strcmp(kd, "sector")) {
			unsigned sector = RND() % 3;
			PUT(", \"sector\": \"s%u\", \"output\": %u", sector, 1 + RND() % 100);
		}
		else if (RND() % 10 == 0)
			PUT(", \"end_use\": \"%s\"", RND() % 2 ? "defence" : "auto");
		if (RND() % 8 == 0)
			PUT(", \"tech_origin\": \"%s\"", country[RND() % 7]);
		if (i >= 40) {
			int lines = 1 + (int)(RND() % 3);
			PUT(", \"inputs\": [");
			for (l = 0; l < lines; l++) {
				int ns = 1 + (int)(RND() % 4), first = (int)(RND() % (unsigned)i);
				PUT("%s{\"item\": \"x%d\"", l ? "," : "", l);
				if (RND() % 4)
					PUT(", \"value_share\": 0.%u", 1 + RND() % 3);
				PUT(", \"suppliers\": {");
				for (k = 0; k < ns; k++) {
					int u = RND() % 25 == 0 && i + 1 + k < n ? i + 1 + k : (first + 7 * k) % i;
					unsigned share = 1 + RND() % 5;
					PUT("%s\"n%d\": %u", k ? "," : "", u, share);
				}
				PUT("}}");
			}
			PUT("]");
		}
		PUT("}");
	}
	PUT("]}");
	assert_true(len < cap);
#undef PUT
#undef RND
	return b;
}

#define SAME_ARRAY(a, b, n) assert_memory_equal((a), (b), (size_t)(n) * sizeof *(a))

/* Every prepared array of two models of the same graph and scenario. */
static void assert_same_model(const cp_model *a, const cp_model *b)
{
	const cp_graph *g = a->g;
	size_t n = (size_t)g->n_nodes, e = (size_t)g->n_edges, matches, phases = 0, k;
	assert_int_equal(a->sc.n_comps, b->sc.n_comps);
	SAME_ARRAY(a->sc.order, b->sc.order, n);
	SAME_ARRAY(a->sc.comp_off, b->sc.comp_off, a->sc.n_comps + 1);
	assert_int_equal(a->n_cyclic_nodes, b->n_cyclic_nodes);
	SAME_ARRAY(a->contained, b->contained, n);
	SAME_ARRAY(a->tag, b->tag, n);
	SAME_ARRAY(a->content, b->content, n * (size_t)a->s->n_rules);
	SAME_ARRAY(a->match_off, b->match_off, e + 1);
	matches = (size_t)a->match_off[e];
	SAME_ARRAY(a->match, b->match, matches);
	SAME_ARRAY(a->match_edge, b->match_edge, matches);
	SAME_ARRAY(a->match_slot, b->match_slot, matches);
	SAME_ARRAY(a->match_denial, b->match_denial, matches);
	SAME_ARRAY(a->phase_off, b->phase_off, matches);
	for (k = 0; k < matches; k++)
		phases += (size_t)a->s->rules[a->match[k] & ~CP_MATCH_EXTRA].n_phases;
	SAME_ARRAY(a->phase_slot, b->phase_slot, phases);
	assert_int_equal(a->n_matched, b->n_matched);
	SAME_ARRAY(a->matched, b->matched, a->n_matched);
	SAME_ARRAY(a->rule_match_off, b->rule_match_off, a->s->n_rules + 1);
	SAME_ARRAY(a->rule_match, b->rule_match, matches);
	assert_int_equal(a->n_patterns, b->n_patterns);
	SAME_ARRAY(a->pattern_of, b->pattern_of, a->n_matched);
	SAME_ARRAY(a->pattern_edge, b->pattern_edge, a->n_patterns);
	assert_int_equal(a->n_params, b->n_params);
	SAME_ARRAY(a->param, b->param, a->n_params);
	SAME_ARRAY(a->outage_off, b->outage_off, a->s->n_outages + 1);
	SAME_ARRAY(a->outage_node, b->outage_node, a->outage_off[a->s->n_outages]);
}

/* Preparing on two threads (forced by a threshold of 0 edges; the second
 * one matches edges while this one still works out the origin content,
 * and with the tags last it waits for it) gives the model preparing on
 * one gives, array for array, with the same
 * messages: on random graphs with cycles of both format versions under
 * rules using every clause (extraterritorial by content and by
 * technology, destinations, exemptions, buyers, end uses, phases), and on
 * the shipped graph under every shipped scenario. */
static void threaded_prepare_equals_serial(void **state)
{
	static const char scen[] =
		"{\"chokepoint_scenario\": 1, \"controls\": ["
		"{\"id\": \"a\", \"origin\": \"CN\", \"elements\": [\"Dy\", \"Tb\"], \"denial\": 0.5,"
		" \"phases\": [{\"from\": \"2025-01-01\", \"denial\": 0.7}, {\"from\": \"2025-06-01\", \"buyers\": {\"n100\": 0.2}}]},"
		"{\"id\": \"b\", \"origin\": \"CN\", \"kinds\": [\"material\", \"magnet\"],"
		" \"end_use\": {\"defence\": 1, \"auto\": 0.3}, \"exempt\": [\"JP\"]},"
		"{\"id\": \"c\", \"origin\": \"CN\", \"elements\": [\"Y\", \"La\"], \"denial\": 0.75,"
		" \"extraterritorial\": {\"min_content\": 0.001, \"listed_kinds\": [\"material\"]}},"
		"{\"id\": \"d\", \"origin\": \"US\", \"denial\": 0.4, \"destinations\": [\"CN\", \"VN\"],"
		" \"extraterritorial\": {\"technology\": true}},"
		"{\"id\": \"e\", \"origin\": \"JP\", \"denial\": 0.2, \"buyers\": {\"n200\": 1},"
		" \"extraterritorial\": {\"min_content\": 0.05, \"technology\": true}}],"
		" \"outages\": [{\"country\": \"DE\", \"loss\": 0.3}, {\"node\": \"n50\", \"loss\": 1}]}";
	static const char *const shipped[] = {
		"april-2025", "calendar-2025-2026", "china-japan-2010", "embargo", "japan-military-2026",
		"october-2025", "suspension-2025-11", "suspension-lapses-2026-11", "myanmar-outage",
	};
	unsigned seed = 11;
	int round;
	size_t i, d;
	for (round = 0; round < 4; round++) {
		char *text = random_graph(round < 2 ? 20000 : 501, 1 + round % 2, &seed);
		cp_graph *g;
		cp_scenario *s = cp_scenario_new();
		cp_model *one, *two;
		cp_log log1, log2;
		int tags_last;
		cp_log_init(&log1);
		assert_int_equal(cp_graph_load_buffer(&g, "g.json", text, strlen(text), NULL, &log1), CP_OK);
		assert_int_equal(cp_scenario_load_buffer(s, g, "s.json", scen, strlen(scen), NULL, &log1), CP_OK);
		cp_log_free(&log1);
		cp_log_init(&log1);
		assert_int_equal(cp_model_prepare_threads(&one, g, s, INT32_MAX, 0, &log1), CP_OK);
		assert_true(one->n_cyclic_nodes > 0 && one->n_matched > 0);
		for (tags_last = 0; tags_last < 2; tags_last++) {
			cp_log_init(&log2);
			assert_int_equal(cp_model_prepare_threads(&two, g, s, 0, tags_last, &log2), CP_OK);
			assert_same_model(one, two);
			assert_int_equal(log1.n, log2.n);
			for (d = 0; d < log1.n; d++)
				assert_string_equal(log1.d[d].text, log2.d[d].text);
			cp_model_free(two);
			cp_log_free(&log2);
		}
		cp_model_free(one);
		cp_log_free(&log1);
		cp_scenario_free(s);
		cp_graph_free(g);
		free(text);
	}
	for (i = 0; i < sizeof shipped / sizeof *shipped; i++) {
		char path[128];
		cp_graph *g;
		cp_scenario *s = cp_scenario_new();
		cp_model *one, *two;
		cp_log log;
		cp_log_init(&log);
		assert_int_equal(cp_graph_load(&g, "graphs/rare-earths.json", NULL, &log), CP_OK);
		snprintf(path, sizeof path, "graphs/scenarios/%s.json", shipped[i]);
		assert_int_equal(cp_scenario_load(s, g, path, NULL, &log), CP_OK);
		assert_int_equal(cp_model_prepare_threads(&one, g, s, INT32_MAX, 0, &log), CP_OK);
		assert_int_equal(cp_model_prepare_threads(&two, g, s, 0, 0, &log), CP_OK);
		assert_same_model(one, two);
		cp_model_free(one);
		cp_model_free(two);
		cp_scenario_free(s);
		cp_graph_free(g);
		cp_log_free(&log);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_graph_from_threads),
		cmocka_unit_test(cyclic_graph_from_threads),
		cmocka_unit_test(prepare_from_threads),
		cmocka_unit_test(loader_threads_give_the_slow_paths_graph),
		cmocka_unit_test(reports_ignore_the_locale),
		cmocka_unit_test(threaded_prepare_equals_serial),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
