/* The graph loader's fast path (see load_fast.h). */
#include "load_fast.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "elements.h"
#include "graph_internal.h"
#include "jsonscan.h"
#include "strtab.h"

#define CP_FAST_CHUNK (1u << 20)
#define CP_FAST_MAX_THREADS 8
/* Record sets of released chunks kept for chunks still to parse: records
 * are about as large as their text, and fresh ones for every chunk would
 * fault in every page again. */
#define CP_FAST_SPARE (2 * CP_FAST_MAX_THREADS + 2)
/* Lines of one node compared pairwise for a repeated item. */
#define CP_FAST_MAX_LINES 256
#define CP_ID_MAX 256
#define CP_MAX_TRANSIT_DAYS 3650

enum { ST_PENDING, ST_TAKEN, ST_DONE };
/* How a chunk's parse ended. */
enum {
	END_BOUNDARY,   /* exactly at the next chunk's first element */
	END_ARRAY,      /* at the ']' closing "nodes" */
	END_STOP        /* anything else: the loader's scanner reads on */
};

typedef struct chunk {
	size_t beg, limit;        /* first element; the next chunk's */
	int state, end;
	size_t last_end;          /* just after the last element parsed */
	cp_fchunk r;
} chunk;

struct cp_fast {
	const char *buf;
	size_t len;
	int depth;
	const cp_limits *lim;
	chunk *c;
	size_t n_c;
	/* the consumer */
	size_t cur, idx;          /* chunk and record next returned */
	size_t freed;             /* chunks before this one are released */
	size_t resume;
	int any, done;
	/* the workers */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t th[CP_FAST_MAX_THREADS];
	int n_th;
	atomic_int stop;
	size_t next, window;
	cp_fchunk spare[CP_FAST_SPARE];   /* emptied record sets (under mu) */
	int n_spare;
};

int cp_fast_disabled(void)
{
	const char *e = getenv("CHOKEPOINT_LOADER");
	return e && strcmp(e, "slow") == 0;
}

/* ---- the parser of one node ------------------------------------------ */

typedef struct cursor {
	const char *b;
	size_t n, p;
	const cp_limits *lim;
	cp_fchunk *r;
	uint32_t ev0, line0;      /* this node's first event and line */
} cursor;

static void ws(cursor *x)
{
	while (x->p < x->n) {
		char c = x->b[x->p];
		if (c != ' ' && c != '\n' && c != '\t' && c != '\r')
			return;
		x->p++;
	}
}

static int eat(cursor *x, char c)
{
	ws(x);
	if (x->p < x->n && x->b[x->p] == c) {
		x->p++;
		return 1;
	}
	return 0;
}

/* A string of printable ASCII without escapes, at most max_string bytes;
 * its hash is left for the strings that are interned (hashed()). */
static int str(cursor *x, cp_fstr *s)
{
	const unsigned char *b = (const unsigned char *)x->b;
	size_t beg;
	ws(x);
	if (x->p >= x->n || b[x->p] != '"')
		return -1;
	beg = ++x->p;
	/* eight bytes at a time while none is a quote, a backslash, a control
	 * character or outside ASCII (then byte by byte) */
	while (x->p + 8 <= x->n) {
		const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
		uint64_t w, q, bs;
		memcpy(&w, b + x->p, 8);
		q = w ^ (ones * '"');
		bs = w ^ (ones * '\\');
		if ((((w - ones * 0x20) & ~w) | ((w + ones) | w) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & high)
			break;
		x->p += 8;
	}
	while (x->p < x->n && b[x->p] != '"') {
		unsigned char c = b[x->p];
		if (c < 0x20 || c >= 0x7f || c == '\\')
			return -1;
		x->p++;
	}
	if (x->p >= x->n || x->p - beg > x->lim->max_string)
		return -1;
	s->off = beg;
	s->len = (uint32_t)(x->p - beg);
	s->hash = 0;
	x->p++;
	return 0;
}

static void hashed(const cursor *x, cp_fstr *s)
{
	s->hash = cp_strtab_hash(x->b + s->off, s->len);
}

/* A string for cp_jstring's check: 1..max bytes. */
static int str_n(cursor *x, cp_fstr *s, size_t max)
{
	return str(x, s) < 0 || s->len == 0 || s->len > max ? -1 : 0;
}

static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* A JSON number, converted as cJSON converts it (strtod, correctly
 * rounded): exactly in double arithmetic when the digits and the power of
 * ten are both exact doubles, by strtod otherwise. */
static int num(cursor *x, double *out)
{
	const char *b = x->b;
	size_t beg;
	uint64_t m = 0;
	int digits = 0, neg = 0, e10 = 0, exp = 0, eneg = 0, edigits = 0;
	ws(x);
	beg = x->p;
	if (x->p < x->n && b[x->p] == '-')
		neg = 1, x->p++;
	if (x->p >= x->n || b[x->p] < '0' || b[x->p] > '9')
		return -1;
	if (b[x->p] == '0') {
		x->p++;
	} else {
		while (x->p < x->n && b[x->p] >= '0' && b[x->p] <= '9') {
			if (digits < 19)
				m = m * 10 + (uint64_t)(b[x->p] - '0');
			else
				e10++;
			if (m)
				digits++;
			x->p++;
		}
	}
	if (x->p < x->n && b[x->p] == '.') {
		x->p++;
		if (x->p >= x->n || b[x->p] < '0' || b[x->p] > '9')
			return -1;
		while (x->p < x->n && b[x->p] >= '0' && b[x->p] <= '9') {
			if (digits < 19) {
				m = m * 10 + (uint64_t)(b[x->p] - '0');
				e10--;
				if (m)
					digits++;
			}
			x->p++;
		}
	}
	if (x->p < x->n && (b[x->p] == 'e' || b[x->p] == 'E')) {
		x->p++;
		if (x->p < x->n && (b[x->p] == '+' || b[x->p] == '-'))
			eneg = b[x->p++] == '-';
		while (x->p < x->n && b[x->p] >= '0' && b[x->p] <= '9') {
			if (exp < 100000)
				exp = exp * 10 + (b[x->p] - '0');
			edigits++;
			x->p++;
		}
		if (!edigits)
			return -1;
	}
	/* cJSON reads at most 63 characters of a number */
	if (x->p - beg > 40)
		return -1;
	if (digits >= 19)
		goto slow;
	e10 += eneg ? -exp : exp;
	if (m == 0) {
		*out = neg ? -0.0 : 0.0;
		return 0;
	}
	if (m <= (1ull << 53) && e10 >= -22 && e10 <= 22) {
		double d = (double)m;
		d = e10 < 0 ? d / pow10_exact[-e10] : d * pow10_exact[e10];
		*out = neg ? -d : d;
		return 0;
	}
slow: {
		char tmp[64];
		size_t k = x->p - beg;
		memcpy(tmp, b + beg, k);
		tmp[k] = '\0';
		*out = strtod(tmp, NULL);
		return 0;
	}
}

/* A finite number in [lo, hi] (lo excluded when lo_open). */
static int num_in(cursor *x, double lo, int lo_open, double hi, double *out)
{
	double d;
	if (num(x, &d) < 0 || !isfinite(d) || d < lo || (lo_open && d == lo) || d > hi)
		return -1;
	*out = d;
	return 0;
}

/* The index of the key in names (none longer than 15 bytes),
 * -1 when it is none of them: first letter and length pick the candidate. */
static int key_index(const cp_fstr *k, const char *b, const char *const *names, int n)
{
	const char *s = b + k->off;
	int i;
	uint32_t j;
	if (k->len == 0 || k->len > 15)
		return -1;
	for (i = 0; i < n; i++) {
		const char *name = names[i];
		if (name[0] != s[0])
			continue;
		for (j = 1; j < k->len && name[j] == s[j]; j++)
			;
		if (j == k->len && name[j] == '\0')
			return i;
	}
	return -1;
}

static int push_ev(cursor *x, int type, int32_t line, const cp_fstr *s)
{
	cp_fchunk *r = x->r;
	if (cp_grow((void **)&r->ev, &r->m_ev, r->n_ev + 1, sizeof *r->ev) < 0)
		return -1;
	r->ev[r->n_ev].type = (uint8_t)type;
	r->ev[r->n_ev].line = line;
	if (s) {
		r->ev[r->n_ev].s = *s;
		hashed(x, &r->ev[r->n_ev].s);
	} else
		memset(&r->ev[r->n_ev].s, 0, sizeof r->ev[r->n_ev].s);
	r->n_ev++;
	return 0;
}

static int country(const char *b, const cp_fstr *s)
{
	uint32_t i;
	if (s->len < 2 || s->len > 3)
		return -1;
	for (i = 0; i < s->len; i++)
		if (b[s->off + i] < 'A' || b[s->off + i] > 'Z')
			return -1;
	return 0;
}

static int open_or_empty(cursor *x, char open, char close, int *empty)
{
	if (!eat(x, open))
		return -1;
	*empty = eat(x, close);
	return 0;
}

/* After a member: 1 when another follows, 0 at close, -1 otherwise. */
static int more(cursor *x, char close)
{
	if (eat(x, ','))
		return 1;
	return eat(x, close) ? 0 : -1;
}

static int member_key(cursor *x, cp_fstr *k)
{
	return str(x, k) < 0 || !eat(x, ':') ? -1 : 0;
}

static int suppliers(cursor *x, int32_t line)
{
	cp_fchunk *r = x->r;
	int empty, k;
	size_t count = 0;
	if (open_or_empty(x, '{', '}', &empty) < 0 || empty)
		return -1;
	do {
		cp_fedge *e;
		cp_fstr s;
		double share;
		if (member_key(x, &s) < 0 || num_in(x, 0, 1, INFINITY, &share) < 0)
			return -1;
		if (++count > x->lim->max_suppliers || (x->lim->max_fields && count > x->lim->max_fields))
			return -1;
		if (cp_grow((void **)&r->edge, &r->m_edge, r->n_edge + 1, sizeof *r->edge) < 0)
			return -1;
		e = &r->edge[r->n_edge++];
		e->supplier = s;
		hashed(x, &e->supplier);
		e->share = share;
	} while ((k = more(x, '}')) == 1);
	r->line[x->line0 + (uint32_t)line].n_edges = (uint32_t)count;
	r->line[x->line0 + (uint32_t)line].share_total =
		cp_normalise_shares(&r->edge[r->n_edge - count].share, count, sizeof *r->edge / sizeof(double));
	return k;
}

_Static_assert(sizeof(cp_fedge) % sizeof(double) == 0, "edge records step by whole doubles");

static const char *const line_keys[] = { "item", "value_share", "substitutable", "transit_days",
                                         "suppliers", "source", "name", "note" };

static int line_obj(cursor *x, int32_t line)
{
	cp_fchunk *r = x->r;
	cp_fline *L;
	unsigned seen = 0;
	int empty, k;
	if (cp_grow((void **)&r->line, &r->m_line, r->n_line + 1, sizeof *r->line) < 0)
		return -1;
	L = &r->line[r->n_line++];
	memset(L, 0, sizeof *L);
	L->edge_first = (uint32_t)r->n_edge;
	if (open_or_empty(x, '{', '}', &empty) < 0 || empty)
		return -1;
	do {
		cp_fstr key, s;
		int f;
		double d;
		if (member_key(x, &key) < 0)
			return -1;
		f = key_index(&key, x->b, line_keys, 8);
		if (f < 0 || (seen & 1u << f))
			return -1;
		seen |= 1u << f;
		L = &r->line[x->line0 + (uint32_t)line];
		switch (f) {
		case 0: {
			uint32_t e;
			if (str_n(x, &s, x->lim->max_string) < 0)
				return -1;
			/* an item twice in one node is an error: the slow path says so */
			for (e = x->ev0; e < r->n_ev; e++)
				if (r->ev[e].type == CP_FEV_ITEM && r->ev[e].s.len == s.len &&
				    memcmp(x->b + r->ev[e].s.off, x->b + s.off, s.len) == 0)
					return -1;
			if (push_ev(x, CP_FEV_ITEM, line, &s) < 0)
				return -1;
			break;
		}
		case 1:
			if (num_in(x, 0, 0, 1, &L->value_share) < 0)
				return -1;
			L->value_share_set = 1;
			break;
		case 2:
			if (num_in(x, 0, 0, 1, &L->substitutable) < 0)
				return -1;
			break;
		case 3:
			if (num_in(x, 0, 0, CP_MAX_TRANSIT_DAYS, &d) < 0 || d != (double)(int32_t)d)
				return -1;
			L->transit_days = (int32_t)d;
			break;
		case 4:
			if (suppliers(x, line) < 0 || push_ev(x, CP_FEV_SUPPLIERS, line, NULL) < 0)
				return -1;
			break;
		case 5:
			if (str_n(x, &s, x->lim->max_string) < 0 || push_ev(x, CP_FEV_LSOURCE, line, &s) < 0)
				return -1;
			break;
		default:
			if (str(x, &s) < 0)
				return -1;
		}
	} while ((k = more(x, '}')) == 1);
	if (k < 0 || !(seen & 1u) || !(seen & 1u << 4))
		return -1;
	return 0;
}

static int inputs(cursor *x, cp_fnode *nd)
{
	int empty, k;
	int32_t line = 0;
	double sum = 0;
	if (open_or_empty(x, '[', ']', &empty) < 0)
		return -1;
	if (empty)
		return 0;
	do {
		if ((size_t)line >= x->lim->max_lines || line >= CP_FAST_MAX_LINES)
			return -1;
		if (line_obj(x, line) < 0)
			return -1;
		sum += x->r->line[x->line0 + (uint32_t)line].value_share;
		line++;
	} while ((k = more(x, ']')) == 1);
	if (k < 0 || sum > 1 + 1e-9)
		return -1;
	nd->n_lines = (uint32_t)line;
	return 0;
}

static int elements(cursor *x, cp_elemset *out)
{
	int empty, k;
	memset(out, 0, sizeof *out);
	if (open_or_empty(x, '[', ']', &empty) < 0)
		return -1;
	if (empty)
		return 0;
	do {
		cp_fstr s;
		char sym[3];
		int z;
		if (str(x, &s) < 0 || s.len < 1 || s.len > 2)
			return -1;
		memcpy(sym, x->b + s.off, s.len);
		sym[s.len] = '\0';
		if (!(z = cp_element_number(sym)))
			return -1;
		cp_elemset_add(out, z);
	} while ((k = more(x, ']')) == 1);
	return k < 0 ? -1 : 0;
}

static const char *const node_keys[] = {
	"id", "kind", "country", "tech_origin", "elements", "sector", "end_use", "output",
	"inventory_days", "production_t", "restock_rate", "source", "name", "note", "inputs"
};
static const char *const kind_names[] = { "element", "material", "magnet", "component", "product", "sector" };

/* One node in the plain form; -1 (records rolled back) when it is not. */
static int node_obj(cursor *x, cp_fnode *nd)
{
	unsigned seen = 0;
	int empty, k;
	memset(&nd->elements, 0, sizeof nd->elements);
	nd->output = nd->inventory_days = nd->production_t = nd->restock_rate = NAN;
	nd->kind = 0;
	nd->n_lines = 0;
	if (open_or_empty(x, '{', '}', &empty) < 0 || empty)
		return -1;
	do {
		cp_fstr key, s;
		int f;
		if (member_key(x, &key) < 0)
			return -1;
		f = key_index(&key, x->b, node_keys, 15);
		if (f < 0 || (seen & 1u << f))
			return -1;
		seen |= 1u << f;
		switch (f) {
		case 0:
			if (str_n(x, &s, CP_ID_MAX) < 0 || push_ev(x, CP_FEV_ID, -1, &s) < 0)
				return -1;
			break;
		case 1:
			if (str(x, &s) < 0 || (k = key_index(&s, x->b, kind_names, 6)) < 0)
				return -1;
			nd->kind = (uint8_t)k;
			break;
		case 2:
		case 3:
			if (str(x, &s) < 0 || country(x->b, &s) < 0 ||
			    push_ev(x, f == 2 ? CP_FEV_COUNTRY : CP_FEV_TECH, -1, &s) < 0)
				return -1;
			break;
		case 4:
			if (elements(x, &nd->elements) < 0)
				return -1;
			break;
		case 5:
		case 6:
		case 11:
			if (str_n(x, &s, x->lim->max_string) < 0 ||
			    push_ev(x, f == 5 ? CP_FEV_SECTOR : f == 6 ? CP_FEV_END_USE : CP_FEV_SOURCE, -1, &s) < 0)
				return -1;
			break;
		case 7:
			if (num_in(x, 0, 0, INFINITY, &nd->output) < 0)
				return -1;
			break;
		case 8:
			if (num_in(x, 0, 0, INFINITY, &nd->inventory_days) < 0)
				return -1;
			break;
		case 9:
			if (num_in(x, 0, 0, INFINITY, &nd->production_t) < 0)
				return -1;
			break;
		case 10:
			if (num_in(x, 0, 0, INFINITY, &nd->restock_rate) < 0)
				return -1;
			break;
		case 12:
			if (str(x, &s) < 0 || push_ev(x, CP_FEV_NAME, -1, &s) < 0)
				return -1;
			break;
		case 13:
			if (str(x, &s) < 0)
				return -1;
			break;
		default:
			if (inputs(x, nd) < 0)
				return -1;
		}
	} while ((k = more(x, '}')) == 1);
	if (k < 0 || (seen & 7u) != 7u)
		return -1;
	/* 'sector' on another kind draws a warning: the slow path gives it */
	if ((seen & 1u << 5) && nd->kind != CP_SECTOR)
		return -1;
	return 0;
}

/* ---- chunks ------------------------------------------------------------ */

static void free_records(cp_fchunk *r)
{
	cp_free(r->node);
	cp_free(r->line);
	cp_free(r->edge);
	cp_free(r->ev);
	memset(r, 0, sizeof *r);
}

/* Chunk c parses into a spare record set when there is one (under mu
 * when threads run). */
static void take_spare(cp_fast *f, chunk *c)
{
	if (!f->n_spare || c->r.m_node)
		return;
	c->r = f->spare[--f->n_spare];
}

/* Keep a released chunk's records for a later chunk, or free them. */
static void give_spare(cp_fast *f, cp_fchunk *r)
{
	if (f->n_spare == CP_FAST_SPARE || !r->m_node) {
		free_records(r);
		return;
	}
	r->n_node = r->n_line = r->n_edge = r->n_ev = 0;
	f->spare[f->n_spare++] = *r;
	memset(r, 0, sizeof *r);
}

/* Parse the elements of chunk c: fast records, or extents checked by the
 * loader's own scanner. */
static void parse_chunk(cp_fast *f, chunk *c)
{
	cursor x;
	cp_fchunk *r = &c->r;
	x.b = f->buf;
	x.n = f->len;
	x.p = c->beg;
	x.lim = f->lim;
	x.r = r;
	c->last_end = c->beg;
	c->end = END_STOP;
	for (;;) {
		cp_fnode *nd;
		size_t beg = x.p, ev0 = r->n_ev, line0 = r->n_line, edge0 = r->n_edge;
		if (cp_grow((void **)&r->node, &r->m_node, r->n_node + 1, sizeof *r->node) < 0)
			return;
		nd = &r->node[r->n_node];
		x.ev0 = (uint32_t)ev0;
		x.line0 = (uint32_t)line0;
		nd->beg = beg;
		nd->ev_first = (uint32_t)ev0;
		nd->line_first = (uint32_t)line0;
		if (node_obj(&x, nd) == 0) {
			nd->fast = 1;
			nd->n_ev = (uint32_t)(r->n_ev - ev0);
		} else {
			cp_jscan js;
			size_t vb, ve;
			r->n_ev = ev0;
			r->n_line = line0;
			r->n_edge = edge0;
			cp_jscan_init(&js, f->buf, f->len, f->lim->max_depth, f->lim->max_string, f->lim->max_fields);
			js.pos = beg;
			js.depth = f->depth;
			if (cp_jscan_value(&js, &vb, &ve) < 0 || vb != beg)
				return;
			nd->fast = 0;
			nd->n_ev = nd->n_lines = 0;
			x.p = ve;
		}
		nd->end = x.p;
		r->n_node++;
		c->last_end = x.p;
		if (eat(&x, ']')) {
			c->end = END_ARRAY;
			return;
		}
		if (!eat(&x, ','))
			return;
		ws(&x);
		if (x.p >= c->limit) {
			if (x.p == c->limit)
				c->end = END_BOUNDARY;
			return;
		}
		if (atomic_load(&f->stop))
			return;
	}
}

static int is_ws(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static int node_only_key(const char *b, size_t n, size_t p)
{
	static const char *const keys[] = { "id", "kind", "country", "tech_origin", "elements", "end_use",
	                                    "inventory_days", "production_t", "restock_rate", "inputs", "output" };
	size_t i, k;
	for (i = 0; i < sizeof keys / sizeof *keys; i++) {
		k = strlen(keys[i]);
		if (p + k + 1 < n && memcmp(b + p, keys[i], k) == 0 && b[p + k] == '"')
			return 1;
	}
	return 0;
}

/* The first '{' at or after p that looks like the start of a node: after a
 * ',' and opening with a member only nodes have.  n when there is none. */
static size_t guess_boundary(const char *b, size_t n, size_t p)
{
	for (; p < n; p++) {
		const char *q = memchr(b + p, '{', n - p);
		size_t i, j;
		if (!q)
			return n;
		p = (size_t)(q - b);
		for (i = p; i > 0 && is_ws(b[i - 1]); i--)
			;
		if (i == 0 || b[i - 1] != ',')
			continue;
		for (j = p + 1; j < n && is_ws(b[j]); j++)
			;
		if (j < n && b[j] == '"' && node_only_key(b, n, j + 1))
			return p;
	}
	return n;
}

static void *worker(void *arg)
{
	cp_fast *f = arg;
	pthread_mutex_lock(&f->mu);
	for (;;) {
		size_t i;
		while (!f->stop && f->next < f->n_c && f->next >= f->cur + f->window)
			pthread_cond_wait(&f->cv, &f->mu);
		if (f->stop || f->next >= f->n_c)
			break;
		i = f->next++;
		f->c[i].state = ST_TAKEN;
		take_spare(f, &f->c[i]);
		pthread_mutex_unlock(&f->mu);
		parse_chunk(f, &f->c[i]);
		pthread_mutex_lock(&f->mu);
		f->c[i].state = ST_DONE;
		pthread_cond_broadcast(&f->cv);
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

static size_t env_size(const char *name, size_t def)
{
	const char *e = getenv(name);
	char *end;
	unsigned long long v;
	if (!e || !*e)
		return def;
	v = strtoull(e, &end, 10);
	return *end || v == 0 ? def : (size_t)v;
}

cp_fast *cp_fast_start(const char *buf, size_t len, size_t pos, int depth, const cp_limits *lim)
{
	cp_fast *f;
	size_t chunk_bytes = env_size("CHOKEPOINT_LOAD_CHUNK", CP_FAST_CHUNK), p, m = 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t threads = env_size("CHOKEPOINT_LOAD_THREADS", cpus > 0 ? (size_t)cpus : 1);
	int i;

	/* a node has at most 15 fields the fast path takes, a line 8 */
	if (cp_fast_disabled() || depth + 4 > lim->max_depth || (lim->max_fields && lim->max_fields < 16))
		return NULL;
	while (pos < len && is_ws(buf[pos]))
		pos++;
	if (pos >= len || buf[pos] == ']')
		return NULL;
	if (!(f = cp_callocn(1, sizeof *f)))
		return NULL;
	f->buf = buf;
	f->len = len;
	f->depth = depth;
	f->lim = lim;
	f->resume = pos;
	cp_element_number("H");   /* its table, built before any thread reads it */
	for (p = pos; p < len;) {
		if (cp_grow((void **)&f->c, &m, f->n_c + 1, sizeof *f->c) < 0) {
			cp_free(f->c);
			cp_free(f);
			return NULL;
		}
		memset(&f->c[f->n_c], 0, sizeof *f->c);
		f->c[f->n_c].beg = p;
		f->c[f->n_c].limit = len;
		if (f->n_c)
			f->c[f->n_c - 1].limit = p;
		f->n_c++;
		if (len - p <= chunk_bytes)
			break;
		p = guess_boundary(buf, len, p + chunk_bytes);
	}
	if (threads > CP_FAST_MAX_THREADS)
		threads = CP_FAST_MAX_THREADS;
	f->window = 2 * threads;
	if (f->n_c > 1 && threads > 1) {
		pthread_mutex_init(&f->mu, NULL);
		pthread_cond_init(&f->cv, NULL);
		for (i = 0; i < (int)threads; i++) {
			if (pthread_create(&f->th[i], NULL, worker, f) != 0)
				break;
			f->n_th++;
		}
		if (!f->n_th) {
			pthread_mutex_destroy(&f->mu);
			pthread_cond_destroy(&f->cv);
		}
	}
	return f;
}

/* Wait for chunk i (or parse it here when no thread does). */
static void await(cp_fast *f, size_t i)
{
	chunk *c = &f->c[i];
	if (!f->n_th) {
		if (c->state != ST_DONE) {
			take_spare(f, c);
			parse_chunk(f, c);
			c->state = ST_DONE;
		}
		return;
	}
	pthread_mutex_lock(&f->mu);
	while (c->state != ST_DONE)
		pthread_cond_wait(&f->cv, &f->mu);
	pthread_mutex_unlock(&f->mu);
}

int cp_fast_next(cp_fast *f, const cp_fnode **node, const cp_fchunk **out)
{
	while (!f->done) {
		chunk *c = &f->c[f->cur];
		await(f, f->cur);
		if (f->idx < c->r.n_node) {
			*node = &c->r.node[f->idx++];
			*out = &c->r;
			f->any = 1;
			f->resume = (*node)->end;
			return 1;
		}
		if (c->end != END_BOUNDARY || f->cur + 1 >= f->n_c) {
			f->done = 1;
			break;
		}
		if (f->n_th)
			pthread_mutex_lock(&f->mu);
		f->cur++;
		f->idx = 0;
		if (f->n_th) {
			pthread_cond_broadcast(&f->cv);
			pthread_mutex_unlock(&f->mu);
		}
	}
	return 0;
}

size_t cp_fast_release(cp_fast *f)
{
	if (f->freed == f->cur)
		return f->c[f->cur].beg;
	if (f->n_th)
		pthread_mutex_lock(&f->mu);
	for (; f->freed < f->cur; f->freed++)
		give_spare(f, &f->c[f->freed].r);
	if (f->n_th)
		pthread_mutex_unlock(&f->mu);
	return f->c[f->cur].beg;
}

size_t cp_fast_resume(const cp_fast *f, int *any)
{
	*any = f->any;
	return f->resume;
}

void cp_fast_free(cp_fast *f)
{
	size_t i;
	int t;
	if (!f)
		return;
	if (f->n_th) {
		pthread_mutex_lock(&f->mu);
		f->stop = 1;
		pthread_cond_broadcast(&f->cv);
		pthread_mutex_unlock(&f->mu);
		for (t = 0; t < f->n_th; t++)
			pthread_join(f->th[t], NULL);
		pthread_mutex_destroy(&f->mu);
		pthread_cond_destroy(&f->cv);
	}
	for (i = 0; i < f->n_c; i++)
		free_records(&f->c[i].r);
	while (f->n_spare)
		free_records(&f->spare[--f->n_spare]);
	cp_free(f->c);
	cp_free(f);
}
