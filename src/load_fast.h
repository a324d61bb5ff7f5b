/* The graph loader's fast path: the elements of "nodes" read straight from
 * the text into compact records, without a cJSON tree, on every core.
 *
 * The array is cut into chunks at element boundaries.  A boundary is first
 * guessed (a '{' after a ',' whose first member is a field only a node has,
 * which valid JSON cannot hold inside a string) and then confirmed by the
 * chunk before it, whose parse must end exactly there; a guess that is not
 * confirmed ends the fast path, so a wrong guess costs speed, never results.
 * Worker threads parse chunks in any order; the loader takes the records in
 * file order.
 *
 * A node is accepted only in the plain form whose only possible messages
 * are a duplicate id and a supplier share sum warning (both given by the
 * loader, in file order): printable ASCII strings without escapes, numbers
 * for every value, known fields each given once, limits respected.  Any
 * other element is a record holding only its extent, which the loader
 * parses with cJSON as before, so every message stays the same.  Where a
 * chunk meets text that is not JSON the fast path stops and the loader's
 * own scanner reads on from there. */
#ifndef CP_LOAD_FAST_H
#define CP_LOAD_FAST_H
#include <stddef.h>
#include <stdint.h>

#include <chokepoint/chokepoint.h>

/* A string of the text: [off, off + len), never escaped; hash as cp_strtab's. */
typedef struct cp_fstr {
	size_t off;
	uint32_t len;
	uint32_t hash;
} cp_fstr;

/* String fields in the order they appear in the node (the loader interns
 * them in that order, as the cJSON path does). */
enum {
	CP_FEV_ID, CP_FEV_COUNTRY, CP_FEV_TECH, CP_FEV_SECTOR, CP_FEV_END_USE, CP_FEV_NAME,
	CP_FEV_SOURCE,        /* node's source */
	CP_FEV_ITEM,          /* line's item */
	CP_FEV_LSOURCE,       /* line's source */
	CP_FEV_SUPPLIERS      /* a line's suppliers end: the share sum check */
};

typedef struct cp_fevent {
	uint8_t type;
	int32_t line;         /* within the node; -1 for node fields */
	cp_fstr s;
} cp_fevent;

typedef struct cp_fline {
	double value_share, substitutable;
	double share_total;             /* what the shares summed to (normalised since) */
	int32_t transit_days;
	uint8_t value_share_set;
	uint32_t edge_first, n_edges;   /* into the chunk's edges */
} cp_fline;

typedef struct cp_fedge {
	cp_fstr supplier;
	double share;
} cp_fedge;

typedef struct cp_fnode {
	size_t beg, end;          /* the element's extent */
	uint8_t fast;             /* 0: parse [beg, end) the slow way */
	uint8_t kind;
	cp_elemset elements;
	double output, inventory_days, production_t, restock_rate;  /* NaN when absent */
	uint32_t ev_first, n_ev;      /* into the chunk's events */
	uint32_t line_first, n_lines; /* into the chunk's lines */
} cp_fnode;

typedef struct cp_fchunk {
	cp_fnode *node;
	cp_fline *line;
	cp_fedge *edge;
	cp_fevent *ev;
	size_t n_node, n_line, n_edge, n_ev;
	size_t m_node, m_line, m_edge, m_ev;
} cp_fchunk;

typedef struct cp_fast cp_fast;

/* Start reading the elements of the array whose '[' ends just before pos
 * (depth: containers open there, as in cp_jscan).  NULL when the fast path
 * does not apply (limits too tight, out of memory): the caller reads slowly.
 * chunk_bytes and threads of 0 pick defaults (CHOKEPOINT_LOAD_CHUNK and
 * CHOKEPOINT_LOAD_THREADS in the environment override them). */
cp_fast *cp_fast_start(const char *buf, size_t len, size_t pos, int depth, const cp_limits *lim);

/* The next element in file order: 1 with *node and *chunk (valid until the
 * next cp_fast_release), 0 when the fast path has no more. */
int cp_fast_next(cp_fast *f, const cp_fnode **node, const cp_fchunk **chunk);

/* Records of chunks before the last one returned are no longer needed, nor
 * (nothing pointing into them) is their text: the offset before which the
 * fast path reads no text again. */
size_t cp_fast_release(cp_fast *f);

/* After cp_fast_next returned 0: where the caller's scanner goes on (just
 * after the last element returned), and whether any element was returned. */
size_t cp_fast_resume(const cp_fast *f, int *any);

void cp_fast_free(cp_fast *f);

/* 1 when CHOKEPOINT_LOADER=slow asks for the cJSON path only. */
int cp_fast_disabled(void);

#endif
