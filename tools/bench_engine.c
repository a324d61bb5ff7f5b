/* make bench-engine: what the engine costs once a graph is loaded, each as
 * a ratio to something measured in the same process and run, so machine
 * load affects both sides alike.  CPU time of this process (all threads)
 * and wall time are both given; on a shared machine compare ratios.
 *
 *   prepare / bare cJSON parse      the structure computed once (issue 9)
 *   run / (blocked pass + one propagation)   a run is nothing more (9)
 *   timeline day / one propagation  the timeline's per-day cost (10)
 *   score with shares / without     2^players runs (11)
 *   1000 draws / 1000 passes        draws add only sampling (12)
 *   2 threads / 1 thread            wall-time speed-up of draws (12)
 *   exact knockouts / naive         every node knocked out by cone, against
 *                                   one full run per node (issue 14); the
 *                                   naive cost is measured on SAMPLE nodes
 *                                   spread evenly over the graph and scaled
 *                                   to the node count
 *
 * DRAWS 0 leaves out the draws, DAYS 0 the timeline, SAMPLE 0 the knockouts.
 *
 * usage: bench_engine GRAPH SCENARIO [DRAWS] [DAYS] [SAMPLE] */
#define _GNU_SOURCE
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <chokepoint/chokepoint.h>

#include "alloc.h"
#include "analyse.h"
#include "dist.h"
#include "model.h"

typedef struct clocks { double wall, cpu; } clocks;

static clocks now(void)
{
	struct timespec w, c;
	clock_gettime(CLOCK_MONOTONIC, &w);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
	return (clocks){ w.tv_sec + w.tv_nsec / 1e9, c.tv_sec + c.tv_nsec / 1e9 };
}

static clocks since(clocks a)
{
	clocks b = now();
	return (clocks){ b.wall - a.wall, b.cpu - a.cpu };
}

static double rss_mb(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return u.ru_maxrss / 1024.0;
}

static void line(const char *what, clocks x, clocks base, const char *per)
{
	printf("%-44s %9.4f s wall %9.4f s cpu   x %6.3f wall %6.3f cpu  (%s)\n", what, x.wall, x.cpu,
	       x.wall / base.wall, x.cpu / base.cpu, per);
}

static void die(const char *what, cp_log *log)
{
	size_t i;
	for (i = 0; log && i < log->n; i++)
		fprintf(stderr, "%s\n", log->d[i].text);
	fprintf(stderr, "bench_engine: %s failed\n", what);
	exit(1);
}

int main(int argc, char **argv)
{
	int32_t draws = argc > 3 ? atoi(argv[3]) : 1000, days = argc > 4 ? atoi(argv[4]) : 30, k, i;
	int32_t sample = argc > 5 ? atoi(argv[5]) : 200;
	cp_graph *g;
	cp_scenario *s;
	cp_model *m;
	cp_log log;
	cp_work w;
	cp_variant v = CP_VARIANT_STATIC;
	cp_result *r;
	cp_score_opts so;
	cp_timeline_opts to;
	cp_timeline *t;
	cp_draw_opts dopts;
	cp_draws *d;
	clocks c0, parse, load, prep, run, pass, blocked, day = { 0, 0 }, plain, shares, d1 = { 0, 0 }, d2 = { 0, 0 },
	       loop = { 0, 0 }, knock = { 0, 0 }, naive = { 0, 0 };
	cp_chokepoints *cps;
	FILE *f;
	char *buf;
	long n;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_engine GRAPH SCENARIO [DRAWS] [DAYS] [SAMPLE]\n");
		return 2;
	}
	/* the baseline: a whole-document cJSON parse of the graph file */
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
		die("reading the graph", NULL);
	rewind(f);
	if (!(buf = malloc((size_t)n + 1)) || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die("reading the graph", NULL);
	fclose(f);
	c0 = now();
	cJSON_Delete(cJSON_ParseWithLength(buf, (size_t)n));
	parse = since(c0);
	free(buf);

	cp_log_init(&log);
	c0 = now();
	if (cp_graph_load(&g, argv[1], NULL, &log) != CP_OK || !(s = cp_scenario_new()) ||
	    cp_scenario_load(s, g, argv[2], NULL, &log) != CP_OK)
		die("loading", &log);
	load = since(c0);
	/* a denial distribution on every rule, and dates and stocks for the timeline */
	for (k = 0; k < s->n_rules; k++) {
		cp_uncertain u;
		memset(&u, 0, sizeof u);
		u.kind = CP_DIST_UNIFORM;
		u.p[0] = s->rules[k].denial * 0.5;
		u.p[1] = s->rules[k].denial;
		u.hi = 1;
		u.target = CP_UNC_DENIAL;
		u.rule = k;
		if (!(u.field = cp_strdup("denial")) || cp_uncertain_add(&s->uncertain, &s->n_uncertain, &u) < 0)
			die("adding distributions", NULL);
		s->rules[k].start = 20000 + 5 * k;
		s->rules[k].lead_days = 10;
	}
	for (i = 0; i < g->n_nodes; i++)
		g->inventory_days[i] = (double)(i % 7);
	for (i = 0; i < g->n_lines; i++)
		g->transit_days[i] = i % 4;

	c0 = now();
	if (cp_model_prepare(&m, g, s, &log) != CP_OK || cp_work_init(&w, m) != CP_OK)
		die("preparing", &log);
	prep = since(c0);
	c0 = now();
	for (k = 0; k < 5; k++)
		cp_model_run(m, &v, &w);
	run = since(c0);
	run.wall /= 5, run.cpu /= 5;
	c0 = now();
	for (k = 0; k < 5; k++)
		cp_model_blocked(m, &v, w.blocked, w.pattern);
	blocked = since(c0);
	blocked.wall /= 5, blocked.cpu /= 5;
	c0 = now();
	for (k = 0; k < 5; k++)
		cp_propagate(g, &m->sc, NULL, w.blocked, w.loss, w.avail, NULL);
	pass = since(c0);
	pass.wall /= 5, pass.cpu /= 5;

	cp_timeline_opts_default(&to);
	to.from = 20000 - 5;
	to.to = to.from + days - 1;
	if (days > 0) {
		c0 = now();
		if (cp_timeline_play(&t, m, &v, &to, &log) != CP_OK)
			die("the timeline", &log);
		day = since(c0);
		day.wall /= days, day.cpu /= days;
		cp_timeline_free(t);
	}

	cp_score_opts_default(&so);
	c0 = now();
	if (cp_score_with(&r, g, s, &so, &log) != CP_OK)
		die("scoring", &log);
	plain = since(c0);
	cp_result_free(r);
	so.flags = CP_SCORE_SHARES;
	c0 = now();
	if (cp_score_with(&r, g, s, &so, &log) != CP_OK)
		die("scoring with shares", &log);
	shares = since(c0);
	cp_result_free(r);

	if (sample > 0) {
		/* every node knocked out by cone, then the naive way: one full run
		 * (blocked fractions, losses with the node lost, a whole
		 * propagation pass) for each of `sample` nodes spread evenly over
		 * the graph, scaled to the node count */
		cp_variant kv = CP_VARIANT_STATIC;
		so.flags = 0;
		if (cp_score_with(&r, g, s, &so, &log) != CP_OK)
			die("scoring for knockouts", &log);
		c0 = now();
		if (cp_chokepoints_compute(&cps, r, g->n_nodes, &log) != CP_OK || !cps->exact)
			die("exact knockouts", &log);
		knock = since(c0);
		cp_chokepoints_free(cps);
		if (sample > g->n_nodes)
			sample = g->n_nodes;
		kv.rule_on = r->rule_on;
		kv.rule_phase = r->rule_phase;
		kv.outage_on = r->outage_on;
		c0 = now();
		for (k = 0; k < sample; k++) {
			kv.knockout = (int32_t)((int64_t)k * g->n_nodes / sample);
			cp_model_run(r->model, &kv, &w);
		}
		naive = since(c0);
		naive.wall *= (double)g->n_nodes / sample, naive.cpu *= (double)g->n_nodes / sample;
		cp_result_free(r);
	}

	if (draws > 0) {
		c0 = now();
		for (k = 0; k < draws; k++)
			cp_propagate(g, &m->sc, NULL, w.blocked, w.loss, w.avail, NULL);
		loop = since(c0);
		cp_draw_opts_default(&dopts);
		dopts.n_draws = draws;
		dopts.threads = 1;
		c0 = now();
		if (cp_draws_run(&d, g, s, &dopts, &log) != CP_OK)
			die("draws", &log);
		d1 = since(c0);
		cp_draws_free(d);
		dopts.threads = 2;
		c0 = now();
		if (cp_draws_run(&d, g, s, &dopts, &log) != CP_OK)
			die("draws on 2 threads", &log);
		d2 = since(c0);
		cp_draws_free(d);
	}

	printf("graph: %s, %d nodes, %d edges, %d rules, %d cyclic nodes; %d draws, %d days\n", argv[1], g->n_nodes,
	       g->n_edges, s->n_rules, m->n_cyclic_nodes, draws, days);
	printf("%-44s %9.4f s wall %9.4f s cpu\n", "bare cJSON parse of the graph file", parse.wall, parse.cpu);
	line("load (graph and scenario)", load, parse, "vs bare parse");
	line("prepare the model", prep, parse, "vs bare parse");
	line("one run of the prepared model", run, parse, "vs bare parse");
	line("one run of the prepared model", run, (clocks){ blocked.wall + pass.wall, blocked.cpu + pass.cpu },
	     "vs blocked-fraction pass + one propagation");
	if (days > 0)
		line("one timeline day (stocks, transit, lead)", day, pass, "vs one propagation");
	line("score with Shapley shares", shares, plain, "vs score without");
	if (sample > 0) {
		char per[96];
		snprintf(per, sizeof per, "vs naive, from %d full runs scaled: 1/%.0f cpu", sample, naive.cpu / knock.cpu);
		printf("%-44s %9.4f s wall %9.4f s cpu\n", "exact knockouts, naive (a full run per node)", naive.wall,
		       naive.cpu);
		line("exact knockouts by cone (chokepoints)", knock, naive, per);
	}
	if (draws > 0) {
		line("draws, 1 thread", d1, loop, "vs as many propagation passes");
		line("draws, 2 threads", d2, d1, "vs 1 thread: < 0.59 is 1.7x faster");
	}
	printf("peak RSS %.1f MB\n", rss_mb());
	cp_work_free(&w);
	cp_model_free(m);
	cp_scenario_free(s);
	cp_graph_free(g);
	cp_log_free(&log);
	return 0;
}
